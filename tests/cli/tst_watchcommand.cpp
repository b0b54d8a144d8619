// `registrar-watch watch` end to end: the real binary against the real registrar-sim, one run
// per exit status, all at once (the "no workflow" case needs about 40 s of retries).

#include "net/Credentials.h"
#include "settings/AppSettings.h"
#include "settings/PrivateFileSecretStore.h"
#include "store/RequestLedger.h"
#include "support/DueChecks.h"
#include "support/SimulatorFixture.h"
#include "support/SimulatorProcess.h"

#include <QDir>
#include <QDirIterator>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace Qt::StringLiterals;
using namespace rw;
using namespace rw::test;

namespace {

QJsonObject withContext(QJsonObject workflow, int step, const QString &key, const QJsonValue &value)
{
    QJsonArray steps = workflow.value(u"steps").toArray();
    QJsonObject target = steps.at(step).toObject();
    target.insert(key, value);
    steps.replace(step, target);
    workflow.insert(u"steps"_s, steps);
    return workflow;
}

// A workflow whose answer names a status link on another host: the next check is refused
// before anything is sent, and the watch gives up on it.
QJsonObject hijacked()
{
    QJsonObject workflow = workflowJson(u"hijack.example"_s, u"update"_s, {{0, u"in_progress"_s}});
    const QJsonObject result{{u"state"_s, u"in_progress"_s},
                             {u"completed"_s, false},
                             {u"created_at"_s, u"2026-01-01T00:00:00Z"_s},
                             {u"updated_at"_s, u"2026-01-01T00:00:00Z"_s},
                             {u"links"_s, QJsonObject{{u"self"_s, u"https://evil.example/x"_s}}}};
    const QJsonObject envelope{{u"success"_s, true},
                               {u"errors"_s, QJsonArray()},
                               {u"messages"_s, QJsonArray()},
                               {u"result"_s, result}};
    workflow.insert(
        u"faults"_s,
        QJsonArray{QJsonObject{{u"on_request"_s, 1},
                               {u"body"_s, QString::fromUtf8(QJsonDocument(envelope).toJson())}}});
    return workflow;
}

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
    [[nodiscard]] QList<QJsonObject> events() const
    {
        QList<QJsonObject> lines;
        const QStringList texts = out.split(u'\n', Qt::SkipEmptyParts);
        for (const QString &text : texts)
            lines.append(QJsonDocument::fromJson(text.toUtf8()).object());
        return lines;
    }
    [[nodiscard]] QStringList eventNames() const
    {
        QStringList names;
        for (const QJsonObject &event : events())
            names.append(event.value(u"event").toString());
        return names;
    }
};

} // namespace

class TestWatchCommand : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void exitsWithTheStateReached();
    void printsEveryChangeAsJson();
    void keepsItsPlaceInTheStore();
    void aRestartAsksWhatIsDueWithItsCredentials();
    void aFirstRunWithAUmaskOf002KeepsItsStore();
    void saysOnceThatADamagedStoreWasSetAside();
    void watchesFromAStoreItCannotWrite();
    void stopsCleanlyOnCtrlC();
    void watchesTheAccountsOfTheSettings();
    void refusesBadUsage_data();
    void refusesBadUsage();
    void tellsAnOutageOnceAndItsEnd();
    void countsOnTheLedgerOfItsCredentials();

private:
    // `data`: the data folder (XDG_DATA_HOME), else the test's.
    QProcess *start(const QStringList &arguments, const QString &token = testToken,
                    const QString &data = {});
    Run finish(QProcess *process, int timeoutMs = 120000);

    QTemporaryDir m_dir;
    QProcess m_sim;
    QString m_base;
};

