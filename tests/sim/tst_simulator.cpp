// The simulator's own behaviour, seen from a plain HTTP client: timelines in virtual time,
// PATCH, listings, credential checks, routes, headers and statistics.

#include "common/Json.h"
#include "support/SimulatorFixture.h"

#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSet>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using namespace rw::test;

using Headers = QList<QPair<QByteArray, QByteArray>>;

namespace {

struct Answer
{
    int status = 0;
    QJsonObject body;
    QByteArray raw;
    QNetworkReply *reply = nullptr; // headers only; deleted later
    QByteArray header(const char *name) const { return reply->rawHeader(name); }
    QJsonObject result() const { return body.value(u"result").toObject(); }
    QJsonObject firstError() const { return body.value(u"errors").toArray().first().toObject(); }
};

enum class Auth {
    Token,
    Key,
    None,
};

} // namespace

class TestSimulator : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void cleanup();

    void playsTheTimelineInScaledTime();
    void answersNoWorkflowBeforeItStarts();
    void fillsInTheRegistrationOnSuccess();
    void patchStartsAnUpdateWorkflow();
    void patchValidatesItsInput_data();
    void patchValidatesItsInput();
    void listsRegistrations();
    void showsOneRegistration();
    void checksCredentials_data();
    void checksCredentials();
    void answersUnknownRoutesAndMethods();
    void sendsRateLimitHeadersOnEveryAnswer();
    void countsInStats();
    void keepsSandboxApart();
    void refusesCursorsOutOfRange();
    void takesStatusDomainsInAnyForm();
    void servesSeveralAccounts();
    void limitsEachCredentialOnItsOwn();
    void playsRegistrationStatusAndExpiry();
    void listsThousandsOfGeneratedRegistrations();
    void startsAnUpdateOnItsOwnDuringTheScenario();

private:
    Answer request(const QByteArray &verb, const QString &path, Auth auth = Auth::Token,
                   const QByteArray &body = {},
                   const QList<QPair<QByteArray, QByteArray>> &headers = {});
    Answer get(const QString &path, Auth auth = Auth::Token) { return request("GET", path, auth); }
    QString registrar(const QString &rest, bool sandbox = false) const
    {
        return u"/accounts/%1/%2%3"_s.arg(testAccountId,
                                          sandbox ? u"registrar-sandbox"_s : u"registrar"_s, rest);
    }

    QJsonObject stats();

    std::unique_ptr<SimulatorFixture> m_sim;
    QNetworkAccessManager m_network;
};

void TestSimulator::init()
{
    QJsonObject scenario = baseScenario();
    scenario.insert(u"time_scale"_s, 10.0);
    QJsonObject registration =
        workflowJson(u"new.example"_s, u"registration"_s,
                     {{0, u"pending"_s}, {20, u"in_progress"_s}, {60, u"succeeded"_s}});
    QJsonObject sandbox = workflowJson(u"sand.example"_s, u"update"_s, {{0, u"blocked"_s}});
    sandbox.insert(u"sandbox"_s, true);
    scenario.insert(
        u"workflows"_s,
        QJsonArray{
            registration, workflowJson(u"later.example"_s, u"update"_s, {{100, u"pending"_s}}),
            workflowJson(u"gone.example"_s, u"registration"_s,
                         {{-50, u"in_progress"_s}, {-40, u"failed"_s}}),
            workflowJson(u"moving.example"_s, u"transfer-in"_s, {{0, u"blocked"_s}}), sandbox});
    scenario.insert(u"registrations"_s, QJsonArray{QJsonObject{{u"domain"_s, u"zulu.example"_s}},
                                                   QJsonObject{{u"domain"_s, u"alpha.example"_s},
                                                               {u"auto_renew"_s, false}}});
    m_sim = std::make_unique<SimulatorFixture>(scenario);
    QVERIFY2(m_sim->isListening(), qPrintable(m_sim->error()));
}

void TestSimulator::cleanup()
{
    m_sim.reset();
}

