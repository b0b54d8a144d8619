// What Verify checks, against the simulator over loopback HTTP: that Cloudflare accepts the
// credentials, that the account can be reached with them, and that they can read its registrar
// registrations; and which of these fails. An active token with a wrong account ID is not
// "verified". An email with a Global API Key is checked as such, without a token endpoint.

#include "net/AccessCheck.h"
#include "support/CannedHttpServer.h"
#include "support/SimulatorFixture.h"

#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace rw;
using namespace rw::test;
using Step = AccessCheck::Step;
using Outcome = AccessCheck::Outcome;
using Outcomes = QList<std::optional<Outcome>>;

Q_DECLARE_METATYPE(rw::Credentials)

namespace {

const QString zeros = u"00000000000000000000000000000000"_s;

QJsonObject scenario()
{
    QJsonObject json = baseScenario();
    json.insert(
        u"tokens"_s,
        QJsonArray{testToken,
                   QJsonObject{{u"token"_s, u"cfut_noregistrar"_s}, {u"registrar"_s, false}},
                   QJsonObject{{u"token"_s, u"cfut_expired"_s},
                               {u"expires_on"_s, u"2026-01-31T09:30:00Z"_s}},
                   QJsonObject{{u"token"_s, u"cfut_disabled"_s}, {u"status"_s, u"disabled"_s}},
                   u"cfat_AccountOwnedToken"_s});
    return json;
}

struct Run
{
    AccessCheck::Report report;
    bool finished = false;
    int sent = 0; // requests the sent observer was told of
};

Run check(const QUrl &base, const Credentials &credentials, const AccountRef &account)
{
    QNetworkAccessManager network;
    ClientConfig config;
    config.base = ApiBase::fromUrl(base).value();
    config.credentials = credentials;
    config.timeout = std::chrono::seconds(10);
    AccessCheck access(&network, config, account);
    QSignalSpy finished(&access, &AccessCheck::finished);
    Run run;
    // What the settings give the engine, to count on the budget of the credentials.
    access.setSentObserver([&run] { ++run.sent; });
    access.start();
    run.finished = finished.wait(15000) && finished.size() == 1;
    if (run.finished)
        run.report = finished.first().first().value<AccessCheck::Report>();
    return run;
}

Outcomes outcomes(const AccessCheck::Report &report)
{
    return {report.outcomeOf(Step::Credentials), report.outcomeOf(Step::Account),
            report.outcomeOf(Step::Registrations)};
}

} // namespace

class TestAccessCheck : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void saysWhichCheckFails_data();
    void saysWhichCheckFails();
    void anAccountNotFoundIsTheAccount();
    void saysWhenCloudflareCannotBeReached();
};

void TestAccessCheck::initTestCase()
{
    qRegisterMetaType<AccessCheck::Report>();
}

void TestAccessCheck::saysWhichCheckFails_data()
{
    QTest::addColumn<Credentials>("credentials");
    QTest::addColumn<QString>("account");
    QTest::addColumn<bool>("sandbox");
    QTest::addColumn<Outcomes>("expected");
    QTest::addColumn<QStringList>("said");
    QTest::addColumn<int>("requests");

    const Credentials token = Credentials::apiToken(testToken);
    const Credentials key = Credentials::globalApiKey(testEmail, testKey);
    const auto P = Outcome::Passed;
    const auto F = Outcome::Failed;
    const auto N = Outcome::NotChecked;
    const std::optional<Outcome> none;

    QTest::newRow("token: all well")
        << token << testAccountId << false << Outcomes{P, P, P}
        << QStringList{u"✔ The token is active; it does not expire."_s,
                       u"✔ Account %1 can be reached"_s.arg(testAccountId),
                       u"✔ They can read the account's registrar registrations."_s}
        << 2;
    QTest::newRow("token: sandbox") << token << testAccountId << true << Outcomes{P, P, P}
                                    << QStringList{u"registrar sandbox registrations"_s} << 2;
    // The issue's case: an active token is not enough when the account is not its own.
    QTest::newRow("token: account of zeros")
        << token << zeros << false << Outcomes{P, F, N}
        << QStringList{u"✔ The token is active"_s,
                       u"✘ Account %1 cannot be reached with the token (HTTP 403: 9109"_s.arg(
                           zeros),
                       u"– Registrar registrations: not checked."_s}
        << 2;
    QTest::newRow("token: no registrar permission")
        << Credentials::apiToken(u"cfut_noregistrar"_s) << testAccountId << false
        << Outcomes{P, none, F}
        << QStringList{u"✔ The token is active"_s,
                       u"✘ The token cannot read the registrar registrations of account %1 (HTTP "
                       u"403: 10000"_s.arg(testAccountId),
                       u"Registrar read permission"_s}
        << 2;
    QTest::newRow("token: expired")
        << Credentials::apiToken(u"cfut_expired"_s) << testAccountId << false << Outcomes{F, N, N}
        << QStringList{u"✘ The token is expired; it expired"_s,
                       u"– Account %1: not checked."_s.arg(testAccountId)}
        << 1;
    QTest::newRow("token: disabled")
        << Credentials::apiToken(u"cfut_disabled"_s) << testAccountId << false << Outcomes{F, N, N}
        << QStringList{u"✘ The token is disabled"_s} << 1;
    QTest::newRow("token: unknown")
        << Credentials::apiToken(u"cfut_nobody"_s) << testAccountId << false << Outcomes{F, N, N}
        << QStringList{u"✘ Cloudflare rejected the token (HTTP 401: 1000"_s} << 1;
    QTest::newRow("account token: its account")
        << Credentials::apiToken(u"cfat_AccountOwnedToken"_s) << testAccountId << false
        << Outcomes{P, P, P} << QStringList{u"the token is the account's"_s} << 2;
    QTest::newRow("account token: another account")
        << Credentials::apiToken(u"cfat_AccountOwnedToken"_s) << zeros << false << Outcomes{P, F, N}
        << QStringList{u"✘ Account %1 cannot be reached"_s.arg(zeros)} << 1;

    // A Global API Key: no token to verify, and the words say what was used.
    QTest::newRow("key: all well")
        << key << testAccountId << false << Outcomes{P, P, P}
        << QStringList{u"✔ Cloudflare accepts the email and Global API Key."_s,
                       u"✔ Account %1 can be reached"_s.arg(testAccountId)}
        << 1;
    QTest::newRow("key: account of zeros")
        << key << zeros << false << Outcomes{P, F, N}
        << QStringList{u"✘ Account %1 cannot be reached with the email and Global API Key"_s.arg(
               zeros)}
        << 1;
    QTest::newRow("key: wrong key")
        << Credentials::globalApiKey(testEmail, u"not-the-key"_s) << testAccountId << false
        << Outcomes{F, N, N}
        << QStringList{u"✘ Cloudflare rejected the email and Global API Key (HTTP 403: 9103"_s}
        << 1;
}