void TestWatchCommand::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QJsonObject scenario = baseScenario();
    QJsonObject limited = workflowJson(u"limited.example"_s, u"update"_s,
                                       {{0, u"in_progress"_s}, {6, u"succeeded"_s}});
    limited.insert(
        u"faults"_s,
        QJsonArray{QJsonObject{{u"on_request"_s, 2}, {u"status"_s, 429}, {u"retry_after_s"_s, 3}}});
    scenario.insert(
        u"workflows"_s,
        QJsonArray{
            workflowJson(u"ok.example"_s, u"update"_s,
                         {{0, u"pending"_s}, {8, u"in_progress"_s}, {12, u"succeeded"_s}}),
            // Pending for long enough to be seen even when the machine is slow to start the
            // watchers (the first check comes when a watcher is up), and in progress for
            // longer than the policy's gaps between checks at that age.
            workflowJson(u"story.example"_s, u"update"_s,
                         {{0, u"pending"_s}, {15, u"in_progress"_s}, {25, u"succeeded"_s}}),
            withContext(workflowJson(u"fail.example"_s, u"registration"_s,
                                     {{0, u"in_progress"_s}, {4, u"failed"_s}}),
                        1, u"error"_s,
                        QJsonObject{{u"code"_s, u"registry_rejected"_s}, {u"message"_s, u"No."_s}}),
            withContext(workflowJson(u"act.example"_s, u"transfer-in"_s,
                                     {{0, u"in_progress"_s}, {4, u"action_required"_s}}),
                        1, u"context"_s, QJsonObject{{u"action"_s, u"Approve the transfer"_s}}),
            workflowJson(u"slow.example"_s, u"update"_s, {{0, u"in_progress"_s}}),
            limited,
            hijacked(),
        });
    scenario.insert(u"registrations"_s,
                    QJsonArray{QJsonObject{{u"domain"_s, u"patched.example"_s}}});
    const QString file = m_dir.filePath(u"scenario.json"_s);
    QFile out(file);
    QVERIFY(out.open(QIODevice::WriteOnly));
    out.write(QJsonDocument(scenario).toJson());
    out.close();
    m_sim.start(QStringLiteral(RW_SIM_BINARY), {u"--scenario"_s, file});
    QVERIFY(m_sim.waitForStarted());
    QTRY_VERIFY_WITH_TIMEOUT(m_sim.canReadLine(), 10000);
    m_base = QString::fromUtf8(m_sim.readLine()).trimmed().mid(u"listening on "_s.size());
    QVERIFY(m_base.startsWith(u"http://127.0.0.1:"_s));
}

void TestWatchCommand::cleanupTestCase()
{
    m_sim.terminate();
    m_sim.waitForFinished();
}

QProcess *TestWatchCommand::start(const QStringList &arguments, const QString &token,
                                  const QString &data)
{
    auto *process = new QProcess(this);
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"CLOUDFLARE_API_TOKEN"_s, token);
    environment.insert(u"CLOUDFLARE_ACCOUNT_ID"_s, testAccountId);
    environment.insert(u"CLOUDFLARE_BASE_URL"_s, m_base);
    // Never the user's store or request ledger.
    environment.insert(u"XDG_DATA_HOME"_s, data.isEmpty() ? m_dir.filePath(u"data"_s) : data);
    process->setProcessEnvironment(environment);
    process->start(QStringLiteral(RW_WATCH_BINARY), QStringList{u"watch"_s} + arguments);
    return process;
}

Run TestWatchCommand::finish(QProcess *process, int timeoutMs)
{
    Run run;
    if (!process->waitForFinished(timeoutMs)) {
        process->kill();
        process->waitForFinished();
    }
    run.exitCode = process->exitStatus() == QProcess::NormalExit ? process->exitCode() : -1;
    run.out = QString::fromUtf8(process->readAllStandardOutput());
    run.err = QString::fromUtf8(process->readAllStandardError());
    process->deleteLater();
    return run;
}

