// `registrar-watch discover` end to end: the real binary against the real registrar-sim. One
// account has a workflow and registrations that need the operator (exit 3), another only a
// workflow in flight (exit 0); rejected credentials exit 5.

#include "net/Credentials.h"
#include "store/RequestLedger.h"
#include "support/SimulatorFixture.h"

#include <QDirIterator>
#include <QFile>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace rw::test;

namespace {

const QString quietAccount = u"0000000000000000000000000000beef"_s;

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
    [[nodiscard]] QList<QJsonObject> jsonLines() const
    {
        QList<QJsonObject> lines;
        const QStringList texts = out.split(u'\n', Qt::SkipEmptyParts);
        for (const QString &text : texts)
            lines.append(QJsonDocument::fromJson(text.toUtf8()).object());
        return lines;
    }
};

QJsonObject registration(const QString &domain, const QString &status, bool autoRenew,
                         int expiresInDays, const QString &account = {})
{
    QJsonObject object{{u"domain"_s, domain},
                       {u"status"_s, status},
                       {u"auto_renew"_s, autoRenew},
                       {u"expires_in_days"_s, expiresInDays}};
    if (!account.isEmpty())
        object.insert(u"account"_s, account);
    return object;
}

} // namespace

class TestDiscoverCommand : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();

    void printsWhatNeedsTheOperatorAndExitsThree();
    void printsJsonLines();
    void exitsZeroWhenNothingNeedsTheOperator();
    void exitsFiveWhenCredentialsAreRejected();
    void refusesDomains();

private:
    // `data`: the data folder (XDG_DATA_HOME), else the test's.
    Run discover(const QStringList &arguments, const QString &account = testAccountId,
                 const QString &token = testToken, const QString &data = {}) const;

    QTemporaryDir m_dir;
    QProcess m_sim;
    QString m_base;
};

void TestDiscoverCommand::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QJsonObject scenario = baseScenario();
    scenario.insert(u"other_accounts"_s, QJsonArray{quietAccount});
    QJsonObject quietUpdate =
        workflowJson(u"calm.example"_s, u"update"_s, {{-60, u"in_progress"_s}});
    quietUpdate.insert(u"account"_s, quietAccount);
    scenario.insert(
        u"workflows"_s,
        QJsonArray{workflowJson(u"busy.example"_s, u"update"_s, {{-600, u"action_required"_s}}),
                   workflowJson(u"incoming.example"_s, u"transfer-in"_s, {{-3600, u"blocked"_s}}),
                   quietUpdate});
    scenario.insert(
        u"registrations"_s,
        QJsonArray{registration(u"busy.example"_s, u"active"_s, true, 300),
                   registration(u"lapsing.example"_s, u"active"_s, false, 12),
                   registration(u"gone.example"_s, u"expired"_s, false, -3),
                   registration(u"fine.example"_s, u"active"_s, true, 12),
                   registration(u"calm.example"_s, u"active"_s, true, 300, quietAccount)});
    const QString file = m_dir.filePath(u"scenario.json"_s);
    QFile out(file);
    QVERIFY(out.open(QIODevice::WriteOnly));
    out.write(QJsonDocument(scenario).toJson());
    out.close();

    m_sim.setProgram(QStringLiteral(RW_SIM_BINARY));
    m_sim.setArguments({u"--port"_s, u"0"_s, u"--scenario"_s, file});
    m_sim.start();
    QVERIFY(m_sim.waitForStarted());
    QTRY_VERIFY_WITH_TIMEOUT(m_sim.canReadLine(), 10000);
    const QString line = QString::fromUtf8(m_sim.readLine()).trimmed();
    QVERIFY2(line.startsWith(u"listening on http://127.0.0.1:"_s), qPrintable(line));
    m_base = line.mid(u"listening on "_s.size());
}

void TestDiscoverCommand::cleanupTestCase()
{
    m_sim.terminate();
    m_sim.waitForFinished();
}

Run TestDiscoverCommand::discover(const QStringList &arguments, const QString &account,
                                  const QString &token, const QString &data) const
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const QString &name :
         {u"CLOUDFLARE_API_TOKEN"_s, u"CLOUDFLARE_EMAIL"_s, u"CLOUDFLARE_API_KEY"_s,
          u"CLOUDFLARE_ACCOUNT_ID"_s, u"CLOUDFLARE_BASE_URL"_s})
        environment.remove(name);
    environment.insert(u"CLOUDFLARE_API_TOKEN"_s, token);
    environment.insert(u"CLOUDFLARE_ACCOUNT_ID"_s, account);
    environment.insert(u"CLOUDFLARE_BASE_URL"_s, m_base);
    // The user's request ledger: the test's own, never the real one.
    environment.insert(u"XDG_DATA_HOME"_s, data.isEmpty() ? m_dir.filePath(u"data"_s) : data);
    QProcess process;
    process.setProcessEnvironment(environment);
    process.start(QStringLiteral(RW_WATCH_BINARY), QStringList{u"discover"_s} + arguments);
    Run run;
    if (!process.waitForFinished(60000)) {
        process.kill();
        return run;
    }
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    run.out = QString::fromUtf8(process.readAllStandardOutput());
    run.err = QString::fromUtf8(process.readAllStandardError());
    return run;
}

