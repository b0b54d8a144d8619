// The client against the registrar simulator over real loopback HTTP: authentication, every
// error kind, headers, and the rule that credentials go to the configured origin only.

#include "net/RegistrarClient.h"
#include "net/RegistrationLister.h"
#include "support/CannedHttpServer.h"
#include "support/ConnectionCounter.h"
#include "support/SimulatorFixture.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using namespace rw;
using namespace rw::test;

namespace {

// Waits for a call and copies its result in the finished() slot (the call deletes itself).
template<typename T>
ApiResult<T> await(ApiCall<T> *call)
{
    std::optional<ApiResult<T>> result;
    QObject::connect(call, &ApiJob::finished, call, [&] { result = call->result(); });
    if (!QTest::qWaitFor([&] { return result.has_value(); }, 20000))
        qFatal("the call did not finish");
    return *result;
}

QJsonObject clientScenario()
{
    QJsonObject scenario = baseScenario();
    QJsonArray tokens = scenario.value(u"tokens").toArray();
    tokens.append(QJsonObject{{u"token"_s, u"no-registrar"_s}, {u"registrar"_s, false}});
    tokens.append(
        QJsonObject{{u"token"_s, u"old-token"_s}, {u"expires_on"_s, u"2020-01-01T00:00:00Z"_s}});
    scenario.insert(u"tokens"_s, tokens);
    QJsonObject faulty = workflowJson(u"faulty.example"_s, u"update"_s, {{0, u"in_progress"_s}});
    faulty.insert(
        u"faults"_s,
        QJsonArray{QJsonObject{{u"on_request"_s, 1}, {u"status"_s, 503}},
                   QJsonObject{{u"on_request"_s, 2}, {u"status"_s, 429}, {u"retry_after_s"_s, 7}},
                   QJsonObject{{u"on_request"_s, 3}, {u"status"_s, 429}},
                   QJsonObject{{u"on_request"_s, 4}, {u"body"_s, u"<html>oops</html>"_s}},
                   QJsonObject{{u"on_request"_s, 5},
                               {u"body"_s, u"{\"success\": true, \"errors\": [], \"re"_s}},
                   QJsonObject{{u"on_request"_s, 6},
                               {u"body"_s, QString(QString(2 * 1024 * 1024, u' ') + u"{}"_s)}},
                   QJsonObject{{u"on_request"_s, 7},
                               {u"body"_s, QString::fromUtf8(R"({"success": true, "errors": [],
                                                        "messages": [], "result": [1]})")}},
                   QJsonObject{{u"on_request"_s, 8}, {u"delay_ms"_s, 3000}}});
    QJsonObject failed = workflowJson(u"failed.example"_s, u"registration"_s,
                                      {{-60, u"in_progress"_s}, {-10, u"failed"_s}});
    QJsonArray failedSteps = failed.value(u"steps").toArray();
    QJsonObject last = failedSteps.last().toObject();
    last.insert(u"error"_s, QJsonObject{{u"code"_s, u"registry_rejected"_s},
                                        {u"message"_s, u"Rejected by the registry."_s}});
    failedSteps.replace(1, last);
    failed.insert(u"steps"_s, failedSteps);
    scenario.insert(
        u"workflows"_s,
        QJsonArray{workflowJson(u"example.com"_s, u"update"_s,
                                {{0, u"pending"_s}, {10, u"in_progress"_s}}),
                   workflowJson(u"bücher.example"_s, u"transfer-in"_s, {{0, u"blocked"_s}}),
                   workflowJson(u"odd.example"_s, u"update"_s, {{0, u"queued_for_review"_s}}),
                   workflowJson(u"sandboxed.example"_s, u"registration"_s, {{0, u"pending"_s}}),
                   faulty, failed});
    QJsonArray registrations;
    for (int i = 0; i < 5; ++i)
        registrations.append(QJsonObject{{u"domain"_s, u"listed-%1.example"_s.arg(i)}});
    scenario.insert(u"registrations"_s, registrations);
    return scenario;
}

} // namespace

class TestRegistrarClient : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void cleanup();

