// The polling engine in virtual time: it follows workflows to their end, stays inside the
// budget for days, serves the urgent first and starves none, freezes on 429 and stops on
// rejected credentials, and every operation is safe while a request is in flight. Days of
// virtual time run against the simulator's scenarios in-process (ScenarioFetcher); what needs
// the wire (credentials, real HTTP) runs against the HTTP simulator on the same virtual clock.

#include "engine/ClientStatusFetcher.h"
#include "engine/PollEngine.h"
#include "store/WorkflowStore.h"
#include "support/ScenarioFetcher.h"
#include "support/SimulatorFixture.h"

#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace std::chrono;
using namespace std::chrono_literals;
using namespace rw;
using namespace rw::test;

namespace {

sim::Scenario scenarioFrom(const QJsonObject &json)
{
    auto scenario = sim::Scenario::fromJson(QJsonDocument(json).toJson());
    if (!scenario)
        qFatal("bad test scenario: %s", qPrintable(scenario.error()));
    return scenario.value();
}

QJsonObject withWorkflows(const QJsonArray &workflows)
{
    QJsonObject scenario = baseScenario();
    scenario.insert(u"workflows"_s, workflows);
    return scenario;
}

WorkflowRef ref(const QString &domain, WorkflowKind kind = WorkflowKind::Update)
{
    return {{testAccountId, false}, domain, kind};
}

// Everything the engine says, in order.
struct Recorder
{
    explicit Recorder(PollEngine &engine)
    {
        QObject::connect(&engine, &PollEngine::stateChanged, &engine,
                         [this](const TrackedWorkflow &workflow, const StateChange &change) {
                             changes.append({workflow.id, change});
                         });
        QObject::connect(&engine, &PollEngine::accountHeld, &engine,
                         [this](const QString &, const QString &reason, const QDateTime &) {
                             holds.append(reason);
                         });
        QObject::connect(&engine, &PollEngine::accountReleased, &engine,
                         [this](const QString &) { ++releases; });
    }
    [[nodiscard]] QStringList statesOf(qint64 id) const
    {
        QStringList states;
        for (const auto &[changed, change] : changes) {
            if (changed == id)
                states.append(change.toState);
        }
        return states;
    }
    QList<std::pair<qint64, StateChange>> changes;
    QStringList holds;
    int releases = 0;
};

} // namespace

class TestPollEngine : public QObject
{
    Q_OBJECT
private slots:
    void followsAWorkflowToItsEnd();
    void detectsChangesPromptly();
    void respectsTimeAlreadySpentInAState();
    void staysWithinTheBudgetForDays();
    void servesUrgentFirstAndStarvesNone();
    void slowsDownWhenTheSharedQuotaIsLow();
    void freezesTheAccountOn429();
    void stopsOnRejectedCredentialsUntilTheyChange();
    void waitsForTheOperatorOnActionRequired();
    void givesUpAndCanBeResumed();
    void watchTracksWhatIsNew();
    void watchResumesWhatWasStopped();
    void watchAsksAgainAboutWhatEnded();
    void toldMarksLiveWithTheWorkflow();
    void retriesNoWorkflowTwiceThenStops();
    void findsAWorkflowCreatedLate();
    void keepsWorkingThroughErrors();
    void operationsAreSafeWhileInFlight();
    void listenersMayRemoveWhatTheyHearAbout();
    void restartsFromTheStore();
    void reportsStorageErrorsOnce();
    void wakesAfterSleepWithinTheBudget();
    void retriesAtOnceWhenTheNetworkIsBack();
    void checksAllNowAtTheBudgetsPace();
};

void TestPollEngine::followsAWorkflowToItsEnd()
{
    ManualClock clock;
    sim::ScenarioFetcher fetcher(
        scenarioFrom(withWorkflows({workflowJson(u"example.com"_s, u"update"_s,
                                                 {{0, u"pending"_s},
                                                  {30, u"in_progress"_s},
                                                  {300, u"blocked"_s},
                                                  {2000, u"succeeded"_s}})})),
        clock);
    PollEngine engine(&fetcher, clock);
    engine.setJitterSource([] { return 0.0; });
    Recorder recorder(engine);
    QSignalSpy watch(&engine, &PollEngine::watchChanged);
    const qint64 id = engine.track(ref(u"example.com"_s));
    QCOMPARE(engine.track(ref(u"example.com"_s)), id); // tracked once
    QCOMPARE(engine.workflow(id)->nextPollAt, clock.now().addSecs(2));

    clock.advance(3h);
    QCOMPARE(recorder.statesOf(id),
             (QStringList{u"pending"_s, u"in_progress"_s, u"blocked"_s, u"succeeded"_s}));
    const TrackedWorkflow *workflow = engine.workflow(id);
    QCOMPARE(workflow->watch, WatchState::Settled);
    QVERIFY(!workflow->nextPollAt.isValid());
    QCOMPARE(watch.size(), 1);
    // The first observation has no "from"; each later one names the state before.
    QCOMPARE(recorder.changes.first().second.fromState, std::nullopt);
    QCOMPARE(recorder.changes.last().second.fromState, u"blocked"_s);
    const qint64 requests = fetcher.requests();
    clock.advance(48h);
    QCOMPARE(fetcher.requests(), requests); // never asked again
    QVERIFY(!engine.nextCheck().isValid());
}

