// The queue the engine keeps its workflows in between requests: scheduled ones leave by due time,
// ready ones by urgency, an account out of budget holds back only its own, and none starves.

#include "engine/PollQueue.h"

#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;
using rw::PollQueue;
using rw::TrackedWorkflow;
using rw::WorkflowState;
using Place = PollQueue::Place;

namespace {

const QDateTime start(QDate(2026, 3, 1), QTime(12, 0), QTimeZone::utc());
const qint64 startMs = start.toMSecsSinceEpoch();
const QString accountA = u"account-a"_s;
const QString accountB = u"account-b"_s;

// The ids one pass hands out when every account may send everything.
QList<qint64> takeAll(PollQueue &queue)
{
    QList<qint64> taken;
    queue.takeReady([](const QString &) { return true; },
                    [&taken](qint64 id, qint64) { taken.append(id); });
    return taken;
}

// Due keys are the due times themselves: order by due time alone.
qint64 dueOnly(qint64, qint64 dueMs)
{
    return dueMs;
}

TrackedWorkflow inState(std::optional<WorkflowState> state, qint64 secondsInState = 0)
{
    TrackedWorkflow workflow;
    if (state) {
        rw::WorkflowStatus status;
        status.state = *state;
        workflow.status = status;
        workflow.stateSince = start.addSecs(-secondsInState);
    }
    return workflow;
}

} // namespace

class TestPollQueue : public QObject
{
    Q_OBJECT
private slots:
    void scheduledBecomeReadyByDueTime();
    void notYetDueStaysScheduled();
    void readyLeaveInUrgencyOrder();
    void equalKeysLeaveById();
    void askedNowGoesAheadOfAll();
    void schedulingAgainMovesTheWorkflow();
    void removeForgetsWherever();
    void countsReadyPerAccount();
    void countsPlacesPerBudget();
    void anAccountOutOfBudgetHoldsBackOnlyItsOwn();
    void asksEachAccountOncePerPass();
    void takeMayQueueAgain();
    void urgency_data();
    void urgency();
    void noneStarves();
    void likelihood_data();
    void likelihood();
    void likelierGoesFirstWithinTheSlack();
};

void TestPollQueue::scheduledBecomeReadyByDueTime()
{
    PollQueue queue;
    queue.schedule(1, accountA, startMs + 3000);
    queue.schedule(2, accountA, startMs + 1000);
    queue.schedule(3, accountA, startMs + 2000);
    QCOMPARE(queue.earliestDue(), startMs + 1000);
    QVERIFY(!queue.hasReady());

    queue.promoteDue(startMs + 3000, dueOnly);
    QCOMPARE(queue.earliestDue(), std::nullopt);
    QCOMPARE(queue.placeOf(1), Place::Ready);
    QCOMPARE(takeAll(queue), (QList<qint64>{2, 3, 1}));
    QCOMPARE(queue.placeOf(1), Place::None);
}

void TestPollQueue::notYetDueStaysScheduled()
{
    PollQueue queue;
    queue.schedule(1, accountA, startMs + 1000);
    queue.schedule(2, accountA, startMs + 5000);
    queue.promoteDue(startMs + 4999, dueOnly);
    QCOMPARE(queue.placeOf(1), Place::Ready);
    QCOMPARE(queue.placeOf(2), Place::Scheduled);
    QCOMPARE(queue.scheduledDue(2), startMs + 5000);
    QCOMPARE(queue.scheduledDue(1), std::nullopt); // ready, no longer scheduled
    QCOMPARE(queue.earliestDue(), startMs + 5000);
    QCOMPARE(takeAll(queue), QList<qint64>{1});
}

void TestPollQueue::readyLeaveInUrgencyOrder()
{
    // Keyed when they fall due: the key, not the due time, decides.
    PollQueue queue;
    queue.schedule(1, accountA, startMs);
    queue.schedule(2, accountA, startMs + 10);
    queue.schedule(3, accountA, startMs + 20);
    const QHash<qint64, qint64> slack{{1, 300'000}, {2, 0}, {3, 60'000}};
    queue.promoteDue(startMs + 20, [&slack](qint64 id, qint64 dueMs) { return dueMs + slack[id]; });
    QList<qint64> dues;
    QList<qint64> taken;
    queue.takeReady([](const QString &) { return true; },
                    [&](qint64 id, qint64 dueMs) {
                        taken.append(id);
                        dues.append(dueMs - startMs);
                    });
    QCOMPARE(taken, (QList<qint64>{2, 3, 1}));
    QCOMPARE(dues, (QList<qint64>{10, 20, 0})); // each with the time it fell due
}