    void fetchesWithApiToken();
    void fetchesWithGlobalApiKey();
    void readsFailedWorkflowError();
    void keepsUnknownState();
    void sandboxUsesItsOwnPaths();
    void rejectsWrongCredentials_data();
    void rejectsWrongCredentials();
    void reportsNoWorkflowAndNotFound();
    void reportsEveryFault();
    void reportsTimeout();
    void reportsNetworkAndTlsFailures();
    void enforcesTheRealRateLimit();
    void refusesLinksToOtherOrigins_data();
    void refusesLinksToOtherOrigins();
    void followsSameOriginRedirectsOnly();
    void readsBodyWithoutContentLengthUpToTheLimit();
    void survivesARedirectLoop();
    void boundsTheWholeExchange();
    void keepsTheStatusOfAnOversizedError();
    void keepsTheErrorsOfAFailedSuccess();
    void sendsTheExpectedHeaders();
    void refusesToSendWithoutCredentials();
    void verifiesTokens();
    void listsRegistrationsAcrossPages();
    void cancelStopsQuietly();

private:
    ClientConfig config(Credentials credentials = Credentials::apiToken(testToken)) const;
    WorkflowRef ref(const QString &domain, WorkflowKind kind = WorkflowKind::Update,
                    bool sandbox = false) const;

    std::unique_ptr<SimulatorFixture> m_sim;
    std::unique_ptr<QNetworkAccessManager> m_network;
    std::unique_ptr<RegistrarClient> m_client;
};

ClientConfig TestRegistrarClient::config(Credentials credentials) const
{
    ClientConfig config;
    config.base = ApiBase::fromUrl(m_sim->baseUrl()).value();
    config.credentials = std::move(credentials);
    config.timeout = 10s;
    return config;
}

WorkflowRef TestRegistrarClient::ref(const QString &domain, WorkflowKind kind, bool sandbox) const
{
    return {{testAccountId, sandbox}, domain, kind};
}

void TestRegistrarClient::init()
{
    m_sim = std::make_unique<SimulatorFixture>(clientScenario());
    QVERIFY2(m_sim->isListening(), qPrintable(m_sim->error()));
    m_network = std::make_unique<QNetworkAccessManager>();
    m_client = std::make_unique<RegistrarClient>(m_network.get(), config());
}

void TestRegistrarClient::cleanup()
{
    m_client.reset();
    m_network.reset();
    m_sim.reset();
}

void TestRegistrarClient::fetchesWithApiToken()
{
    const auto result = await(m_client->fetchStatus(ref(u"example.com"_s)));
    QVERIFY2(result.ok(), qPrintable(result.ok() ? QString() : result.error->message));
    QCOMPARE(result.value->state, WorkflowState::Pending);
    QCOMPARE(result.value->domainName, u"example.com"_s);
    QCOMPARE(
        result.value->selfLink,
        u"/accounts/%1/registrar/registrations/example.com/update-status"_s.arg(testAccountId));
    QCOMPARE(result.response.httpStatus, 200);
    QVERIFY(result.response.body.contains("\"pending\""));
    // The answer is kept per workflow: it must not hold on to a read buffer's spare capacity.
    QVERIFY2(result.response.body.capacity() < 16 * 1024,
             qPrintable(QString::number(result.response.body.capacity())));
    // Rate-limit headers are read on every answer.
    QCOMPARE(result.response.rateLimit.limit, 1200);
    QCOMPARE(result.response.rateLimit.window, 300s);
    QCOMPARE(result.response.rateLimit.remaining, 1199);

    m_sim->clock().advance(11s); // the scenario moves on; the next fetch sees it
    const auto later = await(m_client->fetchStatus(ref(u"example.com"_s)));
    QVERIFY(later.ok());
    QCOMPARE(later.value->state, WorkflowState::InProgress);
    QCOMPARE(later.value->createdAt, m_sim->clock().now().addSecs(-11));
    QCOMPARE(later.value->updatedAt, m_sim->clock().now().addSecs(-1));
    // And the workflow's own link can be polled directly.
    const auto viaLink = await(m_client->fetchStatusLink(later.value->selfLink));
    QVERIFY(viaLink.ok());
    QCOMPARE(viaLink.value->state, WorkflowState::InProgress);
}

void TestRegistrarClient::fetchesWithGlobalApiKey()
{
    m_client->setConfig(config(Credentials::globalApiKey(testEmail, testKey)));
    const auto result =
        await(m_client->fetchStatus(ref(u"xn--bcher-kva.example"_s, WorkflowKind::TransferIn)));
    QVERIFY2(result.ok(), qPrintable(result.ok() ? QString() : result.error->message));
    QCOMPARE(result.value->state, WorkflowState::Blocked);
    QCOMPARE(result.value->domainName, u"xn--bcher-kva.example"_s);
}

