// The polling engine in virtual time: it follows workflows to their end, stays inside the
// budget for days, serves the urgent first and starves none, freezes on 429 and stops on
// rejected credentials, and every operation is safe while a request is in flight. Days of
// virtual time run against the simulator's scenarios in-process (ScenarioFetcher); what needs
// the wire (credentials, real HTTP) runs against the HTTP simulator on the same virtual clock.

#include "engine/ClientStatusFetcher.h"
#include "engine/GatedFetcher.h"
#include "engine/PollEngine.h"
#include "store/WorkflowStore.h"
#include "support/ScenarioFetcher.h"
#include "support/SimulatorFixture.h"

#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QRandomGenerator>
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

// A second account the test token reaches.
const QString otherAccountId = u"0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b"_s;

WorkflowRef otherRef(const QString &domain)
{
    return {{otherAccountId, false}, domain, WorkflowKind::Update};
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
                         [this](const QString &account) {
                             ++releases;
                             released.append(account);
                         });
        QObject::connect(&engine, &PollEngine::accountHeld, &engine,
                         [this](const QString &account) { heldAccounts.append(account); });
        QObject::connect(&engine, &PollEngine::budgetHeld, &engine,
                         [this](const QString &key, const QStringList &accounts) {
                             budgetHolds.append({key, accounts});
                         });
        QObject::connect(&engine, &PollEngine::budgetReleased, &engine,
                         [this](const QString &key, const QStringList &accounts) {
                             budgetReleases.append({key, accounts});
                         });
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
    QStringList heldAccounts; // accountHeld, by account
    QStringList released;     // accountReleased, by account
    QList<std::pair<QString, QStringList>> budgetHolds;
    QList<std::pair<QString, QStringList>> budgetReleases;
};

// An engine over a scenario played in-process, in virtual time.
struct Rig
{
    explicit Rig(const QJsonObject &scenario, const PollSettings &settings = {})
        : fetcher(scenarioFrom(scenario), clock)
        , engine(&fetcher, clock, settings)
    {}
    ManualClock clock;
    sim::ScenarioFetcher fetcher;
    PollEngine engine;
};

// pending, in_progress, blocked, succeeded: to the end in 2000 s.
QJsonObject toItsEnd()
{
    return withWorkflows({workflowJson(
        u"example.com"_s, u"update"_s,
        {{0, u"pending"_s}, {30, u"in_progress"_s}, {300, u"blocked"_s}, {2000, u"succeeded"_s}})});
}

QJsonArray numberedWorkflows(const QString &prefix, int count, const QString &state)
{
    QJsonArray workflows;
    for (int i = 0; i < count; ++i)
        workflows.append(
            workflowJson(u"%1%2.example"_s.arg(prefix).arg(i), u"update"_s, {{0, state}}));
    return workflows;
}

// 600 workflows that never finish, against a budget of 90 requests per 5 minutes (the default,
// 900, scaled down tenfold to keep the test quick): demand far beyond the budget, for three
// days. The scenario's own limit (120) would answer 429 if the budget leaked. Run once, for
// every test that looks at it.
struct BudgetDays
{
    int maxRequestsInWindow = 0;
    qint64 rateLimited = 0;
    qint64 requests = 0;
    QList<std::pair<std::optional<WorkflowState>, int>> polls; // each workflow's state, polls
    milliseconds longestWait{0};
};

BudgetDays runBudgetDays()
{
    QJsonArray workflows;
    for (int i = 0; i < 600; ++i) {
        workflows.append(workflowJson(u"w%1.example"_s.arg(i), u"update"_s,
                                      {{0, i % 3 ? u"in_progress"_s : u"blocked"_s}}));
    }
    QJsonObject json = withWorkflows(workflows);
    json.insert(u"rate_limit"_s, QJsonObject{{u"requests"_s, 120}, {u"window_s"_s, 300}});
    PollSettings settings;
    settings.budgetRequests = 90;
    settings.budgetBurst = 3;
    settings.maxActiveTime = hours(24 * 30); // keep them all watched for the test
    Rig rig(json, settings);
    rig.fetcher.setLatency(300ms);
    for (int i = 0; i < 600; ++i)
        rig.engine.track(ref(u"w%1.example"_s.arg(i)));
    rig.clock.advance(72h);
    BudgetDays run;
    run.maxRequestsInWindow = rig.fetcher.maxRequestsInWindow();
    run.rateLimited = rig.fetcher.rateLimited();
    run.requests = rig.fetcher.requests();
    for (const TrackedWorkflow &workflow : rig.engine.snapshot())
        run.polls.append({workflow.state(), workflow.polls});
    run.longestWait = rig.engine.longestWait();
    return run;
}

const BudgetDays &budgetDays()
{
    static const BudgetDays run = runBudgetDays();
    return run;
}

// 40 blocked workflows tracked before 40 in_progress ones, under a tight budget (30 per 5
// minutes, one at a time): everyone is seen once, then all fall due at the same moment.
struct AllDueAtOnce
{
    AllDueAtOnce()
        : rig(scenario(), tightBudget())
    {
        for (int i = 0; i < 40; ++i)
            rig.engine.track(ref(u"b%1.example"_s.arg(i)));
        for (int i = 0; i < 40; ++i)
            rig.engine.track(ref(u"a%1.example"_s.arg(i)));
        rig.clock.advance(2h);
        for (const qint64 id : rig.engine.workflowIds())
            everyoneSeen = everyoneSeen && rig.engine.workflow(id)->status.has_value();
        rig.engine.pauseAll();
        rig.engine.resumeAll();
        resumed = rig.clock.now();
        before = rig.fetcher.requests();
    }
    static QJsonObject scenario()
    {
        QJsonArray workflows;
        for (int i = 0; i < 40; ++i)
            workflows.append(
                workflowJson(u"b%1.example"_s.arg(i), u"update"_s, {{-60, u"blocked"_s}}));
        for (int i = 0; i < 40; ++i)
            workflows.append(
                workflowJson(u"a%1.example"_s.arg(i), u"update"_s, {{-60, u"in_progress"_s}}));
        return withWorkflows(workflows);
    }
    static PollSettings tightBudget()
    {
        PollSettings settings;
        settings.budgetRequests = 30;
        settings.budgetBurst = 1;
        return settings;
    }
    [[nodiscard]] int servedSinceResume(WorkflowState state) const
    {
        int count = 0;
        for (const qint64 id : rig.engine.workflowIds()) {
            const TrackedWorkflow *workflow = rig.engine.workflow(id);
            if (workflow->lastCheckedAt >= resumed && workflow->state() == state)
                ++count;
        }
        return count;
    }
    Rig rig;
    bool everyoneSeen = true;
    QDateTime resumed;
    qint64 before = 0;
};

