// The session-only restart, end to end against the simulator: the secret was kept for
// one session only, the app starts again without it. Nothing may be sent meanwhile, and the
// table, the details, the status bar and the tray all say the same thing: waiting for the secret,
// to be entered in Settings, one click away. Entered there, the checks go out again.

#include "engine/PollEngine.h"
#include "settings/MemorySecretStore.h"
#include "store/HandOver.h"
#include "store/PendingWorkflows.h"
#include "support/FindChild.h"
#include "support/SimulatorFixture.h"
#include "ui/DesktopApp.h"
#include "ui/MainWindow.h"
#include "ui/SettingsDialog.h"
#include "ui/TrayIcon.h"
#include "ui/WorkflowTableModel.h"
#include "ui/settings/AccountDialog.h"
#include "ui/settings/AccountsPage.h"

#include <QApplication>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace rw;
using namespace rw::test;
using rw::ui::DesktopApp;
using rw::ui::SettingsDialog;
using rw::ui::WorkflowTableModel;
using Column = WorkflowTableModel::Column;

namespace {

const QString waiting =
    u"Waiting for the secret: enter it in Settings. Nothing is sent until then."_s;

QJsonObject scenario()
{
    QJsonObject json = baseScenario();
    json.insert(u"workflows"_s,
                QJsonArray{workflowJson(u"a.example"_s, u"update"_s, {{0, u"in_progress"_s}}),
                           workflowJson(u"b.example"_s, u"update"_s, {{0, u"in_progress"_s}})});
    return json;
}

WorkflowRef bare(const QString &domain)
{
    return {{}, domain, WorkflowKind::Update}; // as `add` hands it over: the app's account
}

SettingsDialog *openSettings()
{
    for (QWidget *widget : QApplication::topLevelWidgets()) {
        if (auto *dialog = qobject_cast<SettingsDialog *>(widget); dialog && dialog->isVisible())
            return dialog;
    }
    return nullptr;
}

} // namespace

class TestSecretMissing : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void aSessionOnlySecretIsAskedForAfterARestart();
};

void TestSecretMissing::init()
{
    // Hand-overs are recorded in the data directory: the test's own, never the user's.
    static QTemporaryDir data;
    qputenv("XDG_DATA_HOME", data.path().toUtf8());
    QFile::remove(PendingWorkflows().path());
}