void TestWatchCommand::exitsWithTheStateReached()
{
    struct Case
    {
        QString name;
        QStringList arguments;
        int exitCode;
        QString token = testToken;
    };
    const QList<Case> cases = {
        {u"all succeeded"_s, {u"--no-store"_s, u"story.example"_s}, 0},
        {u"one failed"_s, {u"--no-store"_s, u"ok.example"_s, u"fail.example:registration"_s}, 1},
        {u"one needs action"_s,
         {u"--no-store"_s, u"fail.example:registration"_s, u"act.example:transfer-in"_s},
         3},
        {u"max-wait"_s, {u"--no-store"_s, u"--max-wait"_s, u"5s"_s, u"slow.example"_s}, 4},
        {u"credentials rejected"_s, {u"--no-store"_s, u"ok.example"_s}, 5, u"wrong"_s},
        {u"no workflow"_s, {u"--no-store"_s, u"ok.example"_s, u"missing.example"_s}, 6},
        {u"rate limited on the way"_s, {u"--no-store"_s, u"limited.example"_s}, 0},
        {u"gave up"_s, {u"--no-store"_s, u"hijack.example"_s}, 4},
        {u"a long max-wait"_s, {u"--no-store"_s, u"--max-wait"_s, u"30d"_s, u"ok.example"_s}, 0},
    };
    QList<QProcess *> processes;
    for (const Case &c : cases)
        processes.append(start(c.arguments, c.token));
    for (qsizetype i = 0; i < cases.size(); ++i) {
        const Run run = finish(processes.at(i));
        QVERIFY2(run.exitCode == cases.at(i).exitCode,
                 qPrintable(u"%1: exit %2\n%3%4"_s.arg(cases.at(i).name)
                                .arg(run.exitCode)
                                .arg(run.out, run.err)));
        QVERIFY2(run.out.contains(u"\n\n"_s), qPrintable(run.out)); // the summary table follows
        if (cases.at(i).name == u"all succeeded") {
            QVERIFY2(run.out.contains(u"story.example  update  pending\n"_s), qPrintable(run.out));
            QVERIFY(run.out.contains(u"story.example  update  pending → in_progress"_s));
            QVERIFY(run.out.contains(u"story.example  update  in_progress → succeeded"_s));
            QVERIFY(run.out.contains(u"All settled:"_s));
        }
        if (cases.at(i).name == u"one needs action")
            QVERIFY(run.out.contains(u"Needs you: Approve the transfer"_s));
        if (cases.at(i).name == u"max-wait")
            QVERIFY(run.out.contains(u"--max-wait 5s passed:"_s));
        if (cases.at(i).name == u"credentials rejected")
            QVERIFY(run.out.contains(u"rejected the credentials"_s) &&
                    !run.out.contains(u"wrong"_s));
        if (cases.at(i).name == u"no workflow")
            QVERIFY(run.out.contains(u"gave up: no workflow found"_s));
        if (cases.at(i).name == u"gave up")
            QVERIFY2(run.out.contains(u"gave up: its status link is not on the API origin"_s),
                     qPrintable(run.out));
        if (cases.at(i).name == u"a long max-wait")
            QVERIFY2(run.err.isEmpty(), qPrintable(run.err));
        if (cases.at(i).name == u"rate limited on the way") {
            QVERIFY(run.out.contains(u"rate-limited the account"_s));
            QVERIFY(run.out.contains(u"requests resume"_s));
        }
    }
}

void TestWatchCommand::printsEveryChangeAsJson()
{
    // As an operator would: change a registration, then watch the update it started.
    QNetworkAccessManager network;
    QNetworkRequest patch(QUrl(
        m_base + u"/accounts/%1/registrar/registrations/patched.example"_s.arg(testAccountId)));
    patch.setRawHeader("Authorization", "Bearer " + testToken.toLatin1());
    patch.setRawHeader("Content-Type", "application/json");
    patch.setRawHeader("Prefer", "respond-async");
    QNetworkReply *reply = network.sendCustomRequest(patch, "PATCH", R"({"auto_renew": false})");
    QTRY_VERIFY(reply->isFinished());
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 202);
    delete reply;

    const Run run = finish(start({u"--no-store"_s, u"--json"_s, u"patched.example"_s}));
    QCOMPARE(run.exitCode, 0);
    // The update plays pending (0 s), in_progress (2 s), succeeded (8 s); the first look, at
    // about 2 s, sees one of the first two.
    const QStringList names = run.eventNames();
    QVERIFY2(names.size() >= 3, qPrintable(run.out));
    QCOMPARE(names.first(), u"observed"_s);
    QCOMPARE(names.last(), u"final"_s);
    const QList<QJsonObject> events = run.events();
    for (const QJsonObject &event : events) {
        for (const QString &key :
             {u"domain"_s, u"kind"_s, u"state"_s, u"completed"_s, u"created_at"_s, u"updated_at"_s,
              u"context"_s, u"error"_s, u"links"_s, u"event"_s, u"observed_at"_s})
            QVERIFY2(event.contains(key), qPrintable(key));
        if (event.value(u"event") == u"changed"_s) {
            QVERIFY(event.value(u"previous_state").isString());
            QVERIFY(event.value(u"previous_state_s").toInteger() >= 1);
        }
    }
    const QJsonObject last = events.at(events.size() - 2);
    QCOMPARE(last.value(u"event").toString(), u"changed"_s);
    QCOMPARE(last.value(u"state").toString(), u"succeeded"_s);
    QCOMPARE(last.value(u"completed").toBool(), true);
    QCOMPARE(last.value(u"domain").toString(), u"patched.example"_s);
    QCOMPARE(events.last().value(u"watch").toString(), u"settled"_s);
}

