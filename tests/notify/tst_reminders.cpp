// The parts of the notification policy on their own: which batch a workflow is told in, and
// when an unanswered action_required is due a reminder.

#include "notify/Batches.h"
#include "notify/Condition.h"
#include "notify/Reminders.h"
#include "support/ManualClock.h"

#include <QSignalSpy>
#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using namespace rw;
using namespace rw::test;

namespace {

TrackedWorkflow member(qint64 id, qint64 batch, const QDateTime &addedAt)
{
    TrackedWorkflow workflow;
    workflow.id = id;
    workflow.ref = {{u"a"_s, false}, u"d%1.example"_s.arg(id), WorkflowKind::Update};
    workflow.batch = batch;
    workflow.addedAt = addedAt;
    return workflow;
}

TrackedWorkflow waiting(qint64 id, const QDateTime &since)
{
    TrackedWorkflow workflow = member(id, 0, since);
    WorkflowStatus status;
    status.state = WorkflowState::ActionRequired;
    status.stateText = u"action_required"_s;
    workflow.status = status;
    workflow.watch = WatchState::NeedsOperator;
    workflow.stateSince = since;
    return workflow;
}

} // namespace

class TestReminders : public QObject
{
    Q_OBJECT
private slots:
    void aBigBatchIsToldInItsSummary();
    void aSmallBatchIsToldWorkflowByWorkflow();
    void addedAgainMovesToTheNewerBatch();
    void addedAgainWhileItsNewsWaitsIsToldInTheOldSummary();
    void pastBatchesAreForgotten();
    void remindsAfterTheFirstWaitThenEvery();
    void remindsOnlyOfWhatWasTold();
    void mutedOrDisabledIsNotReminded();
    void missedRemindersAreNotSentOneByOne();
};

void TestReminders::aBigBatchIsToldInItsSummary()
{
    ManualClock clock;
    Batches batches;
    const qint64 batch = clock.now().toMSecsSinceEpoch();
    for (qint64 id = 1; id <= Batches::summaryAbove + 1; ++id)
        batches.learn(member(id, batch, clock.now()), clock.now());
    QVERIFY(!batches.hasNews());
    QVERIFY(batches.addNews(member(3, batch, clock.now()), u"succeeded@1"_s));
    QVERIFY(batches.hasNews());
    const auto summaries = batches.takeNews();
    QCOMPARE(summaries.size(), 1);
    QCOMPARE(summaries.first().members.size(), Batches::summaryAbove + 1);
    QCOMPARE(summaries.first().news, (QHash<qint64, QString>{{3, u"succeeded@1"_s}}));
    QCOMPARE(summaries.first().began.toMSecsSinceEpoch(), batch);
    QVERIFY(!batches.hasNews()); // taken
}

void TestReminders::aSmallBatchIsToldWorkflowByWorkflow()
{
    ManualClock clock;
    Batches batches;
    const qint64 batch = clock.now().toMSecsSinceEpoch();
    for (qint64 id = 1; id <= Batches::summaryAbove; ++id)
        batches.learn(member(id, batch, clock.now()), clock.now());
    QVERIFY(!batches.addNews(member(1, batch, clock.now()), u"succeeded@1"_s));
    // Found workflows are in no batch.
    TrackedWorkflow found = member(99, batch, clock.now());
    found.origin = WorkflowOrigin::Found;
    batches.learn(found, clock.now());
    QVERIFY(!batches.addNews(found, u"succeeded@1"_s));
}

void TestReminders::addedAgainMovesToTheNewerBatch()
{
    ManualClock clock;
    Batches batches;
    const qint64 first = clock.now().toMSecsSinceEpoch();
    for (qint64 id = 1; id <= Batches::summaryAbove + 1; ++id)
        batches.learn(member(id, first, clock.now()), clock.now());
    clock.advance(10min);
    const qint64 second = clock.now().toMSecsSinceEpoch();
    batches.learn(member(1, second, clock.now()), clock.now());
    // Workflow 1 left the first batch (now exactly summaryAbove, too small) for a batch of one.
    QVERIFY(!batches.addNews(member(2, first, clock.now()), u"succeeded@1"_s));
    QVERIFY(!batches.addNews(member(1, second, clock.now()), u"succeeded@1"_s));
}

