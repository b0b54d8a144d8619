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

// What a greedy sender saw: it goes as soon as allowed, until `end`.
struct GreedyRun
{
    int maxInWindow = 0; // most of our requests in any trailing 5 minutes
    qint64 total = 0;
    bool alwaysLater = true; // every wait the budget asked for was a wait
};

GreedyRun sendGreedily(RequestBudget &budget, const QDateTime &end)
{
    GreedyRun run;
    std::deque<qint64> sent;
    QDateTime now = start;
    while (now < end) {
        if (budget.canSend(now)) {
            budget.recordSent(now);
            budget.recordFinished();
            sent.push_back(now.toMSecsSinceEpoch());
            ++run.total;
            while (sent.front() <= now.toMSecsSinceEpoch() - 300'000)
                sent.pop_front();
            run.maxInWindow = std::max(run.maxInWindow, int(sent.size()));
            continue;
        }
        const QDateTime next = budget.nextSendTime(now);
        run.alwaysLater = run.alwaysLater && next > now;
        if (!(next > now))
            break;
        now = next;
    }
    return run;
}

// The server says 125 of its 1,200 are left for the next 40 s: the dashboard and others used
// most of it, and 120 is the reserve kept for them.
RateLimitInfo lowQuota()
{
    RateLimitInfo info;
    info.limit = 1200;
    info.remaining = 125;
    info.resetIn = 40s;
    return info;
}

// Sends as fast as the low quota allows for its 40 s; the seconds at which requests went out.
QList<qint64> spendLowQuota(RequestBudget &budget, bool *agreed)
{
    budget.observe(lowQuota(), start);
    QDateTime now = start;
    QList<qint64> sentAt;
    *agreed = true;
    while (now < start.addSecs(40)) {
        if (budget.canSend(now)) {
            budget.recordSent(now);
            budget.recordFinished();
            sentAt.append(start.secsTo(now));
        }
        now = budget.nextSendTime(now);
        if (!budget.canSend(now) && budget.nextSendTime(now) == now)
            *agreed = false;
    }
    return sentAt;
}

} // namespace

class TestRequestBudget : public QObject
{
    Q_OBJECT
private slots:
    void neverExceedsTheBudgetInAnyWindow();
    void capsRequestsInFlight();
    void spreadsWhatIsLeftOfTheServerQuota();
    void waitsForTheResetBelowTheReserve();
    void goesFullSpeedWhenTheQuotaHasRoomAgain();
    void holdsUntilATime();
    void a429ReplacesALowQuotaHold();
    void holdsForCredentialsUntilTheyChange();
    void newCredentialsLeaveA429Running();
    void holdsForAMissingSecretUntilItComes();
    void aWithdrawnRequestIsNotSpent();
    void smallBudgetsStillRefill_data();
    void smallBudgetsStillRefill();
    void countsOwnRequestsInTheWindow();
    void foreignRequestsShareTheWindow();
    void spareRequestsLeaveHalfTheBurst();
};

