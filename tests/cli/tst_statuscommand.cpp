// `registrar-watch status` end to end: the real binary against the real registrar-sim.

#include "net/Credentials.h"
#include "store/RequestLedger.h"
#include "support/SimulatorFixture.h"
#include "support/SimulatorProcess.h"

#include <QDirIterator>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

using namespace Qt::StringLiterals;
using namespace rw::test;

namespace {

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
    [[nodiscard]] QString lineFor(const QString &domain) const
    {
        const QStringList lines = out.split(u'\n');
        for (const QString &line : lines) {
            if (line.startsWith(domain + u' '))
                return line;
        }
        return {};
    }
};

} // namespace

class TestStatusCommand : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();

    void printsOneLinePerDomain();
    void printsJsonLines();
    void acceptsTheGlobalApiKey();
    void exitsSixWhenAWorkflowIsMissing();
    void exitsFiveAndStopsWhenCredentialsAreRejected();
    void refusesBadConfiguration_data();
    void refusesBadConfiguration();
    void takesTheBaseUrlFromTheEnvironment();
    void showsServerTextWithoutObeyingIt();
    void showsHelp();
    void drawsOnTheBudgetOfItsCredentials();
    void aRateLimitGivesUpWhatWaitsForTheBudget();
    void simulatorListsAndRefusesBadScenarios();

private:
    Run status(const QStringList &arguments, const QProcessEnvironment &environment) const;
    QProcessEnvironment environment(bool withBase = true) const;
    // Of the test's simulator, or of the one at `base`.
    qint64 requestsSoFar(const QString &base = {});

    QTemporaryDir m_dir;
    QProcess m_sim;
    QString m_base;
};

void TestStatusCommand::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QJsonObject scenario = baseScenario();
    QJsonObject action = workflowJson(u"fabrikam.example"_s, u"update"_s,
                                      {{-600, u"in_progress"_s}, {-300, u"action_required"_s}});
    QJsonArray steps = action.value(u"steps").toArray();
    QJsonObject last = steps.last().toObject();
    last.insert(u"context"_s, QJsonObject{{u"action"_s, u"Confirm the new email address"_s},
                                          {u"confirmation_sent_to"_s, u"ops@fabrikam.example"_s}});
    steps.replace(1, last);
    action.insert(u"steps"_s, steps);
    QJsonObject failed = workflowJson(u"tailspin.example"_s, u"registration"_s,
                                      {{-100, u"in_progress"_s}, {-60, u"failed"_s}});
    steps = failed.value(u"steps").toArray();
    last = steps.last().toObject();
    last.insert(u"error"_s, QJsonObject{{u"code"_s, u"registry_rejected"_s},
                                        {u"message"_s, u"The registry said no."_s}});
    steps.replace(1, last);
    failed.insert(u"steps"_s, steps);
    QJsonObject blocked =
        workflowJson(u"contoso.example"_s, u"transfer-in"_s, {{-7200, u"blocked"_s}});
    steps = blocked.value(u"steps").toArray();
    last = steps.last().toObject();
    last.insert(u"context"_s, QJsonObject{{u"waiting_on"_s, u"losing_registrar"_s}});
    steps.replace(0, last);
    blocked.insert(u"steps"_s, steps);
    QJsonObject inject =
        workflowJson(u"inject.example"_s, u"update"_s, {{0, u"action_required"_s}});
    steps = inject.value(u"steps").toArray();
    last = steps.last().toObject();
    last.insert(
        u"context"_s,
        QJsonObject{{u"action"_s, u"Confirm\nfake.example  update  succeeded  0s\u001b[31m"_s}});
    steps.replace(0, last);
    inject.insert(u"steps"_s, steps);
    QJsonObject sandbox = workflowJson(u"sandbox.example"_s, u"update"_s, {{0, u"pending"_s}});
    sandbox.insert(u"sandbox"_s, true);
    scenario.insert(
        u"workflows"_s,
        QJsonArray{workflowJson(u"example.com"_s, u"update"_s, {{0, u"pending"_s}}),
                   workflowJson(u"bücher.example"_s, u"registration"_s, {{-30, u"in_progress"_s}}),
                   workflowJson(u"odd.example"_s, u"update"_s, {{0, u"queued_for_review"_s}}),
                   action, failed, blocked, inject, sandbox});
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
    QVERIFY(line.endsWith(u"/client/v4"_s));
    m_base = line.mid(u"listening on "_s.size());
}