Answer TestSimulator::request(const QByteArray &verb, const QString &path, Auth auth,
                              const QByteArray &body,
                              const QList<QPair<QByteArray, QByteArray>> &headers)
{
    QNetworkRequest request(QUrl(m_sim->baseUrl().toString() + path));
    if (auth == Auth::Token)
        request.setRawHeader("Authorization", "Bearer " + testToken.toLatin1());
    if (auth == Auth::Key) {
        request.setRawHeader("X-Auth-Email", testEmail.toLatin1());
        request.setRawHeader("X-Auth-Key", testKey.toLatin1());
    }
    for (const auto &[name, value] : headers)
        request.setRawHeader(name, value);
    if (!body.isEmpty())
        request.setRawHeader("Content-Type", "application/json");
    QNetworkReply *reply = m_network.sendCustomRequest(request, verb, body);
    reply->setParent(this);
    if (!QTest::qWaitFor([reply] { return reply->isFinished(); }, 10000))
        qFatal("no answer from the simulator");
    Answer answer;
    answer.reply = reply;
    answer.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    answer.raw = reply->readAll();
    answer.body = QJsonDocument::fromJson(answer.raw).object();
    return answer;
}

QJsonObject TestSimulator::stats()
{
    QNetworkReply *reply = m_network.get(
        QNetworkRequest(QUrl(u"http://127.0.0.1:%1/__sim/stats"_s.arg(m_sim->simulator().port()))));
    reply->setParent(this);
    if (!QTest::qWaitFor([reply] { return reply->isFinished(); }, 10000))
        qFatal("no answer from the simulator");
    return QJsonDocument::fromJson(reply->readAll()).object();
}

void TestSimulator::playsTheTimelineInScaledTime()
{
    const QString path = registrar(u"/registrations/new.example/registration-status"_s);
    const QDateTime start = m_sim->clock().now();
    Answer answer = get(path);
    QCOMPARE(answer.status, 200);
    QCOMPARE(answer.body.value(u"success").toBool(), true);
    QCOMPARE(answer.result().value(u"state").toString(), u"pending"_s);
    QCOMPARE(answer.result().value(u"completed").toBool(), false);

    m_sim->clock().advance(2s); // 20 scenario seconds at time_scale 10
    answer = get(path);
    QCOMPARE(answer.result().value(u"state").toString(), u"in_progress"_s);
    QCOMPARE(answer.result().value(u"created_at").toString(), rw::json::formatDateTime(start));
    QCOMPARE(answer.result().value(u"updated_at").toString(),
             rw::json::formatDateTime(start.addSecs(2)));
    const QJsonObject links = answer.result().value(u"links").toObject();
    QCOMPARE(links.value(u"self").toString(), path);
    QCOMPARE(links.value(u"resource").toString(), registrar(u"/registrations/new.example"_s));
    QCOMPARE(answer.result().value(u"context").toObject().value(u"domain_name").toString(),
             u"new.example"_s);
    QVERIFY(answer.result().value(u"error").isNull());

    m_sim->clock().advance(4s);
    answer = get(path);
    QCOMPARE(answer.result().value(u"state").toString(), u"succeeded"_s);
    QCOMPARE(answer.result().value(u"completed").toBool(), true);
}

void TestSimulator::answersNoWorkflowBeforeItStarts()
{
    const QString path = registrar(u"/registrations/later.example/update-status"_s);
    Answer answer = get(path);
    QCOMPARE(answer.status, 404);
    QCOMPARE(answer.body.value(u"success").toBool(), false);
    QVERIFY(answer.body.value(u"result").isNull());
    QCOMPARE(answer.firstError().value(u"code").toInt(), 10000);
    QCOMPARE(answer.firstError().value(u"message").toString(),
             u"No workflow found for later.example"_s);
    m_sim->clock().advance(10s);
    QCOMPARE(get(path).status, 200);
    QCOMPARE(get(registrar(u"/registrations/never.example/update-status"_s)).status, 404);
}

void TestSimulator::fillsInTheRegistrationOnSuccess()
{
    m_sim->clock().advance(6s);
    const Answer answer = get(registrar(u"/registrations/new.example/registration-status"_s));
    const QJsonObject registration =
        answer.result().value(u"context").toObject().value(u"registration").toObject();
    QCOMPARE(registration.value(u"domain_name").toString(), u"new.example"_s);
    QCOMPARE(registration.value(u"status").toString(), u"active"_s);
    QVERIFY(registration.value(u"expires_at").isString());
}