// Its end waits in the first batch's summary (quiet hours) when it is added again: the summary
// still holds it, as it is now, so that its news is told and counted.
void TestReminders::addedAgainWhileItsNewsWaitsIsToldInTheOldSummary()
{
    ManualClock clock;
    Batches batches;
    const qint64 first = clock.now().toMSecsSinceEpoch();
    for (qint64 id = 1; id <= Batches::summaryAbove + 1; ++id)
        batches.learn(member(id, first, clock.now()), clock.now());
    QVERIFY(batches.addNews(member(1, first, clock.now()), u"failed@1"_s));
    clock.advance(10min);
    const qint64 second = clock.now().toMSecsSinceEpoch();
    TrackedWorkflow again = member(1, second, clock.now());
    again.selfLink = u"added-again"_s;
    batches.learn(again, clock.now());
    const QList<Batches::Summary> summaries = batches.takeNews();
    QCOMPARE(summaries.size(), 1);
    QVERIFY(summaries.first().news.contains(1));
    const auto told =
        std::find_if(summaries.first().members.cbegin(), summaries.first().members.cend(),
                     [](const TrackedWorkflow &w) { return w.id == 1; });
    QVERIFY(told != summaries.first().members.cend()); // before: gone, its news never told
    QCOMPARE(told->selfLink, u"added-again"_s);        // as it is now
}

void TestReminders::pastBatchesAreForgotten()
{
    ManualClock clock;
    Batches batches;
    const qint64 batch = clock.now().toMSecsSinceEpoch();
    for (qint64 id = 1; id <= Batches::summaryAbove + 1; ++id)
        batches.learn(member(id, batch, clock.now()), clock.now());
    clock.advance(Batches::liveFor + 1min);
    batches.prune(clock.now());
    // What ends now is told on its own: the batch is an hour old.
    QVERIFY(!batches.addNews(member(1, batch, clock.now()), u"succeeded@1"_s));
}

void TestReminders::remindsAfterTheFirstWaitThenEvery()
{
    ManualClock clock;
    QHash<qint64, QString> told;
    Reminders reminders(clock, [&told](qint64 id) { return told.value(id); });
    NotificationSettings settings; // 4 hours, then daily
    reminders.setSettings(settings);
    const TrackedWorkflow workflow = waiting(1, clock.now());
    told.insert(1, conditionOf(workflow)->mark);
    reminders.learn(workflow);
    QSignalSpy rang(&reminders, &Reminders::ring);
    clock.advance(4h - 1min);
    QCOMPARE(rang.size(), 0);
    QVERIFY(reminders.due(clock.now()).isEmpty());
    clock.advance(1min);
    QCOMPARE(rang.size(), 1);
    const auto due = reminders.due(clock.now());
    QCOMPARE(due.size(), 1);
    QCOMPARE(due.first().second, conditionOf(workflow)->mark + u"#1"_s);
    told.insert(1, due.first().second);
    reminders.rearm();
    clock.advance(24h - 1min);
    QCOMPARE(rang.size(), 1);
    clock.advance(1min);
    QCOMPARE(rang.size(), 2);
    QCOMPARE(reminders.due(clock.now()).first().second, conditionOf(workflow)->mark + u"#2"_s);
}

void TestReminders::remindsOnlyOfWhatWasTold()
{
    ManualClock clock;
    Reminders reminders(clock, [](qint64) { return QString(); });
    reminders.setSettings({});
    reminders.learn(waiting(1, clock.now()));
    clock.advance(5h);
    QVERIFY(reminders.due(clock.now()).isEmpty());
}

void TestReminders::mutedOrDisabledIsNotReminded()
{
    ManualClock clock;
    TrackedWorkflow workflow = waiting(1, clock.now());
    const QString mark = conditionOf(workflow)->mark;
    Reminders reminders(clock, [&mark](qint64) { return mark; });
    NotificationSettings settings;
    reminders.setSettings(settings);
    workflow.muted = true;
    reminders.learn(workflow);
    clock.advance(5h);
    QVERIFY(reminders.due(clock.now()).isEmpty());
    workflow.muted = false;
    reminders.learn(workflow);
    QCOMPARE(reminders.due(clock.now()).size(), 1);
    settings.remind = false;
    reminders.setSettings(settings);
    QVERIFY(reminders.due(clock.now()).isEmpty());
    // And once it no longer waits (resumed, answered), it is forgotten.
    settings.remind = true;
    reminders.setSettings(settings);
    workflow.watch = WatchState::Watching;
    reminders.learn(workflow);
    QVERIFY(!reminders.isWatching(1));
    QVERIFY(reminders.due(clock.now()).isEmpty());
}

void TestReminders::missedRemindersAreNotSentOneByOne()
{
    // The app was closed for three days: one reminder now, counting all that were due.
    ManualClock clock;
    const TrackedWorkflow workflow = waiting(1, clock.now());
    const QString mark = conditionOf(workflow)->mark;
    Reminders reminders(clock, [&mark](qint64) { return mark; });
    reminders.setSettings({});
    clock.advance(4h + 3 * 24h + 1min);
    reminders.learn(workflow);
    const auto due = reminders.due(clock.now());
    QCOMPARE(due.size(), 1);
    QCOMPARE(due.first().second, mark + u"#4"_s);
}

QTEST_GUILESS_MAIN(TestReminders)
#include "tst_reminders.moc"