void TestPollEngine::detectsChangesPromptly()
{
    // Changes early on are seen within seconds; a blocked spell costs few requests.
    ManualClock clock;
    sim::ScenarioFetcher fetcher(
        scenarioFrom(withWorkflows({workflowJson(u"example.com"_s, u"update"_s,
                                                 {{0, u"pending"_s},
                                                  {20, u"in_progress"_s},
                                                  {120, u"blocked"_s},
                                                  {6 * 3600, u"succeeded"_s}})})),
        clock);
    PollEngine engine(&fetcher, clock);
    engine.setJitterSource([] { return 0.0; });
    Recorder recorder(engine);
    const QDateTime start = clock.now();
    engine.track(ref(u"example.com"_s));
    clock.advance(8h);
    QCOMPARE(recorder.changes.size(), 4);
    const auto delay = [&](int index, int at) {
        return start.addSecs(at).secsTo(recorder.changes.at(index).second.observedAt);
    };
    // Polls at 2, 5.2, 10.3, 18.5, 31.6 s (x1.6 each): the change at 20 s is seen at 31.6 s.
    QCOMPARE(delay(1, 20), 11);
    QVERIFY2(delay(2, 120) <= 60, qPrintable(QString::number(delay(2, 120)))); // the cap
    QVERIFY2(delay(3, 6 * 3600) <= 3600, qPrintable(QString::number(delay(3, 6 * 3600))));
    // A fixed 2 s loop would have asked 10,800 times by the end; this asks a few dozen.
    QVERIFY2(fetcher.requests() < 60, qPrintable(QString::number(fetcher.requests())));
}

void TestPollEngine::respectsTimeAlreadySpentInAState()
{
    // In progress for six hours before it was tracked: no need to ask every few seconds, and
    // blocked for six days before: the seven-day limit counts from when the block began.
    ManualClock clock;
    sim::ScenarioFetcher fetcher(
        scenarioFrom(withWorkflows(
            {workflowJson(u"old.example"_s, u"update"_s, {{-6 * 3600, u"in_progress"_s}}),
             workflowJson(u"long.example"_s, u"transfer-in"_s, {{-6 * 86400, u"blocked"_s}})})),
        clock);
    PollEngine engine(&fetcher, clock);
    engine.setJitterSource([] { return 0.0; });
    const qint64 old = engine.track(ref(u"old.example"_s));
    const qint64 blocked = engine.track(ref(u"long.example"_s, WorkflowKind::TransferIn));
    clock.advance(50s);
    QCOMPARE(engine.workflow(old)->polls, 1); // asked at 2 s, next at the cap, 62 s
    clock.advance(20s);
    QCOMPARE(engine.workflow(old)->polls, 2);
    clock.advance(25h);
    QCOMPARE(engine.workflow(blocked)->watch, WatchState::GaveUp);
    QCOMPARE(engine.workflow(blocked)->stopReason, u"blocked for 7d without change"_s);
}

void TestPollEngine::staysWithinTheBudgetForDays()
{
    // 600 workflows that never finish, against a budget of 90 requests per 5 minutes (the
    // default, 900, scaled down tenfold to keep the test quick): demand far beyond the budget,
    // for three days. The scenario's own limit (120) would answer 429 if the budget leaked.
    ManualClock clock;
    QJsonArray workflows;
    for (int i = 0; i < 600; ++i) {
        workflows.append(workflowJson(u"w%1.example"_s.arg(i), u"update"_s,
                                      {{0, i % 3 ? u"in_progress"_s : u"blocked"_s}}));
    }
    QJsonObject json = withWorkflows(workflows);
    json.insert(u"rate_limit"_s, QJsonObject{{u"requests"_s, 120}, {u"window_s"_s, 300}});
    sim::ScenarioFetcher fetcher(scenarioFrom(json), clock);
    fetcher.setLatency(300ms);
    PollSettings settings;
    settings.budgetRequests = 90;
    settings.budgetBurst = 3;
    settings.maxActiveTime = hours(24 * 30); // keep them all watched for the test
    PollEngine engine(&fetcher, clock, settings);
    for (int i = 0; i < 600; ++i)
        engine.track(ref(u"w%1.example"_s.arg(i)));
    clock.advance(72h);

    // Never over the budget in any 5-minute window, so never a 429.
    QVERIFY2(fetcher.maxRequestsInWindow() <= 90,
             qPrintable(QString::number(fetcher.maxRequestsInWindow())));
    QCOMPARE(fetcher.rateLimited(), 0);
    // And the budget is used, not wasted.
    QVERIFY2(fetcher.requests() > 72 * 12 * 85, qPrintable(QString::number(fetcher.requests())));
    // Nobody starves: every workflow was asked many times (blocked ones need at most one an
    // hour), and no due one waited long.
    for (const qint64 id : engine.workflowIds()) {
        const TrackedWorkflow *workflow = engine.workflow(id);
        const int expected = workflow->state() == WorkflowState::Blocked ? 40 : 100;
        QVERIFY2(workflow->polls >= expected, qPrintable(QString::number(workflow->polls)));
    }
    QVERIFY2(engine.longestWait() < 60min,
             qPrintable(QString::number(duration_cast<seconds>(engine.longestWait()).count())));
}