void TestStatusCommand::cleanupTestCase()
{
    m_sim.terminate();
    m_sim.waitForFinished();
}

QProcessEnvironment TestStatusCommand::environment(bool withBase) const
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const QString &name :
         {u"CLOUDFLARE_API_TOKEN"_s, u"CLOUDFLARE_EMAIL"_s, u"CLOUDFLARE_API_KEY"_s,
          u"CLOUDFLARE_ACCOUNT_ID"_s, u"CLOUDFLARE_BASE_URL"_s})
        environment.remove(name);
    environment.insert(u"CLOUDFLARE_API_TOKEN"_s, testToken);
    environment.insert(u"CLOUDFLARE_ACCOUNT_ID"_s, testAccountId);
    if (withBase)
        environment.insert(u"CLOUDFLARE_BASE_URL"_s, m_base);
    // The request ledger is the user's: the test's own, never the real one.
    environment.insert(u"XDG_DATA_HOME"_s, m_dir.filePath(u"data"_s));
    return environment;
}

Run TestStatusCommand::status(const QStringList &arguments,
                              const QProcessEnvironment &environment) const
{
    QProcess process;
    process.setProcessEnvironment(environment);
    process.start(QStringLiteral(RW_WATCH_BINARY), QStringList{u"status"_s} + arguments);
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

qint64 TestStatusCommand::requestsSoFar(const QString &base)
{
    const QString asked = base.isEmpty() ? m_base : base;
    QNetworkAccessManager network;
    QNetworkReply *reply = network.get(
        QNetworkRequest(QUrl(asked.chopped(u"/client/v4"_s.size()) + u"/__sim/stats"_s)));
    if (!QTest::qWaitFor([reply] { return reply->isFinished(); }, 10000))
        return -1;
    const qint64 total =
        QJsonDocument::fromJson(reply->readAll()).object().value(u"requests_total").toInteger();
    delete reply;
    return total;
}

void TestStatusCommand::printsOneLinePerDomain()
{
    const Run run = status({u"example.com"_s, u"bücher.example:registration"_s,
                            u"fabrikam.example"_s, u"tailspin.example:registration"_s,
                            u"contoso.example:transfer-in"_s, u"odd.example"_s},
                           environment());
    QVERIFY2(run.exitCode == 0, qPrintable(run.out + run.err));
    const QStringList lines = run.out.split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 7); // a header and one line per domain
    QVERIFY(lines.first().startsWith(u"DOMAIN"_s));
    QVERIFY(run.lineFor(u"example.com"_s).contains(u"update"_s));
    QVERIFY(run.lineFor(u"example.com"_s).contains(u"pending"_s));
    const QString idn = run.lineFor(u"bücher.example"_s); // shown in Unicode
    QVERIFY2(idn.contains(u"registration"_s) && idn.contains(u"in_progress"_s) &&
                 idn.contains(u"30s"_s),
             qPrintable(idn));
    const QString action = run.lineFor(u"fabrikam.example"_s);
    QVERIFY2(action.contains(u"action_required"_s) && action.contains(u"5m"_s) &&
                 action.contains(u"Confirm the new email address"_s) &&
                 action.contains(u"ops@fabrikam.example"_s),
             qPrintable(action));
    const QString failed = run.lineFor(u"tailspin.example"_s);
    QVERIFY2(failed.contains(u"failed"_s) && failed.contains(u"registry_rejected"_s) &&
                 failed.contains(u"The registry said no."_s),
             qPrintable(failed));
    const QString blocked = run.lineFor(u"contoso.example"_s);
    QVERIFY2(blocked.contains(u"blocked"_s) && blocked.contains(u"2h"_s) &&
                 blocked.contains(u"Waiting on the losing registrar."_s),
             qPrintable(blocked));
    QVERIFY(run.lineFor(u"odd.example"_s).contains(u"unknown (queued_for_review)"_s));
    QVERIFY(!run.out.contains(testToken));
    QVERIFY(run.err.isEmpty());
}

