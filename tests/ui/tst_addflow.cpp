// Add and Import through the window, as main() builds it, against the simulator over loopback
// HTTP: what the operator pastes or ticks is watched, and the window says what became of each
// (added, already watched and checked again or resumed, rejected) in the status bar, and in the
// Add dialog while it stays open with the lines it could not add.

#include "engine/PollEngine.h"
#include "session/DesktopSession.h"
#include "settings/AppSettings.h"
#include "settings/MemorySecretStore.h"
#include "store/RequestLedger.h"
#include "support/FindChild.h"
#include "support/SimulatorFixture.h"
#include "ui/AddWorkflowsDialog.h"
#include "ui/ImportDialog.h"
#include "ui/MainWindow.h"

#include <QApplication>
#include <QDialogButtonBox>
#include <QElapsedTimer>
#include <QLabel>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <functional>
#include <memory>

using namespace Qt::StringLiterals;
using namespace rw;
using namespace rw::test;
using rw::session::DesktopSession;
using rw::ui::AddWorkflowsDialog;
using rw::ui::ImportDialog;
using rw::ui::MainWindow;

namespace {

WorkflowRef ref(const QString &domain, WorkflowKind kind = WorkflowKind::Update)
{
    return {{testAccountId, false}, domain, kind};
}

// Workflows of these names, in progress from the start and for ever, and these registrations
// ("domain status").
QJsonObject scenario(const QStringList &inProgress, const QStringList &registrations = {})
{
    QJsonObject scenario = baseScenario();
    QJsonArray workflows;
    for (const QString &domain : inProgress)
        workflows.append(scenarioWorkflow(domain, {stepJson(0, u"in_progress"_s)}, u"update"_s));
    scenario.insert(u"workflows"_s, workflows);
    QJsonArray listed;
    for (const QString &registration : registrations)
        listed.append(QJsonObject{{u"domain"_s, registration.section(u' ', 0, 0)},
                                  {u"status"_s, registration.section(u' ', 1)}});
    scenario.insert(u"registrations"_s, listed);
    return scenario;
}

// What main() builds: settings in a file, the secret in memory, the session, the window.
struct Desk
{
    std::unique_ptr<AppSettings> settings;
    MemorySecretStore secrets;
    std::unique_ptr<DesktopSession> session;
    std::unique_ptr<MainWindow> window;

    [[nodiscard]] PollEngine *engine() const { return session->engine(); }
    [[nodiscard]] QString statusMessage() const { return window->statusBar()->currentMessage(); }
    [[nodiscard]] int rows() const
    {
        return child<QTableView>(window.get(), u"workflowTable"_s)->model()->rowCount();
    }
};

// Answers the next modal dialog of type D once it is open, as the operator would; if none
// opens within five seconds, or it is still open after the answer, it is rejected so that the
// test fails instead of hanging.
template<typename D>
void whenModal(QWidget *window, std::function<void(D *)> answer, bool *answered)
{
    auto *timer = new QTimer(window);
    auto elapsed = std::make_shared<QElapsedTimer>();
    elapsed->start();
    timer->setInterval(10);
    QObject::connect(timer, &QTimer::timeout, timer, [timer, elapsed, answer, answered] {
        QWidget *modal = QApplication::activeModalWidget();
        if (auto *dialog = qobject_cast<D *>(modal)) {
            *answered = true;
            answer(dialog);
            if (dialog->isVisible())
                dialog->reject();
        } else if (elapsed->elapsed() < 5000) {
            return;
        } else if (auto *other = qobject_cast<QDialog *>(modal)) {
            other->reject();
        }
        timer->stop();
        timer->deleteLater();
    });
    timer->start();
}

QPushButton *okButton(const QDialog *dialog)
{
    return dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
}

// What the Add dialog showed after one Add, and what the window said at that moment.
struct AddSeen
{
    QString summary; // before Add
    bool open = false;
    QString outcome;
    QString input;
    int problems = 0;
    QString status;
};

AddSeen add(AddWorkflowsDialog *dialog, const Desk &desk, const QString &text)
{
    auto *input = child<QPlainTextEdit>(dialog, u"input"_s);
    input->setPlainText(text);
    AddSeen seen;
    seen.summary = child<QLabel>(dialog, u"summary"_s)->text();
    okButton(dialog)->click();
    seen.open = dialog->isVisible();
    const auto *outcome = child<QLabel>(dialog, u"outcome"_s);
    seen.outcome = outcome->isHidden() ? QString() : outcome->text();
    seen.input = input->toPlainText();
    seen.problems = int(child<QListWidget>(dialog, u"problems"_s)->count());
    seen.status = desk.statusMessage();
    return seen;
}

} // namespace

