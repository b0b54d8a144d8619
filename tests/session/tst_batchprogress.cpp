// How the latest batch is getting on, in virtual time against a scenario played in-process:
// "140 of 202 settled, 10 need you" for the status bar and the tray. It counts only the latest
// batch the operator added, says which failed and which need the operator, stays a while after
// the batch has settled, and says nothing of a single workflow (its row says it all).

#include "engine/PollEngine.h"
#include "session/BatchProgress.h"
#include "support/ScenarioFetcher.h"
#include "support/SimulatorFixture.h"

#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using namespace rw;
using namespace rw::test;
using rw::session::BatchProgress;

namespace {

sim::Scenario scenario()
{
    QJsonArray workflows;
    const auto add = [&workflows](const QString &prefix, int count, const QString &state) {
        for (int i = 0; i < count; ++i)
            workflows.append(workflowJson(u"%1%2.example"_s.arg(prefix).arg(i), u"update"_s,
                                          {{0, u"in_progress"_s}, {60, state}}));
    };
    add(u"ok"_s, 5, u"succeeded"_s);
    add(u"bad"_s, 2, u"failed"_s);
    add(u"act"_s, 1, u"action_required"_s);
    add(u"slow"_s, 2, u"in_progress"_s);
    workflows.append(workflowJson(u"late.example"_s, u"update"_s, {{0, u"in_progress"_s}}));
    QJsonObject json = baseScenario();
    json.insert(u"workflows"_s, workflows);
    auto parsed = sim::Scenario::fromJson(QJsonDocument(json).toJson());
    if (!parsed)
        qFatal("bad test scenario: %s", qPrintable(parsed.error()));
    return parsed.value();
}

QList<WorkflowRef> refs(const QString &prefix, int count)
{
    QList<WorkflowRef> list;
    for (int i = 0; i < count; ++i)
        list.append(
            {{testAccountId, false}, u"%1%2.example"_s.arg(prefix).arg(i), WorkflowKind::Update});
    return list;
}

struct Rig
{
    Rig()
        : fetcher(scenario(), clock)
        , engine(&fetcher, clock)
        , progress(&engine, clock)
    {
        engine.setJitterSource([] { return 0.0; });
    }
    // Runs virtual time on by `span`, ringing the alarms that fall due on the way.
    void runFor(std::chrono::milliseconds span)
    {
        const QDateTime until = clock.now().addMSecs(span.count());
        for (QDateTime next = clock.nextAlarm(); next.isValid() && next <= until;
             next = clock.nextAlarm()) {
            clock.advanceToNextAlarm();
            QCoreApplication::processEvents();
        }
        clock.advanceTo(until);
        QCoreApplication::processEvents();
    }
    ManualClock clock;
    sim::ScenarioFetcher fetcher;
    PollEngine engine;
    BatchProgress progress;
};

} // namespace

class TestBatchProgress : public QObject
{
    Q_OBJECT
private slots:
    void countsTheLatestBatchToItsEnd();
    void saysNothingOfASingleWorkflow();
};

void TestBatchProgress::countsTheLatestBatchToItsEnd()
{
    Rig rig;
    QCOMPARE(rig.progress.text(), QString());
    QSignalSpy changed(&rig.progress, &BatchProgress::changed);

    QList<WorkflowRef> batch =
        refs(u"ok"_s, 5) + refs(u"bad"_s, 2) + refs(u"act"_s, 1) + refs(u"slow"_s, 2);
    (void)rig.engine.watchAll(batch);
    QVERIFY(changed.size() > 0);
    QVERIFY2(rig.progress.text().startsWith(u"Batch of "_s), qPrintable(rig.progress.text()));
    QVERIFY2(rig.progress.text().endsWith(u": 0 of 10 settled"_s), qPrintable(rig.progress.text()));

    rig.runFor(10min);
    QVERIFY2(rig.progress.text().endsWith(u": 7 of 10 settled (2 failed), 1 needs you"_s),
             qPrintable(rig.progress.text()));
    const BatchProgress::Counts &counts = rig.progress.latest();
    QCOMPARE(counts.total, 10);
    QCOMPARE(counts.settled, 7);
    QCOMPARE(counts.failed, 2);
    QCOMPARE(counts.needYou, 1);
    QCOMPARE(counts.watching, 2);

    // The two still running are paused: nothing is watched, and the batch is shown a while.
    for (const TrackedWorkflow &workflow : rig.engine.snapshot()) {
        if (workflow.ref.domain.startsWith(u"slow"_s))
            rig.engine.pause(workflow.id);
    }
    QCoreApplication::processEvents();
    QVERIFY2(rig.progress.text().endsWith(u"7 of 10 settled (2 failed), 1 needs you, 2 paused"_s),
             qPrintable(rig.progress.text()));
    rig.runFor(BatchProgress::lingers - 1min);
    QVERIFY(!rig.progress.text().isEmpty());
    rig.runFor(2min);
    QCOMPARE(rig.progress.text(), QString());
}

void TestBatchProgress::saysNothingOfASingleWorkflow()
{
    Rig rig;
    (void)rig.engine.watchAll(refs(u"ok"_s, 2));
    QVERIFY(rig.progress.text().endsWith(u": 0 of 2 settled"_s));
    // Added well after: a batch of its own, of one. Its row says all; the older batch is over.
    rig.runFor(PollEngine::batchJoinsWithin + 1min);
    (void)rig.engine.watch({{testAccountId, false}, u"late.example"_s, WorkflowKind::Update});
    QCoreApplication::processEvents();
    QCOMPARE(rig.progress.latest().total, 1);
    QCOMPARE(rig.progress.text(), QString());
}

QTEST_GUILESS_MAIN(TestBatchProgress)
#include "tst_batchprogress.moc"