void TestRequestBudget::neverExceedsTheBudgetInAnyWindow()
{
    // For 20 simulated minutes.
    RequestBudget budget(900, 300s, 30, 1000, 0.1);
    const GreedyRun run = sendGreedily(budget, start.addSecs(20 * 60));
    QVERIFY(run.alwaysLater);
    QVERIFY2(run.maxInWindow <= 900, qPrintable(QString::number(run.maxInWindow)));
    QVERIFY2(run.maxInWindow >= 895, qPrintable(QString::number(run.maxInWindow))); // and uses it
    // Over 20 minutes: the burst plus 2.9 per second.
    QVERIFY2(run.total > 3400 && run.total <= 30 + 1200 * 29 / 10 + 1,
             qPrintable(QString::number(run.total)));
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

void TestRequestBudget::spreadsWhatIsLeftOfTheServerQuota()
{
    // Five left for 40 seconds: one every 8 seconds, not five at once and then nothing.
    RequestBudget budget(900, 300s, 30, 4, 0.1);
    bool agreed = false;
    const QList<qint64> sentAt = spendLowQuota(budget, &agreed);
    QVERIFY2(agreed, "nextSendTime and canSend disagree");
    QCOMPARE(sentAt, (QList<qint64>{0, 8, 16, 24, 32}));
}

void TestRequestBudget::waitsForTheResetBelowTheReserve()
{
    RequestBudget budget(900, 300s, 30, 4, 0.1);
    bool agreed = false;
    (void)spendLowQuota(budget, &agreed);
    RateLimitInfo info = lowQuota();
    info.remaining = 100; // below the reserve: the account waits for the window to reset
    budget.observe(info, start.addSecs(40));
    QCOMPARE(budget.hold(start.addSecs(41)), Hold::QuotaLow);
    QCOMPARE(budget.heldUntil(), start.addSecs(80));
}

void TestRequestBudget::goesFullSpeedWhenTheQuotaHasRoomAgain()
{
    RequestBudget budget(900, 300s, 30, 4, 0.1);
    bool agreed = false;
    (void)spendLowQuota(budget, &agreed);
    RateLimitInfo info = lowQuota();
    info.remaining = 100;
    budget.observe(info, start.addSecs(40));
    info.remaining = 900; // a later answer shows room again
    budget.observe(info, start.addSecs(50));
    QCOMPARE(budget.hold(start.addSecs(50)), Hold::None);
    QVERIFY(budget.canSend(start.addSecs(50)));
    budget.recordSent(start.addSecs(50));
    budget.recordFinished();
    QVERIFY(budget.canSend(start.addSecs(50))); // not one every few seconds any more
}

void TestRequestBudget::holdsUntilATime()
{
    RequestBudget budget(900, 300s, 30, 4, 0.1);
    budget.holdUntil(Hold::RateLimited, start.addSecs(300));
    QVERIFY(!budget.canSend(start.addSecs(299)));
    QCOMPARE(budget.nextSendTime(start), start.addSecs(300));
    QVERIFY(budget.canSend(start.addSecs(300)));
    QCOMPARE(budget.hold(start.addSecs(300)), Hold::None);
}

void TestRequestBudget::a429ReplacesALowQuotaHold()
{
    // Cloudflare's word is final, and the later end wins.
    RequestBudget budget(900, 300s, 30, 4, 0.1);
    budget.holdUntil(Hold::QuotaLow, start.addSecs(400));
    budget.holdUntil(Hold::RateLimited, start.addSecs(350));
    QCOMPARE(budget.hold(start.addSecs(310)), Hold::RateLimited);
    budget.holdUntil(Hold::QuotaLow, start.addSecs(900)); // does not displace it
    QCOMPARE(budget.hold(start.addSecs(310)), Hold::RateLimited);
}

void TestRequestBudget::holdsForCredentialsUntilTheyChange()
{
    RequestBudget budget(900, 300s, 30, 4, 0.1);
    budget.holdForCredentials();
    QVERIFY(!budget.canSend(start.addDays(30)));
    QVERIFY(!budget.nextSendTime(start).isValid()); // not a matter of time
    QCOMPARE(budget.hold(start.addDays(1)), Hold::CredentialsRejected);
    budget.releaseCredentials();
    QCOMPARE(budget.hold(start.addDays(1)), Hold::None);
}

void TestRequestBudget::newCredentialsLeaveA429Running()
{
    RequestBudget budget(900, 300s, 30, 4, 0.1);
    budget.holdForCredentials();
    budget.holdUntil(Hold::RateLimited, start.addSecs(2000));
    budget.releaseCredentials();
    QCOMPARE(budget.hold(start.addSecs(1000)), Hold::RateLimited);
    QVERIFY(budget.canSend(start.addSecs(2000)));
}

void TestRequestBudget::holdsForAMissingSecretUntilItComes()
{
    RequestBudget budget(900, 300s, 30, 4, 0.1);
    budget.holdForCredentials(Hold::CredentialsMissing);
    QVERIFY(!budget.canSend(start.addDays(30)));
    QVERIFY(!budget.nextSendTime(start).isValid()); // not a matter of time
    QCOMPARE(budget.hold(start.addDays(1)), Hold::CredentialsMissing);
    QVERIFY(!budget.heldUntil().isValid());
    QVERIFY(RequestBudget::waitsForCredentials(Hold::CredentialsMissing));
    QVERIFY(RequestBudget::waitsForCredentials(Hold::CredentialsRejected));
    QVERIFY(!RequestBudget::waitsForCredentials(Hold::RateLimited));
    budget.releaseCredentials();
    QCOMPARE(budget.hold(start.addDays(1)), Hold::None);
    QVERIFY(budget.canSend(start));
}

void TestRequestBudget::aWithdrawnRequestIsNotSpent()
{
    // A request taken back before it went out (the secret is missing) leaves the budget as it
    // was: its slot, its token and its place in the window's count.
    RequestBudget budget(900, 300s, 2, 1, 0.1);
    budget.recordSent(start);
    budget.recordSent(start);
    QCOMPARE(budget.inFlight(), 2);
    QCOMPARE(budget.sentInWindow(start), 2);
    QVERIFY(!budget.canSend(start));
    budget.recordWithdrawn(start);
    budget.recordWithdrawn(start);
    QCOMPARE(budget.inFlight(), 0);
    QCOMPARE(budget.sentInWindow(start), 0);
    QVERIFY(budget.canSend(start)); // the burst is whole again
    budget.recordSent(start);
    budget.recordFinished();
    budget.recordSent(start);
    budget.recordFinished();
    QVERIFY(!budget.canSend(start)); // and only that
}

void TestRequestBudget::smallBudgetsStillRefill_data()
{
    QTest::addColumn<int>("requests");
    for (const int requests : {1, 2, 20, 30})
        QTest::addRow("%d per 5 min", requests) << requests;
}

void TestRequestBudget::smallBudgetsStillRefill()
{
    // A budget at or below the burst must not stop for good: a day of greedy sending.
    QFETCH(int, requests);
    RequestBudget budget(requests, 300s, 30, 100, 0.1);
    const GreedyRun run = sendGreedily(budget, start.addSecs(24 * 3600));
    QVERIFY(run.alwaysLater);
    QVERIFY2(run.maxInWindow <= requests, qPrintable(QString::number(run.maxInWindow)));
    // Steadily (requests - burst) per window, the burst being at most half the budget.
    const int steady = std::max(1, requests - std::max(1, requests / 2));
    QVERIFY2(run.total >= 288 * steady * 9 / 10, qPrintable(QString::number(run.total)));
}

void TestRequestBudget::countsOwnRequestsInTheWindow()
{
    RequestBudget budget(900, 300s, 30, 40, 0.1);
    for (int i = 0; i < 10; ++i)
        budget.recordSent(start.addSecs(i * 60));
    QCOMPARE(budget.sentInWindow(start.addSecs(9 * 60)), 5);
    QCOMPARE(budget.sentInWindow(start.addSecs(9 * 60 + 300)), 0);
}

void TestRequestBudget::foreignRequestsShareTheWindow()
{
    // Another process (or this one before a restart) sent 58 of 60 in the last 100 s, and one
    // long ago that no longer counts.
    RequestBudget budget(60, 300s, 30, 40, 0.1);
    const QDateTime now = start.addSecs(1000);
    QList<qint64> times{start.toMSecsSinceEpoch()};
    for (int i = 0; i < 58; ++i)
        times.append(now.addSecs(-100).addMSecs(i * 1000).toMSecsSinceEpoch());
    budget.recordForeign(times, now);
    QCOMPARE(budget.sentInWindow(now), 58);
    // Room for two more, and then none until the oldest of the 58 leaves the window.
    QDateTime at = now;
    for (int i = 0; i < 2; ++i) {
        at = budget.nextSendTime(at);
        QVERIFY(at.isValid());
        budget.recordSent(at);
        budget.recordFinished();
    }
    QCOMPARE(budget.sentInWindow(at), 60);
    const QDateTime third = budget.nextSendTime(at);
    QVERIFY2(third >= now.addSecs(200), qPrintable(third.toString(Qt::ISODateWithMs)));
    QCOMPARE(budget.sentInWindow(third), 59);
}

void TestRequestBudget::spareRequestsLeaveHalfTheBurst()
{
    // 900 per 5 minutes with a burst of 30: 2.9 tokens a second after the burst.
    RequestBudget budget(900, 300s, 30, 1000, 0.1);
    int spare = 0;
    while (budget.canSendSpare(start)) {
        budget.recordSent(start);
        budget.recordFinished();
        ++spare;
    }
    // Half the burst is kept for the tracked workflows: they may still go at once.
    QCOMPARE(spare, 15);
    QVERIFY(budget.canSend(start));
    const QDateTime next = budget.nextSpareTime(start);
    QVERIFY2(next > start && next <= start.addMSecs(400), qPrintable(next.toString()));
    QVERIFY(!budget.canSendSpare(next.addMSecs(-2)));
    QVERIFY(budget.canSendSpare(next));
    // What the tracked workflows spend comes out of the reserve first: no spare until it is back.
    for (int i = 0; i < 15; ++i)
        budget.recordSent(next);
    QVERIFY(budget.nextSpareTime(next) >= next.addSecs(5));
    QVERIFY(!budget.canSendSpare(next.addSecs(5)));
    // Held, nothing spare either.
    budget.holdUntil(RequestBudget::Hold::RateLimited, next.addSecs(600));
    QVERIFY(!budget.canSendSpare(next.addSecs(300)));
    QVERIFY(budget.nextSpareTime(next) >= next.addSecs(600));
}

QTEST_GUILESS_MAIN(TestRequestBudget)
#include "tst_requestbudget.moc"
