// The desktop app's notifications, end to end on a private session bus with a fake
// notification daemon: the demo's first workflow to finish is told within the first minute,
// as the app itself names it (icon, desktop entry); "Open" on it brings the window up with that
// workflow selected; the window's own notice is the last resort; and closing the window while
// it keeps running says where it went, once.

#include "common/AppIdentity.h"
#include "engine/PollEngine.h"
#include "notify/NotificationCenter.h"
#include "settings/MemorySecretStore.h"
#include "support/FakeNotificationServer.h"
#include "support/FindChild.h"
#include "ui/DesktopApp.h"
#include "ui/DetailsPane.h"
#include "ui/MainWindow.h"
#include "ui/WorkflowTableModel.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFrame>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <optional>

using namespace Qt::StringLiterals;
using namespace rw;
using namespace rw::test;
using rw::ui::DesktopApp;
using rw::ui::MainWindow;

namespace {

struct Fixture
{
    QTemporaryDir dir;
    AppSettings settings{new QSettings(dir.filePath(u"settings.ini"_s), QSettings::IniFormat)};
    MemorySecretStore secrets;
    [[nodiscard]] auto stores()
    {
        return [this](AppSettings::SecretStorage) -> SecretStore * {
            return &secrets;
        };
    }
};

QList<qint64> selectedIds(const MainWindow &window)
{
    QList<qint64> ids;
    const QModelIndexList rows =
        child<QTableView>(&window, u"workflowTable"_s)->selectionModel()->selectedRows();
    for (const QModelIndex &row : rows)
        ids.append(row.data(ui::WorkflowTableModel::IdRole).toLongLong());
    return ids;
}

// The first call that told of one workflow's end, succeeded or failed; none yet.
std::optional<FakeNotificationServer::Call> toldEnd(const FakeNotificationServer &server)
{
    for (const FakeNotificationServer::Call &call : std::as_const(server.calls)) {
        if (call.summary.contains(u": "_s) &&
            (call.summary.endsWith(u" succeeded"_s) || call.summary.endsWith(u" failed"_s)))
            return call;
    }
    return std::nullopt;
}

bool told(const FakeNotificationServer &server, const QString &summary)
{
    return std::any_of(server.calls.cbegin(), server.calls.cend(),
                       [&summary](const auto &call) { return call.summary == summary; });
}

// The workflow whose domain the notification's summary names; 0 if none.
qint64 workflowNamedIn(const FakeNotificationServer::Call &call, const PollEngine &engine)
{
    // "example.com: ..." or, among several accounts, "example.com (Demo): ..."
    const QString domain = call.summary.section(u':', 0, 0).section(u" ("_s, 0, 0);
    qint64 id = 0;
    for (const qint64 candidate : engine.workflowIds()) {
        if (engine.workflow(candidate)->ref.domain == domain)
            id = candidate;
    }
    return id;
}

} // namespace

class TestDesktopNotify : public QObject
{
    Q_OBJECT
private slots:
    void demoTellsTheFirstEndWithinAMinute();
    void demoTellsWhatWasAlreadyOverWhenAdded();
    void openOnANotificationShowsItsWorkflow();
    void withoutDaemonTheWindowTells();
    void closingWhileRunningSaysWhereItWent();
};

void TestDesktopNotify::demoTellsTheFirstEndWithinAMinute()
{
    FakeNotificationServer server;
    QVERIFY(server.start());
    Fixture fixture;
    DesktopApp app(&fixture.settings, fixture.stores(), {true, fixture.dir.path()});
    QElapsedTimer clock;
    clock.start();
    QCOMPARE(app.start(), std::nullopt);
    QVERIFY(app.session()->isDemo());

    // The first end of a demo workflow: within a minute.
    QTRY_VERIFY_WITH_TIMEOUT(toldEnd(server), 60000);
    QVERIFY2(clock.elapsed() < 60000, qPrintable(QString::number(clock.elapsed())));
    const FakeNotificationServer::Call call = *toldEnd(server);
    QCOMPARE(call.appName, appDisplayName);
    QCOMPARE(call.appIcon, appId);
    QCOMPARE(call.hints.value(u"desktop-entry"_s).toString(), appId);
    QVERIFY(call.actions.contains(u"open"_s));
    // It names a demo workflow, and that one is finished.
    const qint64 id = workflowNamedIn(call, *app.session()->engine());
    QVERIFY2(id, qPrintable(call.summary));
    QCOMPARE(app.session()->engine()->workflow(id)->watch, WatchState::Settled);
}