class TestAddFlow : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void cleanup();

    void addSaysWhatIsAlreadyWatched();
    void addKeepsTheRejectedLinesAndSaysWhatHappened();
    void addedLinesAreNotAddedTwice();
    void importWatchesEachAsItsStatusSuggests();

private:
    // A desk watching `watched` (update workflows), against the simulator playing `scenario`.
    std::unique_ptr<Desk> openDesk(const QJsonObject &scenario, const QStringList &watched);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<SimulatorFixture> m_sim;
};

void TestAddFlow::initTestCase()
{
    // Nothing handed over by a real `registrar-watch add` is read, nor anything written there.
    QStandardPaths::setTestModeEnabled(true);
}

void TestAddFlow::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    // The user's request ledger (in test mode, the test's data folder): afresh for each test,
    // so that none counts another's requests, nor an earlier run's.
    for (const QString &suffix : {QString(), u"-wal"_s, u"-shm"_s})
        QFile::remove(RequestLedger::defaultPath() + suffix);
}

void TestAddFlow::cleanup()
{
    m_sim.reset();
    m_dir.reset();
}

std::unique_ptr<Desk> TestAddFlow::openDesk(const QJsonObject &scenario, const QStringList &watched)
{
    m_sim = std::make_unique<SimulatorFixture>(scenario);
    if (!m_sim->isListening()) {
        qWarning().noquote() << "the simulator does not listen:" << m_sim->error();
        return nullptr;
    }
    auto desk = std::make_unique<Desk>();
    desk->settings = std::make_unique<AppSettings>(
        new QSettings(m_dir->filePath(u"settings.ini"_s), QSettings::IniFormat));
    desk->settings->setAccountId(testAccountId);
    desk->settings->setSecretStorage(AppSettings::SecretStorage::SessionOnly);
    bool written = false;
    desk->secrets.write(SecretStore::keyFor(testAccountId, false), testToken, this,
                        [&written](const SecretStore::Result &result) {
                            written = result.status == SecretStore::Status::Ok;
                        });
    if (!QTest::qWaitFor([&] { return written; }))
        return nullptr;
    SecretStore *secrets = &desk->secrets;
    desk->session = std::make_unique<DesktopSession>(
        desk->settings.get(), [secrets](AppSettings::SecretStorage) { return secrets; },
        DesktopSession::Options{false, m_dir->filePath(u"store.sqlite"_s), m_sim->baseUrl()});
    if (const auto error = desk->session->start()) {
        qWarning().noquote() << "the session did not start:" << *error;
        return nullptr;
    }
    for (const QString &domain : watched)
        desk->engine()->track(ref(domain));
    desk->window = std::make_unique<MainWindow>(desk->session.get());
    desk->window->show();
    if (!QTest::qWaitForWindowExposed(desk->window.get()))
        return nullptr;
    return desk;
}

void TestAddFlow::addSaysWhatIsAlreadyWatched()
{
    const QStringList names{u"a.example"_s, u"b.example"_s, u"c.example"_s};
    const auto desk = openDesk(scenario(names), {u"a.example"_s, u"b.example"_s});
    QVERIFY(desk);
    QCOMPARE(desk->rows(), 2);

    AddSeen seen;
    bool answered = false;
    whenModal<AddWorkflowsDialog>(
        desk->window.get(),
        [&](AddWorkflowsDialog *dialog) {
            seen = add(dialog, *desk, u"a.example b.example c.example"_s);
        },
        &answered);
    desk->window->addWorkflows();
    QVERIFY(answered);
    // Not "3 workflows added": two of them were there already, and the dialog said so first.
    QCOMPARE(seen.summary,
             u"3 workflows to add, 2 of them already watched (Add checks them again)."_s);
    QVERIFY(!seen.open);
    QCOMPARE(desk->statusMessage(), u"1 workflow added; 2 already watched, checked again now."_s);
    QCOMPARE(desk->rows(), 3);
}

