// One account's request budget: never more than the budget in any window, in-flight cap,
// server hints and holds.

#include "engine/RequestBudget.h"

#include <QTest>
#include <QTimeZone>

#include <deque>

using namespace Qt::StringLiterals;
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
    void smallBudgetsStillRefill();
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
    // Five left for 40 seconds: one every 8 seconds, not five at once and then nothing.
    QDateTime now = start;
    QList<qint64> sentAt;
    while (now < start.addSecs(40)) {
        if (budget.canSend(now)) {
            budget.recordSent(now);
            budget.recordFinished();
            sentAt.append(start.secsTo(now));
        }
        now = budget.nextSendTime(now);
        if (!budget.canSend(now) && budget.nextSendTime(now) == now)
            QFAIL("nextSendTime and canSend disagree");
    }
    QCOMPARE(sentAt, (QList<qint64>{0, 8, 16, 24, 32}));

    info.remaining = 100; // below the reserve: the account waits for the window to reset
    budget.observe(info, start.addSecs(40));
    QCOMPARE(budget.hold(start.addSecs(41)), Hold::QuotaLow);
    QCOMPARE(budget.heldUntil(), start.addSecs(80));
    info.remaining = 900; // a later answer shows room again: full speed
    budget.observe(info, start.addSecs(50));
    QCOMPARE(budget.hold(start.addSecs(50)), Hold::None);
    QVERIFY(budget.canSend(start.addSecs(50)));
    budget.recordSent(start.addSecs(50));
    budget.recordFinished();
    QVERIFY(budget.canSend(start.addSecs(50)));
}

void TestRequestBudget::holdsAndReleases()
{
    RequestBudget budget(900, 300s, 30, 4, 0.1);
    budget.holdUntil(Hold::RateLimited, start.addSecs(300));
    QVERIFY(!budget.canSend(start.addSecs(299)));
    QCOMPARE(budget.nextSendTime(start), start.addSecs(300));
    QVERIFY(budget.canSend(start.addSecs(300)));
    QCOMPARE(budget.hold(start.addSecs(300)), Hold::None);

    // A 429 replaces a low-quota hold, and the later end wins.
    budget.holdUntil(Hold::QuotaLow, start.addSecs(400));
    budget.holdUntil(Hold::RateLimited, start.addSecs(350));
    QCOMPARE(budget.hold(start.addSecs(310)), Hold::RateLimited);
    budget.holdUntil(Hold::QuotaLow, start.addSecs(900)); // does not displace it
    QCOMPARE(budget.hold(start.addSecs(310)), Hold::RateLimited);

    budget.holdForCredentials();
    QVERIFY(!budget.canSend(start.addDays(30)));
    QVERIFY(!budget.nextSendTime(start).isValid()); // not a matter of time
    QCOMPARE(budget.hold(start.addDays(1)), Hold::CredentialsRejected);
    // New credentials lift only that: a 429 still running stays.
    budget.holdUntil(Hold::RateLimited, start.addSecs(2000));
    budget.releaseCredentials();
    QCOMPARE(budget.hold(start.addSecs(1000)), Hold::RateLimited);
    QVERIFY(budget.canSend(start.addSecs(2000)));
}

void TestRequestBudget::smallBudgetsStillRefill()
{
    // A budget at or below the burst must not stop for good.
    for (const int requests : {1, 2, 20, 30}) {
        RequestBudget budget(requests, 300s, 30, 100, 0.1);
        std::deque<qint64> sent;
        int maxInWindow = 0;
        qint64 total = 0;
        QDateTime now = start;
        while (now < start.addSecs(24 * 3600)) {
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
            now = budget.nextSendTime(now);
        }
        QVERIFY2(maxInWindow <= requests, qPrintable(u"%1: %2"_s.arg(requests).arg(maxInWindow)));
        // Steadily (requests - burst) per window, the burst being at most half the budget.
        const int steady = std::max(1, requests - std::max(1, requests / 2));
        QVERIFY2(total >= 288 * steady * 9 / 10, qPrintable(u"%1: %2"_s.arg(requests).arg(total)));
    }
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