void TestSimulator::patchStartsAnUpdateWorkflow()
{
    const QString resource = registrar(u"/registrations/alpha.example"_s);
    QCOMPARE(get(resource).result().value(u"auto_renew").toBool(), false);
    Answer answer = request("PATCH", resource, Auth::Key, R"({"auto_renew": true})",
                            {{"Prefer", "respond-async"}});
    QCOMPARE(answer.status, 202);
    QCOMPARE(answer.header("Preference-Applied"), QByteArray("respond-async"));
    const QString self = answer.result().value(u"links").toObject().value(u"self").toString();
    QCOMPARE(self, resource + u"/update-status"_s);
    QCOMPARE(QString::fromLatin1(answer.header("Location")), self);
    QCOMPARE(answer.result().value(u"state").toString(), u"pending"_s);

    // The default update plays pending, in_progress (2 s), succeeded (8 s), in scenario seconds.
    m_sim->clock().advance(300ms);
    QCOMPARE(get(self).result().value(u"state").toString(), u"in_progress"_s);
    QCOMPARE(get(resource).result().value(u"auto_renew").toBool(), false);
    m_sim->clock().advance(600ms);
    QCOMPARE(get(self).result().value(u"state").toString(), u"succeeded"_s);
    QCOMPARE(get(resource).result().value(u"auto_renew").toBool(), true);

    // Without Prefer the server would wait; the update is not done at once, so still 202.
    answer = request("PATCH", resource, Auth::Token, R"({"auto_renew": false})");
    QCOMPARE(answer.status, 202);
    QVERIFY(answer.header("Preference-Applied").isEmpty());
    QCOMPARE(get(self).result().value(u"state").toString(), u"pending"_s); // a new workflow
    // Its requests are counted across both PATCHes.
    const QJsonArray workflows = m_sim->simulator().stats().value(u"workflows").toArray();
    const auto alpha = std::find_if(workflows.begin(), workflows.end(), [](const QJsonValue &w) {
        return w.toObject().value(u"domain") == u"alpha.example"_s;
    });
    QVERIFY(alpha != workflows.end());
    QCOMPARE(alpha->toObject().value(u"requests").toInt(), 3);
}

void TestSimulator::patchValidatesItsInput_data()
{
    QTest::addColumn<QString>("domain");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("message");
    QTest::addColumn<QString>("pointer");
    QTest::newRow("not a boolean") << u"alpha.example"_s << QByteArray(R"({"auto_renew": "yes"})")
                                   << 400 << u"Must be a boolean if present"_s << u"/auto_renew"_s;
    QTest::newRow("empty object") << u"alpha.example"_s << QByteArray("{}") << 400
                                  << u"At least one property is required"_s << QString();
    QTest::newRow("not JSON") << u"alpha.example"_s << QByteArray("auto_renew=1") << 400
                              << u"The request body must be a JSON object"_s << QString();
    QTest::newRow("unknown domain") << u"nobody.example"_s << QByteArray(R"({"auto_renew": true})")
                                    << 404 << u"Domain not found"_s << QString();
    QTest::newRow("invalid domain") << u"bad_name"_s << QByteArray(R"({"auto_renew": true})") << 400
                                    << u"Invalid domain name"_s << QString();
}

void TestSimulator::patchValidatesItsInput()
{
    QFETCH(QString, domain);
    QFETCH(QByteArray, body);
    QFETCH(int, status);
    QFETCH(QString, message);
    QFETCH(QString, pointer);
    const Answer answer =
        request("PATCH", registrar(u"/registrations/"_s + domain), Auth::Token, body);
    QCOMPARE(answer.status, status);
    QCOMPARE(answer.firstError().value(u"code").toInt(), 10000);
    QCOMPARE(answer.firstError().value(u"message").toString(), message);
    QCOMPARE(answer.firstError().value(u"source").toObject().value(u"pointer").toString(), pointer);
}