void TestPollEngine::servesUrgentFirstAndStarvesNone()
{
    ManualClock clock;
    QJsonArray workflows;
    for (int i = 0; i < 40; ++i)
        workflows.append(workflowJson(u"b%1.example"_s.arg(i), u"update"_s, {{-60, u"blocked"_s}}));
    for (int i = 0; i < 40; ++i)
        workflows.append(
            workflowJson(u"a%1.example"_s.arg(i), u"update"_s, {{-60, u"in_progress"_s}}));
    sim::ScenarioFetcher fetcher(scenarioFrom(withWorkflows(workflows)), clock);
    PollSettings settings;
    settings.budgetRequests = 30; // a tight budget: 30 per 5 minutes, one at a time
    settings.budgetBurst = 1;
    PollEngine engine(&fetcher, clock, settings);
    for (int i = 0; i < 40; ++i)
        engine.track(ref(u"b%1.example"_s.arg(i)));
    for (int i = 0; i < 40; ++i)
        engine.track(ref(u"a%1.example"_s.arg(i)));
    // Let everyone be seen once, then make all of them due at the same moment.
    clock.advance(2h);
    for (const qint64 id : engine.workflowIds())
        QVERIFY(engine.workflow(id)->status.has_value());
    engine.pauseAll();
    engine.resumeAll();
    const QDateTime resumed = clock.now();
    const qint64 before = fetcher.requests();
    clock.advance(2min); // room for a handful of requests only
    const qint64 served = fetcher.requests() - before;
    QVERIFY(served >= 5 && served < 40);
    // Those served were the in_progress ones, although the blocked ones were tracked first.
    const auto servedSinceResume = [&](WorkflowState state) {
        int count = 0;
        for (const qint64 id : engine.workflowIds()) {
            const TrackedWorkflow *workflow = engine.workflow(id);
            if (workflow->lastCheckedAt >= resumed && workflow->state() == state)
                ++count;
        }
        return count;
    };
    QCOMPARE(servedSinceResume(WorkflowState::Blocked), 0);
    QCOMPARE(servedSinceResume(WorkflowState::InProgress), int(served));
    // Yet the blocked ones are not starved: all were due at the resume, and all are served
    // within a bounded time, long before their own hourly check would come round.
    clock.advance(40min);
    QCOMPARE(servedSinceResume(WorkflowState::Blocked), 40);
    QVERIFY2(engine.longestWait() < 45min,
             qPrintable(QString::number(duration_cast<seconds>(engine.longestWait()).count())));
}

void TestPollEngine::slowsDownWhenTheSharedQuotaIsLow()
{
    // Someone else uses most of the account's quota: the scenario allows only 200 requests per
    // 5 minutes, far below our budget. The Ratelimit headers tell the engine, which keeps clear.
    ManualClock clock;
    QJsonArray workflows;
    for (int i = 0; i < 400; ++i)
        workflows.append(
            workflowJson(u"w%1.example"_s.arg(i), u"update"_s, {{0, u"in_progress"_s}}));
    QJsonObject json = withWorkflows(workflows);
    json.insert(u"rate_limit"_s, QJsonObject{{u"requests"_s, 200}, {u"window_s"_s, 300}});
    sim::ScenarioFetcher fetcher(scenarioFrom(json), clock);
    PollEngine engine(&fetcher, clock);
    Recorder recorder(engine);
    for (int i = 0; i < 400; ++i)
        engine.track(ref(u"w%1.example"_s.arg(i)));
    clock.advance(6h);
    QCOMPARE(fetcher.rateLimited(), 0);
    QVERIFY2(fetcher.maxRequestsInWindow() <= 200,
             qPrintable(QString::number(fetcher.maxRequestsInWindow())));
    // Still working, close to what is left for us (the limit less a tenth kept for others),
    // and spread out rather than stopping and starting: never a hold.
    QVERIFY2(fetcher.requests() > 6 * 12 * 160, qPrintable(QString::number(fetcher.requests())));
    QVERIFY2(recorder.holds.isEmpty(), qPrintable(recorder.holds.join(u"; ")));
}

void TestPollEngine::freezesTheAccountOn429()
{
    ManualClock clock;
    QJsonObject faulty = workflowJson(u"example.com"_s, u"update"_s, {{0, u"in_progress"_s}});
    faulty.insert(u"faults"_s,
                  QJsonArray{QJsonObject{
                      {u"on_request"_s, 3}, {u"status"_s, 429}, {u"retry_after_s"_s, 600}}});
    QJsonArray workflows{faulty};
    for (int i = 0; i < 5; ++i)
        workflows.append(
            workflowJson(u"w%1.example"_s.arg(i), u"update"_s, {{0, u"in_progress"_s}}));
    sim::ScenarioFetcher fetcher(scenarioFrom(withWorkflows(workflows)), clock);
    PollEngine engine(&fetcher, clock);
    Recorder recorder(engine);
    const qint64 id = engine.track(ref(u"example.com"_s));
    for (int i = 0; i < 5; ++i)
        engine.track(ref(u"w%1.example"_s.arg(i)));
    // Run until the 429 arrives.
    QVERIFY(QTest::qWaitFor(
        [&] {
            clock.advanceToNextAlarm();
            return !recorder.holds.isEmpty();
        },
        1000));
    const QDateTime heldAt = clock.now();
    QCOMPARE(recorder.holds.size(), 1);
    QVERIFY(recorder.holds.first().contains(u"rate-limited"_s));
    QCOMPARE(engine.accountStatus(testAccountId).hold, RequestBudget::Hold::RateLimited);
    QCOMPARE(engine.accountStatus(testAccountId).heldUntil, heldAt.addSecs(600));
    const qint64 requests = fetcher.requests();
    clock.advance(599s);
    QCOMPARE(fetcher.requests(), requests); // not one request for the whole account
    QCOMPARE(recorder.holds.size(), 1);     // and said once
    clock.advance(2s);
    QCOMPARE(recorder.releases, 1);
    QVERIFY(fetcher.requests() > requests);
    clock.advance(5min);
    QCOMPARE(engine.workflow(id)->watch, WatchState::Watching);
    QVERIFY(!engine.workflow(id)->lastError);
}

