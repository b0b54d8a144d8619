// `registrar-watch add` as a script runs it: the real binary, handing workflows to a running app
// (played here by a SingleInstance listening where the app would) or, with none running,
// recording them for the app's next start.

#include "cli/Cli.h"
#include "platform/SingleInstance.h"
#include "store/HandOver.h"
#include "store/PendingWorkflows.h"
#include "support/SimulatorFixture.h"

#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace rw;
using namespace rw::test;

namespace {

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
};

QStringList describe(const QList<WorkflowRef> &workflows)
{
    QStringList lines;
    for (const WorkflowRef &workflow : workflows)
        lines.append(
            u"%1 %2 %3"_s.arg(workflow.account.id, workflow.domain, kindName(workflow.kind)));
    return lines;
}

} // namespace

class TestAddCommand : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void recordsForTheNextStartWhenTheAppIsNotRunning();
    void readsNamesFromStandardInput();
    void handsOverToTheRunningApp();
    void aRejectedNameHandsNothingOver();
    void pendingWorkflowsAreTakenOnce();

private:
    Run add(const QStringList &arguments, const QByteArray &input = {});
    [[nodiscard]] QString pendingPath() const;

    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestAddCommand::init()
{
    // The binary's data and runtime directories, and this process's, are the test's own: the
    // socket and the pending file are found where the app would look.
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    qputenv("XDG_DATA_HOME", m_dir->filePath(u"data"_s).toUtf8());
    qputenv("XDG_CONFIG_HOME", m_dir->filePath(u"config"_s).toUtf8());
    QDir().mkpath(m_dir->filePath(u"runtime"_s));
    QFile::setPermissions(m_dir->filePath(u"runtime"_s),
                          QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    qputenv("XDG_RUNTIME_DIR", m_dir->filePath(u"runtime"_s).toUtf8());
    rw::cli::setApplicationInfo();
}

QString TestAddCommand::pendingPath() const
{
    return PendingWorkflows().path();
}

Run TestAddCommand::add(const QStringList &arguments, const QByteArray &input)
{
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.remove(u"CLOUDFLARE_ACCOUNT_ID"_s);
    process.setProcessEnvironment(environment);
    QSignalSpy finished(&process, &QProcess::finished);
    process.start(QStringLiteral(RW_WATCH_BINARY), QStringList{u"add"_s} + arguments);
    if (!process.waitForStarted())
        return {};
    if (!input.isEmpty())
        process.write(input);
    process.closeWriteChannel();
    // An event loop while it runs: the "app" in this process has to answer it.
    if (!finished.wait(30000))
        return {};
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
            QString::fromUtf8(process.readAllStandardOutput()),
            QString::fromUtf8(process.readAllStandardError())};
}

void TestAddCommand::recordsForTheNextStartWhenTheAppIsNotRunning()
{
    const Run run =
        add({u"--account"_s, testAccountId, u"a.example"_s, u"b.example:registration"_s});
    QCOMPARE(run.exitCode, 0);
    QVERIFY2(run.out.startsWith(u"Registrar Watch is not running: recorded 2 workflows in "_s),
             qPrintable(run.out));
    QVERIFY2(run.out.contains(u"from its next start"_s), qPrintable(run.out));
    const auto pending = PendingWorkflows(pendingPath()).peek();
    QVERIFY(pending.hasValue());
    QCOMPARE(describe(*pending), (QStringList{u"%1 a.example update"_s.arg(testAccountId),
                                              u"%1 b.example registration"_s.arg(testAccountId)}));
    // A second script adds to what waits; nothing is lost.
    QCOMPARE(add({u"c.example"_s}).exitCode, 0);
    QCOMPARE(PendingWorkflows(pendingPath()).peek()->size(), 3);
    // Without an account of its own, the app's is used when it takes them.
    QCOMPARE(PendingWorkflows(pendingPath()).peek()->last().account.id, QString());
}

void TestAddCommand::readsNamesFromStandardInput()
{
    const Run run = add({u"--kind"_s, u"transfer-in"_s}, "x.example\ny.example\n");
    QCOMPARE(run.exitCode, 0);
    const auto pending = PendingWorkflows(pendingPath()).peek();
    QCOMPARE(describe(*pending),
             (QStringList{u" x.example transfer-in"_s, u" y.example transfer-in"_s}));
}

void TestAddCommand::handsOverToTheRunningApp()
{
    SingleInstance app;
    QVERIFY(app.claim());
    QList<QStringList> heard;
    app.setHandler([&heard](const QStringList &message) -> QString {
        heard.append(message);
        return u"2 workflows added."_s;
    });
    const Run run = add({u"--account"_s, testAccountId, u"a.example"_s, u"b.example"_s});
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(run.out, u"2 workflows added.\n"_s); // what the app said it did
    QCOMPARE(heard.size(), 1);
    const auto workflows = handOver::workflowsOf(heard.first());
    QVERIFY(workflows);
    QCOMPARE(describe(*workflows), (QStringList{u"%1 a.example update"_s.arg(testAccountId),
                                                u"%1 b.example update"_s.arg(testAccountId)}));
    QVERIFY(!QFile::exists(pendingPath())); // handed over, not recorded
}

void TestAddCommand::aRejectedNameHandsNothingOver()
{
    const Run run = add({u"good.example"_s, u"exa mple.com"_s});
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains(u"\"exa mple.com\": a name cannot contain a space"_s),
             qPrintable(run.err));
    QVERIFY2(run.err.contains(u"nothing was handed over"_s), qPrintable(run.err));
    QVERIFY(!QFile::exists(pendingPath()));
}

void TestAddCommand::pendingWorkflowsAreTakenOnce()
{
    PendingWorkflows pending(m_dir->filePath(u"pending.jsonl"_s));
    QCOMPARE(pending.append({{{testAccountId, true}, u"a.example"_s, WorkflowKind::Update}}),
             std::nullopt);
    QCOMPARE(pending.append({{{}, u"b.example"_s, WorkflowKind::Registration}}), std::nullopt);
    // A line written by something else (a newer version, a hand edit) is skipped, not fatal.
    QFile file(pending.path());
    QVERIFY(file.open(QIODevice::Append));
    file.write("{\"domain\": \"not a domain\"}\n");
    file.close();
    const auto taken = pending.take();
    QVERIFY(taken.hasValue());
    QCOMPARE(describe(*taken), (QStringList{u"%1 a.example update"_s.arg(testAccountId),
                                            u" b.example registration"_s}));
    QVERIFY(taken->first().account.sandbox);
    QCOMPARE(pending.take()->size(), 0); // taken once
}

QTEST_GUILESS_MAIN(TestAddCommand)
#include "tst_addcommand.moc"
