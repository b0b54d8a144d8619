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
#include "ui/DesktopApp.h"
#include "ui/DetailsPane.h"
#include "ui/MainWindow.h"

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
    return window.selectedIds();
}

} // namespace

class TestDesktopNotify : public QObject
{
    Q_OBJECT
private slots:
    void demoTellsTheFirstEndWithinAMinute();
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

    // The first end of a demo workflow: within a minute, and nothing before it (the first
    // answers, already finished workflows, are not news).
    const auto ended = [&server] {
        for (const FakeNotificationServer::Call &call : std::as_const(server.calls)) {
            if (call.summary.endsWith(u" succeeded"_s) || call.summary.endsWith(u" failed"_s))
                return true;
        }
        return false;
    };
    QTRY_VERIFY_WITH_TIMEOUT(ended(), 60000);
    QVERIFY2(clock.elapsed() < 60000, qPrintable(QString::number(clock.elapsed())));
    const FakeNotificationServer::Call call = server.calls.last();
    QCOMPARE(call.appName, appDisplayName);
    QCOMPARE(call.appIcon, appId);
    QCOMPARE(call.hints.value(u"desktop-entry"_s).toString(), appId);
    QVERIFY(call.actions.contains(u"open"_s));
    // It names a demo workflow, and that one is finished.
    const QString domain = call.summary.section(u':', 0, 0);
    qint64 id = 0;
    for (const qint64 candidate : app.session()->engine()->workflowIds()) {
        if (app.session()->engine()->workflow(candidate)->ref.domain == domain)
            id = candidate;
    }
    QVERIFY2(id, qPrintable(call.summary));
    QCOMPARE(app.session()->engine()->workflow(id)->watch, WatchState::Settled);

    // The operator hides the window and clicks "Open" on the notification.
    app.window()->hide();
    server.invoke(call.id, u"open"_s);
    QTRY_VERIFY(app.window()->isVisible());
    QTRY_COMPARE(selectedIds(*app.window()), QList<qint64>{id});
    QCOMPARE(app.window()->details()->workflowId(), id);
}

void TestDesktopNotify::withoutDaemonTheWindowTells()
{
    // No daemon on the bus and no tray (offscreen): the window's notice.
    Fixture fixture;
    DesktopApp app(&fixture.settings, fixture.stores(), {true, fixture.dir.path()});
    QCOMPARE(app.start(), std::nullopt);
    QFrame *notice = app.window()->noticeBar();
    QVERIFY(!notice->isVisible());
    // The demo's 429 is told first (about the account); then the first workflow to end.
    const auto aboutAWorkflow = [&] {
        const QString text = app.window()->noticeLabel()->text();
        return notice->isVisible() &&
               (text.contains(u" succeeded</b>"_s) || text.contains(u" failed</b>"_s) ||
                text.contains(u" needs you</b>"_s));
    };
    QTRY_VERIFY_WITH_TIMEOUT(aboutAWorkflow(), 60000);
    const QString text = app.window()->noticeLabel()->text();
    // Its "Open" selects the workflow it is about.
    QPushButton *open = nullptr;
    for (QPushButton *button : notice->findChildren<QPushButton *>()) {
        if (button->text() == u"Open")
            open = button;
    }
    QVERIFY(open);
    open->click();
    QVERIFY(!notice->isVisible());
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
