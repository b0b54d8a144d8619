// The tray icon without a tray (offscreen): what its tooltip and badge say for the counts, what
// its menu asks for, and that balloons give way to the next way of telling when there is no
// tray to show them.

#include "ui/AppIcon.h"
#include "ui/TrayIcon.h"
#include "ui/TrayNotifier.h"

#include <QAction>
#include <QMenu>
#include <QSignalSpy>
#include <QSystemTrayIcon>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace rw;
using rw::ui::TrayIcon;
using rw::ui::TrayNotifier;

class TestTray : public QObject
{
    Q_OBJECT
private slots:
    void saysTheCounts();
    void badgesWhatNeedsTheOperator();
    void menuAsksForWhatItSays();
    void saysTheBatchAndAMissingSecret();
    void saysEachAccountAmongSeveral();
    void balloonsNeedATray();
};

void TestTray::saysTheCounts()
{
    TrayIcon tray;
    QCOMPARE(tray.toolTip(), u"Registrar Watch: 0 active, 0 blocked"_s);
    tray.setCounts(2, 5, 1);
    QCOMPARE(tray.toolTip(), u"Registrar Watch: 2 need you, 5 active, 1 blocked"_s);
    QCOMPARE(tray.tray()->toolTip(), tray.toolTip());
    tray.setCounts(1, 0, 3);
    QCOMPARE(tray.tray()->toolTip(), u"Registrar Watch: 1 needs you, 0 active, 3 blocked"_s);
}

void TestTray::badgesWhatNeedsTheOperator()
{
    const QIcon base = rw::ui::appIcon();
    QVERIFY(!base.isNull());
    const QImage plain = TrayIcon::badged(base, 0, 0).pixmap(32, 32).toImage();
    const QImage active = TrayIcon::badged(base, 0, 3).pixmap(32, 32).toImage();
    const QImage needs = TrayIcon::badged(base, 2, 3).pixmap(32, 32).toImage();
    QCOMPARE(plain, base.pixmap(32, 32).toImage());
    QVERIFY(active != plain);
    QVERIFY(needs != active);
    // The badge sits top right: red for "needs you", blue for "active".
    const QColor red = needs.pixelColor(26, 3);
    const QColor blue = active.pixelColor(28, 4);
    QVERIFY2(red.red() > 150 && red.green() < 100, qPrintable(red.name()));
    QVERIFY2(blue.blue() > 150 && blue.red() < 100, qPrintable(blue.name()));
}

void TestTray::menuAsksForWhatItSays()
{
    TrayIcon tray;
    QStringList texts;
    const QList<QAction *> actions = tray.tray()->contextMenu()->actions();
    for (const QAction *action : actions) {
        if (!action->isSeparator() && action->isVisible())
            texts.append(action->text());
    }
    QCOMPARE(texts, (QStringList{u"Show Registrar Watch"_s, u"Check all now"_s, u"Pause all"_s,
                                 u"Resume all"_s, u"Quit"_s}));
    QSignalSpy show(&tray, &TrayIcon::showWindowRequested);
    QSignalSpy check(&tray, &TrayIcon::checkAllRequested);
    QSignalSpy pause(&tray, &TrayIcon::pauseAllRequested);
    QSignalSpy resume(&tray, &TrayIcon::resumeAllRequested);
    QSignalSpy quit(&tray, &TrayIcon::quitRequested);
    for (QAction *action : actions)
        action->trigger();
    QCOMPARE(show.size(), 1);
    QCOMPARE(check.size(), 1);
    QCOMPARE(pause.size(), 1);
    QCOMPARE(resume.size(), 1);
    QCOMPARE(quit.size(), 1);
    // A click on the icon shows the window too.
    emit tray.tray()->activated(QSystemTrayIcon::Trigger);
    QCOMPARE(show.size(), 2);
}

void TestTray::saysTheBatchAndAMissingSecret()
{
    TrayIcon tray;
    tray.setCounts(10, 62, 0);
    const QString batch = u"Batch of 14:02: 140 of 202 settled, 10 need you"_s;
    tray.setBatch(batch);
    QCOMPARE(tray.tray()->toolTip(),
             u"Registrar Watch: 10 need you, 62 active, 0 blocked\n"_s + batch);

    // While the secret is missing, the tooltip says so and the menu leads to it.
    auto *enter = tray.tray()->contextMenu()->findChild<QAction *>(u"enterSecret"_s);
    QVERIFY(enter);
    QVERIFY(!enter->isVisible());
    const QString waiting = u"Waiting for the secret: enter it in Settings."_s;
    tray.setCredentialsHold(waiting);
    QVERIFY(tray.tray()->toolTip().endsWith(u"\n⚠ "_s + waiting));
    QVERIFY(enter->isVisible());
    QSignalSpy asked(&tray, &TrayIcon::secretEntryRequested);
    enter->trigger();
    QCOMPARE(asked.size(), 1);

    tray.setCredentialsHold({});
    tray.setBatch({});
    QCOMPARE(tray.tray()->toolTip(), u"Registrar Watch: 10 need you, 62 active, 0 blocked"_s);
    QVERIFY(!enter->isVisible());
}

// With several accounts, a line each, and each account that waits for its secret by name.
void TestTray::saysEachAccountAmongSeveral()
{
    TrayIcon tray;
    tray.setCounts(3, 5, 0);
    tray.setAccountLines({u"Acme: 2 need you, 1 active"_s, u"Contoso: 1 needs you, 4 active"_s});
    tray.setCredentialsHold(u"Contoso: Waiting for the secret: enter it in Settings."_s);
    QCOMPARE(tray.tray()->toolTip(),
             u"Registrar Watch: 3 need you, 5 active, 0 blocked\n• Acme: 2 need you, 1 active\n"
             u"• Contoso: 1 needs you, 4 active\n⚠ Contoso: Waiting for the secret: enter it in "
             u"Settings."_s);
    tray.setAccountLines({});
    tray.setCredentialsHold({});
    QCOMPARE(tray.tray()->toolTip(), u"Registrar Watch: 3 need you, 5 active, 0 blocked"_s);
}

void TestTray::balloonsNeedATray()
{
    TrayIcon tray;
    QVERIFY(!TrayIcon::isAvailable()); // offscreen
    TrayNotifier notifier(&tray);
    QSignalSpy failed(&notifier, &Notifier::failed);
    Notification notification;
    notification.key = u"workflow:1"_s;
    notification.summary = u"a.example: update succeeded"_s;
    notifier.show(notification);
    QCOMPARE(failed.size(), 1);
    QCOMPARE(failed.first().first().value<Notification>().key, u"workflow:1"_s);
}

QTEST_MAIN(TestTray)
#include "tst_tray.moc"