void TestWatchCommand::keepsItsPlaceInTheStore()
{
    const QString store = m_dir.filePath(u"watch.sqlite"_s);
    Run first = finish(start({u"--store"_s, store, u"--max-wait"_s, u"3s"_s, u"slow.example"_s}));
    QCOMPARE(first.exitCode, 4);
    QVERIFY(QFile::exists(store));
    Run second = finish(
        start({u"--store"_s, store, u"--json"_s, u"--max-wait"_s, u"3s"_s, u"slow.example"_s}));
    QCOMPARE(second.exitCode, 4);
    // It knows the workflow from last time, and does not report that state as new.
    QCOMPARE(second.eventNames().first(), u"known"_s);
    QVERIFY(!second.eventNames().contains(u"observed"_s));
    // A workflow that has ended is checked again, and the run ends: it does not wait for a
    // change that cannot come.
    Run ended = finish(start({u"--store"_s, store, u"ok.example"_s}));
    QCOMPARE(ended.exitCode, 0);
    Run again = finish(start({u"--store"_s, store, u"ok.example"_s}), 30000);
    QVERIFY2(again.exitCode == 0, qPrintable(again.out + again.err));
    QVERIFY(again.out.contains(u"succeeded when last checked"_s));
    // The default store is in the data directory, which the test points elsewhere.
    Run third = finish(start({u"--max-wait"_s, u"2s"_s, u"slow.example"_s}));
    QCOMPARE(third.exitCode, 4);
    QVERIFY(QFile::exists(m_dir.filePath(u"data/Registrar Watch/registrar-watch/watch.sqlite"_s)));
}

// A run killed after a check came due leaves that check in the past in the store: the next run
// asks it with the credentials it was given, not before they are set (it sent the request
// without credentials, took the answer as "credentials rejected" and stopped, exit 5, in every
// run after the first of bench/run_restarts.sh).
void TestWatchCommand::aRestartAsksWhatIsDueWithItsCredentials()
{
    QTemporaryDir data;
    QVERIFY(data.isValid());
    const QString store = m_dir.filePath(u"due-watch.sqlite"_s);
    Run first = finish(start({u"--store"_s, store, u"--max-wait"_s, u"3s"_s, u"slow.example"_s},
                             testToken, data.path()));
    QCOMPARE(first.exitCode, 4);
    QCOMPARE(makeEveryCheckDue(store), 1);
    Run second = finish(start({u"--store"_s, store, u"--max-wait"_s, u"3s"_s, u"slow.example"_s},
                              testToken, data.path()));
    QVERIFY2(second.exitCode == 4, qPrintable(second.out + second.err));
    QVERIFY2(!second.err.contains(u"rejected"_s) && !second.out.contains(u"credentials"_s),
             qPrintable(second.out + second.err));
    // Every request of both runs is on the credentials' budget, the due one sent at the start
    // too: counted under the account's own key instead, the next run would not see it.
    QDirIterator found(data.path(), {u"requests.sqlite"_s}, QDir::Files,
                       QDirIterator::Subdirectories);
    QVERIFY(found.hasNext());
    auto ledger = RequestLedger::open(found.next());
    QVERIFY2(ledger, qPrintable(ledger ? QString() : ledger.error()));
    const auto sends = ledger.value()->takeForeign(0);
    QVERIFY(sends);
    QVERIFY2(sends->size() >= 2, qPrintable(QString::number(sends->size())));
    for (const RequestLedger::Send &send : sends.value())
        QCOMPARE(send.key, Credentials::apiToken(testToken).budgetKey());
}