void TestPollQueue::equalKeysLeaveById()
{
    PollQueue queue;
    queue.makeReady(9, accountA, startMs, startMs);
    queue.makeReady(4, accountA, startMs, startMs);
    queue.makeReady(6, accountA, startMs, startMs);
    QCOMPARE(takeAll(queue), (QList<qint64>{4, 6, 9}));
}

void TestPollQueue::askedNowGoesAheadOfAll()
{
    PollQueue queue;
    queue.makeReady(1, accountA, startMs - 600'000, startMs - 600'000); // long overdue
    queue.makeReadyAhead(2, accountA, startMs + 5);
    queue.makeReadyAhead(3, accountA, startMs);
    QCOMPARE(takeAll(queue), (QList<qint64>{3, 2, 1}));
}

void TestPollQueue::schedulingAgainMovesTheWorkflow()
{
    PollQueue queue;
    queue.schedule(1, accountA, startMs + 1000);
    queue.schedule(1, accountA, startMs + 9000);
    QCOMPARE(queue.earliestDue(), startMs + 9000); // once, at the new time
    queue.makeReady(1, accountA, startMs, startMs);
    QCOMPARE(queue.placeOf(1), Place::Ready);
    QCOMPARE(queue.earliestDue(), std::nullopt);
    QCOMPARE(queue.readyFor(accountA), 1);
    queue.schedule(1, accountA, startMs + 2000);
    QVERIFY(!queue.hasReady());
    QCOMPARE(queue.readyFor(accountA), 0);
    QCOMPARE(queue.scheduledDue(1), startMs + 2000);
}

void TestPollQueue::removeForgetsWherever()
{
    PollQueue queue;
    queue.schedule(1, accountA, startMs);
    queue.makeReady(2, accountA, startMs, startMs);
    queue.remove(1);
    queue.remove(2);
    queue.remove(3); // never queued: nothing happens
    QCOMPARE(queue.placeOf(1), Place::None);
    QCOMPARE(queue.placeOf(2), Place::None);
    QCOMPARE(queue.earliestDue(), std::nullopt);
    QVERIFY(!queue.hasReady());
    QCOMPARE(queue.readyFor(accountA), 0);
    QVERIFY(queue.accountsWaiting().isEmpty());
    queue.promoteDue(startMs + 1000, dueOnly);
    QCOMPARE(takeAll(queue), QList<qint64>());
}

void TestPollQueue::countsReadyPerAccount()
{
    PollQueue queue;
    queue.makeReady(1, accountA, startMs, startMs);
    queue.makeReady(2, accountA, startMs, startMs + 1);
    queue.makeReady(3, accountB, startMs, startMs + 2);
    queue.schedule(4, accountB, startMs + 1000); // scheduled: not waiting for the budget
    QCOMPARE(queue.readyFor(accountA), 2);
    QCOMPARE(queue.readyFor(accountB), 1);
    QStringList waiting = queue.accountsWaiting();
    waiting.sort();
    QCOMPARE(waiting, (QStringList{accountA, accountB}));

    queue.remove(3);
    QCOMPARE(queue.readyFor(accountB), 0);
    QCOMPARE(queue.accountsWaiting(), QStringList{accountA});
    QCOMPARE(takeAll(queue), (QList<qint64>{1, 2}));
    QCOMPARE(queue.readyFor(accountA), 0);
    QVERIFY(queue.accountsWaiting().isEmpty());
}

// Accounts that share a credential share its budget: a row waits behind every ready row of
// that budget, whichever account it belongs to.
void TestPollQueue::countsPlacesPerBudget()
{
    PollQueue queue;
    queue.makeReady(1, accountA, startMs, startMs);
    queue.makeReady(2, accountB, startMs, startMs + 1);
    queue.makeReady(3, accountA, startMs, startMs + 2);
    queue.makeReady(4, accountB, startMs, startMs + 3);
    // Each account its own budget: places within the account.
    QCOMPARE(queue.readyPlace(3), std::optional<int>(1));
    QCOMPARE(queue.readyPlace(4), std::optional<int>(1));
    QCOMPARE(queue.readyPlace(2, [](const QString &account) { return account; }),
             std::optional<int>(0));
    // Both on one credential: places in leaving order across both accounts.
    const auto shared = [](const QString &) {
        return u"credential-1"_s;
    };
    QCOMPARE(queue.readyPlace(1, shared), std::optional<int>(0));
    QCOMPARE(queue.readyPlace(2, shared), std::optional<int>(1));
    QCOMPARE(queue.readyPlace(3, shared), std::optional<int>(2));
    QCOMPARE(queue.readyPlace(4, shared), std::optional<int>(3));
    // Given their own budgets again, with the ready unchanged: counted again.
    QCOMPARE(queue.readyPlace(4), std::optional<int>(1));
    queue.schedule(5, accountA, startMs + 1000);
    QCOMPARE(queue.readyPlace(5, shared), std::nullopt);
}