void TestPollEngine::stopsOnRejectedCredentialsUntilTheyChange()
{
    // Over real HTTP: credentials are checked by the HTTP simulator.
    SimulatorFixture sim(
        withWorkflows({workflowJson(u"example.com"_s, u"update"_s,
                                    {{0, u"in_progress"_s}, {600, u"succeeded"_s}}),
                       workflowJson(u"other.example"_s, u"update"_s, {{0, u"pending"_s}})}));
    QVERIFY(sim.isListening());
    ManualClock &clock = sim.clock();
    QNetworkAccessManager network;
    ClientStatusFetcher fetcher(&network, clock);
    ClientConfig config;
    config.base = ApiBase::fromUrl(sim.baseUrl()).value();
    config.credentials = Credentials::apiToken(u"revoked-token"_s);
    fetcher.setDefaultConfig(config);
    PollEngine engine(&fetcher, clock);
    Recorder recorder(engine);
    const auto run = [&](seconds span) {
        const QDateTime until = clock.now().addSecs(span.count());
        while (true) {
            if (!QTest::qWaitFor([&] { return engine.inFlight() == 0; }, 10000))
                qFatal("a request did not come back");
            const QDateTime next = clock.nextAlarm();
            if (!next.isValid() || next > until)
                break;
            clock.advanceTo(next);
        }
        clock.advanceTo(until);
    };
    const qint64 first = engine.track(ref(u"example.com"_s));
    engine.track(ref(u"other.example"_s));
    run(10s);
    QCOMPARE(recorder.holds.size(), 1);
    QVERIFY(recorder.holds.first().contains(u"rejected the credentials"_s));
    QCOMPARE(engine.accountStatus(testAccountId).hold, RequestBudget::Hold::CredentialsRejected);
    const qint64 sent = sim.simulator().stats().value(u"requests_total").toInteger();
    QVERIFY(sent >= 1 && sent <= 2);
    run(6h);
    QCOMPARE(sim.simulator().stats().value(u"requests_total").toInteger(), sent);
    QCOMPARE(recorder.holds.size(), 1);

    config.credentials = Credentials::apiToken(testToken);
    fetcher.setDefaultConfig(config);
    engine.credentialsChanged(testAccountId);
    run(1min);
    QCOMPARE(recorder.releases, 1);
    QCOMPARE(engine.workflow(first)->state(), WorkflowState::Succeeded);
    QVERIFY(!engine.workflow(first)->lastError);
}

void TestPollEngine::waitsForTheOperatorOnActionRequired()
{
    ManualClock clock;
    sim::ScenarioFetcher fetcher(
        scenarioFrom(withWorkflows({workflowJson(u"example.com"_s, u"update"_s,
                                                 {{0, u"in_progress"_s},
                                                  {30, u"action_required"_s},
                                                  {3600, u"in_progress"_s},
                                                  {3700, u"succeeded"_s}})})),
        clock);
    PollEngine engine(&fetcher, clock);
    const qint64 id = engine.track(ref(u"example.com"_s));
    clock.advance(5min);
    QCOMPARE(engine.workflow(id)->watch, WatchState::NeedsOperator);
    const qint64 requests = fetcher.requests();
    clock.advance(2h); // the operator acted in the dashboard an hour ago, but nobody asks
    QCOMPARE(fetcher.requests(), requests);
    engine.resume(id);
    clock.advance(5min);
    QCOMPARE(engine.workflow(id)->watch, WatchState::Settled);
    QCOMPARE(engine.workflow(id)->state(), WorkflowState::Succeeded);
}

void TestPollEngine::givesUpAndCanBeResumed()
{
    ManualClock clock;
    sim::ScenarioFetcher fetcher(scenarioFrom(withWorkflows({workflowJson(
                                     u"stuck.example"_s, u"update"_s,
                                     {{0, u"in_progress"_s}, {5 * 3600, u"succeeded"_s}})})),
                                 clock);
    PollSettings settings;
    settings.maxActiveTime = 2h;
    PollEngine engine(&fetcher, clock, settings);
    QSignalSpy watch(&engine, &PollEngine::watchChanged);
    const qint64 id = engine.track(ref(u"stuck.example"_s));
    clock.advance(3h);
    QCOMPARE(engine.workflow(id)->watch, WatchState::GaveUp);
    QCOMPARE(engine.workflow(id)->stopReason, u"still in_progress after 2h"_s);
    QCOMPARE(watch.size(), 1);
    engine.resume(id);
    QCOMPARE(engine.workflow(id)->watch, WatchState::Watching);
    clock.advance(3h);
    QCOMPARE(engine.workflow(id)->watch, WatchState::Settled);
}