void TestDesktopNotify::demoTellsWhatWasAlreadyOverWhenAdded()
{
    // What the demo starts with already ended or waiting for the operator is news too: the
    // demo's workflows were just added.
    FakeNotificationServer server;
    QVERIFY(server.start());
    Fixture fixture;
    DesktopApp app(&fixture.settings, fixture.stores(), {true, fixture.dir.path()});
    QCOMPARE(app.start(), std::nullopt);
    // The demo has two accounts: each workflow is named with its account's.
    QTRY_VERIFY_WITH_TIMEOUT(told(server, u"fabrikam.org (Demo): update needs you"_s), 30000);
    QTRY_VERIFY_WITH_TIMEOUT(told(server, u"tailspin-toys.net (Demo): registration failed"_s),
                             30000);
    QTRY_VERIFY_WITH_TIMEOUT(
        told(server, u"northwind-traders.com (Demo): registration succeeded"_s), 30000);
}

void TestDesktopNotify::openOnANotificationShowsItsWorkflow()
{
    FakeNotificationServer server;
    QVERIFY(server.start());
    Fixture fixture;
    DesktopApp app(&fixture.settings, fixture.stores(), {true, fixture.dir.path()});
    QCOMPARE(app.start(), std::nullopt);
    QTRY_VERIFY_WITH_TIMEOUT(toldEnd(server), 60000);
    const FakeNotificationServer::Call call = *toldEnd(server);
    const qint64 id = workflowNamedIn(call, *app.session()->engine());
    QVERIFY2(id, qPrintable(call.summary));

    // The operator hides the window and clicks "Open" on the notification.
    app.window()->hide();
    server.invoke(call.id, u"open"_s);
    QTRY_VERIFY(app.window()->isVisible());
    QTRY_COMPARE(selectedIds(*app.window()), QList<qint64>{id});
    QCOMPARE(child<ui::DetailsPane>(app.window(), u"details"_s)->workflowId(), id);
}

void TestDesktopNotify::withoutDaemonTheWindowTells()
{
    // No daemon on the bus and no tray (offscreen): the window's notice.
    Fixture fixture;
    DesktopApp app(&fixture.settings, fixture.stores(), {true, fixture.dir.path()});
    QCOMPARE(app.start(), std::nullopt);
    const QFrame *notice = child<QFrame>(app.window(), u"notice"_s);
    const QLabel *noticeText = child<QLabel>(notice, u"noticeText"_s);
    QVERIFY(!notice->isVisible());
    // The demo's 429 is told first (about the account); then the first workflow to end.
    const auto aboutAWorkflow = [&] {
        const QString text = noticeText->text();
        return notice->isVisible() &&
               (text.contains(u" succeeded</b>"_s) || text.contains(u" failed</b>"_s) ||
                text.contains(u" needs you</b>"_s));
    };
    QTRY_VERIFY_WITH_TIMEOUT(aboutAWorkflow(), 60000);
    const QString text = noticeText->text();
    // Its "Open" selects the workflow it is about.
    QPushButton *open = child<QPushButton>(notice, u"openNotice"_s);
    QCOMPARE(open->text(), u"Open"_s);
    open->click();
    // It goes; what was told before it (the demo's 429) shows in its place, if it waits.
    QVERIFY(!notice->isVisible() || noticeText->text() != text);
    QTRY_COMPARE(selectedIds(*app.window()).size(), 1);
    const TrackedWorkflow *selected =
        app.session()->engine()->workflow(selectedIds(*app.window()).first());
    QVERIFY(text.contains(selected->ref.domain));
}

void TestDesktopNotify::closingWhileRunningSaysWhereItWent()
{
    FakeNotificationServer server;
    QVERIFY(server.start());
    Fixture fixture;
    DesktopApp app(&fixture.settings, fixture.stores(), {true, fixture.dir.path()});
    QCOMPARE(app.start(), std::nullopt);
    MainWindow *window = app.window();
    // As with a tray icon on the desktop (this offscreen test has none).
    window->setKeepRunningOnClose(true);
    QSignalSpy hidden(window, &MainWindow::hiddenToBackground);
    const PollEngine *engine = app.session()->engine();
    const auto pollsInAll = [engine] {
        int polls = 0;
        for (const qint64 id : engine->workflowIds())
            polls += engine->workflow(id)->polls;
        return polls;
    };
    window->close();
    QCOMPARE(hidden.size(), 1);
    QVERIFY(!window->isVisible());
    const int polls = pollsInAll();
    const auto told = [&server] {
        int count = 0;
        for (const FakeNotificationServer::Call &call : std::as_const(server.calls))
            count += call.summary == u"Registrar Watch is still watching" ? 1 : 0;
        return count;
    };
    QTRY_COMPARE(told(), 1);
    // Watching goes on with the window hidden.
    QTRY_VERIFY_WITH_TIMEOUT(pollsInAll() > polls, 20000);
    // Said once, also after the window comes back and is closed again.
    app.raise();
    QVERIFY(window->isVisible());
    window->close();
    QCOMPARE(hidden.size(), 2);
    QVERIFY(FakeNotificationServer::sync());
    QCOMPARE(told(), 1);
}

QTEST_MAIN(TestDesktopNotify)
#include "tst_desktopnotify.moc"