void TestRegistrarClient::readsFailedWorkflowError()
{
    const auto result =
        await(m_client->fetchStatus(ref(u"failed.example"_s, WorkflowKind::Registration)));
    QVERIFY(result.ok());
    QCOMPARE(result.value->state, WorkflowState::Failed);
    QVERIFY(result.value->completed);
    QVERIFY(result.value->error.has_value());
    QCOMPARE(result.value->error->code, u"registry_rejected"_s);
    QCOMPARE(result.value->error->message, u"Rejected by the registry."_s);
}

void TestRegistrarClient::keepsUnknownState()
{
    const auto result = await(m_client->fetchStatus(ref(u"odd.example"_s)));
    QVERIFY(result.ok());
    QCOMPARE(result.value->state, WorkflowState::Unknown);
    QCOMPARE(result.value->stateText, u"queued_for_review"_s);
}

void TestRegistrarClient::sandboxUsesItsOwnPaths()
{
    // The live account has no such workflow; the sandbox twin paths do not see live ones.
    const auto live =
        await(m_client->fetchStatus(ref(u"sandboxed.example"_s, WorkflowKind::Registration, true)));
    QVERIFY(!live.ok());
    QCOMPARE(live.error->kind, ApiErrorKind::NoWorkflow);
    QVERIFY(live.response.url.path().contains(u"/registrar-sandbox/registrations/"_s));
}

void TestRegistrarClient::rejectsWrongCredentials_data()
{
    QTest::addColumn<Credentials>("credentials");
    QTest::addColumn<QString>("account");
    QTest::addColumn<ApiErrorKind>("kind");
    QTest::addColumn<int>("status");
    QTest::addColumn<int>("code");
    QTest::newRow("unknown token") << Credentials::apiToken(u"wrong-token"_s) << testAccountId
                                   << ApiErrorKind::Unauthorized << 401 << 1000;
    QTest::newRow("expired token") << Credentials::apiToken(u"old-token"_s) << testAccountId
                                   << ApiErrorKind::Unauthorized << 401 << 1000;
    QTest::newRow("wrong key") << Credentials::globalApiKey(testEmail, u"wrong-key"_s)
                               << testAccountId << ApiErrorKind::Forbidden << 403 << 9103;
    QTest::newRow("token without registrar permission")
        << Credentials::apiToken(u"no-registrar"_s) << testAccountId << ApiErrorKind::Forbidden
        << 403 << 10000;
    QTest::newRow("another account")
        << Credentials::apiToken(testToken) << u"0000000000000000000000000000beef"_s
        << ApiErrorKind::Forbidden << 403 << 9109;
}

void TestRegistrarClient::rejectsWrongCredentials()
{
    QFETCH(Credentials, credentials);
    QFETCH(QString, account);
    QFETCH(ApiErrorKind, kind);
    QFETCH(int, status);
    QFETCH(int, code);
    m_client->setConfig(config(credentials));
    const auto result =
        await(m_client->fetchStatus({{account, false}, u"example.com"_s, WorkflowKind::Update}));
    QVERIFY(!result.ok());
    QCOMPARE(result.error->kind, kind);
    QCOMPARE(result.error->httpStatus, status);
    QCOMPARE(result.error->apiErrors.size(), 1);
    QCOMPARE(result.error->apiErrors.first().code, code);
    QVERIFY(result.error->isCredentialProblem());
    // The secret is never part of what we say.
    QVERIFY(!result.error->message.contains(credentials.token()));
}

void TestRegistrarClient::reportsNoWorkflowAndNotFound()
{
    const auto none = await(m_client->fetchStatus(ref(u"unknown.example"_s)));
    QVERIFY(!none.ok());
    QCOMPARE(none.error->kind, ApiErrorKind::NoWorkflow);
    QCOMPARE(none.error->httpStatus, 404);
    QCOMPARE(none.error->apiErrors.first().message, u"No workflow found for unknown.example"_s);
    QVERIFY2(none.error->message.contains(u"update workflow for unknown.example"_s),
             qPrintable(none.error->message));

    const auto route = await(
        m_client->fetchStatusLink(u"/accounts/%1/registrar/nothing-here"_s.arg(testAccountId)));
    QVERIFY(!route.ok());
    QCOMPARE(route.error->kind, ApiErrorKind::NotFound);
    QCOMPARE(route.error->apiErrors.first().code, 7003);
}