void TestPollEngine::watchTracksWhatIsNew()
{
    ManualClock clock;
    sim::ScenarioFetcher fetcher(scenarioFrom(withWorkflows({workflowJson(
                                     u"example.com"_s, u"update"_s, {{0, u"in_progress"_s}})})),
                                 clock);
    PollEngine engine(&fetcher, clock);
    QSignalSpy added(&engine, &PollEngine::workflowAdded);
    const auto outcome = engine.watch(ref(u"example.com"_s));
    QCOMPARE(outcome.how, PollEngine::Watched::Added);
    QCOMPARE(engine.workflowIds(), QList<qint64>{outcome.id});
    QCOMPARE(added.size(), 1);
    QCOMPARE(added.first().first().value<TrackedWorkflow>().ref.domain, u"example.com"_s);
    // Asked again while watched: the same workflow, checked now rather than added twice.
    const auto again = engine.watch(ref(u"example.com"_s));
    QCOMPARE(again.id, outcome.id);
    QCOMPARE(again.how, PollEngine::Watched::Rechecked);
    QCOMPARE(added.size(), 1);
    QVERIFY(engine.isInFlight(outcome.id));
}

void TestPollEngine::watchResumesWhatWasStopped()
{
    ManualClock clock;
    sim::ScenarioFetcher fetcher(
        scenarioFrom(withWorkflows(
            {workflowJson(u"paused.example"_s, u"update"_s, {{0, u"in_progress"_s}}),
             workflowJson(u"asks.example"_s, u"update"_s, {{0, u"action_required"_s}})})),
        clock);
    PollEngine engine(&fetcher, clock);
    const qint64 paused = engine.track(ref(u"paused.example"_s));
    const qint64 asks = engine.track(ref(u"asks.example"_s));
    engine.pause(paused);
    clock.advance(1min);
    QCOMPARE(engine.workflow(asks)->watch, WatchState::NeedsOperator);
    for (const qint64 id : {paused, asks}) {
        const auto outcome = engine.watch(engine.workflow(id)->ref);
        QCOMPARE(outcome.id, id);
        QCOMPARE(outcome.how, PollEngine::Watched::Resumed);
        QCOMPARE(engine.workflow(id)->watch, WatchState::Watching);
    }
}

void TestPollEngine::watchAsksAgainAboutWhatEnded()
{
    // An update that succeeded, then a new one started on the same domain: watching it again
    // must ask, or the settled row would never learn of the new workflow.
    ManualClock clock;
    sim::ScenarioFetcher fetcher(
        scenarioFrom(withWorkflows({workflowJson(
            u"example.com"_s, u"update"_s,
            {{0, u"succeeded"_s}, {3600, u"in_progress"_s}, {4 * 3600, u"succeeded"_s}})})),
        clock);
    PollEngine engine(&fetcher, clock);
    const qint64 id = engine.track(ref(u"example.com"_s));
    clock.advance(1min);
    QCOMPARE(engine.workflow(id)->watch, WatchState::Settled);
    clock.advance(1h); // the new update is under way
    const auto outcome = engine.watch(ref(u"example.com"_s));
    QCOMPARE(outcome.how, PollEngine::Watched::Rechecked);
    clock.advance(1s);
    QCOMPARE(engine.workflow(id)->state(), WorkflowState::InProgress);
    QCOMPARE(engine.workflow(id)->watch, WatchState::Watching);
}

void TestPollEngine::toldMarksLiveWithTheWorkflow()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"store.sqlite"_s);
    ManualClock clock;
    sim::ScenarioFetcher fetcher(scenarioFrom(withWorkflows({workflowJson(
                                     u"example.com"_s, u"update"_s, {{0, u"succeeded"_s}})})),
                                 clock);
    qint64 id = 0;
    {
        auto store = WorkflowStore::open(path);
        QVERIFY(store.hasValue());
        PollEngine engine(&fetcher, clock);
        engine.setStore(store.value().get());
        id = engine.track(ref(u"example.com"_s));
        engine.setTold(id, u"succeeded@1"_s);
        QCOMPARE(engine.workflow(id)->toldMark, u"succeeded@1"_s);
        clock.advance(1min); // saving the answer leaves the mark alone
        QCOMPARE(engine.snapshot().first().toldMark, u"succeeded@1"_s);
    }
    auto store = WorkflowStore::open(path);
    QVERIFY(store.hasValue());
    PollEngine engine(&fetcher, clock);
    engine.setStore(store.value().get());
    QCOMPARE(engine.loadFromStore(), std::nullopt);
    QCOMPARE(engine.workflow(id)->toldMark, u"succeeded@1"_s);
}

void TestPollEngine::retriesNoWorkflowTwiceThenStops()
{
    ManualClock clock;
    sim::ScenarioFetcher fetcher(scenarioFrom(withWorkflows({})), clock);
    PollEngine engine(&fetcher, clock);
    const QDateTime start = clock.now();
    const qint64 id = engine.track(ref(u"nothing.example"_s));
    clock.advance(10min);
    const TrackedWorkflow *workflow = engine.workflow(id);
    QCOMPARE(fetcher.requests(), 3);
    QCOMPARE(workflow->watch, WatchState::GaveUp);
    QCOMPARE(workflow->stopReason, u"no workflow found"_s);
    QCOMPARE(workflow->lastError->kind, ApiErrorKind::NoWorkflow);
    QVERIFY2(start.secsTo(workflow->lastCheckedAt) < 60,
             qPrintable(QString::number(start.secsTo(workflow->lastCheckedAt))));
}