void TestSimulator::listsRegistrations()
{
    Answer answer = get(registrar(u"/registrations?sort_by=name&per_page=2"_s));
    QCOMPARE(answer.status, 200);
    QJsonArray page = answer.body.value(u"result").toArray();
    QCOMPARE(page.size(), 2);
    QCOMPARE(page.at(0).toObject().value(u"domain_name").toString(), u"alpha.example"_s);
    QCOMPARE(page.at(1).toObject().value(u"domain_name").toString(), u"moving.example"_s);
    const QJsonObject info = answer.body.value(u"result_info").toObject();
    QCOMPARE(info.value(u"count").toInt(), 2);
    QCOMPARE(info.value(u"per_page").toInt(), 2);
    const QString cursor = info.value(u"cursor").toString();
    QVERIFY(!cursor.isEmpty());

    QStringList all;
    QString next;
    do {
        answer = get(registrar(u"/registrations?sort_by=name&per_page=2&cursor="_s + next));
        QCOMPARE(answer.status, 200);
        const QJsonArray items = answer.body.value(u"result").toArray();
        for (const QJsonValue &item : items)
            all.append(item.toObject().value(u"domain_name").toString());
        next = answer.body.value(u"result_info").toObject().value(u"cursor").toString();
    } while (!next.isEmpty());
    // gone.example's registration failed; moving.example's transfer in is still pending.
    QCOMPARE(all, (QStringList{u"alpha.example"_s, u"moving.example"_s, u"new.example"_s,
                               u"zulu.example"_s}));

    answer = get(registrar(u"/registrations?sort_by=name&direction=desc"_s));
    QCOMPARE(
        answer.body.value(u"result").toArray().first().toObject().value(u"domain_name").toString(),
        u"zulu.example"_s);
    QCOMPARE(answer.body.value(u"result_info").toObject().value(u"per_page").toInt(), 20);

    const QJsonObject pending = [&] {
        const QJsonArray items =
            get(registrar(u"/registrations"_s)).body.value(u"result").toArray();
        for (const QJsonValue &item : items) {
            if (item.toObject().value(u"domain_name") == u"new.example"_s)
                return item.toObject();
        }
        return QJsonObject();
    }();
    QCOMPARE(pending.value(u"status").toString(), u"registration_pending"_s);
    QVERIFY(pending.value(u"expires_at").isNull());
    const Answer moving = get(registrar(u"/registrations/moving.example"_s));
    QCOMPARE(moving.result().value(u"status").toString(), u"transfer_pending"_s);

    QCOMPARE(get(registrar(u"/registrations?per_page=51"_s)).status, 400);
    QCOMPARE(get(registrar(u"/registrations?per_page=0"_s)).status, 400);
    QCOMPARE(get(registrar(u"/registrations?direction=up"_s)).status, 400);
    answer = get(registrar(u"/registrations?cursor=%25%25"_s));
    QCOMPARE(answer.status, 400);
    QCOMPARE(answer.firstError().value(u"message").toString(), u"Invalid pagination cursor"_s);
}

void TestSimulator::showsOneRegistration()
{
    Answer answer = get(registrar(u"/registrations/zulu.example"_s));
    QCOMPARE(answer.status, 200);
    QCOMPARE(answer.result().value(u"privacy_mode").toString(), u"redaction"_s);
    QCOMPARE(answer.result().value(u"locked").toBool(), true);
    answer = get(registrar(u"/registrations/nobody.example"_s));
    QCOMPARE(answer.status, 404);
    QCOMPARE(answer.firstError().value(u"message").toString(), u"Domain not found"_s);
    answer = get(registrar(u"/registrations/bad_name"_s));
    QCOMPARE(answer.status, 400);
    QCOMPARE(answer.firstError().value(u"message").toString(), u"Invalid domain name"_s);
}

void TestSimulator::checksCredentials_data()
{
    QTest::addColumn<Headers>("headers");
    QTest::addColumn<int>("status");
    QTest::addColumn<int>("code");
    QTest::newRow("none") << Headers{} << 401 << 9106;
    QTest::newRow("email only") << Headers{{"X-Auth-Email", "ops@example.com"}} << 401 << 9106;
    QTest::newRow("not bearer") << Headers{{"Authorization", "Basic dXNlcjpwdw=="}} << 401 << 6111;
    QTest::newRow("unknown token") << Headers{{"Authorization", "Bearer nope"}} << 401 << 1000;
    QTest::newRow("unknown key") << Headers{{"X-Auth-Email", "ops@example.com"},
                                            {"X-Auth-Key", "nope"}}
                                 << 403 << 9103;
    QTest::newRow("email in other case")
        << Headers{{"X-Auth-Email", "OPS@example.com"}, {"X-Auth-Key", "test-global-key"}} << 200
        << 0;
}

void TestSimulator::checksCredentials()
{
    QFETCH(Headers, headers);
    QFETCH(int, status);
    QFETCH(int, code);
    const Answer answer =
        request("GET", registrar(u"/registrations/moving.example/transfer-in-status"_s), Auth::None,
                {}, headers);
    QCOMPARE(answer.status, status);
    if (code) {
        QCOMPARE(answer.body.value(u"success").toBool(), false);
        QCOMPARE(answer.firstError().value(u"code").toInt(), code);
    }
}