void TestRegistrarClient::reportsEveryFault()
{
    const WorkflowRef faulty = ref(u"faulty.example"_s);
    struct Expectation
    {
        ApiErrorKind kind;
        int status;
        QString says;
    };
    const QList<Expectation> expected = {
        {ApiErrorKind::Server, 503, u"server error"_s},
        {ApiErrorKind::RateLimited, 429, u"for 7s"_s},
        {ApiErrorKind::RateLimited, 429, u"for 5m"_s}, // no Retry-After: 5 minutes
        {ApiErrorKind::BadPayload, 200, u"Content-Type text/html"_s},
        {ApiErrorKind::BadPayload, 200, u"not valid JSON"_s},
        {ApiErrorKind::BadPayload, 200, u"larger than 1024 KiB"_s},
        {ApiErrorKind::BadPayload, 200, u"result is array, not an object"_s},
    };
    for (const Expectation &expectation : expected) {
        const auto result = await(m_client->fetchStatus(faulty));
        QVERIFY(!result.ok());
        QCOMPARE(result.error->kind, expectation.kind);
        QCOMPARE(result.error->httpStatus, expectation.status);
        QVERIFY2(result.error->message.contains(expectation.says),
                 qPrintable(result.error->message));
    }
    const auto recovered = await(m_client->fetchStatus(faulty)); // request 8: delayed 3 s, fine
    QVERIFY2(recovered.ok(), qPrintable(recovered.ok() ? QString() : recovered.error->message));
    QCOMPARE(recovered.value->state, WorkflowState::InProgress);
}

void TestRegistrarClient::reportsTimeout()
{
    ClientConfig impatient = config();
    impatient.timeout = 300ms;
    m_client->setConfig(impatient);
    for (int i = 0; i < 7; ++i) // skip to the delayed answer
        (void)await(m_client->fetchStatus(ref(u"faulty.example"_s)));
    const auto result = await(m_client->fetchStatus(ref(u"faulty.example"_s)));
    QVERIFY(!result.ok());
    QCOMPARE(result.error->kind, ApiErrorKind::Timeout);
    QCOMPARE(result.error->httpStatus, 0);
    QVERIFY2(result.error->message.contains(u"did not answer"_s),
             qPrintable(result.error->message));
    // The late answer reaches a closed connection; the simulator and client carry on.
    QTest::qWait(0);
    const auto next = await(m_client->fetchStatus(ref(u"example.com"_s)));
    QVERIFY(next.ok());
}

void TestRegistrarClient::reportsNetworkAndTlsFailures()
{
    quint16 closedPort = 0;
    {
        ConnectionCounter probe; // take a free port, then close it
        closedPort = probe.serverPort();
    }
    ClientConfig refused = config();
    refused.base = ApiBase::fromString(u"http://127.0.0.1:%1/client/v4"_s.arg(closedPort)).value();
    m_client->setConfig(refused);
    const auto network = await(m_client->fetchStatus(ref(u"example.com"_s)));
    QVERIFY(!network.ok());
    QCOMPARE(network.error->kind, ApiErrorKind::Network);
    QVERIFY(network.response.sent);

    CannedHttpServer plainText("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}");
    ClientConfig tls = config();
    tls.base = ApiBase::fromString(u"https://127.0.0.1:%1/client/v4"_s.arg(plainText.serverPort()))
                   .value();
    m_client->setConfig(tls);
    const auto handshake = await(m_client->fetchStatus(ref(u"example.com"_s)));
    QVERIFY(!handshake.ok());
    QCOMPARE(handshake.error->kind, ApiErrorKind::Tls);
    QVERIFY2(handshake.error->message.contains(u"secure connection"_s),
             qPrintable(handshake.error->message));
}