void TestStatusCommand::printsJsonLines()
{
    const Run run = status({u"--json"_s, u"--kind"_s, u"registration"_s, u"tailspin.example"_s,
                            u"example.com:update"_s, u"--sandbox"_s, u"sandbox.example:update"_s},
                           environment());
    // The sandbox flag applies to all: only sandbox.example exists there.
    QCOMPARE(run.exitCode, 6);
    const QList<QJsonObject> lines = run.jsonLines();
    QCOMPARE(lines.size(), 3);
    QCOMPARE(lines.at(2).value(u"state").toString(), u"pending"_s);
    QCOMPARE(lines.at(2).value(u"sandbox").toBool(), true);

    const Run live = status({u"--json"_s, u"--kind"_s, u"registration"_s, u"tailspin.example"_s,
                             u"example.com:update"_s, u"bücher.example"_s},
                            environment());
    QCOMPARE(live.exitCode, 0);
    const QList<QJsonObject> objects = live.jsonLines();
    QCOMPARE(objects.size(), 3);
    for (const QJsonObject &object : objects) {
        for (const QString &key :
             {u"domain"_s, u"kind"_s, u"state"_s, u"completed"_s, u"created_at"_s, u"updated_at"_s,
              u"context"_s, u"error"_s, u"links"_s, u"observed_at"_s})
            QVERIFY2(object.contains(key), qPrintable(key));
    }
    const QJsonObject failed = objects.at(0);
    QCOMPARE(failed.value(u"domain").toString(), u"tailspin.example"_s);
    QCOMPARE(failed.value(u"kind").toString(), u"registration"_s);
    QCOMPARE(failed.value(u"state").toString(), u"failed"_s);
    QCOMPARE(failed.value(u"completed").toBool(), true);
    QCOMPARE(failed.value(u"error").toObject().value(u"code").toString(), u"registry_rejected"_s);
    QVERIFY(failed.value(u"links").toObject().value(u"self").toString().endsWith(
        u"/registrations/tailspin.example/registration-status"_s));
    QCOMPARE(objects.at(1).value(u"kind").toString(), u"update"_s);
    QCOMPARE(objects.at(2).value(u"domain").toString(), u"xn--bcher-kva.example"_s);
    QCOMPARE(objects.at(2).value(u"domain_unicode").toString(), u"bücher.example"_s);
}

void TestStatusCommand::acceptsTheGlobalApiKey()
{
    QProcessEnvironment keyed = environment();
    keyed.remove(u"CLOUDFLARE_API_TOKEN"_s);
    keyed.insert(u"CLOUDFLARE_EMAIL"_s, testEmail);
    keyed.insert(u"CLOUDFLARE_API_KEY"_s, testKey);
    const Run run = status({u"example.com"_s}, keyed);
    QVERIFY2(run.exitCode == 0, qPrintable(run.out + run.err));
    QVERIFY(!run.out.contains(testKey) && !run.err.contains(testKey));
}

void TestStatusCommand::exitsSixWhenAWorkflowIsMissing()
{
    const Run run = status({u"--json"_s, u"example.com"_s, u"missing.example"_s}, environment());
    QCOMPARE(run.exitCode, 6);
    const QList<QJsonObject> lines = run.jsonLines();
    QCOMPARE(lines.size(), 2);
    QCOMPARE(lines.at(0).value(u"state").toString(), u"pending"_s);
    const QJsonObject missing = lines.at(1);
    QCOMPARE(missing.value(u"error_kind").toString(), u"no_workflow"_s);
    QCOMPARE(missing.value(u"http_status").toInt(), 404);
    QCOMPARE(missing.value(u"api_errors").toArray().first().toObject().value(u"message").toString(),
             u"No workflow found for missing.example"_s);
    QVERIFY(missing.value(u"state").isNull());

    const Run human = status({u"missing.example"_s}, environment());
    QCOMPARE(human.exitCode, 6);
    QVERIFY2(human.lineFor(u"missing.example"_s).contains(u"no workflow"_s), qPrintable(human.out));
}