void TestPollEngine::findsAWorkflowCreatedLate()
{
    // A PATCH answered 202 but the workflow appears a little later.
    ManualClock clock;
    sim::ScenarioFetcher fetcher(
        scenarioFrom(withWorkflows({workflowJson(u"late.example"_s, u"update"_s,
                                                 {{15, u"pending"_s}, {60, u"succeeded"_s}})})),
        clock);
    PollEngine engine(&fetcher, clock);
    const qint64 id = engine.track(ref(u"late.example"_s));
    clock.advance(10min);
    QCOMPARE(engine.workflow(id)->watch, WatchState::Settled);
    QCOMPARE(engine.workflow(id)->noWorkflowAnswers, 0);
}

void TestPollEngine::keepsWorkingThroughErrors()
{
    ManualClock clock;
    QJsonObject faulty =
        workflowJson(u"example.com"_s, u"update"_s, {{0, u"in_progress"_s}, {900, u"succeeded"_s}});
    faulty.insert(u"faults"_s,
                  QJsonArray{QJsonObject{{u"on_request"_s, 2}, {u"status"_s, 503}},
                             QJsonObject{{u"on_request"_s, 3}, {u"body"_s, u"<html>"_s}},
                             QJsonObject{{u"on_request"_s, 4}, {u"delay_ms"_s, 45000}}});
    sim::ScenarioFetcher fetcher(scenarioFrom(withWorkflows({faulty})), clock);
    PollEngine engine(&fetcher, clock);
    engine.setJitterSource([] { return 0.0; });
    QList<ApiErrorKind> errors;
    QByteArray bodyBeforeTimeout;
    connect(&engine, &PollEngine::pollFailed, &engine,
            [&](const TrackedWorkflow &workflow, const ApiError &error) {
                errors.append(error.kind);
                if (error.kind == ApiErrorKind::Timeout) // no answer: the last one stays
                    bodyBeforeTimeout = workflow.lastBody;
            });
    const qint64 id = engine.track(ref(u"example.com"_s));
    clock.advance(30min);
    QCOMPARE(bodyBeforeTimeout, QByteArray("<html>"));
    QCOMPARE(errors, (QList<ApiErrorKind>{ApiErrorKind::Server, ApiErrorKind::BadPayload,
                                          ApiErrorKind::Timeout}));
    const TrackedWorkflow *workflow = engine.workflow(id);
    QCOMPARE(workflow->state(), WorkflowState::Succeeded); // the state survived the errors
    QCOMPARE(workflow->totalErrors, 3);
    QCOMPARE(workflow->consecutiveErrors, 0);
}

void TestPollEngine::operationsAreSafeWhileInFlight()
{
    ManualClock clock;
    QJsonArray workflows;
    for (int i = 0; i < 4; ++i)
        workflows.append(workflowJson(u"w%1.example"_s.arg(i), u"update"_s,
                                      {{0, u"in_progress"_s}, {100, u"succeeded"_s}}));
    sim::ScenarioFetcher fetcher(scenarioFrom(withWorkflows(workflows)), clock);
    fetcher.setLatency(5s);
    PollEngine engine(&fetcher, clock);
    QList<qint64> ids;
    for (int i = 0; i < 4; ++i)
        ids.append(engine.track(ref(u"w%1.example"_s.arg(i))));
    clock.advance(3s); // all four asked, answers 5 s away
    QCOMPARE(engine.inFlight(), 4);
    engine.pollNow(ids[0]); // already on its way: nothing more
    engine.pause(ids[1]);   // the answer is still recorded, then it rests
    engine.remove(ids[2]);  // the request is dropped
    engine.resume(ids[1]);
    engine.pause(ids[3]);
    QCOMPARE(engine.inFlight(), 3);
    QCOMPARE(fetcher.requests(), 4);
    clock.advance(5s); // the answers are in; the next polls are not due yet
    QCOMPARE(engine.inFlight(), 0);
    QVERIFY(engine.workflow(ids[1])->status.has_value());
    QCOMPARE(engine.workflow(ids[1])->watch, WatchState::Watching);
    QVERIFY(engine.workflow(ids[3])->status.has_value());
    QCOMPARE(engine.workflow(ids[3])->watch, WatchState::Paused);
    QVERIFY(!engine.workflow(ids[3])->nextPollAt.isValid());
    QCOMPARE(engine.workflow(ids[2]), nullptr);
    clock.advance(10min);
    QCOMPARE(engine.workflow(ids[0])->watch, WatchState::Settled);
    QCOMPARE(engine.workflow(ids[3])->watch, WatchState::Paused); // untouched while paused
    engine.pollNow(ids[3]);                                       // checked once, still paused
    clock.advance(10s);
    QCOMPARE(engine.workflow(ids[3])->state(), WorkflowState::Succeeded);
    QCOMPARE(engine.workflow(ids[3])->watch, WatchState::Settled); // an end overrides a pause
    QCOMPARE(engine.accountStatus(testAccountId).waiting, 0);
}