// Six workflows; the third answer is a 429 with Retry-After 600 s. Runs until the hold.
struct RateLimitedAccount
{
    RateLimitedAccount()
        : rig(scenario())
        , recorder(rig.engine)
    {
        id = rig.engine.track(ref(u"example.com"_s));
        for (int i = 0; i < 5; ++i)
            rig.engine.track(ref(u"w%1.example"_s.arg(i)));
        held = QTest::qWaitFor(
            [this] {
                rig.clock.advanceToNextAlarm();
                return !recorder.holds.isEmpty();
            },
            1000);
        heldAt = rig.clock.now();
        requests = rig.fetcher.requests();
    }
    static QJsonObject scenario()
    {
        QJsonObject faulty = workflowJson(u"example.com"_s, u"update"_s, {{0, u"in_progress"_s}});
        faulty.insert(u"faults"_s,
                      QJsonArray{QJsonObject{
                          {u"on_request"_s, 3}, {u"status"_s, 429}, {u"retry_after_s"_s, 600}}});
        QJsonArray workflows = numberedWorkflows(u"w"_s, 5, u"in_progress"_s);
        workflows.prepend(faulty);
        return withWorkflows(workflows);
    }
    Rig rig;
    Recorder recorder;
    qint64 id = 0;
    bool held = false;
    QDateTime heldAt;
    qint64 requests = 0;
};

// Over real HTTP, where the HTTP simulator checks credentials: the engine starts with a token
// Cloudflare rejects.
struct RejectedCredentials
{
    RejectedCredentials()
        : sim(withWorkflows({workflowJson(u"example.com"_s, u"update"_s,
                                          {{0, u"in_progress"_s}, {600, u"succeeded"_s}}),
                             workflowJson(u"other.example"_s, u"update"_s, {{0, u"pending"_s}})}))
        , fetcher(&network, sim.clock())
        , engine(&fetcher, sim.clock())
        , recorder(engine)
    {
        config.base = ApiBase::fromUrl(sim.baseUrl()).value();
        config.credentials = Credentials::apiToken(u"revoked-token"_s);
        fetcher.setDefaultConfig(config);
    }
    // Moves the clock on by `span`, letting every request come back over the wire first.
    void run(seconds span)
    {
        ManualClock &clock = sim.clock();
        const QDateTime until = clock.now().addSecs(span.count());
        while (true) {
            if (!QTest::qWaitFor([this] { return engine.inFlight() == 0; }, 10000))
                qFatal("a request did not come back");
            const QDateTime next = clock.nextAlarm();
            if (!next.isValid() || next > until)
                break;
            clock.advanceTo(next);
        }
        clock.advanceTo(until);
    }
    // Tracks both workflows and runs until the first answers are in.
    qint64 start()
    {
        const qint64 first = engine.track(ref(u"example.com"_s));
        engine.track(ref(u"other.example"_s));
        run(10s);
        return first;
    }
    [[nodiscard]] qint64 requestsSeen()
    {
        return sim.simulator().stats().value(u"requests_total").toInteger();
    }
    SimulatorFixture sim;
    QNetworkAccessManager network;
    ClientStatusFetcher fetcher;
    ClientConfig config;
    PollEngine engine;
    Recorder recorder;
};

// Four workflows, each asked at 2 s, with answers 5 s away: all four in flight at 3 s.
struct FourInFlight
{
    FourInFlight()
        : rig(scenario())
    {
        rig.fetcher.setLatency(5s);
        for (int i = 0; i < 4; ++i)
            ids.append(rig.engine.track(ref(u"w%1.example"_s.arg(i))));
        rig.clock.advance(3s);
    }
    static QJsonObject scenario()
    {
        QJsonArray workflows;
        for (int i = 0; i < 4; ++i)
            workflows.append(workflowJson(u"w%1.example"_s.arg(i), u"update"_s,
                                          {{0, u"in_progress"_s}, {100, u"succeeded"_s}}));
        return withWorkflows(workflows);
    }
    Rig rig;
    QList<qint64> ids;
};

// Two accounts reached by one token, three workflows in each; the first answer about the
// first account's example.com is a 429 with Retry-After 600 s.
QJsonObject twoAccounts(bool limited)
{
    QJsonObject json = baseScenario();
    json.insert(u"other_accounts"_s, QJsonArray{otherAccountId});
    QJsonArray workflows = numberedWorkflows(u"w"_s, 3, u"in_progress"_s);
    for (int i = 0; i < 3; ++i) {
        QJsonObject other = workflowJson(u"o%1.example"_s.arg(i), u"update"_s,
                                         {{0, u"in_progress"_s}, {100, u"succeeded"_s}});
        other.insert(u"account"_s, otherAccountId);
        workflows.append(other);
    }
    if (limited) {
        QJsonObject faulty = workflowJson(u"example.com"_s, u"update"_s, {{0, u"in_progress"_s}});
        faulty.insert(u"faults"_s,
                      QJsonArray{QJsonObject{
                          {u"on_request"_s, 1}, {u"status"_s, 429}, {u"retry_after_s"_s, 600}}});
        workflows.append(faulty);
    }
    json.insert(u"workflows"_s, workflows);
    return json;
}

// A workflow for each signal a listener may hear about it first: a state seen, an end (the
// watch changes), a failed poll (503), and a 429 that holds the account.
QJsonObject oneWorkflowPerSignal()
{
    QJsonObject faulty = workflowJson(u"f.example"_s, u"update"_s, {{0, u"in_progress"_s}});
    faulty.insert(u"faults"_s, QJsonArray{QJsonObject{{u"on_request"_s, 1}, {u"status"_s, 503}}});
    QJsonObject limited = workflowJson(u"r.example"_s, u"update"_s, {{0, u"in_progress"_s}});
    limited.insert(
        u"faults"_s,
        QJsonArray{QJsonObject{{u"on_request"_s, 1}, {u"status"_s, 429}, {u"retry_after_s"_s, 5}}});
    return withWorkflows({workflowJson(u"s.example"_s, u"update"_s, {{0, u"pending"_s}}),
                          workflowJson(u"w.example"_s, u"update"_s, {{0, u"succeeded"_s}}), faulty,
                          limited});
}

// Two workflows followed for ten minutes by an engine with a store, which then quits; the
// first is blocked by then, and succeeds while the app is closed for three hours.
struct Restart
{
    Restart()
        : fetcher(scenarioFrom(withWorkflows(
                      {workflowJson(
                           u"example.com"_s, u"update"_s,
                           {{0, u"in_progress"_s}, {60, u"blocked"_s}, {2 * 3600, u"succeeded"_s}}),
                       workflowJson(u"other.example"_s, u"registration"_s, {{0, u"pending"_s}})})),
                  clock)
    {
        auto store = WorkflowStore::open(path());
        if (!store)
            return;
        PollEngine engine(&fetcher, clock);
        engine.setStore(store.value().get());
        id = engine.track(ref(u"example.com"_s));
        engine.track(ref(u"other.example"_s, WorkflowKind::Registration));
        clock.advance(10min);
        blockedBeforeQuitting = engine.workflow(id)->state() == WorkflowState::Blocked;
        due = engine.workflow(id)->nextPollAt;
        dueLater = due > clock.now();
        firstRunStored = true;
    }
    [[nodiscard]] QString path() const { return dir.filePath(u"store.sqlite"_s); }
    QTemporaryDir dir;
    ManualClock clock;
    sim::ScenarioFetcher fetcher;
    bool firstRunStored = false;
    bool blockedBeforeQuitting = false;
    bool dueLater = false;
    qint64 id = 0;
    QDateTime due;
};