void TestStatusCommand::exitsFiveAndStopsWhenCredentialsAreRejected()
{
    QProcessEnvironment wrong = environment();
    wrong.insert(u"CLOUDFLARE_API_TOKEN"_s, u"wrong-token-value"_s);
    const qint64 before = requestsSoFar();
    QStringList domains;
    for (int i = 0; i < 12; ++i)
        domains.append(u"d%1.example"_s.arg(i));
    const Run run = status(QStringList{u"--json"_s} + domains, wrong);
    QCOMPARE(run.exitCode, 5);
    const QList<QJsonObject> lines = run.jsonLines();
    QCOMPARE(lines.size(), 12); // every domain is accounted for
    QCOMPARE(lines.first().value(u"error_kind").toString(), u"unauthorized"_s);
    QCOMPARE(lines.first().value(u"http_status").toInt(), 401);
    QVERIFY(lines.last().value(u"message").toString().startsWith(u"Not requested"_s));
    const qint64 sent = requestsSoFar() - before;
    QVERIFY2(sent >= 1 && sent <= 4, qPrintable(QString::number(sent))); // at most one batch
    QVERIFY(!run.out.contains(u"wrong-token-value"_s) && !run.err.contains(u"wrong-token-value"_s));
}

void TestStatusCommand::refusesBadConfiguration_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QStringList>("unset");
    QTest::addColumn<QString>("message");
    QTest::newRow("no credentials")
        << QStringList{u"example.com"_s} << QStringList{u"CLOUDFLARE_API_TOKEN"_s}
        << u"No credentials: set CLOUDFLARE_API_TOKEN"_s;
    QTest::newRow("no account") << QStringList{u"example.com"_s}
                                << QStringList{u"CLOUDFLARE_ACCOUNT_ID"_s}
                                << u"No account: give --account ID or set CLOUDFLARE_ACCOUNT_ID"_s;
    QTest::newRow("bad account") << QStringList{u"--account"_s, u"not/valid"_s, u"example.com"_s}
                                 << QStringList{} << u"Invalid account ID"_s;
    QTest::newRow("no domains") << QStringList{} << QStringList{} << u"No domains given"_s;
    QTest::newRow("invalid domain") << QStringList{u"example.com"_s, u"exa mple.com"_s}
                                    << QStringList{} << u"contains a space"_s;
    QTest::newRow("bad kind") << QStringList{u"example.com:renewal"_s} << QStringList{}
                              << u"\"renewal\" is not a workflow kind"_s;
    QTest::newRow("bad --kind") << QStringList{u"--kind"_s, u"x"_s, u"example.com"_s}
                                << QStringList{} << u"Invalid --kind"_s;
    QTest::newRow("plain http") << QStringList{u"--api-base"_s, u"http://api.example.net/v4"_s,
                                               u"example.com"_s}
                                << QStringList{} << u"must use https"_s;
    QTest::newRow("bad timeout") << QStringList{u"--timeout"_s, u"soon"_s, u"example.com"_s}
                                 << QStringList{} << u"Invalid --timeout"_s;
    QTest::newRow("unknown option") << QStringList{u"--frobnicate"_s, u"example.com"_s}
                                    << QStringList{} << u"Unknown option 'frobnicate'"_s;
}

void TestStatusCommand::refusesBadConfiguration()
{
    QFETCH(QStringList, arguments);
    QFETCH(QStringList, unset);
    QFETCH(QString, message);
    QProcessEnvironment env = environment();
    for (const QString &name : unset)
        env.remove(name);
    const qint64 before = requestsSoFar();
    const Run run = status(arguments, env);
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains(message), qPrintable(run.err));
    QVERIFY(run.out.isEmpty());
    QCOMPARE(requestsSoFar() - before, 0); // rejected before any request
}

