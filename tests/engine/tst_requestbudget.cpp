// One account's request budget: never more than the budget in any window, in-flight cap,
// server hints and holds.

#include "RequestBudget.h"

#include <QTest>
#include <QTimeZone>

#include <deque>

using namespace std::chrono_literals;
using rw::RateLimitInfo;
using rw::RequestBudget;
using Hold = RequestBudget::Hold;

namespace {
const QDateTime start(QDate(2026, 3, 1), QTime(12, 0), QTimeZone::utc());
}

class TestRequestBudget : public QObject
{
    Q_OBJECT
private slots:
    void neverExceedsTheBudgetInAnyWindow();
    void capsRequestsInFlight();
    void slowsDownWhenTheServerQuotaIsLow();
    void holdsAndReleases();
    void countsOwnRequestsInTheWindow();
};

void TestRequestBudget::neverExceedsTheBudgetInAnyWindow()
{
    // A greedy sender that goes as soon as allowed, for 20 simulated minutes.
    RequestBudget budget(900, 300s, 30, 1000, 0.1);
    std::deque<qint64> sent;
    int maxInWindow = 0;
    QDateTime now = start;
    const QDateTime end = start.addSecs(20 * 60);
    qint64 total = 0;
    while (now < end) {
        if (budget.canSend(now)) {
            budget.recordSent(now);
            budget.recordFinished();
            sent.push_back(now.toMSecsSinceEpoch());
            ++total;
            while (sent.front() <= now.toMSecsSinceEpoch() - 300'000)
                sent.pop_front();
            maxInWindow = std::max(maxInWindow, int(sent.size()));
            continue;
        }
        const QDateTime next = budget.nextSendTime(now);
        QVERIFY(next > now);
        now = next;
    }
    QVERIFY2(maxInWindow <= 900, qPrintable(QString::number(maxInWindow)));
    QVERIFY2(maxInWindow >= 895, qPrintable(QString::number(maxInWindow))); // and uses it
    // Over 20 minutes: the burst plus 2.9 per second.
    QVERIFY2(total > 3400 && total <= 30 + 1200 * 29 / 10 + 1, qPrintable(QString::number(total)));
}

void TestRequestBudget::capsRequestsInFlight()
{
    RequestBudget budget(900, 300s, 30, 4, 0.1);
    for (int i = 0; i < 4; ++i) {
        QVERIFY(budget.canSend(start));
        budget.recordSent(start);
    }
    QVERIFY(!budget.canSend(start));
    QVERIFY(budget.inFlightFull());
    budget.recordFinished();
    QVERIFY(budget.canSend(start));
}

void TestRequestBudget::slowsDownWhenTheServerQuotaIsLow()
{
    RequestBudget budget(900, 300s, 30, 4, 0.1);
    RateLimitInfo info;
    info.limit = 1200;
    info.remaining = 125; // the dashboard and others used most of it; 120 is the reserve
    info.resetIn = 40s;
    budget.observe(info, start);
    for (int i = 0; i < 5; ++i) {
        QVERIFY(budget.canSend(start));
        budget.recordSent(start);
        budget.recordFinished();
    }
    QVERIFY(!budget.canSend(start));
    QCOMPARE(budget.nextSendTime(start), start.addSecs(40));
    QVERIFY(budget.canSend(start.addSecs(40)));

    info.remaining = 100; // below the reserve: the account waits for the window to reset
    budget.observe(info, start.addSecs(40));
    QCOMPARE(budget.hold(start.addSecs(41)), Hold::QuotaLow);
    QCOMPARE(budget.heldUntil(), start.addSecs(80));
    info.remaining = 900; // a later answer shows room again
    budget.observe(info, start.addSecs(50));
    QCOMPARE(budget.hold(start.addSecs(50)), Hold::None);
}

void TestRequestBudget::holdsAndReleases()
{
    RequestBudget budget(900, 300s, 30, 4, 0.1);
    budget.holdUntil(Hold::RateLimited, start.addSecs(300));
    QVERIFY(!budget.canSend(start.addSecs(299)));
    QCOMPARE(budget.nextSendTime(start), start.addSecs(300));
    QVERIFY(budget.canSend(start.addSecs(300)));
    QCOMPARE(budget.hold(start.addSecs(300)), Hold::None);

    budget.holdForCredentials();
    QVERIFY(!budget.canSend(start.addDays(30)));
    QVERIFY(!budget.nextSendTime(start).isValid());        // not a matter of time
    budget.holdUntil(Hold::RateLimited, start.addSecs(5)); // does not replace it
    QCOMPARE(budget.hold(start.addDays(1)), Hold::CredentialsRejected);
    budget.release();
    QVERIFY(budget.canSend(start.addDays(1)));
}

void TestRequestBudget::countsOwnRequestsInTheWindow()
{
    RequestBudget budget(900, 300s, 30, 40, 0.1);
    for (int i = 0; i < 10; ++i)
        budget.recordSent(start.addSecs(i * 60));
    QCOMPARE(budget.sentInWindow(start.addSecs(9 * 60)), 5);
    QCOMPARE(budget.sentInWindow(start.addSecs(9 * 60 + 300)), 0);
}

QTEST_GUILESS_MAIN(TestRequestBudget)
#include "tst_requestbudget.moc"