// Pacing (issue 14): COUNT workflows in progress for an hour already (the frugal policy asks
// each once a minute), played for `minutes` with jitter 0; when each was asked.
struct PacedRun
{
    explicit PacedRun(int count, bool pacing = true, const QJsonArray &faults = {},
                      minutes played = 10min)
        : rig(scenario(count, faults), settings(pacing))
    {
        rig.engine.setJitterSource([] { return 0.0; });
        start = rig.clock.now();
        QObject::connect(&rig.engine, &PollEngine::workflowUpdated, &rig.engine,
                         [this](const TrackedWorkflow &workflow) {
                             if (!workflow.lastCheckedAt.isValid())
                                 return;
                             QList<qint64> &times = checks[workflow.id];
                             const qint64 at = start.msecsTo(workflow.lastCheckedAt);
                             if (times.isEmpty() || times.last() != at)
                                 times.append(at);
                         });
        for (int i = 0; i < count; ++i)
            ids.append(rig.engine.track(ref(u"w%1.example"_s.arg(i))));
        rig.clock.advance(played);
    }
    static PollSettings settings(bool pacing)
    {
        PollSettings settings;
        settings.pacing = pacing;
        return settings;
    }
    static QJsonObject scenario(int count, const QJsonArray &faults)
    {
        QJsonArray workflows;
        for (int i = 0; i < count; ++i) {
            QJsonObject workflow =
                workflowJson(u"w%1.example"_s.arg(i), u"update"_s, {{-3600, u"in_progress"_s}});
            if (i == 0 && !faults.isEmpty())
                workflow.insert(u"faults"_s, faults);
            workflows.append(workflow);
        }
        return withWorkflows(workflows);
    }
    // The median time between two checks of one workflow, after `from` ms.
    [[nodiscard]] double medianGapSeconds(qint64 from = 60000) const
    {
        QList<qint64> gaps;
        for (const QList<qint64> &times : checks) {
            for (qsizetype k = 1; k < times.size(); ++k) {
                if (times.at(k - 1) >= from)
                    gaps.append(times.at(k) - times.at(k - 1));
            }
        }
        if (gaps.isEmpty())
            return 0;
        std::sort(gaps.begin(), gaps.end());
        return double(gaps.at(gaps.size() / 2)) / 1000.0;
    }
    Rig rig;
    QDateTime start;
    QList<qint64> ids;
    QHash<qint64, QList<qint64>> checks;
};

} // namespace

class TestPollEngine : public QObject
{
    Q_OBJECT
private slots:
    void tracksAWorkflowOnce();
    void followsAWorkflowToItsEnd();
    void learnsHowLongStatesLastAndKeepsIt();
    void asksNothingMoreOnceSettled();
    void detectsChangesPromptly();
    void aQuietBudgetSpeedsUp();
    void aBusierBudgetSlowsDown();
    void noRoomIsTheFrugalPolicy();
    void aRateLimitStillFreezesEverything();
    void respectsTimeAlreadySpentInAState();
    void staysWithinTheBudgetForDays();
    void usesTheBudgetItHas();
    void starvesNoneUnderALongOverload();
    void servesUrgentFirst();
    void starvesNoneWhenAllFallDueAtOnce();
    void slowsDownWhenTheSharedQuotaIsLow_data();
    void slowsDownWhenTheSharedQuotaIsLow();
    void freezesTheAccountOn429();
    void announcesA429HoldOnce();
    void releasesTheAccountWhenTheHoldEnds();
    void holdsTheAccountOnRejectedCredentials();
    void asksNothingWhileTheCredentialsAreRejected();
    void resumesWhenTheCredentialsChange();
    void sendsNothingWhileTheSecretIsMissing();
    void waitsForTheOperatorOnActionRequired();
    void givesUpAndCanBeResumed();
    void watchTracksWhatIsNew();
    void watchResumesWhatWasStopped();
    void watchAsksAgainAboutWhatEnded();
    void toldMarksLiveWithTheWorkflow();
    void retriesNoWorkflowTwiceThenStops();
    void findsAWorkflowCreatedLate();
    void keepsWorkingThroughErrors();
    void pollNowWhileInFlightAsksNothingMore();
    void spareRequestsUseOnlyWhatTrackedWorkflowsLeave();
    void aSharedHoldIsAnnouncedOncePerBudget();
    void aMissingSecretHoldsOnlyItsOwnAccount();
    void aRequestFinishesOnTheBudgetItWasCountedOn();
    void aSpareRequestFinishesOnTheBudgetItWasCountedOn();
    void budgetStatusesListEachCredentialOnce();
    void spareRequestsYieldToEveryAccountOfTheSameBudget();
    void aTurnedOffAccountSendsNothingAndKeepsItsWorkflows();
    void pauseWhileInFlightStillRecordsTheAnswer();
    void removeWhileInFlightDropsTheRequest();
    void resumeWhileInFlightKeepsWatching();
    void anEndOverridesAPause();
    void listenersMayRemoveWhatTheyHearAbout_data();
    void listenersMayRemoveWhatTheyHearAbout();
    void keepsTheDueTimeAcrossARestart();
    void noticesWhatChangedWhileClosed();
    void keepsTheHistoryAcrossARestart();
    void reportsStorageErrorsOnce();
    void wakesAfterSleepWithinTheBudget();
    void retriesAtOnceWhenTheNetworkIsBack();
    void checksAllNowAtTheBudgetsPace();
};

void TestPollEngine::tracksAWorkflowOnce()
{
    Rig rig(toItsEnd());
    rig.engine.setJitterSource([] { return 0.0; });
    QSignalSpy added(&rig.engine, &PollEngine::workflowAdded);
    const qint64 id = rig.engine.track(ref(u"example.com"_s));
    QCOMPARE(rig.engine.track(ref(u"example.com"_s)), id); // tracked once
    QCOMPARE(added.size(), 1);
    QCOMPARE(rig.engine.workflow(id)->nextPollAt, rig.clock.now().addSecs(2));
}

void TestPollEngine::followsAWorkflowToItsEnd()
{
    Rig rig(toItsEnd());
    rig.engine.setJitterSource([] { return 0.0; });
    Recorder recorder(rig.engine);
    QSignalSpy watch(&rig.engine, &PollEngine::watchChanged);
    const qint64 id = rig.engine.track(ref(u"example.com"_s));

    rig.clock.advance(3h);
    QCOMPARE(recorder.statesOf(id),
             (QStringList{u"pending"_s, u"in_progress"_s, u"blocked"_s, u"succeeded"_s}));
    const TrackedWorkflow *workflow = rig.engine.workflow(id);
    QCOMPARE(workflow->watch, WatchState::Settled);
    QVERIFY(!workflow->nextPollAt.isValid());
    QCOMPARE(watch.size(), 1);
    // The first observation has no "from"; each later one names the state before.
    QCOMPARE(recorder.changes.first().second.fromState, std::nullopt);
    QCOMPARE(recorder.changes.last().second.fromState, u"blocked"_s);
}