void TestStatusCommand::takesTheBaseUrlFromTheEnvironment()
{
    QProcessEnvironment env = environment(false);
    // Without CLOUDFLARE_BASE_URL the default (the real API) would be used: prove the flag wins.
    Run run = status({u"--api-base"_s, m_base, u"example.com"_s}, env);
    QCOMPARE(run.exitCode, 0);
    env.insert(u"CLOUDFLARE_BASE_URL"_s, u"http://127.0.0.1:9/client/v4"_s);
    run = status({u"--api-base"_s, m_base, u"example.com"_s}, env);
    QCOMPARE(run.exitCode, 0);
    run = status({u"--timeout"_s, u"5s"_s, u"example.com"_s}, env); // the environment's (closed)
    QCOMPARE(run.exitCode, 6);
    QVERIFY2(run.lineFor(u"example.com"_s).contains(u"network"_s), qPrintable(run.out));
}

void TestStatusCommand::showsServerTextWithoutObeyingIt()
{
    const Run run = status({u"inject.example"_s}, environment());
    QVERIFY2(run.exitCode == 0, qPrintable(run.out + run.err));
    QCOMPARE(run.out.count(u'\n'), 2); // the header and one row: no faked second row
    QVERIFY(!run.out.contains(QChar(0x1b)));
    QVERIFY2(run.out.contains(u"Confirm\\nfake.example"_s) && run.out.contains(u"\\u001b[31m"_s),
             qPrintable(run.out));
    // JSON carries it exactly, escaped by JSON itself.
    const Run json = status({u"--json"_s, u"inject.example"_s}, environment());
    QCOMPARE(json.jsonLines().first().value(u"context").toObject().value(u"action").toString(),
             u"Confirm\nfake.example  update  succeeded  0s\u001b[31m"_s);
}

void TestStatusCommand::showsHelp()
{
    Run run = status({u"--help"_s}, environment());
    QCOMPARE(run.exitCode, 0);
    QVERIFY(run.out.contains(u"DOMAIN[:KIND]"_s));
    QVERIFY(run.out.contains(u"--api-base"_s));

    QProcess process;
    process.start(QStringLiteral(RW_WATCH_BINARY), {u"frobnicate"_s});
    QVERIFY(process.waitForFinished());
    QCOMPARE(process.exitCode(), 2);
    QVERIFY(process.readAllStandardError().contains("unknown command 'frobnicate'"));
}

void TestStatusCommand::simulatorListsAndRefusesBadScenarios()
{
    QProcess list;
    list.start(QStringLiteral(RW_SIM_BINARY), {u"--list-workflows"_s});
    QVERIFY(list.waitForFinished());
    QCOMPARE(list.exitCode(), 0);
    const QString listed = QString::fromUtf8(list.readAllStandardOutput());
    QVERIFY2(listed.contains(u"example.com update live\n"_s), qPrintable(listed));
    QVERIFY(listed.contains(u" sandbox\n"_s));

    const QString bad = m_dir.filePath(u"bad.json"_s);
    QFile file(bad);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(R"({"account_id": "abc", "tokens": ["t"], "workflows": [{"domain": "x"}]})");
    file.close();
    QProcess refused;
    refused.start(QStringLiteral(RW_SIM_BINARY), {u"--scenario"_s, bad});
    QVERIFY(refused.waitForFinished());
    QCOMPARE(refused.exitCode(), 2);
    const QString error = QString::fromUtf8(refused.readAllStandardError());
    QVERIFY2(error.contains(bad) && error.contains(u"workflows[0].domain"_s), qPrintable(error));
}