void TestRegistrarClient::enforcesTheRealRateLimit()
{
    QJsonObject scenario = clientScenario();
    scenario.insert(u"rate_limit"_s,
                    QJsonObject{{u"requests"_s, 3}, {u"window_s"_s, 60}, {u"block_s"_s, 120}});
    SimulatorFixture limited(scenario);
    QVERIFY(limited.isListening());
    ClientConfig tight = config();
    tight.base = ApiBase::fromUrl(limited.baseUrl()).value();
    m_client->setConfig(tight);
    QList<int> remaining;
    for (int i = 0; i < 3; ++i) {
        const auto result = await(m_client->fetchStatus(ref(u"example.com"_s)));
        QVERIFY(result.ok());
        remaining.append(result.response.rateLimit.remaining.value_or(-1));
    }
    QCOMPARE(remaining, (QList<int>{2, 1, 0}));
    const auto blocked = await(m_client->fetchStatus(ref(u"example.com"_s)));
    QVERIFY(!blocked.ok());
    QCOMPARE(blocked.error->kind, ApiErrorKind::RateLimited);
    QCOMPARE(blocked.error->retryAfter, 120s);
    QCOMPARE(blocked.error->apiErrors.first().code, 971);
    QCOMPARE(blocked.response.rateLimit.retryAfter, 120s);

    limited.clock().advance(119s); // still blocked, even though the window has passed
    const auto still = await(m_client->fetchStatus(ref(u"example.com"_s)));
    QVERIFY(!still.ok());
    QCOMPARE(still.error->retryAfter, 1s);
    limited.clock().advance(61s);
    QVERIFY(await(m_client->fetchStatus(ref(u"example.com"_s))).ok());
    const QJsonObject stats = limited.simulator().stats();
    QCOMPARE(stats.value(u"rate_limited_responses").toInt(), 2);
    QCOMPARE(stats.value(u"max_requests_in_window").toInt(), 4); // the four at the start
}

void TestRegistrarClient::refusesLinksToOtherOrigins_data()
{
    // The configured base is a server that counts connections (%1 is its port); each link
    // differs from it in one part. %2 is the simulator's port, which counts requests.
    QTest::addColumn<QString>("link");
    QTest::newRow("another port") << u"http://127.0.0.1:%2/client/v4/accounts/a/update-status"_s;
    QTest::newRow("another scheme") << u"https://127.0.0.1:%1/client/v4/accounts/a/update-status"_s;
    QTest::newRow("another host") << u"http://localhost:%1/client/v4/accounts/a/update-status"_s;
    QTest::newRow("scheme-relative") << u"//127.0.0.1:%2/client/v4/x"_s;
    QTest::newRow("user info") << u"http://user@127.0.0.1:%1/client/v4/x"_s;
}

void TestRegistrarClient::refusesLinksToOtherOrigins()
{
    QFETCH(QString, link);
    ConnectionCounter base;
    ClientConfig counted = config();
    counted.base = ApiBase::fromUrl(base.url(u"/client/v4"_s)).value();
    m_client->setConfig(counted);
    const QString resolved = QString(link)
                                 .replace(u"%1"_s, QString::number(base.serverPort()))
                                 .replace(u"%2"_s, QString::number(m_sim->simulator().port()));
    const qint64 before = m_sim->simulator().stats().value(u"requests_total").toInteger();
    const auto result = await(m_client->fetchStatusLink(resolved));
    QVERIFY(!result.ok());
    QCOMPARE(result.error->kind, ApiErrorKind::RefusedOrigin);
    QVERIFY(!result.response.sent);
    QVERIFY2(result.error->message.contains(u"no request was sent"_s),
             qPrintable(result.error->message));
    QTest::qWait(50); // a connection attempt, had there been one, would have landed by now
    QCOMPARE(base.connections(), 0);
    QCOMPARE(m_sim->simulator().stats().value(u"requests_total").toInteger(), before);
    // The same client does reach its own origin: the counter is really listening.
    const QPointer<StatusCall> probe = m_client->fetchStatus(ref(u"example.com"_s));
    QTRY_VERIFY(base.connections() >= 1);
    if (probe) // it may already have failed against the counter, which never answers
        probe->cancel();
}