// A user private group's umask (002, Ubuntu's and many a Debian desktop's) made the data
// folder 0775, and the store in it was refused as replaceable by others: the first run said
// "The store is not opened" and exited 2. The folders it makes are private whatever the umask.
void TestWatchCommand::aFirstRunWithAUmaskOf002KeepsItsStore()
{
    QTemporaryDir data;
    QVERIFY(data.isValid());
    const mode_t before = ::umask(002); // the child inherits it
    QProcess *process =
        start({u"--max-wait"_s, u"2s"_s, u"slow.example"_s}, testToken, data.path() + u"/share"_s);
    ::umask(before);
    const Run run = finish(process);
    QVERIFY2(run.exitCode == 4, qPrintable(run.out + run.err));
    const QString folder = data.filePath(u"share/Registrar Watch/registrar-watch"_s);
    for (const QString &file : {u"watch.sqlite"_s, u"requests.sqlite"_s}) {
        QVERIFY2(QFile::exists(folder + u'/' + file), qPrintable(file));
        QCOMPARE(QFile::permissions(folder + u'/' + file),
                 QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadUser |
                     QFileDevice::WriteUser);
    }
    QCOMPARE(QFileInfo(folder).permissions() & (QFileDevice::WriteGroup | QFileDevice::WriteOther),
             QFileDevice::Permissions());
}

void TestWatchCommand::saysOnceThatADamagedStoreWasSetAside()
{
    const QString store = m_dir.filePath(u"damaged-watch.sqlite"_s);
    QFile garbage(store);
    QVERIFY(garbage.open(QIODevice::WriteOnly));
    garbage.write("this was never a database\n");
    garbage.close();
    const Run run =
        finish(start({u"--store"_s, store, u"--max-wait"_s, u"2s"_s, u"slow.example"_s}));
    QCOMPARE(run.exitCode, 4);
    QVERIFY2(run.err.count(u"was moved to"_s) == 1, qPrintable(run.err));
    QVERIFY2(run.err.contains(u"registrar-watch watch: The store at %1"_s.arg(store)),
             qPrintable(run.err));
}

// A store in a folder the user cannot write: what it holds is read, the watch runs, and the
// one sentence says that nothing new is saved (no error at every answer). Root ignores the
// folder's mode: the watch runs as another user (rwtest, made if need be).
void TestWatchCommand::watchesFromAStoreItCannotWrite()
{
    QStringList runAs;
    if (::geteuid() == 0) {
        QProcess id;
        id.start(u"sh"_s, {u"-c"_s, u"id rwtest || useradd -M rwtest"_s});
        if (!id.waitForFinished(30000) || id.exitCode() != 0)
            QSKIP("Running as root, and no other user (rwtest) to run the watch as.");
        runAs = {u"runuser"_s, u"-u"_s, u"rwtest"_s, u"--"_s};
    }
    const QString folder = m_dir.filePath(u"read-only"_s);
    QVERIFY(QDir().mkpath(folder));
    const QString store = folder + u"/watch.sqlite"_s;
    const Run first =
        finish(start({u"--store"_s, store, u"--max-wait"_s, u"3s"_s, u"slow.example"_s}));
    QCOMPARE(first.exitCode, 4);
    QVERIFY(!QFile::exists(store + u"-wal"_s));
    const auto all = QFile::ReadOwner | QFile::ExeOwner | QFile::ReadOther | QFile::ExeOther;
    QVERIFY(QFile::setPermissions(m_dir.path(), all | QFile::WriteOwner));
    // The store is the watcher's own (a store of another user's is refused as not private):
    // what it cannot do is write the folder.
    QVERIFY(QFile::setPermissions(store, QFile::ReadOwner));
    if (!runAs.isEmpty())
        QCOMPARE(QProcess::execute(u"chown"_s, {u"rwtest"_s, store}), 0);
    QVERIFY(QFile::setPermissions(folder, all));
    QFile stored(store);
    QVERIFY(stored.open(QIODevice::ReadOnly));
    const QByteArray before = stored.readAll();
    stored.close();
    // The first run left the store and the request ledger; the read-only run adds nothing.
    const QStringList filesBefore = QDir(folder).entryList(QDir::Files);
    QVERIFY(filesBefore.contains(u"watch.sqlite"_s));

    auto *process = new QProcess(this);
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"CLOUDFLARE_API_TOKEN"_s, testToken);
    environment.insert(u"CLOUDFLARE_ACCOUNT_ID"_s, testAccountId);
    environment.insert(u"CLOUDFLARE_BASE_URL"_s, m_base);
    environment.insert(u"XDG_DATA_HOME"_s, m_dir.filePath(u"data"_s));
    process->setProcessEnvironment(environment);
    const QStringList command = runAs + QStringList{QStringLiteral(RW_WATCH_BINARY),
                                                    u"watch"_s,
                                                    u"--json"_s,
                                                    u"--store"_s,
                                                    store,
                                                    u"--max-wait"_s,
                                                    u"4s"_s,
                                                    u"slow.example"_s};
    process->start(command.first(), command.mid(1));
    const Run run = finish(process, 60000);
    QVERIFY(QFile::setPermissions(folder, all | QFile::WriteOwner));
    QVERIFY2(run.exitCode == 4, qPrintable(run.err));
    // Known from the store, and asked again.
    QVERIFY2(!run.eventNames().isEmpty() && run.eventNames().first() == u"known"_s,
             qPrintable(run.out + run.err));
    QVERIFY2(run.err.count(u"can only be read"_s) == 1 &&
                 run.err.contains(u"the folder %1 cannot be written"_s.arg(folder)),
             qPrintable(run.err));
    QVERIFY2(!run.err.contains(u"could not"_s), qPrintable(run.err));
    QVERIFY(stored.open(QIODevice::ReadOnly));
    QCOMPARE(stored.readAll(), before);
    QCOMPARE(QDir(folder).entryList(QDir::Files), filesBefore);
}