void TestAddFlow::addKeepsTheRejectedLinesAndSaysWhatHappened()
{
    const QStringList names{u"a.example"_s, u"b.example"_s, u"c.example"_s, u"d.example"_s};
    const auto desk = openDesk(scenario(names), {u"a.example"_s, u"b.example"_s});
    QVERIFY(desk);
    const qint64 b = desk->engine()->find(ref(u"b.example"_s)).value_or(0);
    desk->engine()->pause(b);

    AddSeen first;
    AddSeen second;
    bool answered = false;
    whenModal<AddWorkflowsDialog>(
        desk->window.get(),
        [&](AddWorkflowsDialog *dialog) {
            first = add(dialog, *desk, u"a.example\nb.example\nc.example\nnodot\nexa mple.com"_s);
            if (first.open) // the operator corrects what is left
                second = add(dialog, *desk, u"d.example"_s);
        },
        &answered);
    desk->window->addWorkflows();
    QVERIFY(answered);

    const QString said = u"1 workflow added; 1 already watched, checked again now; 1 already "
                         u"watched but stopped, resumed; 2 rejected."_s;
    QVERIFY(first.open);
    QCOMPARE(first.status, said);
    QCOMPARE(first.outcome,
             said + u" Correct the lines below and add them, or close to discard them."_s);
    QCOMPARE(first.input, u"nodot\nexa mple.com"_s);
    QCOMPARE(first.problems, 2);

    QVERIFY(!second.open);
    QCOMPARE(second.status, u"1 workflow added."_s);
    QCOMPARE(desk->rows(), 4);
    QCOMPARE(desk->engine()->workflow(b)->watch, WatchState::Watching);
}

void TestAddFlow::addedLinesAreNotAddedTwice()
{
    // The dialog left open: closing it adds nothing more, and what was added stays.
    const auto desk = openDesk(scenario({u"a.example"_s}), {});
    QVERIFY(desk);
    AddSeen seen;
    bool answered = false;
    whenModal<AddWorkflowsDialog>(
        desk->window.get(),
        [&](AddWorkflowsDialog *dialog) {
            seen = add(dialog, *desk, u"a.example nodot"_s);
            dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Cancel)->click();
        },
        &answered);
    desk->window->addWorkflows();
    QVERIFY(answered);
    QVERIFY(seen.open);
    QCOMPARE(seen.status, u"1 workflow added; 1 rejected."_s);
    QCOMPARE(desk->rows(), 1);
    QCOMPARE(desk->statusMessage(), u"1 workflow added; 1 rejected."_s);
}

void TestAddFlow::importWatchesEachAsItsStatusSuggests()
{
    const auto desk = openDesk(
        scenario({u"a.example"_s}, {u"a.example active"_s, u"b.example registration_pending"_s,
                                    u"c.example transfer_pending"_s}),
        {u"a.example"_s});
    QVERIFY(desk);

    bool answered = false;
    whenModal<ImportDialog>(
        desk->window.get(),
        [](ImportDialog *dialog) {
            auto *listed = child<QTableWidget>(dialog, u"registrations"_s);
            if (!QTest::qWaitFor([listed] { return listed->rowCount() == 3; }))
                return;
            child<QPushButton>(dialog, u"selectAll"_s)->click();
            okButton(dialog)->click();
        },
        &answered);
    desk->window->importWorkflows();
    QVERIFY(answered);
    QCOMPARE(desk->statusMessage(), u"2 workflows added; 1 already watched, checked again now."_s);
    QCOMPARE(desk->rows(), 3);
    QVERIFY(desk->engine()->find(ref(u"b.example"_s, WorkflowKind::Registration)));
    QVERIFY(desk->engine()->find(ref(u"c.example"_s, WorkflowKind::TransferIn)));
}

QTEST_MAIN(TestAddFlow)
#include "tst_addflow.moc"