void TestPollEngine::learnsHowLongStatesLastAndKeepsIt()
{
    // The scenario's states last 30 s, 270 s and 1,700 s by the API's times, whenever the
    // engine saw them change; a later engine on the same store knows them, workflow removed.
    QTemporaryDir dir;
    const QString path = dir.filePath(u"store.sqlite"_s);
    ManualClock clock;
    sim::ScenarioFetcher fetcher(scenarioFrom(toItsEnd()), clock);
    StateDurations expected;
    const QString account = ref(u"example.com"_s).account.id;
    expected.add(account, WorkflowKind::Update, WorkflowState::Pending, 30s);
    expected.add(account, WorkflowKind::Update, WorkflowState::InProgress, 270s);
    expected.add(account, WorkflowKind::Update, WorkflowState::Blocked, 1700s);
    const auto sameAsExpected = [&](const StateDurations &learned) {
        for (const WorkflowState state :
             {WorkflowState::Pending, WorkflowState::InProgress, WorkflowState::Blocked}) {
            QCOMPARE(learned.learned(account, WorkflowKind::Update, state), 1);
            for (const seconds inState : {5s, 100s, 1000s})
                QCOMPARE(
                    learned.chanceOfChange(account, WorkflowKind::Update, state, inState, 60s),
                    expected.chanceOfChange(account, WorkflowKind::Update, state, inState, 60s));
        }
        QCOMPARE(learned.learned(account, WorkflowKind::Update, WorkflowState::Succeeded), 0);
    };
    {
        auto store = WorkflowStore::open(path);
        QVERIFY(store.hasValue());
        PollEngine engine(&fetcher, clock);
        engine.setStore(store.value().get());
        const qint64 id = engine.track(ref(u"example.com"_s));
        clock.advance(3h);
        QCOMPARE(engine.workflow(id)->watch, WatchState::Settled);
        sameAsExpected(engine.stateDurations());
        if (QTest::currentTestFailed())
            return;
        engine.remove(id);
    }
    auto store = WorkflowStore::open(path);
    QVERIFY(store.hasValue());
    PollEngine engine(&fetcher, clock);
    engine.setStore(store.value().get());
    QVERIFY(engine.workflowIds().isEmpty());
    sameAsExpected(engine.stateDurations());
}