void TestWatchCommand::stopsCleanlyOnCtrlC()
{
    QProcess *process = start({u"--no-store"_s, u"slow.example"_s});
    QTRY_VERIFY_WITH_TIMEOUT(process->canReadLine(), 20000); // it has seen the state
    ::kill(pid_t(process->processId()), SIGINT);
    const Run run = finish(process, 20000);
    QCOMPARE(run.exitCode, 4);
    QVERIFY2(run.out.contains(u"Interrupted:"_s) && run.out.contains(u"in_progress"_s),
             qPrintable(run.out));
}

void TestWatchCommand::refusesBadUsage_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");
    QTest::newRow("store and no store")
        << QStringList{u"--store"_s, u"x.sqlite"_s, u"--no-store"_s, u"ok.example"_s}
        << u"contradict"_s;
    QTest::newRow("bad max-wait") << QStringList{u"--max-wait"_s, u"soon"_s, u"ok.example"_s}
                                  << u"Invalid --max-wait"_s;
    QTest::newRow("no domains") << QStringList{u"--no-store"_s} << u"No domains given"_s;
    QTest::newRow("unusable store")
        << QStringList{u"--store"_s, u"/proc/registrar.sqlite"_s, u"ok.example"_s}
        << u"could not be"_s;
}

void TestWatchCommand::refusesBadUsage()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    const Run run = finish(start(arguments), 20000);
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains(message), qPrintable(run.err));
}

