// The window's notice bar, where notifications go when no notification service or tray shows
// them: several told in one pass are all seen, one after the other, not only the last; those
// withdrawn (a workflow removed, the demo making way for an account) are not seen again.

#include "support/FindChild.h"
#include "ui/NoticeBar.h"

#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace rw;
using rw::test::child;
using rw::ui::NoticeBar;

namespace {

Notification notice(const QString &summary, const QString &key = {})
{
    Notification notification;
    notification.summary = summary;
    notification.body = u"body of "_s + summary;
    notification.key = key;
    return notification;
}

QString shown(const NoticeBar &bar)
{
    return child<QLabel>(&bar, u"noticeText"_s)->text();
}

} // namespace

class TestNoticeBar : public QObject
{
    Q_OBJECT
private slots:
    void severalAreSeenOneAfterTheOther();
    void anUpdateTakesThePlaceOfTheOneItUpdates();
    void whatIsNotKeptIsSaid();
    void withdrawnNoticesAreNotSeenAgain();
};

void TestNoticeBar::severalAreSeenOneAfterTheOther()
{
    NoticeBar bar;
    bar.show();
    bar.showNotice(notice(u"a.example: update failed"_s, u"workflow:1"_s));
    bar.showNotice(notice(u"Cloudflare rate-limited the account"_s));
    bar.showNotice(notice(u"c.example: update succeeded"_s, u"workflow:3"_s));
    QCOMPARE(bar.waiting(), 3);
    QVERIFY2(shown(bar).contains(u"c.example: update succeeded"_s), qPrintable(shown(bar)));
    QVERIFY2(shown(bar).contains(u"2 earlier notices"_s), qPrintable(shown(bar)));

    // Opened: it says which, and the one before shows (about no workflow: nothing to open).
    QSignalSpy activated(&bar, &NoticeBar::activated);
    child<QPushButton>(&bar, u"openNotice"_s)->click();
    QCOMPARE(activated.size(), 1);
    QCOMPARE(activated.first().first().toString(), u"workflow:3"_s);
    QVERIFY(bar.isVisible());
    QVERIFY2(shown(bar).contains(u"rate-limited"_s), qPrintable(shown(bar)));
    QVERIFY2(shown(bar).contains(u"1 earlier notice"_s), qPrintable(shown(bar)));
    QVERIFY(!child<QPushButton>(&bar, u"openNotice"_s)->isVisible());

    child<QPushButton>(&bar, u"dismissNotice"_s)->click();
    QVERIFY2(shown(bar).contains(u"a.example: update failed"_s), qPrintable(shown(bar)));
    QVERIFY(!shown(bar).contains(u"earlier"_s));
    child<QPushButton>(&bar, u"dismissNotice"_s)->click();
    QVERIFY(!bar.isVisible());
    QCOMPARE(bar.waiting(), 0);
}

void TestNoticeBar::anUpdateTakesThePlaceOfTheOneItUpdates()
{
    NoticeBar bar;
    bar.show();
    bar.showNotice(notice(u"3 succeeded, 9 still running"_s, u"batch:1"_s));
    bar.showNotice(notice(u"b.example: update failed"_s, u"workflow:2"_s));
    bar.showNotice(notice(u"4 succeeded, 8 still running"_s, u"batch:1"_s));
    QCOMPARE(bar.waiting(), 2);
    QVERIFY2(shown(bar).contains(u"4 succeeded"_s), qPrintable(shown(bar)));
    child<QPushButton>(&bar, u"dismissNotice"_s)->click();
    QVERIFY2(shown(bar).contains(u"b.example"_s), qPrintable(shown(bar)));
    child<QPushButton>(&bar, u"dismissNotice"_s)->click();
    QVERIFY(!bar.isVisible()); // the older summary went with its update
}

void TestNoticeBar::whatIsNotKeptIsSaid()
{
    NoticeBar bar;
    bar.show();
    for (qsizetype i = 0; i < NoticeBar::keptAtMost + 5; ++i)
        bar.showNotice(notice(u"n%1"_s.arg(i)));
    QCOMPARE(bar.waiting(), NoticeBar::keptAtMost);
    QVERIFY2(shown(bar).contains(u"5 older notices were not kept"_s), qPrintable(shown(bar)));
}

void TestNoticeBar::withdrawnNoticesAreNotSeenAgain()
{
    NoticeBar bar;
    bar.show();
    bar.showNotice(notice(u"a.example: update needs you"_s, u"workflow:1"_s));
    bar.showNotice(notice(u"b.example: update failed"_s, u"workflow:2"_s));
    bar.showNotice(notice(u"c.example: update succeeded"_s, u"workflow:3"_s));

    // a.example removed: its notice goes, wherever it waits.
    bar.withdraw(u"workflow:1"_s);
    QCOMPARE(bar.waiting(), 2);
    QVERIFY2(shown(bar).contains(u"1 earlier notice:"_s), qPrintable(shown(bar)));
    child<QPushButton>(&bar, u"dismissNotice"_s)->click();
    QVERIFY2(shown(bar).contains(u"b.example"_s), qPrintable(shown(bar)));

    // All withdrawn: the bar hides, and the next notice shows alone.
    bar.withdraw();
    QVERIFY(!bar.isVisible());
    QCOMPARE(bar.waiting(), 0);
    bar.showNotice(notice(u"d.example: update succeeded"_s, u"workflow:4"_s));
    QCOMPARE(bar.waiting(), 1);
    QVERIFY2(!shown(bar).contains(u"earlier"_s), qPrintable(shown(bar)));
}

QTEST_MAIN(TestNoticeBar)
#include "tst_noticebar.moc"