void TestRegistrarClient::followsSameOriginRedirectsOnly()
{
    ConnectionCounter elsewhere;
    QJsonObject scenario = clientScenario();
    const QString samePath =
        u"/client/v4/accounts/%1/registrar/registrations/example.com/update-status"_s.arg(
            testAccountId);
    QJsonObject moving = workflowJson(u"moving.example"_s, u"update"_s, {{0, u"pending"_s}});
    moving.insert(
        u"faults"_s,
        QJsonArray{QJsonObject{{u"on_request"_s, 1},
                               {u"status"_s, 302},
                               {u"headers"_s, QJsonObject{{u"Location"_s, samePath}}}},
                   QJsonObject{{u"on_request"_s, 2},
                               {u"status"_s, 307},
                               {u"headers"_s, QJsonObject{{u"Location"_s,
                                                           elsewhere.url(samePath).toString()}}}}});
    QJsonArray workflows = scenario.value(u"workflows").toArray();
    workflows.append(moving);
    scenario.insert(u"workflows"_s, workflows);
    SimulatorFixture sim(scenario);
    QVERIFY(sim.isListening());
    ClientConfig toSim = config();
    toSim.base = ApiBase::fromUrl(sim.baseUrl()).value();
    m_client->setConfig(toSim);

    const auto followed = await(m_client->fetchStatus(ref(u"moving.example"_s)));
    QVERIFY2(followed.ok(), qPrintable(followed.ok() ? QString() : followed.error->message));
    QCOMPARE(followed.value->domainName, u"example.com"_s);

    const auto refused = await(m_client->fetchStatus(ref(u"moving.example"_s)));
    QVERIFY(!refused.ok());
    QCOMPARE(refused.error->kind, ApiErrorKind::RefusedOrigin);
    QVERIFY2(refused.error->message.contains(u"not followed"_s),
             qPrintable(refused.error->message));
    QTest::qWait(50);
    QCOMPARE(elsewhere.connections(), 0);
}

void TestRegistrarClient::readsBodyWithoutContentLengthUpToTheLimit()
{
    // No Content-Length: the limit must hold while the body streams in.
    CannedHttpServer endless("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                             "Connection: close\r\n\r\n" +
                             QByteArray(3 * 1024 * 1024, ' '));
    ClientConfig toCanned = config();
    toCanned.base = ApiBase::fromUrl(endless.url(u"/client/v4"_s)).value();
    m_client->setConfig(toCanned);
    const auto result = await(m_client->fetchStatus(ref(u"example.com"_s)));
    QVERIFY(!result.ok());
    QCOMPARE(result.error->kind, ApiErrorKind::BadPayload);
    QVERIFY2(result.error->message.contains(u"larger than 1024 KiB"_s),
             qPrintable(result.error->message));
    QCOMPARE(result.response.body.size(), ApiJob::maxBodyBytes);
}

void TestRegistrarClient::survivesARedirectLoop()
{
    QJsonObject scenario = clientScenario();
    QJsonObject loop = workflowJson(u"loop.example"_s, u"update"_s, {{0, u"pending"_s}});
    const QString self =
        u"/client/v4/accounts/%1/registrar/registrations/loop.example/update-status"_s.arg(
            testAccountId);
    QJsonArray faults;
    for (int i = 1; i <= 12; ++i)
        faults.append(QJsonObject{{u"on_request"_s, i},
                                  {u"status"_s, 302},
                                  {u"headers"_s, QJsonObject{{u"Location"_s, self}}}});
    loop.insert(u"faults"_s, faults);
    QJsonArray workflows = scenario.value(u"workflows").toArray();
    workflows.append(loop);
    scenario.insert(u"workflows"_s, workflows);
    SimulatorFixture sim(scenario);
    QVERIFY(sim.isListening());
    ClientConfig toSim = config();
    toSim.base = ApiBase::fromUrl(sim.baseUrl()).value();
    m_client->setConfig(toSim);
    const auto result = await(m_client->fetchStatus(ref(u"loop.example"_s)));
    QVERIFY(!result.ok());
    QCOMPARE(result.error->kind, ApiErrorKind::Network);
    QVERIFY2(result.error->message.contains(u"kept redirecting"_s),
             qPrintable(result.error->message));
    QTest::qWait(100); // signals a finished reply may still send reach nobody
    QVERIFY(await(m_client->fetchStatus(ref(u"example.com"_s))).ok());
}