// Two accounts in the desktop app's settings, each with a token that reaches it alone, kept in
// the private file: `watch --from-settings` signs in to each with its own, names each workflow's
// account by label, and prints no secret.
void TestWatchCommand::watchesTheAccountsOfTheSettings()
{
    const QString globexId = u"0123456789abcdef0123456789abcdef"_s;
    const QString acmeToken = u"cfut_acme-cli-token"_s;
    const QString globexToken = u"cfut_globex-cli-token"_s;
    QJsonObject scenario = baseScenario();
    scenario.insert(u"other_accounts"_s, QJsonArray{globexId});
    scenario.insert(
        u"tokens"_s,
        QJsonArray{QJsonObject{{u"token"_s, acmeToken}, {u"accounts"_s, QJsonArray{testAccountId}}},
                   QJsonObject{{u"token"_s, globexToken}, {u"accounts"_s, QJsonArray{globexId}}}});
    QJsonObject globexWorkflow =
        workflowJson(u"b.example"_s, u"update"_s, {{0, u"in_progress"_s}, {3, u"succeeded"_s}});
    globexWorkflow.insert(u"account"_s, globexId);
    scenario.insert(u"workflows"_s,
                    QJsonArray{workflowJson(u"a.example"_s, u"update"_s,
                                            {{0, u"in_progress"_s}, {3, u"succeeded"_s}}),
                               globexWorkflow});
    QTemporaryDir dir;
    const QString file = dir.filePath(u"scenario.json"_s);
    QFile out(file);
    QVERIFY(out.open(QIODevice::WriteOnly));
    out.write(QJsonDocument(scenario).toJson());
    out.close();
    QProcess sim;
    sim.start(QStringLiteral(RW_SIM_BINARY), {u"--scenario"_s, file});
    QVERIFY(sim.waitForStarted());
    QTRY_VERIFY_WITH_TIMEOUT(sim.canReadLine(), 10000);
    const QString base = QString::fromUtf8(sim.readLine()).trimmed().mid(u"listening on "_s.size());

    // The settings and the private file where the app keeps them for this user.
    const QString config = dir.filePath(u"config"_s);
    const QString data = dir.filePath(u"data"_s);
    {
        AppSettings settings(new QSettings(config + u"/Registrar Watch/registrar-watch.conf"_s,
                                           QSettings::IniFormat));
        AccountSettings acme;
        acme.id = testAccountId;
        acme.label = u"Acme"_s;
        acme.storage = AppSettings::SecretStorage::PrivateFile;
        AccountSettings globex = acme;
        globex.id = globexId;
        globex.label = u"Globex"_s;
        QCOMPARE(settings.setAccounts({acme, globex}), std::nullopt);
        settings.setApiBase(base);
        settings.sync();
        PrivateFileSecretStore secrets(data + u"/Registrar Watch/registrar-watch/secrets.json"_s);
        int written = 0;
        const auto done = [&written](const SecretStore::Result &) {
            ++written;
        };
        secrets.write(acme.secretKey(), acmeToken, &secrets, done);
        secrets.write(globex.secretKey(), globexToken, &secrets, done);
        QTRY_COMPARE(written, 2);
    }
    const auto watch = [&](const QStringList &arguments) {
        QProcess process;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        for (const QString &name : {u"CLOUDFLARE_API_TOKEN"_s, u"CLOUDFLARE_ACCOUNT_ID"_s,
                                    u"CLOUDFLARE_EMAIL"_s, u"CLOUDFLARE_API_KEY"_s})
            environment.remove(name);
        environment.insert(u"XDG_CONFIG_HOME"_s, config);
        environment.insert(u"XDG_DATA_HOME"_s, data);
        process.setProcessEnvironment(environment);
        process.start(QStringLiteral(RW_WATCH_BINARY),
                      QStringList{u"watch"_s, u"--from-settings"_s, u"--no-store"_s} + arguments);
        Run run;
        if (!process.waitForFinished(120000))
            process.kill();
        process.waitForFinished();
        run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
        run.out = QString::fromUtf8(process.readAllStandardOutput());
        run.err = QString::fromUtf8(process.readAllStandardError());
        return run;
    };

    const Run run = watch({u"--json"_s, u"Acme/a.example"_s, u"globex/b.example"_s});
    QVERIFY2(run.exitCode == 0, qPrintable(run.out + run.err));
    QStringList succeeded;
    for (const QJsonObject &event : run.events()) {
        if (event.value(u"state"_s).toString() == u"succeeded")
            succeeded.append(event.value(u"account_id"_s).toString() + u' ' +
                             event.value(u"domain"_s).toString());
    }
    succeeded.removeDuplicates();
    succeeded.sort();
    QCOMPARE(succeeded, (QStringList{globexId + u" b.example"_s, testAccountId + u" a.example"_s}));
    for (const QString &token : {acmeToken, globexToken})
        QVERIFY(!run.out.contains(token) && !run.err.contains(token));

    // Two accounts on and none named: which one is asked, and nothing is sent.
    const Run unnamed = watch({u"a.example"_s});
    QCOMPARE(unnamed.exitCode, 2);
    QVERIFY2(unnamed.err.contains(u"which account?"_s), qPrintable(unnamed.err));
    const Run unknown = watch({u"Initech/a.example"_s});
    QCOMPARE(unknown.exitCode, 2);
    QVERIFY2(unknown.err.contains(u"no account turned on in the settings"_s),
             qPrintable(unknown.err));
    // --account names the account of every DOMAIN.
    const Run byOption = watch({u"--account"_s, u"Globex"_s, u"b.example"_s});
    QVERIFY2(byOption.exitCode == 0, qPrintable(byOption.out + byOption.err));
    sim.terminate();
    sim.waitForFinished();
}