void TestPollEngine::asksNothingMoreOnceSettled()
{
    Rig rig(toItsEnd());
    rig.engine.setJitterSource([] { return 0.0; });
    const qint64 id = rig.engine.track(ref(u"example.com"_s));
    rig.clock.advance(3h);
    QCOMPARE(rig.engine.workflow(id)->watch, WatchState::Settled);
    const qint64 requests = rig.fetcher.requests();
    rig.clock.advance(48h);
    QCOMPARE(rig.fetcher.requests(), requests); // never asked again
    QVERIFY(!rig.engine.nextCheck().isValid());
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
    PollSettings frugal; // the policy's own delays, without the budget's pacing
    frugal.pacing = false;
    PollEngine engine(&fetcher, clock, frugal);
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

void TestPollEngine::aQuietBudgetSpeedsUp()
{
    // One workflow in progress for an hour: the frugal policy asks it once a minute; with the
    // budget idle it is asked every 3 s (the floor), about 100 requests per 5 minutes, well
    // within the speed share (400).
    const PacedRun paced(1);
    QCOMPARE(paced.medianGapSeconds(), 3.0);
    QVERIFY2(paced.rig.fetcher.maxRequestsInWindow() <= 110,
             qPrintable(QString::number(paced.rig.fetcher.maxRequestsInWindow())));
    const PacedRun frugal(1, false);
    QCOMPARE(frugal.medianGapSeconds(), 60.0);

    // Five: the share's room spread over them would allow every 3.75 s.
    const PacedRun five(5);
    QCOMPARE(five.medianGapSeconds(), 3.75);
    QVERIFY2(five.rig.fetcher.maxRequestsInWindow() <= PollSettings{}.speedShare,
             qPrintable(QString::number(five.rig.fetcher.maxRequestsInWindow())));
}

void TestPollEngine::aBusierBudgetSlowsDown()
{
    // Twenty: every 15 s (400 requests per 5 minutes over 20), still four times the frugal
    // pace, and never over the share.
    const PacedRun twenty(20);
    QCOMPARE(twenty.medianGapSeconds(), 15.0);
    QVERIFY2(twenty.rig.fetcher.maxRequestsInWindow() <= PollSettings{}.speedShare + 20,
             qPrintable(QString::number(twenty.rig.fetcher.maxRequestsInWindow())));
    // Fifty: 37.5 s.
    const PacedRun fifty(50);
    QCOMPARE(fifty.medianGapSeconds(), 37.5);
}

void TestPollEngine::noRoomIsTheFrugalPolicy()
{
    // 200 in progress: the share spread over them (150 s) is slower than the frugal cap, so the
    // frugal policy decides, and the budget (900) bounds it as before: nothing gets worse.
    const PacedRun paced(200, true, {}, 15min);
    const PacedRun frugal(200, false, {}, 15min);
    QCOMPARE(paced.medianGapSeconds(), frugal.medianGapSeconds());
    QCOMPARE(paced.rig.fetcher.requests(), frugal.rig.fetcher.requests());
    QVERIFY2(paced.rig.fetcher.maxRequestsInWindow() <= PollSettings{}.budgetRequests,
             qPrintable(QString::number(paced.rig.fetcher.maxRequestsInWindow())));
}

void TestPollEngine::aRateLimitStillFreezesEverything()
{
    // Paced every 3 s, the 5th request of the first workflow is answered 429 with Retry-After
    // 120: nothing at all is sent for the account until then, paced or not.
    const QJsonArray faults{
        QJsonObject{{u"on_request"_s, 5}, {u"status"_s, 429}, {u"retry_after_s"_s, 120}}};
    const PacedRun later(3, true, faults, 5min);
    const QList<qint64> times = later.checks.value(later.ids.first());
    QVERIFY(times.size() >= 6);
    const qint64 limitedAt = times.at(4);
    QVERIFY2(limitedAt < 20000, qPrintable(QString::number(limitedAt))); // paced: 3 s apart
    // Every check of every workflow after the 429 came after its Retry-After.
    for (const QList<qint64> &checks : later.checks) {
        for (const qint64 at : checks)
            QVERIFY2(at <= limitedAt || at >= limitedAt + 120000,
                     qPrintable(u"checked %1 ms after the 429"_s.arg(at - limitedAt)));
    }
    // And it goes on at the pace once the hold is over.
    QVERIFY(later.checks.value(later.ids.first()).last() > limitedAt + 120000);
}

void TestPollEngine::respectsTimeAlreadySpentInAState()
{
    // In progress for six hours before it was tracked: the frugal policy sees no need to ask
    // every few seconds (with the budget's pacing, an idle speed share asks it sooner:
    // aQuietBudgetSpeedsUp), and blocked for six days before: the seven-day limit counts from
    // when the block began.
    ManualClock clock;
    sim::ScenarioFetcher fetcher(
        scenarioFrom(withWorkflows(
            {workflowJson(u"old.example"_s, u"update"_s, {{-6 * 3600, u"in_progress"_s}}),
             workflowJson(u"long.example"_s, u"transfer-in"_s, {{-6 * 86400, u"blocked"_s}})})),
        clock);
    PollSettings frugal;
    frugal.pacing = false;
    PollEngine engine(&fetcher, clock, frugal);
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
    // Never over the budget in any 5-minute window, so never a 429.
    const BudgetDays &run = budgetDays();
    QVERIFY2(run.maxRequestsInWindow <= 90, qPrintable(QString::number(run.maxRequestsInWindow)));
    QCOMPARE(run.rateLimited, 0);
}

void TestPollEngine::usesTheBudgetItHas()
{
    const BudgetDays &run = budgetDays();
    QVERIFY2(run.requests > 72 * 12 * 85, qPrintable(QString::number(run.requests)));
}

void TestPollEngine::starvesNoneUnderALongOverload()
{
    // Every workflow was asked many times (blocked ones need at most one an hour), and no due
    // one waited long.
    const BudgetDays &run = budgetDays();
    QCOMPARE(run.polls.size(), 600);
    for (const auto &[state, polls] : run.polls) {
        const int expected = state == WorkflowState::Blocked ? 40 : 100;
        QVERIFY2(polls >= expected, qPrintable(QString::number(polls)));
    }
    QVERIFY2(run.longestWait < 60min,
             qPrintable(QString::number(duration_cast<seconds>(run.longestWait).count())));
}

void TestPollEngine::servesUrgentFirst()
{
    AllDueAtOnce due;
    QVERIFY(due.everyoneSeen);
    due.rig.clock.advance(2min); // room for a handful of requests only
    const qint64 served = due.rig.fetcher.requests() - due.before;
    QVERIFY(served >= 5 && served < 40);
    // Those served were the in_progress ones, although the blocked ones were tracked first.
    QCOMPARE(due.servedSinceResume(WorkflowState::Blocked), 0);
    QCOMPARE(due.servedSinceResume(WorkflowState::InProgress), int(served));
}

void TestPollEngine::starvesNoneWhenAllFallDueAtOnce()
{
    // All were due at the resume, and all are served within a bounded time, long before their
    // own hourly check would come round.
    AllDueAtOnce due;
    QVERIFY(due.everyoneSeen);
    due.rig.clock.advance(42min);
    QCOMPARE(due.servedSinceResume(WorkflowState::Blocked), 40);
    QVERIFY2(
        due.rig.engine.longestWait() < 45min,
        qPrintable(QString::number(duration_cast<seconds>(due.rig.engine.longestWait()).count())));
}

void TestPollEngine::slowsDownWhenTheSharedQuotaIsLow_data()
{
    QTest::addColumn<quint32>("seed");
    for (const quint32 seed : {1u, 2u, 3u, 4u, 5u, 6u, 7u, 8u})
        QTest::newRow(qPrintable(u"jitter seed %1"_s.arg(seed))) << seed;
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
    // Jitter as in use, but the same every run: a failure here can be replayed.
    QFETCH(quint32, seed);
    engine.setJitterSource([random = QRandomGenerator(seed)]() mutable {
        return random.generateDouble() * 2.0 - 1.0;
    });
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
    RateLimitedAccount account;
    QVERIFY(account.held);
    QCOMPARE(account.recorder.holds.size(), 1);
    QVERIFY(account.recorder.holds.first().contains(u"rate-limited"_s));
    QCOMPARE(account.rig.engine.accountStatus(testAccountId).hold,
             RequestBudget::Hold::RateLimited);
    QCOMPARE(account.rig.engine.accountStatus(testAccountId).heldUntil,
             account.heldAt.addSecs(600));
    account.rig.clock.advance(599s);
    QCOMPARE(account.rig.fetcher.requests(), account.requests); // not one for the whole account
}

void TestPollEngine::announcesA429HoldOnce()
{
    RateLimitedAccount account;
    QVERIFY(account.held);
    account.rig.clock.advance(599s);
    QCOMPARE(account.recorder.holds.size(), 1);
}

void TestPollEngine::releasesTheAccountWhenTheHoldEnds()
{
    RateLimitedAccount account;
    QVERIFY(account.held);
    account.rig.clock.advance(601s);
    QCOMPARE(account.recorder.releases, 1);
    QVERIFY(account.rig.fetcher.requests() > account.requests);
    account.rig.clock.advance(5min);
    QCOMPARE(account.rig.engine.workflow(account.id)->watch, WatchState::Watching);
    QVERIFY(!account.rig.engine.workflow(account.id)->lastError);
}

void TestPollEngine::holdsTheAccountOnRejectedCredentials()
{
    RejectedCredentials rejected;
    QVERIFY(rejected.sim.isListening());
    (void)rejected.start();
    QCOMPARE(rejected.recorder.holds.size(), 1);
    QVERIFY(rejected.recorder.holds.first().contains(u"rejected the credentials"_s));
    QCOMPARE(rejected.engine.accountStatus(testAccountId).hold,
             RequestBudget::Hold::CredentialsRejected);
    const qint64 sent = rejected.requestsSeen();
    QVERIFY(sent >= 1 && sent <= 2);
}

void TestPollEngine::asksNothingWhileTheCredentialsAreRejected()
{
    RejectedCredentials rejected;
    QVERIFY(rejected.sim.isListening());
    (void)rejected.start();
    const qint64 sent = rejected.requestsSeen();
    rejected.run(6h);
    QCOMPARE(rejected.requestsSeen(), sent);
    QCOMPARE(rejected.recorder.holds.size(), 1);
}

void TestPollEngine::resumesWhenTheCredentialsChange()
{
    RejectedCredentials rejected;
    QVERIFY(rejected.sim.isListening());
    const qint64 first = rejected.start();
    rejected.run(6h); // the workflow succeeds meanwhile
    rejected.config.credentials = Credentials::apiToken(testToken);
    rejected.fetcher.setDefaultConfig(rejected.config);
    rejected.engine.credentialsChanged(testAccountId);
    rejected.run(1min);
    QCOMPARE(rejected.recorder.releases, 1);
    QCOMPARE(rejected.engine.workflow(first)->state(), WorkflowState::Succeeded);
    QVERIFY(!rejected.engine.workflow(first)->lastError);
}

void TestPollEngine::sendsNothingWhileTheSecretIsMissing()
{
    // The desktop's gate holds requests until the secret is read; when there is none, what
    // waits at the gate is taken back: never sent, never answered, not a failed check.
    ManualClock clock;
    sim::ScenarioFetcher fetcher(
        scenarioFrom(withWorkflows(numberedWorkflows(u"w"_s, 3, u"in_progress"_s))), clock);
    GatedFetcher gate(&fetcher);
    PollEngine engine(&gate, clock);
    Recorder recorder(engine);
    QList<qint64> ids;
    for (int i = 0; i < 3; ++i)
        ids.append(engine.track(ref(u"w%1.example"_s.arg(i))));
    clock.advance(5s);
    QCOMPARE(gate.waiting(), 3);

    engine.credentialsMissing(testAccountId);
    QCOMPARE(gate.waiting(), 0);
    QCOMPARE(engine.inFlight(), 0);
    const PollEngine::AccountStatus status = engine.accountStatus(testAccountId);
    QCOMPARE(status.hold, RequestBudget::Hold::CredentialsMissing);
    QCOMPARE(status.sentInWindow, 0);
    QCOMPARE(recorder.holds, QStringList{AccountBudgets::holdSentence(
                                 RequestBudget::Hold::CredentialsMissing, {})});
    gate.open();
    clock.advance(6h);
    QCOMPARE(fetcher.requests(), 0);
    for (const qint64 id : ids) {
        const TrackedWorkflow *workflow = engine.workflow(id);
        QCOMPARE(workflow->polls, 0);
        QCOMPARE(workflow->totalErrors, 0);
        QVERIFY(!workflow->lastError);
        QCOMPARE(workflow->watch, WatchState::Watching);
    }

    // The secret comes: the hold lifts and every workflow is asked.
    engine.credentialsChanged(testAccountId);
    clock.advance(1min);
    QCOMPARE(recorder.releases, 1);
    for (const qint64 id : ids)
        QCOMPARE(engine.workflow(id)->state(), WorkflowState::InProgress);
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

void TestPollEngine::pollNowWhileInFlightAsksNothingMore()
{
    FourInFlight flight;
    PollEngine &engine = flight.rig.engine;
    QCOMPARE(engine.inFlight(), 4);
    engine.pollNow(flight.ids[0]); // already on its way: nothing more
    QCOMPARE(engine.inFlight(), 4);
    QCOMPARE(flight.rig.fetcher.requests(), 4);
    flight.rig.clock.advance(10min);
    QCOMPARE(engine.workflow(flight.ids[0])->watch, WatchState::Settled);
}

void TestPollEngine::spareRequestsUseOnlyWhatTrackedWorkflowsLeave()
{
    Rig rig(FourInFlight::scenario());
    rig.fetcher.setLatency(5s);
    PollEngine &engine = rig.engine;
    const qint64 id = engine.track(ref(u"w0.example"_s)); // due in two seconds
    // Nothing due yet: three of the four slots may go to spare requests, one stays free.
    QVERIFY(engine.takeSpare(testAccountId));
    QVERIFY(engine.takeSpare(testAccountId));
    QVERIFY(engine.takeSpare(testAccountId));
    QVERIFY(!engine.takeSpare(testAccountId));
    QCOMPARE(engine.accountStatus(testAccountId).inFlight, 3);
    rig.clock.advance(3s); // the workflow is due and takes the free slot at once
    QVERIFY(engine.isInFlight(id));
    QCOMPARE(engine.accountStatus(testAccountId).inFlight, 4);
    ResponseInfo answer;
    answer.httpStatus = 200;
    engine.spareFinished(testAccountId, answer);
    QCOMPARE(engine.accountStatus(testAccountId).inFlight, 3);
    // A 429 to a spare request holds the budget as any other would.
    ResponseInfo limited;
    limited.httpStatus = 429;
    limited.rateLimit.retryAfter = 60s;
    engine.spareFinished(testAccountId, limited);
    QCOMPARE(engine.accountStatus(testAccountId).hold, RequestBudget::Hold::RateLimited);
    QVERIFY(!engine.takeSpare(testAccountId));
    QCOMPARE(engine.nextSpareAt(testAccountId), rig.clock.now().addSecs(60));
}

void TestPollEngine::spareRequestsYieldToEveryAccountOfTheSameBudget()
{
    PollSettings oneAtATime;
    oneAtATime.maxInFlight = 1;
    QJsonObject scenario = FourInFlight::scenario();
    Rig rig(scenario, oneAtATime);
    rig.fetcher.setLatency(5s);
    PollEngine &engine = rig.engine;
    const QString other = u"other-account"_s;
    engine.setBudgetKey(testAccountId, u"one-token"_s);
    engine.setBudgetKey(other, u"one-token"_s);
    const qint64 id = engine.track(ref(u"w0.example"_s));
    QVERIFY(engine.takeSpare(other)); // with a cap of one, the one slot while nothing is due
    rig.clock.advance(3s);            // the workflow is due and waits for the slot
    QVERIFY(!engine.isInFlight(id));
    ResponseInfo answer;
    answer.httpStatus = 200;
    engine.spareFinished(other, answer); // the slot goes to the workflow, not to more spares
    QVERIFY(engine.isInFlight(id));
    QVERIFY(!engine.takeSpare(other));
    rig.clock.advance(6s); // answered; nothing waits
    QVERIFY(engine.takeSpare(other));
}

void TestPollEngine::aSharedHoldIsAnnouncedOncePerBudget()
{
    Rig rig(twoAccounts(true));
    Recorder recorder(rig.engine);
    PollEngine &engine = rig.engine;
    engine.setBudgetKey(testAccountId, u"one-token"_s);
    engine.setBudgetKey(otherAccountId, u"one-token"_s);
    QCOMPARE(engine.budgetKey(otherAccountId), u"one-token"_s);
    engine.track(ref(u"example.com"_s));
    for (int i = 0; i < 3; ++i)
        engine.track(otherRef(u"o%1.example"_s.arg(i)));
    QVERIFY(QTest::qWaitFor(
        [&] {
            rig.clock.advanceToNextAlarm();
            return !recorder.budgetHolds.isEmpty();
        },
        1000));
    const QStringList both{testAccountId, otherAccountId};
    QCOMPARE(recorder.budgetHolds.size(), 1);
    QCOMPARE(recorder.budgetHolds.first().first, u"one-token"_s);
    QCOMPARE(recorder.budgetHolds.first().second, both);
    // Every account's rows are marked held, the other account's too.
    QCOMPARE(recorder.heldAccounts, both);
    QCOMPARE(engine.accountStatus(otherAccountId).hold, RequestBudget::Hold::RateLimited);
    const qint64 sent = rig.fetcher.requests();
    rig.clock.advance(599s);
    QCOMPARE(rig.fetcher.requests(), sent); // not one for either account
    QCOMPARE(recorder.budgetHolds.size(), 1);
    rig.clock.advance(2s);
    QCOMPARE(recorder.budgetReleases.size(), 1); // its end once
    QCOMPARE(recorder.budgetReleases.first().second, both);
    QCOMPARE(recorder.released, both);
}

void TestPollEngine::aMissingSecretHoldsOnlyItsOwnAccount()
{
    Rig rig(twoAccounts(false));
    Recorder recorder(rig.engine);
    PollEngine &engine = rig.engine;
    engine.setBudgetKey(testAccountId, u"one-token"_s);
    engine.setBudgetKey(otherAccountId, u"one-token"_s);
    const qint64 mine = engine.track(ref(u"w0.example"_s));
    const qint64 theirs = engine.track(otherRef(u"o0.example"_s));
    // The secret of the first account is gone: it has no credentials, so no share in theirs.
    engine.credentialsMissing(testAccountId);
    QCOMPARE(engine.budgetKey(testAccountId), testAccountId);
    QCOMPARE(engine.accountStatus(testAccountId).hold, RequestBudget::Hold::CredentialsMissing);
    QCOMPARE(engine.accountStatus(otherAccountId).hold, RequestBudget::Hold::None);
    QCOMPARE(recorder.heldAccounts, QStringList{testAccountId});
    rig.clock.advance(1min);
    QCOMPARE(engine.workflow(theirs)->state(), WorkflowState::InProgress);
    QCOMPARE(engine.workflow(mine)->polls, 0);

    // The secret comes back: the account joins its credential's budget again and is asked.
    engine.setBudgetKey(testAccountId, u"one-token"_s);
    engine.credentialsChanged(testAccountId);
    rig.clock.advance(1min);
    QCOMPARE(recorder.released, QStringList{testAccountId});
    QCOMPARE(engine.workflow(mine)->state(), WorkflowState::InProgress);
    QCOMPARE(engine.budgetStatuses().size(), 1);
}

void TestPollEngine::aRequestFinishesOnTheBudgetItWasCountedOn()
{
    Rig rig(twoAccounts(false));
    rig.fetcher.setLatency(5s);
    PollEngine &engine = rig.engine;
    engine.setBudgetKey(testAccountId, u"token-1"_s);
    engine.setBudgetKey(otherAccountId, u"token-1"_s);
    for (int i = 0; i < 3; ++i)
        engine.track(ref(u"w%1.example"_s.arg(i)));
    rig.clock.advance(3s);
    QCOMPARE(engine.accountStatus(otherAccountId).inFlight, 3); // counted on the shared budget
    // The first account gets other credentials while its requests are on their way.
    engine.setBudgetKey(testAccountId, u"token-2"_s);
    rig.clock.advance(5s);
    QCOMPARE(engine.inFlight(), 0);
    QCOMPARE(engine.accountStatus(otherAccountId).inFlight, 0);
    QCOMPARE(engine.accountStatus(testAccountId).inFlight, 0);
}

void TestPollEngine::aSpareRequestFinishesOnTheBudgetItWasCountedOn()
{
    Rig rig(twoAccounts(false));
    PollEngine &engine = rig.engine;
    engine.setBudgetKey(testAccountId, u"token-1"_s);
    engine.setBudgetKey(otherAccountId, u"token-1"_s);
    QVERIFY(engine.takeSpare(testAccountId));
    QVERIFY(engine.takeSpare(testAccountId));
    engine.setBudgetKey(testAccountId, u"token-2"_s);
    ResponseInfo answer;
    answer.httpStatus = 200;
    engine.spareFinished(testAccountId, answer);
    engine.spareFinished(testAccountId, answer);
    QCOMPARE(engine.accountStatus(otherAccountId).inFlight, 0);
}

void TestPollEngine::budgetStatusesListEachCredentialOnce()
{
    Rig rig(twoAccounts(false));
    rig.fetcher.setLatency(5s);
    PollEngine &engine = rig.engine;
    const QString third = u"third-account"_s;
    engine.setBudgetKey(testAccountId, u"token-1"_s);
    engine.setBudgetKey(otherAccountId, u"token-1"_s);
    engine.setBudgetKey(third, {});
    engine.track(ref(u"w0.example"_s));
    engine.track(otherRef(u"o0.example"_s));
    rig.clock.advance(3s);
    const QList<PollEngine::BudgetStatus> statuses = engine.budgetStatuses();
    QCOMPARE(statuses.size(), 2);
    const auto shared = std::find_if(statuses.cbegin(), statuses.cend(),
                                     [](const auto &status) { return status.key == u"token-1"_s; });
    QVERIFY(shared != statuses.cend());
    QCOMPARE(shared->accounts, (QStringList{testAccountId, otherAccountId}));
    QCOMPARE(shared->sentInWindow, 2); // both accounts' requests, in one count
    QCOMPARE(shared->inFlight, 2);
    QCOMPARE(shared->budget, engine.settings().budgetRequests);
    const auto own = std::find_if(statuses.cbegin(), statuses.cend(),
                                  [&](const auto &status) { return status.key == third; });
    QVERIFY(own != statuses.cend());
    QCOMPARE(own->accounts, QStringList{third});
    QCOMPARE(own->sentInWindow, 0);
}

// The operator turned an account off in Settings: nothing goes out for it, its workflows stay,
// and turned on again it is asked about at once; its waiting workflows hold no one else back.
void TestPollEngine::aTurnedOffAccountSendsNothingAndKeepsItsWorkflows()
{
    Rig rig(toItsEnd());
    rig.engine.setJitterSource([] { return 0.0; });
    PollEngine &engine = rig.engine;
    const QString other = u"other-account"_s;
    engine.setBudgetKey(testAccountId, u"one-token"_s);
    engine.setBudgetKey(other, u"one-token"_s);
    const qint64 id = engine.track(ref(u"example.com"_s));
    engine.setAccountEnabled(testAccountId, false);
    QVERIFY(engine.accountStatus(testAccountId).off);
    rig.clock.advance(1h);
    QCOMPARE(rig.fetcher.requests(), 0);
    QVERIFY(!engine.takeSpare(testAccountId));
    QVERIFY(engine.takeSpare(other)); // the due workflow waits for the operator, not the budget
    engine.spareFinished(other, ResponseInfo{});
    QVERIFY(engine.workflow(id) != nullptr);
    QCOMPARE(engine.workflow(id)->watch, WatchState::Watching);

    engine.setAccountEnabled(testAccountId, true);
    QVERIFY(!engine.accountStatus(testAccountId).off);
    QCOMPARE(rig.fetcher.requests(), 1);
    rig.clock.advance(3h);
    QCOMPARE(engine.workflow(id)->watch, WatchState::Settled);
}

void TestPollEngine::pauseWhileInFlightStillRecordsTheAnswer()
{
    FourInFlight flight;
    PollEngine &engine = flight.rig.engine;
    QCOMPARE(engine.inFlight(), 4);
    engine.pause(flight.ids[3]); // the answer is still recorded, then it rests
    QCOMPARE(engine.inFlight(), 4);
    flight.rig.clock.advance(5s); // the answers are in
    QVERIFY(engine.workflow(flight.ids[3])->status.has_value());
    QCOMPARE(engine.workflow(flight.ids[3])->watch, WatchState::Paused);
    QVERIFY(!engine.workflow(flight.ids[3])->nextPollAt.isValid());
    flight.rig.clock.advance(10min);
    QCOMPARE(engine.workflow(flight.ids[3])->watch,
             WatchState::Paused); // untouched while paused
}

void TestPollEngine::removeWhileInFlightDropsTheRequest()
{
    FourInFlight flight;
    PollEngine &engine = flight.rig.engine;
    QCOMPARE(engine.inFlight(), 4);
    engine.remove(flight.ids[2]); // the request is dropped
    QCOMPARE(engine.inFlight(), 3);
    QCOMPARE(flight.rig.fetcher.requests(), 4);
    flight.rig.clock.advance(5s); // the answers are in; the next polls are not due yet
    QCOMPARE(engine.inFlight(), 0);
    QCOMPARE(engine.workflow(flight.ids[2]), nullptr);
}

void TestPollEngine::resumeWhileInFlightKeepsWatching()
{
    FourInFlight flight;
    PollEngine &engine = flight.rig.engine;
    QCOMPARE(engine.inFlight(), 4);
    engine.pause(flight.ids[1]);
    engine.resume(flight.ids[1]); // still on its way: no second request
    QCOMPARE(engine.inFlight(), 4);
    QCOMPARE(flight.rig.fetcher.requests(), 4);
    flight.rig.clock.advance(5s);
    QVERIFY(engine.workflow(flight.ids[1])->status.has_value());
    QCOMPARE(engine.workflow(flight.ids[1])->watch, WatchState::Watching);
}

void TestPollEngine::anEndOverridesAPause()
{
    FourInFlight flight;
    PollEngine &engine = flight.rig.engine;
    QCOMPARE(engine.inFlight(), 4);
    engine.pause(flight.ids[3]);
    flight.rig.clock.advance(10min); // it succeeded meanwhile, unasked
    QCOMPARE(engine.workflow(flight.ids[3])->watch, WatchState::Paused);
    engine.pollNow(flight.ids[3]); // checked once, still paused
    flight.rig.clock.advance(10s);
    QCOMPARE(engine.workflow(flight.ids[3])->state(), WorkflowState::Succeeded);
    QCOMPARE(engine.workflow(flight.ids[3])->watch, WatchState::Settled);
    QCOMPARE(engine.accountStatus(testAccountId).waiting, 0);
}

void TestPollEngine::listenersMayRemoveWhatTheyHearAbout_data()
{
    // Which signals get a slot that removes the workflow it is told about.
    QTest::addColumn<QStringList>("removers");
    QTest::newRow("stateChanged") << QStringList{u"state"_s};
    QTest::newRow("watchChanged") << QStringList{u"watch"_s};
    QTest::newRow("pollFailed") << QStringList{u"failure"_s};
    QTest::newRow("accountHeld") << QStringList{u"hold"_s};
    QTest::newRow("every signal at once")
        << QStringList{u"state"_s, u"watch"_s, u"failure"_s, u"hold"_s};
}

void TestPollEngine::listenersMayRemoveWhatTheyHearAbout()
{
    QFETCH(QStringList, removers);
    Rig rig(oneWorkflowPerSignal());
    PollEngine &engine = rig.engine;
    // Each workflow, and the signal whose slot removes it.
    const QHash<QString, qint64> removed{{u"state"_s, engine.track(ref(u"s.example"_s))},
                                         {u"watch"_s, engine.track(ref(u"w.example"_s))},
                                         {u"failure"_s, engine.track(ref(u"f.example"_s))},
                                         {u"hold"_s, engine.track(ref(u"r.example"_s))}};
    int heard = 0;
    const auto removeOn = [&](const QString &signal, const TrackedWorkflow &workflow) {
        if (removers.contains(signal) && workflow.id == removed[signal] && ++heard)
            engine.remove(workflow.id);
    };
    connect(&engine, &PollEngine::stateChanged, &engine,
            [&](const TrackedWorkflow &workflow) { removeOn(u"state"_s, workflow); });
    connect(&engine, &PollEngine::watchChanged, &engine,
            [&](const TrackedWorkflow &workflow) { removeOn(u"watch"_s, workflow); });
    connect(&engine, &PollEngine::pollFailed, &engine,
            [&](const TrackedWorkflow &workflow) { removeOn(u"failure"_s, workflow); });
    connect(&engine, &PollEngine::accountHeld, &engine, [&] {
        if (removers.contains(u"hold"_s) && ++heard)
            engine.remove(removed[u"hold"_s]);
    });
    int updatesOfRemoved = 0;
    connect(&engine, &PollEngine::workflowUpdated, &engine, [&](const TrackedWorkflow &workflow) {
        if (!engine.workflow(workflow.id)) // nothing is said of a workflow once it is removed
            ++updatesOfRemoved;
    });
    rig.clock.advance(1h); // under ASan, any use of a removed entry fails here
    QCOMPARE(heard, removers.size());
    QCOMPARE(updatesOfRemoved, 0);
    for (const QString &signal : removers)
        QCOMPARE(engine.workflow(removed[signal]), nullptr);
    QCOMPARE(engine.workflowIds().size(), 4 - removers.size());
    if (removers.size() == 4) {
        QCOMPARE(engine.workflowIds(), QList<qint64>());
        QCOMPARE(engine.inFlight(), 0);
        QVERIFY(!engine.nextCheck().isValid());
    }
}

void TestPollEngine::keepsTheDueTimeAcrossARestart()
{
    Restart restart;
    QVERIFY(restart.firstRunStored);
    QVERIFY(restart.blockedBeforeQuitting);
    QVERIFY(restart.dueLater);
    restart.clock.advance(3h); // closed for three hours
    auto store = WorkflowStore::open(restart.path());
    QVERIFY(store.hasValue());
    PollEngine engine(&restart.fetcher, restart.clock);
    engine.setStore(store.value().get());
    QCOMPARE(engine.loadFromStore(), std::nullopt);
    QCOMPARE(engine.workflowIds().size(), 2);
    QCOMPARE(engine.workflow(restart.id)->state(), WorkflowState::Blocked);
    QCOMPARE(engine.workflow(restart.id)->nextPollAt, restart.due); // the due time survived
}

void TestPollEngine::noticesWhatChangedWhileClosed()
{
    Restart restart;
    QVERIFY(restart.firstRunStored);
    restart.clock.advance(3h); // the workflow finished meanwhile
    auto store = WorkflowStore::open(restart.path());
    QVERIFY(store.hasValue());
    PollEngine engine(&restart.fetcher, restart.clock);
    engine.setStore(store.value().get());
    Recorder recorder(engine);
    QCOMPARE(engine.loadFromStore(), std::nullopt);
    restart.clock.advance(2min);
    QCOMPARE(recorder.changes.size(), 1); // noticed on the first poll
    QCOMPARE(recorder.changes.first().second.fromState, u"blocked"_s);
    QCOMPARE(recorder.changes.first().second.toState, u"succeeded"_s);
}

void TestPollEngine::keepsTheHistoryAcrossARestart()
{
    Restart restart;
    QVERIFY(restart.firstRunStored);
    restart.clock.advance(3h);
    auto store = WorkflowStore::open(restart.path());
    QVERIFY(store.hasValue());
    PollEngine engine(&restart.fetcher, restart.clock);
    engine.setStore(store.value().get());
    QCOMPARE(engine.loadFromStore(), std::nullopt);
    restart.clock.advance(2min);
    const auto history = store.value()->history(restart.id);
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