void TestSimulator::answersUnknownRoutesAndMethods()
{
    Answer answer = get(u"/zones"_s);
    QCOMPARE(answer.status, 404);
    QCOMPARE(answer.firstError().value(u"code").toInt(), 7003);
    answer = get(u"/accounts/%1/registrar-beta/registrations"_s.arg(testAccountId));
    QCOMPARE(answer.status, 404);
    answer = get(registrar(u"/registrations/new.example/renewal-status"_s));
    QCOMPARE(answer.status, 404);
    QCOMPARE(answer.firstError().value(u"code").toInt(), 7003);
    answer = request("DELETE", registrar(u"/registrations/alpha.example"_s));
    QCOMPARE(answer.status, 405);
    answer = request("PATCH", registrar(u"/registrations/new.example/registration-status"_s),
                     Auth::Token, "{}");
    QCOMPARE(answer.status, 405);
}

void TestSimulator::sendsRateLimitHeadersOnEveryAnswer()
{
    const QList<Answer> answers = {
        get(registrar(u"/registrations/new.example/registration-status"_s)), get(u"/nowhere"_s),
        get(registrar(u"/registrations"_s), Auth::None)};
    // The limit is per credential: the request without one has a window of its own.
    const QList<int> left{1199, 1198, 1199};
    for (qsizetype i = 0; i < answers.size(); ++i) {
        const Answer &answer = answers.at(i);
        QCOMPARE(answer.header("Ratelimit-Policy"), QByteArray(R"("burst";q=1200;w=300)"));
        const QByteArray limit = answer.header("Ratelimit");
        QVERIFY2(limit.startsWith(
                     QByteArray(R"("default";r=)" + QByteArray::number(left.at(i)) + ";t=")),
                 limit.constData());
        QCOMPARE(answer.header("Content-Type"), QByteArray("application/json"));
    }
}

void TestSimulator::countsInStats()
{
    for (int i = 0; i < 3; ++i)
        (void)get(registrar(u"/registrations/new.example/registration-status"_s));
    (void)get(registrar(u"/registrations/moving.example/transfer-in-status"_s), Auth::Key);
    (void)get(registrar(u"/registrations"_s));
    (void)get(u"/user/tokens/verify"_s);
    const QJsonObject stats = this->stats();
    QCOMPARE(stats.value(u"requests_total").toInt(), 6);
    QCOMPARE(stats.value(u"max_requests_in_window").toInt(), 5); // the token's; the key sent 1
    QCOMPARE(stats.value(u"rate_limited_responses").toInt(), 0);
    QCOMPARE(stats.value(u"by_endpoint").toObject().value(u"workflow_status").toInt(), 4);
    QCOMPARE(stats.value(u"by_endpoint").toObject().value(u"token_verify").toInt(), 1);
    const QJsonArray workflows = stats.value(u"workflows").toArray();
    QCOMPARE(workflows.at(0).toObject().value(u"domain").toString(), u"new.example"_s);
    QCOMPARE(workflows.at(0).toObject().value(u"kind").toString(), u"registration"_s);
    QCOMPARE(workflows.at(0).toObject().value(u"requests").toInt(), 3);
    QCOMPARE(workflows.at(0).toObject().value(u"state").toString(), u"pending"_s);
    QCOMPARE(workflows.at(3).toObject().value(u"requests").toInt(), 1);
    QVERIFY(workflows.at(1).toObject().value(u"state").isNull()); // not started yet
}

void TestSimulator::keepsSandboxApart()
{
    QCOMPARE(get(registrar(u"/registrations/sand.example/update-status"_s)).status, 404);
    const Answer answer = get(registrar(u"/registrations/sand.example/update-status"_s, true));
    QCOMPARE(answer.status, 200);
    QCOMPARE(answer.result().value(u"links").toObject().value(u"self").toString(),
             registrar(u"/registrations/sand.example/update-status"_s, true));
    QCOMPARE(get(registrar(u"/registrations/new.example/registration-status"_s, true)).status, 404);
}