void TestWatchCommand::tellsAnOutageOnceAndItsEnd()
{
    // A simulator of its own, stopped while `watch` runs and started again on the same port.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QJsonObject scenario = baseScenario();
    scenario.insert(u"workflows"_s, QJsonArray{workflowJson(u"long.example"_s, u"update"_s,
                                                            {{0, u"in_progress"_s}})});
    auto sim = std::make_unique<SimulatorProcess>();
    if (const auto problem = sim->start(QStringLiteral(RW_SIM_BINARY), scenario, dir.path()))
        QFAIL(qPrintable(*problem));
    const QUrl base = sim->base();
    auto *process = new QProcess(this);
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"CLOUDFLARE_API_TOKEN"_s, testToken);
    environment.insert(u"CLOUDFLARE_ACCOUNT_ID"_s, testAccountId);
    environment.insert(u"CLOUDFLARE_BASE_URL"_s, base.toString());
    environment.insert(u"XDG_DATA_HOME"_s, dir.filePath(u"data"_s));
    process->setProcessEnvironment(environment);
    process->start(QStringLiteral(RW_WATCH_BINARY),
                   {u"watch"_s, u"--no-store"_s, u"long.example"_s});
    QString out;
    const auto read = [&] {
        out += QString::fromUtf8(process->readAllStandardOutput());
        return out;
    };
    QTRY_VERIFY_WITH_TIMEOUT(read().contains(u"in_progress"_s), 20000);
    sim.reset();
    QTRY_VERIFY_WITH_TIMEOUT(read().contains(u"Cannot reach the API since "_s), 60000);
    sim = std::make_unique<SimulatorProcess>();
    if (const auto problem =
            sim->start(QStringLiteral(RW_SIM_BINARY), scenario, dir.path(), quint16(base.port())))
        QFAIL(qPrintable(*problem));
    QTRY_VERIFY_WITH_TIMEOUT(read().contains(u"Reached the API again at "_s), 90000);
    ::kill(pid_t(process->processId()), SIGINT);
    const Run run = finish(process, 20000);
    const QString all = out + run.out;
    QCOMPARE(all.count(u"Cannot reach the API since "_s), 1);
    QCOMPARE(all.count(u"Reached the API again at "_s), 1);
    // Before the outage was told, a failed check may have been said; none after.
    const qsizetype told = all.indexOf(u"Cannot reach the API since "_s);
    QVERIFY2(!all.mid(told).contains(u"network:"_s), qPrintable(all));
}

void TestWatchCommand::countsOnTheLedgerOfItsCredentials()
{
    // Issue 13, point 3: `watch` with the environment's credentials and no store writes each
    // request to the user's request ledger under the key of those credentials, the key the app
    // counts the same token's requests under: the two count each other's.
    QTemporaryDir data;
    QVERIFY(data.isValid());
    const Run run =
        finish(start({u"--no-store"_s, u"fail.example:registration"_s}, testToken, data.path()));
    QVERIFY2(run.exitCode == 1, qPrintable(run.out + run.err));
    QDirIterator found(data.path(), {u"requests.sqlite"_s}, QDir::Files,
                       QDirIterator::Subdirectories);
    QVERIFY2(found.hasNext(), "watch --no-store wrote no request ledger");
    auto ledger = RequestLedger::open(found.next());
    QVERIFY2(ledger, qPrintable(ledger ? QString() : ledger.error()));
    const auto sends = ledger.value()->takeForeign(0);
    QVERIFY(sends);
    QVERIFY2(!sends->isEmpty(), "no request written");
    const QString key = Credentials::apiToken(testToken).budgetKey();
    for (const RequestLedger::Send &send : sends.value())
        QCOMPARE(send.key, key);
}

QTEST_GUILESS_MAIN(TestWatchCommand)
#include "tst_watchcommand.moc"