void TestAccessCheck::saysWhichCheckFails()
{
    QFETCH(Credentials, credentials);
    QFETCH(QString, account);
    QFETCH(bool, sandbox);
    QFETCH(Outcomes, expected);
    QFETCH(QStringList, said);
    QFETCH(int, requests);

    SimulatorFixture fixture(scenario());
    QVERIFY2(fixture.isListening(), qPrintable(fixture.error()));
    const Run run = check(fixture.baseUrl(), credentials, {account, sandbox});
    QVERIFY(run.finished);
    const QString text = run.report.text();
    QCOMPARE(outcomes(run.report), expected);
    QCOMPARE(run.report.passed(),
             expected == (Outcomes{Outcome::Passed, Outcome::Passed, Outcome::Passed}));
    for (const QString &part : said)
        QVERIFY2(text.contains(part), qPrintable(text));
    // Nothing says "verified" while something failed.
    if (!run.report.passed())
        QVERIFY2(text.contains(u"✘"_s), qPrintable(text));
    QCOMPARE(fixture.simulator().stats().value(u"requests_total"_s).toInt(), requests);
    QCOMPARE(run.sent, requests); // each one counted on the budget
}

void TestAccessCheck::anAccountNotFoundIsTheAccount()
{
    // A 404 for the account's registrar path: no such account at that address.
    CannedHttpServer server(
        "HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n"
        R"({"success":false,"errors":[{"code":7003,"message":"Could not route to /accounts/x/registrar/registrations, perhaps your object identifier is invalid?"}],"messages":[],"result":null})");
    QVERIFY(server.isListening());
    const Run run = check(server.url(u"/client/v4"_s),
                          Credentials::globalApiKey(testEmail, testKey), {testAccountId, false});
    QVERIFY(run.finished);
    QCOMPARE(outcomes(run.report), (Outcomes{std::nullopt, Outcome::Failed, Outcome::NotChecked}));
    QVERIFY2(run.report.text().contains(u"HTTP 404: 7003"_s), qPrintable(run.report.text()));
}

void TestAccessCheck::saysWhenCloudflareCannotBeReached()
{
    // A port nobody listens on: the first check cannot be made, and says why.
    QTcpServer closed;
    QVERIFY(closed.listen(QHostAddress::LocalHost));
    const quint16 port = closed.serverPort();
    closed.close();
    const Run run = check(QUrl(u"http://127.0.0.1:%1/client/v4"_s.arg(port)),
                          Credentials::apiToken(testToken), {testAccountId, false});
    QVERIFY(run.finished);
    QCOMPARE(outcomes(run.report),
             (Outcomes{Outcome::Failed, Outcome::NotChecked, Outcome::NotChecked}));
    QVERIFY2(run.report.text().startsWith(u"✘ Could not check the token: "_s),
             qPrintable(run.report.text()));
}

QTEST_GUILESS_MAIN(TestAccessCheck)
#include "tst_accesscheck.moc"