void TestSimulator::refusesCursorsOutOfRange()
{
    for (const QByteArray &state :
         {QByteArray(R"({"o":1e300})"), QByteArray(R"({"o":99999999999999999999})"),
          QByteArray(R"({"o":-1})"), QByteArray(R"({"o":1.5})"), QByteArray(R"({"x":1})")}) {
        const QString cursor = QString::fromLatin1(
            state.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
        const Answer answer = get(registrar(u"/registrations?cursor="_s + cursor));
        QVERIFY2(answer.status == 400, state.constData());
        QCOMPARE(answer.firstError().value(u"message").toString(), u"Invalid pagination cursor"_s);
    }
}

void TestSimulator::takesStatusDomainsInAnyForm()
{
    QJsonObject scenario = baseScenario();
    scenario.insert(u"workflows"_s, QJsonArray{workflowJson(u"bücher.example"_s, u"update"_s,
                                                            {{0, u"pending"_s}})});
    SimulatorFixture sim(scenario);
    QVERIFY(sim.isListening());
    for (const QString &form : {u"xn--bcher-kva.example"_s, u"B%C3%BCcher.example"_s}) {
        QNetworkRequest request(QUrl(sim.baseUrl().toString() +
                                     registrar(u"/registrations/%1/update-status"_s.arg(form))));
        request.setRawHeader("Authorization", "Bearer " + testToken.toLatin1());
        QNetworkReply *reply = m_network.get(request);
        reply->setParent(this);
        QVERIFY(QTest::qWaitFor([reply] { return reply->isFinished(); }, 10000));
        QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
    }
    // Every request is counted against its workflow, refused and unknown ones included.
    QNetworkRequest unknown(QUrl(sim.baseUrl().toString() +
                                 registrar(u"/registrations/nobody.example/update-status"_s)));
    QNetworkReply *reply = m_network.get(unknown); // no credentials: 401, still counted
    reply->setParent(this);
    QVERIFY(QTest::qWaitFor([reply] { return reply->isFinished(); }, 10000));
    const QJsonArray workflows = sim.simulator().stats().value(u"workflows").toArray();
    QCOMPARE(workflows.size(), 2);
    QCOMPARE(workflows.at(0).toObject().value(u"requests").toInt(), 2);
    QCOMPARE(workflows.at(1).toObject().value(u"domain").toString(), u"nobody.example"_s);
    QCOMPARE(workflows.at(1).toObject().value(u"requests").toInt(), 1);
    QCOMPARE(workflows.at(1).toObject().value(u"in_scenario").toBool(true), false);
}

namespace {
const QString secondAccount = u"5ec0ndacc0un7"_s;
} // namespace

// One token reaching two accounts, each with its own workflows and registrations; a token
// limited to one account is refused on the other.
void TestSimulator::servesSeveralAccounts()
{
    QJsonObject scenario = baseScenario();
    scenario.insert(u"other_accounts"_s, QJsonArray{secondAccount});
    QJsonArray tokens = scenario.value(u"tokens").toArray();
    tokens.append(
        QJsonObject{{u"token"_s, u"second-only"_s}, {u"accounts"_s, QJsonArray{secondAccount}}});
    scenario.insert(u"tokens"_s, tokens);
    QJsonObject elsewhere = workflowJson(u"shared.example"_s, u"update"_s, {{0, u"blocked"_s}});
    elsewhere.insert(u"account"_s, secondAccount);
    scenario.insert(
        u"workflows"_s,
        QJsonArray{workflowJson(u"shared.example"_s, u"update"_s, {{0, u"pending"_s}}), elsewhere});
    scenario.insert(u"registrations"_s, QJsonArray{QJsonObject{{u"domain"_s, u"second.example"_s},
                                                               {u"account"_s, secondAccount}}});
    m_sim = std::make_unique<SimulatorFixture>(scenario);
    QVERIFY2(m_sim->isListening(), qPrintable(m_sim->error()));
    const auto inSecond = [](const QString &rest) -> QString {
        return u"/accounts/%1/registrar%2"_s.arg(secondAccount, rest);
    };
    const QString status = u"/registrations/shared.example/update-status"_s;

    QCOMPARE(get(registrar(status)).result().value(u"state").toString(), u"pending"_s);
    const Answer second = get(inSecond(status));
    QCOMPARE(second.result().value(u"state").toString(), u"blocked"_s);
    QCOMPARE(second.result().value(u"links").toObject().value(u"self").toString(),
             inSecond(status));

    const auto names = [&](const QString &path) {
        QStringList domains;
        const QJsonArray items = get(path).body.value(u"result").toArray();
        for (const QJsonValue &item : items)
            domains.append(item.toObject().value(u"domain_name").toString());
        domains.sort();
        return domains;
    };
    QCOMPARE(names(registrar(u"/registrations"_s)), QStringList{u"shared.example"_s});
    QCOMPARE(names(inSecond(u"/registrations"_s)),
             (QStringList{u"second.example"_s, u"shared.example"_s}));
    QCOMPARE(get(registrar(u"/registrations/second.example"_s)).status, 404);
    QCOMPARE(get(inSecond(u"/registrations/second.example"_s)).status, 200);

    const Headers secondOnly{{"Authorization", "Bearer second-only"}};
    QCOMPARE(request("GET", inSecond(status), Auth::None, {}, secondOnly).status, 200);
    const Answer refused = request("GET", registrar(status), Auth::None, {}, secondOnly);
    QCOMPARE(refused.status, 403);
    QCOMPARE(refused.firstError().value(u"code").toInt(), 9109);
    QCOMPARE(get(u"/accounts/n0b0dy/registrar/registrations"_s).firstError().value(u"code").toInt(),
             9109);
}

// Cloudflare limits each user: two accounts reached with one token share its limit, and
// another credential has a limit of its own.
void TestSimulator::limitsEachCredentialOnItsOwn()
{
    QJsonObject scenario = baseScenario();
    scenario.insert(u"other_accounts"_s, QJsonArray{secondAccount});
    scenario.insert(u"rate_limit"_s,
                    QJsonObject{{u"requests"_s, 3}, {u"window_s"_s, 60}, {u"block_s"_s, 60}});
    m_sim = std::make_unique<SimulatorFixture>(scenario);
    QVERIFY2(m_sim->isListening(), qPrintable(m_sim->error()));
    const QString second = u"/accounts/%1/registrar/registrations"_s.arg(secondAccount);

    QCOMPARE(get(registrar(u"/registrations"_s)).status, 200);
    QCOMPARE(get(second).status, 200);
    QCOMPARE(get(registrar(u"/registrations"_s)).status, 200);
    QCOMPARE(get(second).status, 429); // the fourth with this token, whichever account
    QCOMPARE(get(registrar(u"/registrations"_s), Auth::Key).status, 200);

    const QJsonObject counted = stats();
    QCOMPARE(counted.value(u"rate_limited_responses").toInt(), 1);
    QCOMPARE(counted.value(u"max_requests_in_window").toInt(), 4);
    const QJsonArray byCredential = counted.value(u"by_credential").toArray();
    QCOMPARE(byCredential.size(), 2);
    QList<int> requests;
    for (const QJsonValue &entry : byCredential)
        requests.append(entry.toObject().value(u"requests").toInt());
    std::sort(requests.begin(), requests.end());
    QCOMPARE(requests, (QList<int>{1, 4}));
    const QByteArray text = QJsonDocument(counted).toJson();
    QVERIFY(!text.contains(testToken.toLatin1()));
    QVERIFY(!text.contains(testKey.toLatin1()));

    m_sim->clock().advance(61s);
    QCOMPARE(get(second).status, 200);
}

// A registration whose status changes on the timeline, and one that expires soon.
void TestSimulator::playsRegistrationStatusAndExpiry()
{
    QJsonObject scenario = baseScenario();
    const QJsonArray steps{QJsonObject{{u"at_s"_s, 60}, {u"status"_s, u"expired"_s}},
                           QJsonObject{{u"at_s"_s, 120}, {u"status"_s, u"redemption_period"_s}}};
    scenario.insert(u"registrations"_s, QJsonArray{QJsonObject{{u"domain"_s, u"lapsing.example"_s},
                                                               {u"auto_renew"_s, false},
                                                               {u"expires_in_days"_s, 0.5},
                                                               {u"steps"_s, steps}}});
    m_sim = std::make_unique<SimulatorFixture>(scenario);
    QVERIFY2(m_sim->isListening(), qPrintable(m_sim->error()));
    const QDateTime start = m_sim->clock().now();
    const QString path = registrar(u"/registrations/lapsing.example"_s);

    Answer answer = get(path);
    QCOMPARE(answer.result().value(u"status").toString(), u"active"_s);
    QCOMPARE(answer.result().value(u"expires_at").toString(),
             rw::json::formatDateTime(start.addSecs(12 * 3600)));
    QCOMPARE(answer.result().value(u"auto_renew").toBool(), false);
    m_sim->clock().advance(60s);
    QCOMPARE(get(path).result().value(u"status").toString(), u"expired"_s);
    m_sim->clock().advance(60s);
    answer = get(registrar(u"/registrations"_s));
    QCOMPARE(answer.body.value(u"result").toArray().first().toObject().value(u"status").toString(),
             u"redemption_period"_s);
}

void TestSimulator::listsThousandsOfGeneratedRegistrations()
{
    QJsonObject scenario = baseScenario();
    scenario.insert(u"generate_registrations"_s,
                    QJsonArray{QJsonObject{{u"count"_s, 5000},
                                           {u"domain"_s, u"shop{n}.example"_s},
                                           {u"expiring_without_auto_renew"_s, 20},
                                           {u"statuses"_s, QJsonObject{{u"expired"_s, 3}}}}});
    m_sim = std::make_unique<SimulatorFixture>(scenario);
    QVERIFY2(m_sim->isListening(), qPrintable(m_sim->error()));
    const QDateTime now = m_sim->clock().now();
    QSet<QString> domains;
    int expiringSoon = 0;
    int expired = 0;
    QString cursor;
    int pages = 0;
    do {
        const Answer answer = get(registrar(u"/registrations?per_page=50&cursor="_s + cursor));
        QCOMPARE(answer.status, 200);
        const QJsonArray items = answer.body.value(u"result").toArray();
        for (const QJsonValue &item : items) {
            const QJsonObject registration = item.toObject();
            domains.insert(registration.value(u"domain_name").toString());
            const QDateTime expires =
                QDateTime::fromString(registration.value(u"expires_at").toString(), Qt::ISODate);
            if (!registration.value(u"auto_renew").toBool() && now.daysTo(expires) < 30)
                ++expiringSoon;
            if (registration.value(u"status").toString() == u"expired")
                ++expired;
        }
        cursor = answer.body.value(u"result_info").toObject().value(u"cursor").toString();
        ++pages;
    } while (!cursor.isEmpty());
    QCOMPARE(pages, 100);
    QCOMPARE(domains.size(), 5000);
    QVERIFY(domains.contains(u"shop1.example"_s) && domains.contains(u"shop5000.example"_s));
    QCOMPARE(expiringSoon, 20);
    QCOMPARE(expired, 3);
    QCOMPARE(get(registrar(u"/registrations/shop4321.example"_s)).result().value(u"status"),
             u"active"_s);
}

void TestSimulator::startsAnUpdateOnItsOwnDuringTheScenario()
{
    // An update started in the dashboard 30 s into the scenario, on a domain registered from
    // the start: listed all along, its update-status says "No workflow found" until then.
    QJsonObject scenario = baseScenario();
    scenario.insert(u"registrations"_s,
                    QJsonArray{QJsonObject{{u"domain"_s, u"elsewhere.example"_s}}});
    scenario.insert(u"workflows"_s,
                    QJsonArray{workflowJson(
                        u"elsewhere.example"_s, u"update"_s,
                        {{30, u"pending"_s}, {40, u"in_progress"_s}, {90, u"succeeded"_s}})});
    m_sim = std::make_unique<SimulatorFixture>(scenario);
    QVERIFY2(m_sim->isListening(), qPrintable(m_sim->error()));
    const QDateTime start = m_sim->clock().now();
    const QString path = registrar(u"/registrations/elsewhere.example/update-status"_s);
    const Answer listed = get(registrar(u"/registrations"_s));
    QCOMPARE(listed.body.value(u"result").toArray().size(), 1);
    QCOMPARE(listed.body.value(u"result").toArray().first().toObject().value(u"status"),
             u"active"_s);
    QCOMPARE(get(path).status, 404);
    m_sim->clock().advance(29s);
    QCOMPARE(get(path).firstError().value(u"message").toString(),
             u"No workflow found for elsewhere.example"_s);
    m_sim->clock().advance(1s);
    Answer answer = get(path);
    QCOMPARE(answer.status, 200);
    QCOMPARE(answer.result().value(u"state").toString(), u"pending"_s);
    QCOMPARE(answer.result().value(u"created_at").toString(),
             rw::json::formatDateTime(start.addSecs(30)));
    m_sim->clock().advance(10s);
    QCOMPARE(get(path).result().value(u"state").toString(), u"in_progress"_s);
    m_sim->clock().advance(50s);
    answer = get(path);
    QCOMPARE(answer.result().value(u"state").toString(), u"succeeded"_s);
    QCOMPARE(answer.result().value(u"completed").toBool(), true);
}

QTEST_GUILESS_MAIN(TestSimulator)
#include "tst_simulator.moc"