void TestPollQueue::anAccountOutOfBudgetHoldsBackOnlyItsOwn()
{
    PollQueue queue;
    queue.makeReady(1, accountA, startMs, startMs + 1);
    queue.makeReady(2, accountB, startMs, startMs + 2);
    queue.makeReady(3, accountA, startMs, startMs + 3);
    queue.makeReady(4, accountB, startMs, startMs + 4);
    int budgetB = 1; // one request left for B; none for A
    QList<qint64> taken;
    queue.takeReady(
        [&budgetB](const QString &account) { return account == accountB && budgetB > 0; },
        [&](qint64 id, qint64) {
            taken.append(id);
            --budgetB;
        });
    QCOMPARE(taken, QList<qint64>{2});
    QCOMPARE(queue.readyFor(accountA), 2);
    QCOMPARE(queue.readyFor(accountB), 1);
    QCOMPARE(takeAll(queue), (QList<qint64>{1, 3, 4})); // still in urgency order next time
}

void TestPollQueue::asksEachAccountOncePerPass()
{
    // Once an account is refused, its other workflows are passed over without asking again,
    // while the other account's go out.
    PollQueue queue;
    for (qint64 id = 1; id <= 50; ++id)
        queue.makeReady(id, id % 2 ? accountA : accountB, startMs, startMs + id);
    QHash<QString, int> asked;
    int taken = 0;
    queue.takeReady(
        [&asked](const QString &account) {
            ++asked[account];
            return account == accountB;
        },
        [&taken](qint64 id, qint64) {
            QVERIFY(id % 2 == 0);
            ++taken;
        });
    QCOMPARE(asked.value(accountA), 1);
    QCOMPARE(asked.value(accountB), 25);
    QCOMPARE(taken, 25);
    QCOMPARE(queue.readyFor(accountA), 25);
    QCOMPARE(queue.readyFor(accountB), 0);
}