void TestDiscoverCommand::printsWhatNeedsTheOperatorAndExitsThree()
{
    QTemporaryDir data;
    QVERIFY(data.isValid());
    const Run run = discover({}, testAccountId, testToken, data.path());
    QVERIFY2(run.exitCode == 3, qPrintable(run.out + run.err));
    const QStringList lines = run.out.split(u'\n');
    const auto lineFor = [&lines](const QString &domain) -> QString {
        for (const QString &line : lines) {
            if (line.startsWith(domain + u' '))
                return line;
        }
        return {};
    };
    QVERIFY2(lineFor(u"busy.example"_s).contains(u"action_required"_s), qPrintable(run.out));
    QVERIFY2(lineFor(u"incoming.example"_s).contains(u"transfer-in"_s) &&
                 lineFor(u"incoming.example"_s).contains(u"transfer_pending"_s),
             qPrintable(run.out));
    QVERIFY2(lineFor(u"lapsing.example"_s).contains(u"expires soon, auto-renew off"_s),
             qPrintable(run.out));
    QVERIFY2(lineFor(u"gone.example"_s).contains(u"expired"_s), qPrintable(run.out));
    QVERIFY2(lineFor(u"fine.example"_s).isEmpty(), qPrintable(run.out));
    QVERIFY2(run.out.contains(u"5 registrations looked through."_s), qPrintable(run.out));

    // Issue 13, point 2: each of its requests was counted on the user's request ledger, under
    // the key of its credentials, where the app and `watch` count theirs.
    QDirIterator found(data.path(), {u"requests.sqlite"_s}, QDir::Files,
                       QDirIterator::Subdirectories);
    QVERIFY2(found.hasNext(), "discover wrote no request ledger");
    auto ledger = rw::RequestLedger::open(found.next());
    QVERIFY2(ledger, qPrintable(ledger ? QString() : ledger.error()));
    const auto sends = ledger.value()->takeForeign(0);
    QVERIFY(sends);
    QVERIFY2(sends->size() >= 2, qPrintable(QString::number(sends->size()))); // list, statuses
    const QString key = rw::Credentials::apiToken(testToken).budgetKey();
    for (const rw::RequestLedger::Send &send : sends.value())
        QCOMPARE(send.key, key);
}

void TestDiscoverCommand::printsJsonLines()
{
    const Run run = discover({u"--json"_s});
    QCOMPARE(run.exitCode, 3);
    QHash<QString, QJsonObject> byDomain;
    for (const QJsonObject &line : run.jsonLines())
        byDomain.insert(line.value(u"domain").toString(), line);
    QCOMPARE(byDomain.size(), 4);
    QCOMPARE(byDomain.value(u"busy.example"_s).value(u"type").toString(), u"workflow"_s);
    QCOMPARE(byDomain.value(u"busy.example"_s).value(u"state").toString(), u"action_required"_s);
    QCOMPARE(byDomain.value(u"incoming.example"_s).value(u"kind").toString(), u"transfer-in"_s);
    QCOMPARE(byDomain.value(u"incoming.example"_s).value(u"registration_status").toString(),
             u"transfer_pending"_s);
    QCOMPARE(byDomain.value(u"lapsing.example"_s).value(u"type").toString(), u"registration"_s);
    QCOMPARE(byDomain.value(u"lapsing.example"_s).value(u"reason").toString(), u"expires_soon"_s);
    QCOMPARE(byDomain.value(u"gone.example"_s).value(u"reason").toString(), u"expired"_s);
}

void TestDiscoverCommand::exitsZeroWhenNothingNeedsTheOperator()
{
    const Run run = discover({u"--json"_s}, quietAccount);
    QVERIFY2(run.exitCode == 0, qPrintable(run.out + run.err));
    const QList<QJsonObject> lines = run.jsonLines();
    QCOMPARE(lines.size(), 1);
    QCOMPARE(lines.first().value(u"domain").toString(), u"calm.example"_s);
    QCOMPARE(lines.first().value(u"state").toString(), u"in_progress"_s);
}

void TestDiscoverCommand::exitsFiveWhenCredentialsAreRejected()
{
    const Run run = discover({}, testAccountId, u"revoked-token"_s);
    QCOMPARE(run.exitCode, 5);
    QVERIFY2(run.err.contains(u"rejected"_s), qPrintable(run.err));
    QVERIFY(!run.err.contains(u"revoked-token"_s));
}

void TestDiscoverCommand::refusesDomains()
{
    const Run run = discover({u"example.com"_s});
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains(u"takes no domains"_s), qPrintable(run.err));
}

QTEST_GUILESS_MAIN(TestDiscoverCommand)
#include "tst_discovercommand.moc"