void TestSecretMissing::aSessionOnlySecretIsAskedForAfterARestart()
{
    SimulatorFixture sim(scenario());
    QVERIFY2(sim.isListening(), qPrintable(sim.error()));
    const auto requests = [&sim] {
        return sim.simulator().stats().value(u"requests_total"_s).toInt();
    };
    QTemporaryDir dir;
    AppSettings settings(new QSettings(dir.filePath(u"settings.ini"_s), QSettings::IniFormat));
    settings.setAccountId(testAccountId);
    settings.setApiBase(sim.baseUrl().toString());
    settings.setSecretStorage(AppSettings::SecretStorage::SessionOnly);
    const QString key = SecretStore::keyFor(testAccountId, false);
    const DesktopApp::Options options{false, dir.path()};

    // The first session, with the secret: the workflows are added and checked.
    {
        MemorySecretStore memory;
        bool written = false;
        memory.write(key, testToken, &memory,
                     [&written](const SecretStore::Result &) { written = true; });
        QTRY_VERIFY(written);
        DesktopApp app(
            &settings, [&memory](AppSettings::SecretStorage) { return &memory; }, options);
        QCOMPARE(app.start(), std::nullopt);
        QVERIFY(!app.handle(handOver::add({bare(u"a.example"_s), bare(u"b.example"_s)})).isEmpty());
        PollEngine *engine = app.session()->engine();
        const auto allAnswered = [engine] {
            const QList<TrackedWorkflow> workflows = engine->snapshot(); // a copy: one, not two
            return !workflows.isEmpty() &&
                   std::all_of(workflows.cbegin(), workflows.cend(),
                               [](const TrackedWorkflow &w) { return w.status.has_value(); });
        };
        QTRY_VERIFY_WITH_TIMEOUT(allAnswered(),
                                 60000); // a loaded machine may pace the first checks
    }

    // The restart: memory is empty again.
    MemorySecretStore memory;
    const int before = requests();
    DesktopApp app(
        &settings, [&memory](AppSettings::SecretStorage) { return &memory; }, options);
    QCOMPARE(app.start(), std::nullopt);
    ui::MainWindow *window = app.window();
    // A row shown before the secret is found missing: its details follow the hold.
    auto *view = child<QTableView>(*window, u"workflowTable"_s);
    view->selectRow(0);
    window->show();
    QVERIFY(QTest::qWaitForWindowExposed(window));
    WorkflowTableModel *model = window->model();
    QCOMPARE(model->rowCount(), 2);

    // The status bar: why, the way to the field, and no hold saying it a third time.
    QTRY_VERIFY(!child<QLabel>(*window, u"credentials"_s)->text().isEmpty());
    auto *hold = child<QLabel>(*window, u"hold"_s);
    QTRY_COMPARE(hold->text(), QString());
    QVERIFY(!hold->isVisible());
    QCOMPARE(child<QLabel>(*window, u"nextCheck"_s)->text(), u"· no checks"_s);
    auto *enter = child<QPushButton>(*window, u"enterSecret"_s);
    QVERIFY(enter->isVisible());
    // Said in full, yet the window still fits a small screen.
    QVERIFY2(window->minimumSizeHint().width() <= 1024,
             qPrintable(QString::number(window->minimumSizeHint().width())));
    // The table: every row says it, and no check is counted down.
    for (int row = 0; row < model->rowCount(); ++row) {
        QTRY_COMPARE(model->index(row, int(Column::Notes)).data().toString(), waiting);
        QCOMPARE(model->index(row, int(Column::NextCheck)).data().toString(), u"on hold"_s);
    }
    // The details of a row.
    QTRY_COMPARE(child<QLabel>(*window, u"next"_s)->text(), waiting);
    const QString facts = child<QLabel>(*window, u"facts"_s)->text();
    QVERIFY2(facts.contains(u"Next check: none until the credentials are there"_s),
             qPrintable(facts));
    QVERIFY2(facts.contains(u", failed: 0"_s), qPrintable(facts)); // nothing charged
    // The tray.
    QVERIFY2(app.tray()->toolTip().contains(waiting), qPrintable(app.tray()->toolTip()));

    // Asked to check everything now, it still sends nothing.
    app.session()->engine()->pollAllNow();
    QTRY_COMPARE(model->index(0, int(Column::NextCheck)).data().toString(), u"on hold"_s);
    QCOMPARE(requests(), before);
    for (int row = 0; row < model->rowCount(); ++row) {
        const QString note = model->index(row, int(Column::Notes)).data().toString();
        QVERIFY2(!note.contains(u"rejected"_s) && !note.contains(u"failed"_s), qPrintable(note));
    }

    // One click: Settings on the Account tab, the cursor in the token's field, and a reminder
    // that this was the operator's choice.
    QTest::mouseClick(enter, Qt::LeftButton);
    SettingsDialog *dialog = nullptr;
    QTRY_VERIFY((dialog = openSettings()) != nullptr);
    QCOMPARE(child<QTabWidget>(*dialog, QString())->currentWidget()->objectName(),
             u"accountsPage"_s);
    ui::AccountDialog *account = nullptr;
    QTRY_VERIFY((account = dialog->accountsPage()->openDialog()) != nullptr);
    auto *token = child<QLineEdit>(*account, u"token"_s);
    QTRY_COMPARE(account->focusWidget(), token);
    QTRY_VERIFY2(child<QLabel>(*account, u"storageNote"_s)
                     ->text()
                     .contains(u"you chose to keep it for this session only"_s),
                 qPrintable(child<QLabel>(*account, u"storageNote"_s)->text()));

    // Entered, the checks go out again, and the words go.
    token->setText(testToken);
    QTest::mouseClick(child<QDialogButtonBox>(*account, QString())->button(QDialogButtonBox::Ok),
                      Qt::LeftButton);
    QTRY_VERIFY(requests() > before);
    QTRY_VERIFY(hold->text().isEmpty());
    QTRY_VERIFY(!enter->isVisible());
    QTRY_VERIFY(model->index(0, int(Column::Notes)).data().toString() != waiting);
    QVERIFY(!app.tray()->toolTip().contains(waiting));
}

QTEST_MAIN(TestSecretMissing)
#include "tst_secretmissing.moc"