void TestStatusCommand::drawsOnTheBudgetOfItsCredentials()
{
    // Issue 13, point 2: `status` counts its requests where the app and `watch` count theirs
    // (the user's request ledger), and waits when they spent the budget of the credentials.
    QTemporaryDir data; // this test's own ledger: the other tests' requests are not in it
    QVERIFY(data.isValid());
    QProcessEnvironment env = environment();
    env.insert(u"XDG_DATA_HOME"_s, data.path());
    const qint64 before = requestsSoFar();
    Run run = status({u"example.com"_s, u"fabrikam.example"_s}, env);
    QVERIFY2(run.exitCode == 0, qPrintable(run.out + run.err));
    QVERIFY2(run.err.isEmpty(), qPrintable(run.err));
    QCOMPARE(requestsSoFar() - before, 2);

    QString path;
    QDirIterator found(data.path(), {u"requests.sqlite"_s}, QDir::Files,
                       QDirIterator::Subdirectories);
    if (found.hasNext())
        path = found.next();
    QVERIFY2(!path.isEmpty(), "status wrote no request ledger in the data folder");
    const QString key = rw::Credentials::apiToken(testToken).budgetKey();
    const auto countOf = [&path, &key] {
        auto ledger = rw::RequestLedger::open(path);
        if (!ledger)
            return -1;
        const auto sends = ledger.value()->takeForeign(0);
        return sends ? int(std::count_if(sends->cbegin(), sends->cend(),
                                         [&key](const auto &send) { return send.key == key; }))
                     : -1;
    };
    QCOMPARE(countOf(), 2);

    // Another process spent the whole budget (900 in 5 minutes) 296 s ago: the next request
    // may go when the oldest of them leaves the window, in about 4 s, and not before. With the
    // two above, 902 are in the window: over the budget, as the other process left it.
    {
        auto ledger = rw::RequestLedger::open(path);
        QVERIFY2(ledger, qPrintable(ledger ? QString() : ledger.error()));
        const qint64 at = QDateTime::currentMSecsSinceEpoch() - 296'000;
        for (int i = 0; i < 900; ++i)
            QVERIFY(!ledger.value()->record(key, at));
    }
    QElapsedTimer waited;
    waited.start();
    run = status({u"example.com"_s}, env);
    QVERIFY2(run.exitCode == 0, qPrintable(run.out + run.err));
    QVERIFY2(run.err.contains(u"registrar-watch status: waiting for the API budget until "_s) &&
                 run.err.contains(u"902 of 900 requests on these credentials in the last 5m"_s),
             qPrintable(run.err));
    QVERIFY2(waited.elapsed() >= 3000, qPrintable(QString::number(waited.elapsed())));
    QCOMPARE(countOf(), 2 + 900 + 1);
}

void TestStatusCommand::aRateLimitGivesUpWhatWaitsForTheBudget()
{
    // A 429 holds the budget until Retry-After (300 s here). What still waits for the budget is
    // not asked, and is said at once as not requested, rather than after the hold.
    QJsonObject scenario = baseScenario();
    QJsonArray workflows;
    QStringList domains;
    for (int i = 0; i < 8; ++i) {
        QJsonObject workflow =
            workflowJson(u"r%1.example"_s.arg(i), u"update"_s, {{0, u"in_progress"_s}});
        if (i == 0)
            workflow.insert(u"faults"_s, QJsonArray{QJsonObject{{u"on_request"_s, 1},
                                                                {u"status"_s, 429},
                                                                {u"retry_after_s"_s, 300}}});
        workflows.append(workflow);
        domains.append(u"r%1.example"_s.arg(i));
    }
    scenario.insert(u"workflows"_s, workflows);
    QTemporaryDir data;
    QVERIFY(data.isValid());
    SimulatorProcess sim; // its own process: the test waits for `status` without an event loop
    if (const auto problem = sim.start(QStringLiteral(RW_SIM_BINARY), scenario, data.path()))
        QFAIL(qPrintable(*problem));
    const QString base = sim.base().toString();
    QProcessEnvironment env = environment();
    env.insert(u"CLOUDFLARE_BASE_URL"_s, base);
    env.insert(u"XDG_DATA_HOME"_s, data.path());
    const Run run = status(QStringList{u"--json"_s} + domains, env); // gives up after 60 s
    QVERIFY2(run.exitCode == 6, qPrintable(QString::number(run.exitCode) + run.out + run.err));
    const QList<QJsonObject> lines = run.jsonLines();
    QCOMPARE(lines.size(), 8); // every domain is accounted for
    QCOMPARE(lines.first().value(u"http_status").toInt(), 429);
    QVERIFY(lines.last().value(u"message").toString().startsWith(u"Not requested"_s));
    QVERIFY2(!run.err.contains(u"waiting for the API budget"_s), qPrintable(run.err));
    const qint64 sent = requestsSoFar(base);
    QVERIFY2(sent >= 1 && sent <= 4, qPrintable(QString::number(sent))); // at most one batch
}

QTEST_GUILESS_MAIN(TestStatusCommand)
#include "tst_statuscommand.moc"