void TestPollEngine::listenersMayRemoveWhatTheyHearAbout()
{
    // A slot that removes the workflow it is told about, from every signal the engine sends.
    ManualClock clock;
    QJsonObject faulty = workflowJson(u"f.example"_s, u"update"_s, {{0, u"in_progress"_s}});
    faulty.insert(u"faults"_s, QJsonArray{QJsonObject{{u"on_request"_s, 1}, {u"status"_s, 503}}});
    QJsonObject limited = workflowJson(u"r.example"_s, u"update"_s, {{0, u"in_progress"_s}});
    limited.insert(
        u"faults"_s,
        QJsonArray{QJsonObject{{u"on_request"_s, 1}, {u"status"_s, 429}, {u"retry_after_s"_s, 5}}});
    sim::ScenarioFetcher fetcher(
        scenarioFrom(withWorkflows(
            {workflowJson(u"s.example"_s, u"update"_s, {{0, u"pending"_s}}),
             workflowJson(u"w.example"_s, u"update"_s, {{0, u"succeeded"_s}}), faulty, limited})),
        clock);
    PollEngine engine(&fetcher, clock);
    const qint64 onState = engine.track(ref(u"s.example"_s));
    const qint64 onWatch = engine.track(ref(u"w.example"_s));
    const qint64 onFailure = engine.track(ref(u"f.example"_s));
    const qint64 onHold = engine.track(ref(u"r.example"_s));
    int heard = 0;
    connect(&engine, &PollEngine::stateChanged, &engine, [&](const TrackedWorkflow &workflow) {
        if (workflow.id == onState && ++heard)
            engine.remove(workflow.id);
    });
    connect(&engine, &PollEngine::watchChanged, &engine, [&](const TrackedWorkflow &workflow) {
        if (workflow.id == onWatch && ++heard)
            engine.remove(workflow.id);
    });
    connect(&engine, &PollEngine::pollFailed, &engine, [&](const TrackedWorkflow &workflow) {
        if (workflow.id == onFailure && ++heard)
            engine.remove(workflow.id);
    });
    connect(&engine, &PollEngine::accountHeld, &engine, [&] {
        ++heard;
        engine.remove(onHold);
    });
    int updatesOfRemoved = 0;
    connect(&engine, &PollEngine::workflowUpdated, &engine, [&](const TrackedWorkflow &workflow) {
        if (!engine.workflow(workflow.id)) // nothing is said of a workflow once it is removed
            ++updatesOfRemoved;
    });
    clock.advance(1h); // under ASan, any use of a removed entry fails here
    QCOMPARE(heard, 4);
    QCOMPARE(updatesOfRemoved, 0);
    QCOMPARE(engine.workflowIds(), QList<qint64>());
    QCOMPARE(engine.inFlight(), 0);
    QVERIFY(!engine.nextCheck().isValid());
}

void TestPollEngine::restartsFromTheStore()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"store.sqlite"_s);
    ManualClock clock;
    const QJsonObject json = withWorkflows(
        {workflowJson(u"example.com"_s, u"update"_s,
                      {{0, u"in_progress"_s}, {60, u"blocked"_s}, {2 * 3600, u"succeeded"_s}}),
         workflowJson(u"other.example"_s, u"registration"_s, {{0, u"pending"_s}})});
    sim::ScenarioFetcher fetcher(scenarioFrom(json), clock);
    qint64 id = 0;
    QDateTime due;
    {
        auto store = WorkflowStore::open(path);
        QVERIFY(store.hasValue());
        PollEngine engine(&fetcher, clock);
        engine.setStore(store.value().get());
        id = engine.track(ref(u"example.com"_s));
        engine.track(ref(u"other.example"_s, WorkflowKind::Registration));
        clock.advance(10min);
        QCOMPARE(engine.workflow(id)->state(), WorkflowState::Blocked);
        due = engine.workflow(id)->nextPollAt;
        QVERIFY(due > clock.now());
    } // the app quits

    clock.advance(3h); // closed for three hours; the workflow finished meanwhile
    auto store = WorkflowStore::open(path);
    QVERIFY(store.hasValue());
    PollEngine engine(&fetcher, clock);
    engine.setStore(store.value().get());
    Recorder recorder(engine);
    QCOMPARE(engine.loadFromStore(), std::nullopt);
    QCOMPARE(engine.workflowIds().size(), 2);
    QCOMPARE(engine.workflow(id)->state(), WorkflowState::Blocked);
    QCOMPARE(engine.workflow(id)->nextPollAt, due); // the due time survived
    clock.advance(2min);
    QCOMPARE(recorder.changes.size(), 1); // noticed on the first poll
    QCOMPARE(recorder.changes.first().second.fromState, u"blocked"_s);
    QCOMPARE(recorder.changes.first().second.toState, u"succeeded"_s);
    const auto history = store.value()->history(id);
    QVERIFY(history.hasValue());
    QStringList states;
    for (const StateChange &change : *history)
        states.append(change.toState);
    QCOMPARE(states, (QStringList{u"in_progress"_s, u"blocked"_s, u"succeeded"_s}));
}