void TestRegistrarClient::boundsTheWholeExchange()
{
    // Never silent for long, never done: only a bound on the whole exchange ends it.
    CannedHttpServer drip("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                          "Content-Length: 4000\r\n\r\n" +
                          QByteArray(4000, ' '));
    drip.setDrip(100);
    ClientConfig slow = config();
    slow.base = ApiBase::fromUrl(drip.url(u"/client/v4"_s)).value();
    slow.timeout = 1s;
    m_client->setConfig(slow);
    QElapsedTimer elapsed;
    elapsed.start();
    const auto result = await(m_client->fetchStatus(ref(u"example.com"_s)));
    QVERIFY(!result.ok());
    QCOMPARE(result.error->kind, ApiErrorKind::Timeout);
    QVERIFY2(elapsed.elapsed() < 5000, qPrintable(QString::number(elapsed.elapsed())));
}

void TestRegistrarClient::keepsTheStatusOfAnOversizedError()
{
    CannedHttpServer big("HTTP/1.1 401 Unauthorized\r\nContent-Type: application/json\r\n"
                         "Content-Length: 2097152\r\n\r\n" +
                         QByteArray(2 * 1024 * 1024, ' '));
    ClientConfig toBig = config();
    toBig.base = ApiBase::fromUrl(big.url(u"/client/v4"_s)).value();
    m_client->setConfig(toBig);
    const auto result = await(m_client->fetchStatus(ref(u"example.com"_s)));
    QVERIFY(!result.ok());
    QCOMPARE(result.error->kind, ApiErrorKind::Unauthorized); // still a credential problem
    QCOMPARE(result.error->httpStatus, 401);
}

void TestRegistrarClient::keepsTheErrorsOfAFailedSuccess()
{
    const QByteArray body = R"({"success":false,"errors":[{"code":1234,"message":"odd"}],)"
                            R"("messages":[],"result":null})";
    CannedHttpServer odd("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " +
                         QByteArray::number(body.size()) + "\r\n\r\n" + body);
    ClientConfig toOdd = config();
    toOdd.base = ApiBase::fromUrl(odd.url(u"/client/v4"_s)).value();
    m_client->setConfig(toOdd);
    const auto result = await(m_client->fetchStatus(ref(u"example.com"_s)));
    QVERIFY(!result.ok());
    QCOMPARE(result.error->kind, ApiErrorKind::BadPayload);
    QCOMPARE(result.error->apiErrors.size(), 1);
    QCOMPARE(result.error->apiErrors.first().code, 1234);
}