void TestPollQueue::takeMayQueueAgain()
{
    // The engine schedules what it takes (an answer can come at once) and may make more ready.
    PollQueue queue;
    queue.makeReady(1, accountA, startMs, startMs + 1);
    queue.makeReady(2, accountA, startMs, startMs + 2);
    queue.makeReady(3, accountA, startMs, startMs + 3);
    QList<qint64> taken;
    queue.takeReady([](const QString &) { return true; },
                    [&](qint64 id, qint64) {
                        taken.append(id);
                        queue.schedule(id, accountA, startMs + 60'000);
                        if (id == 1)
                            queue.remove(2); // removed while the pass runs
                        if (id == 3)
                            queue.makeReady(4, accountA, startMs, startMs + 4);
                    });
    QCOMPARE(taken, (QList<qint64>{1, 3, 4}));
    QCOMPARE(queue.placeOf(1), Place::Scheduled);
    QCOMPARE(queue.placeOf(2), Place::None);
    QCOMPARE(queue.placeOf(4), Place::Scheduled);
    QVERIFY(!queue.hasReady());
}

void TestPollQueue::urgency_data()
{
    QTest::addColumn<TrackedWorkflow>("workflow");
    QTest::addColumn<qint64>("slackMs");
    QTest::newRow("not yet seen") << inState(std::nullopt) << qint64(0);
    QTest::newRow("fresh pending") << inState(WorkflowState::Pending, 60) << qint64(0);
    QTest::newRow("fresh in_progress") << inState(WorkflowState::InProgress, 3599) << qint64(0);
    QTest::newRow("in_progress for an hour")
        << inState(WorkflowState::InProgress, 3600) << qint64(30'000);
    QTest::newRow("blocked") << inState(WorkflowState::Blocked, 10) << qint64(300'000);
    QTest::newRow("unknown state") << inState(WorkflowState::Unknown) << qint64(60'000);
    TrackedWorkflow failing = inState(WorkflowState::InProgress, 10);
    failing.lastError = rw::ApiError::fromHttpAnswer(503, {}, {}, u"x"_s);
    QTest::newRow("last poll failed") << failing << qint64(60'000);
}

void TestPollQueue::urgency()
{
    QFETCH(TrackedWorkflow, workflow);
    QFETCH(qint64, slackMs);
    QCOMPARE(PollQueue::urgencyKey(workflow, startMs - 5000, start), startMs - 5000 + slackMs);
}

void TestPollQueue::likelihood_data()
{
    // With a chance of change, the state's whole slack is taken from the certain and left to
    // the unlikely; the error slack stays: a failing check is not judged by the state.
    QTest::addColumn<TrackedWorkflow>("workflow");
    QTest::addColumn<double>("chance");
    QTest::addColumn<qint64>("slackMs");
    const qint64 active = PollQueue::activeSlackMs;
    QTest::newRow("not yet seen, certain") << inState(std::nullopt) << 1.0 << qint64(0);
    QTest::newRow("not yet seen, unlikely") << inState(std::nullopt) << 0.0 << active;
    QTest::newRow("pending, even") << inState(WorkflowState::Pending, 60) << 0.5 << active / 2;
    QTest::newRow("in_progress for a day, likely")
        << inState(WorkflowState::InProgress, 86400) << 0.9 << qint64(double(active) * 0.1);
    QTest::newRow("blocked, a quarter")
        << inState(WorkflowState::Blocked, 10) << 0.25 << qint64(225'000);
    QTest::newRow("unknown, out of range") << inState(WorkflowState::Unknown) << 7.0 << qint64(0);
    TrackedWorkflow failing = inState(WorkflowState::InProgress, 10);
    failing.lastError = rw::ApiError::fromHttpAnswer(503, {}, {}, u"x"_s);
    QTest::newRow("last poll failed") << failing << 1.0 << qint64(60'000);
}

void TestPollQueue::likelihood()
{
    QFETCH(TrackedWorkflow, workflow);
    QFETCH(double, chance);
    QFETCH(qint64, slackMs);
    QCOMPARE(PollQueue::urgencyKey(workflow, startMs - 5000, start, chance),
             startMs - 5000 + slackMs);
}

void TestPollQueue::likelierGoesFirstWithinTheSlack()
{
    // Three in_progress workflows wait for the budget: the one most likely changed leaves first
    // although it fell due last; one that fell due more than the slack earlier still goes first.
    PollQueue queue;
    const TrackedWorkflow running = inState(WorkflowState::InProgress, 120);
    queue.makeReady(1, accountA, startMs, PollQueue::urgencyKey(running, startMs, start, 0.1));
    queue.makeReady(2, accountA, startMs + 20'000,
                    PollQueue::urgencyKey(running, startMs + 20'000, start, 0.9));
    queue.makeReady(
        3, accountA, startMs - PollQueue::activeSlackMs - 1,
        PollQueue::urgencyKey(running, startMs - PollQueue::activeSlackMs - 1, start, 0.0));
    QCOMPARE(takeAll(queue), (QList<qint64>{3, 2, 1}));
}

void TestPollQueue::noneStarves()
{
    // One request a second, and every second a fresh in_progress workflow falls due: they go
    // first, yet a blocked one that fell due at the start waits no longer than its slack.
    PollQueue queue;
    const TrackedWorkflow blocked = inState(WorkflowState::Blocked, 600);
    queue.makeReady(0, accountA, startMs, PollQueue::urgencyKey(blocked, startMs, start));
    int takenAt = -1;
    QList<qint64> order;
    for (int second = 0; second < 600 && takenAt < 0; ++second) {
        const QDateTime now = start.addSecs(second);
        const qint64 nowMs = now.toMSecsSinceEpoch();
        queue.makeReady(second + 1, accountA, nowMs,
                        PollQueue::urgencyKey(inState(WorkflowState::InProgress, 5), nowMs, now));
        bool sent = false;
        queue.takeReady([&sent](const QString &) { return !sent; },
                        [&](qint64 id, qint64) {
                            sent = true;
                            order.append(id);
                            if (id == 0)
                                takenAt = second;
                        });
    }
    QVERIFY2(takenAt >= 0, "the blocked workflow starved");
    QVERIFY2(takenAt <= 301, qPrintable(QString::number(takenAt)));
    QVERIFY2(takenAt >= 299, qPrintable(QString::number(takenAt))); // the urgent went first
    QCOMPARE(order.first(), 1);
}

QTEST_GUILESS_MAIN(TestPollQueue)
#include "tst_pollqueue.moc"