void TestPollEngine::reportsStorageErrorsOnce()
{
    QTemporaryDir dir;
    ManualClock clock;
    sim::ScenarioFetcher fetcher(scenarioFrom(withWorkflows({workflowJson(
                                     u"example.com"_s, u"update"_s, {{0, u"in_progress"_s}})})),
                                 clock);
    auto store = WorkflowStore::open(dir.filePath(u"store.sqlite"_s));
    QVERIFY(store.hasValue());
    PollEngine engine(&fetcher, clock);
    engine.setStore(store.value().get());
    QSignalSpy errors(&engine, &PollEngine::storageError);
    const qint64 id = engine.track(ref(u"example.com"_s));
    // The same workflow again, straight into the store: the engine's next insert of it fails.
    TrackedWorkflow twin = *engine.workflow(id);
    QVERIFY(!store.value()->insert(twin).hasValue());
    engine.remove(id);
    QVERIFY(store.value()->insert(twin).hasValue()); // someone else wrote it meanwhile
    const qint64 again = engine.track(ref(u"example.com"_s));
    QCOMPARE(errors.size(), 1);
    QVERIFY(errors.first().first().toString().contains(u"UNIQUE"_s));
    QVERIFY(again < 0); // watched anyway, in memory
    clock.advance(5min);
    QVERIFY(engine.workflow(again)->polls > 0);
}

void TestPollEngine::wakesAfterSleepWithinTheBudget()
{
    // 300 blocked workflows and a budget of 90 per 5 minutes; the computer sleeps for three
    // hours, so every one of them falls due at once.
    ManualClock clock;
    QJsonArray workflows;
    for (int i = 0; i < 300; ++i)
        workflows.append(workflowJson(u"w%1.example"_s.arg(i), u"update"_s, {{0, u"blocked"_s}}));
    QJsonObject json = withWorkflows(workflows);
    json.insert(u"rate_limit"_s, QJsonObject{{u"requests"_s, 120}, {u"window_s"_s, 300}});
    sim::ScenarioFetcher fetcher(scenarioFrom(json), clock);
    PollSettings settings;
    settings.budgetRequests = 90;
    settings.budgetBurst = 3;
    PollEngine engine(&fetcher, clock, settings);
    for (int i = 0; i < 300; ++i)
        engine.track(ref(u"w%1.example"_s.arg(i)));
    clock.advance(30min);
    const int before = fetcher.requests();

    clock.sleep(3h);
    engine.wake(); // what the system watcher calls on resume
    QVERIFY2(fetcher.requests() > before, "nothing was asked on waking"); // at once
    QVERIFY(fetcher.requests() - before <= 3);                            // but only the burst
    clock.advance(30min);
    // Never over the budget, so never a 429, though all 300 were due.
    QVERIFY2(fetcher.maxRequestsInWindow() <= 90,
             qPrintable(QString::number(fetcher.maxRequestsInWindow())));
    QCOMPARE(fetcher.rateLimited(), 0);
    QVERIFY(fetcher.requests() - before >= 5 * 85);
}

void TestPollEngine::retriesAtOnceWhenTheNetworkIsBack()
{
    ManualClock clock;
    QJsonObject offline = workflowJson(u"example.com"_s, u"update"_s, {{0, u"in_progress"_s}});
    offline.insert(u"faults"_s,
                   QJsonArray{QJsonObject{{u"on_request"_s, 2}, {u"delay_ms"_s, 45000}},
                              QJsonObject{{u"on_request"_s, 3}, {u"delay_ms"_s, 45000}}});
    QJsonObject steady = workflowJson(u"steady.example"_s, u"update"_s, {{0, u"blocked"_s}});
    sim::ScenarioFetcher fetcher(scenarioFrom(withWorkflows({offline, steady})), clock);
    PollEngine engine(&fetcher, clock);
    engine.setJitterSource([] { return 0.0; });
    const qint64 id = engine.track(ref(u"example.com"_s));
    const qint64 other = engine.track(ref(u"steady.example"_s));
    while (engine.workflow(id)->consecutiveErrors < 2 && clock.advanceToNextAlarm()) {
    }
    const TrackedWorkflow *workflow = engine.workflow(id);
    QCOMPARE(workflow->lastError->kind, ApiErrorKind::Timeout);
    QVERIFY(workflow->nextPollAt > clock.now().addSecs(5)); // backing off
    const QDateTime otherDue = engine.workflow(other)->nextPollAt;

    engine.wake(); // the network is back
    QVERIFY(engine.isInFlight(id));
    QCOMPARE(engine.workflow(other)->nextPollAt, otherDue); // a healthy one keeps its time
    clock.advance(1s);
    QCOMPARE(engine.workflow(id)->state(), WorkflowState::InProgress);
    QCOMPARE(engine.workflow(id)->consecutiveErrors, 0);
}

void TestPollEngine::checksAllNowAtTheBudgetsPace()
{
    ManualClock clock;
    QJsonArray workflows;
    for (int i = 0; i < 20; ++i)
        workflows.append(workflowJson(u"w%1.example"_s.arg(i), u"update"_s, {{0, u"blocked"_s}}));
    sim::ScenarioFetcher fetcher(scenarioFrom(withWorkflows(workflows)), clock);
    PollEngine engine(&fetcher, clock);
    for (int i = 0; i < 20; ++i)
        engine.track(ref(u"w%1.example"_s.arg(i)));
    clock.advance(1min); // all seen blocked: next checks minutes away
    const int before = fetcher.requests();
    QCOMPARE(before, 20);
    const qint64 paused = engine.workflowIds().first();
    engine.pause(paused);

    engine.pollAllNow();
    QCOMPARE(engine.inFlight(), 4); // the cap in flight; the rest wait their turn
    clock.advance(30s);
    QCOMPARE(fetcher.requests() - before, 19); // every watched one, the paused one not
    QCOMPARE(engine.workflow(paused)->polls, 1);
}

QTEST_GUILESS_MAIN(TestPollEngine)
#include "tst_pollengine.moc"