void TestRegistrarClient::sendsTheExpectedHeaders()
{
    CannedHttpServer recorder("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
    ClientConfig toRecorder = config();
    toRecorder.base = ApiBase::fromUrl(recorder.url(u"/client/v4"_s)).value();
    m_client->setConfig(toRecorder);
    (void)await(m_client->fetchStatus(ref(u"example.com"_s)));
    const QByteArray request = recorder.lastRequest().toLower();
    QVERIFY2(request.startsWith(QByteArray("get /client/v4/accounts/" + testAccountId.toLatin1() +
                                           "/registrar/registrations/example.com/update-status"
                                           " http/1.1")),
             request.constData());
    QVERIFY(request.contains("\r\naccept: application/json\r\n"));
    QVERIFY(request.contains("\r\nuser-agent: registrarwatch/"));
    QVERIFY(
        request.contains(QByteArray("\r\nauthorization: bearer " + testToken.toLatin1() + "\r\n")));

    m_client->setConfig([&] {
        ClientConfig keyed = toRecorder;
        keyed.credentials = Credentials::globalApiKey(testEmail, testKey);
        return keyed;
    }());
    (void)await(m_client->fetchStatus(ref(u"example.com"_s)));
    const QByteArray keyed = recorder.lastRequest().toLower();
    QVERIFY(keyed.contains(QByteArray("\r\nx-auth-email: " + testEmail.toLatin1() + "\r\n")));
    QVERIFY(keyed.contains(QByteArray("\r\nx-auth-key: " + testKey.toLatin1() + "\r\n")));
    QVERIFY(!keyed.contains("authorization:"));
}

void TestRegistrarClient::refusesToSendWithoutCredentials()
{
    const qint64 before = m_sim->simulator().stats().value(u"requests_total").toInteger();
    m_client->setConfig(config(Credentials::apiToken(u"two words"_s)));
    const auto result = await(m_client->fetchStatus(ref(u"example.com"_s)));
    QVERIFY(!result.ok());
    QCOMPARE(result.error->kind, ApiErrorKind::Unauthorized);
    QVERIFY(!result.response.sent);
    QVERIFY(!result.error->message.contains(u"two words"_s));
    QCOMPARE(m_sim->simulator().stats().value(u"requests_total").toInteger(), before);
}

void TestRegistrarClient::verifiesTokens()
{
    const auto active = await(m_client->verifyToken());
    QVERIFY2(active.ok(), qPrintable(active.ok() ? QString() : active.error->message));
    QVERIFY(active.value->isActive());
    QVERIFY(!active.value->id.isEmpty());
    QVERIFY(!active.response.body.contains(testToken.toLatin1()));

    m_client->setConfig(config(Credentials::apiToken(u"old-token"_s)));
    const auto expired = await(m_client->verifyToken(AccountRef{testAccountId, false}));
    QVERIFY(expired.ok());
    QCOMPARE(expired.value->status, u"expired"_s);
    QCOMPARE(expired.value->expiresOn, QDateTime(QDate(2020, 1, 1), QTime(0, 0), QTimeZone::utc()));

    m_client->setConfig(config(Credentials::globalApiKey(testEmail, testKey)));
    const auto withKey = await(m_client->verifyToken());
    QVERIFY(!withKey.ok());
    QCOMPARE(withKey.error->kind, ApiErrorKind::Rejected);
    QCOMPARE(withKey.error->httpStatus, 400);
}

void TestRegistrarClient::listsRegistrationsAcrossPages()
{
    const AccountRef account{testAccountId, false};
    const auto first = await(m_client->fetchRegistrationPage(account, {}, 2));
    QVERIFY(first.ok());
    QCOMPARE(first.value->registrations.size(), 2);
    QVERIFY(!first.value->isLastPage());
    QCOMPARE(first.value->perPage, 2);

    // Everything, page by page (default 50 per page; the scenario has 5 + its workflows' domains).
    RegistrationLister *lister = new RegistrationLister(m_client.get(), account, m_client.get());
    QSignalSpy progress(lister, &RegistrationLister::progress);
    QSignalSpy finished(lister, &RegistrationLister::finished);
    lister->start();
    QVERIFY(finished.wait(10000));
    QVERIFY(!lister->error());
    QStringList names;
    for (const Registration &registration : lister->registrations())
        names.append(registration.domainName);
    QVERIFY2(names.contains(u"listed-0.example"_s) && names.contains(u"listed-4.example"_s),
             qPrintable(names.join(u", ")));
    QVERIFY(names.contains(u"example.com"_s));
    QCOMPARE(names.removeDuplicates(), 0);
    QCOMPARE(progress.size(), lister->pagesFetched());

    // With small pages the lister walks the cursor; compare with the one-page answer.
    qsizetype total = 0;
    QString cursor;
    int pages = 0;
    do {
        const auto page = await(m_client->fetchRegistrationPage(account, cursor, 2));
        QVERIFY(page.ok());
        total += page.value->registrations.size();
        cursor = page.value->cursor;
        ++pages;
    } while (!cursor.isEmpty() && pages < 50);
    QCOMPARE(total, lister->registrations().size());
    QVERIFY(pages > 2);

    const auto bad = await(m_client->fetchRegistrationPage(account, u"not-a-cursor"_s, 2));
    QVERIFY(!bad.ok());
    QCOMPARE(bad.error->kind, ApiErrorKind::Rejected);
    QCOMPARE(bad.error->apiErrors.first().message, u"Invalid pagination cursor"_s);
    delete lister;
}

void TestRegistrarClient::cancelStopsQuietly()
{
    ClientConfig slow = config();
    m_client->setConfig(slow);
    for (int i = 0; i < 7; ++i)
        (void)await(m_client->fetchStatus(ref(u"faulty.example"_s)));
    StatusCall *call = m_client->fetchStatus(ref(u"faulty.example"_s)); // delayed 3 s
    QPointer<StatusCall> watch(call);
    QSignalSpy finished(call, &ApiJob::finished);
    QTest::qWait(100);
    call->cancel();
    QTRY_VERIFY(watch.isNull()); // deleted itself
    QCOMPARE(finished.size(), 0);
    QVERIFY(await(m_client->fetchStatus(ref(u"example.com"_s))).ok());
}

QTEST_GUILESS_MAIN(TestRegistrarClient)
#include "tst_registrarclient.moc"
