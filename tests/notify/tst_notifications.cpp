// Desktop notifications end to end on a private session bus (dbus-run-session): the real
// PollEngine in virtual time against the simulator's scenario, the real NotificationCenter and
// DBusNotifier, and a fake org.freedesktop.Notifications that records every Notify call. A
// workflow reaching each notifying state makes exactly one call with the right words, urgency,
// actions and hints; a bulk makes one summary; muted, disabled and quiet cases send nothing;
// "Open" finds the workflow; and a restart repeats nothing and loses nothing.

#include "discovery/RegistrationNotices.h"
#include "engine/PollEngine.h"
#include "notify/DBusNotifier.h"
#include "notify/FallbackNotifier.h"
#include "notify/NotificationCenter.h"
#include "store/WorkflowStore.h"
#include "support/FakeNotificationServer.h"
#include "support/ManualClock.h"
#include "support/ScenarioFetcher.h"
#include "support/SimulatorFixture.h"

#include <QJsonDocument>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

#include <ctime>

using namespace Qt::StringLiterals;
using namespace std::chrono;
using namespace std::chrono_literals;
using namespace rw;
using namespace rw::test;
using Kind = NotificationSettings::Event;

namespace {

const DBusNotifier::Identity identity{u"Registrar Watch"_s, u"org.registrarwatch.RegistrarWatch"_s,
                                      u"org.registrarwatch.RegistrarWatch"_s};

QJsonObject failedStep(double at)
{
    return stepJson(at, u"failed"_s,
                    {{u"error"_s, QJsonObject{{u"code"_s, u"registry_rejected"_s},
                                              {u"message"_s, u"The registry said no."_s}}}});
}

sim::Scenario scenarioOf(const QJsonArray &workflows, const QJsonObject &extra = {})
{
    QJsonObject json = baseScenario();
    for (auto it = extra.begin(); it != extra.end(); ++it)
        json.insert(it.key(), it.value());
    json.insert(u"workflows"_s, workflows);
    auto scenario = sim::Scenario::fromJson(QJsonDocument(json).toJson());
    if (!scenario)
        qFatal("bad scenario: %s", qPrintable(scenario.error()));
    return scenario.value();
}

WorkflowRef ref(const QString &domain, WorkflowKind kind = WorkflowKind::Update)
{
    return {{testAccountId, false}, domain, kind};
}

// A recording way to show notifications: what the fallback hands on to.
class Recorder final : public Notifier
{
public:
    void show(const Notification &notification) override { shown.append(notification); }
    QList<Notification> shown;
};

// Quiet hours on, from `start` to `end` seconds from the clock's now, local time.
void makeQuiet(NotificationSettings &settings, const ManualClock &clock, int start, int end)
{
    const QTime local = clock.now().toLocalTime().time();
    settings.quietHours = true;
    settings.quietStart = local.addSecs(start);
    settings.quietEnd = local.addSecs(end);
}

// The engine, the center and the notifier as the desktop session wires them.
struct Desk
{
    Desk(ManualClock &clock, const sim::Scenario &scenario, PollSettings poll = {},
         WorkflowStore *store = nullptr)
        : fetcher(scenario, clock)
        , engine(&fetcher, clock, poll)
        , notifier(QDBusConnection::sessionBus(), identity)
        , center(&engine, &notifier, clock)
    {
        engine.setJitterSource([] { return 0.0; });
        engine.setStore(store);
    }
    // As the desktop starts it: with what the engine tracks.
    void start() { center.start(engine.snapshot()); }
    sim::ScenarioFetcher fetcher;
    PollEngine engine;
    DBusNotifier notifier;
    NotificationCenter center;
};

// Four workflows, each reaching a notifying state: s succeeds, f fails and a needs the
// operator (all at 10 s); g never leaves pending and is given up on after 10 minutes.
struct FourEnds
{
    FourEnds()
        : desk(clock, scenario(), poll())
    {
        desk.start();
        s = desk.engine.track(ref(u"s.example"_s));
        f = desk.engine.track(ref(u"f.example"_s, WorkflowKind::Registration));
        a = desk.engine.track(ref(u"a.example"_s));
        g = desk.engine.track(ref(u"g.example"_s, WorkflowKind::TransferIn));
    }
    static sim::Scenario scenario()
    {
        const QJsonObject confirm{
            {u"context"_s, QJsonObject{{u"action"_s, u"Confirm it."_s},
                                       {u"confirmation_sent_to"_s, u"ops@a.example"_s}}}};
        return scenarioOf(
            {scenarioWorkflow(u"s.example"_s,
                              {stepJson(0, u"in_progress"_s), stepJson(10, u"succeeded"_s)}),
             scenarioWorkflow(u"f.example"_s, {stepJson(0, u"in_progress"_s), failedStep(10)},
                              u"registration"_s),
             scenarioWorkflow(u"a.example"_s, {stepJson(0, u"in_progress"_s),
                                               stepJson(10, u"action_required"_s, confirm)}),
             scenarioWorkflow(u"g.example"_s, {stepJson(0, u"pending"_s)}, u"transfer-in"_s)});
    }
    static PollSettings poll()
    {
        PollSettings poll;
        poll.maxActiveTime = 10min; // so that one gives up
        return poll;
    }
    // At 10 s three workflows reach their states, seen at the check at 10.3 s; then the center
    // gathers for a while before it tells.
    void reachTheEnds()
    {
        clock.advance(5s);
        clock.advance(6s);
        clock.advance(NotificationCenter::gatherFor);
    }

    ManualClock clock;
    Desk desk;
    qint64 s = 0;
    qint64 f = 0;
    qint64 a = 0;
    qint64 g = 0;
};

// A bulk update of 200 domains that ends within a second (196 succeed, 3 fail, 1 needs
// action), and five stragglers half a minute later.
struct Bulk
{
    Bulk()
        : desk(clock, scenario(), poll())
    {
        desk.start();
        for (int i = 0; i < 200; ++i)
            desk.engine.track(ref(u"d%1.example"_s.arg(i, 3, 10, QChar(u'0'))));
        for (int i = 0; i < 5; ++i)
            desk.engine.track(ref(u"late%1.example"_s.arg(i)));
    }
    static sim::Scenario scenario()
    {
        QJsonArray workflows;
        for (int i = 0; i < 200; ++i) {
            const double at = 10 + (i % 10) * 0.1;
            const QJsonObject end = i < 3    ? failedStep(at)
                                    : i == 3 ? stepJson(at, u"action_required"_s)
                                             : stepJson(at, u"succeeded"_s);
            workflows.append(scenarioWorkflow(u"d%1.example"_s.arg(i, 3, 10, QChar(u'0')),
                                              {stepJson(0, u"in_progress"_s), end}));
        }
        for (int i = 0; i < 5; ++i)
            workflows.append(
                scenarioWorkflow(u"late%1.example"_s.arg(i),
                                 {stepJson(0, u"in_progress"_s), stepJson(40, u"succeeded"_s)}));
        return scenarioOf(workflows, {{u"rate_limit"_s, QJsonObject{{u"requests"_s, 100000},
                                                                    {u"window_s"_s, 300}}}});
    }
    static PollSettings poll()
    {
        PollSettings poll;
        poll.budgetBurst = 400; // not what is tested here: let every answer through at once
        poll.budgetRequests = 10000;
        poll.maxInFlight = 400;
        return poll;
    }

    ManualClock clock;
    Desk desk;
};

} // namespace

class TestNotifications : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void cleanup();

    void wordsForEachEvent_data();
    void wordsForEachEvent();
    void firstAnswersAreNotNews();
    void eachEndIsToldWithItsUrgency();
    void givingUpIsToldOnce();
    void everyCallNamesTheAppAndOffersOpen();
    void nothingIsToldTwice();
    void oneBubblePerWorkflow();
    void accountHoldsOncePerHold();
    void aSharedCredentialsHoldIsToldOnce();
    void aBulkMakesOneSummary();
    void stragglersUpdateTheSummary();
    void openOnASummaryShowsTheWindow();
    void firstAnswersOfWhatTheOperatorAddedAreTold();
    void foundWorkflowsAreToldAsFoundThenFollowed();
    void aFoundWorkflowIsToldOnlyWhenChosen();
    void aFoundWorkflowThatNeedsTheOperatorIsToldOnce();
    void foundInQuietHoursThenNeedingTheOperatorIsToldOnce();
    void manyFoundAtOnceMakeOneSummary();
    void registrationNoticesAreToldOnce();
    void whatEndedLongBeforeItWasAddedIsToldQuietly();
    void whatEndedLongBeforeItWasAddedIsToldQuietlyAfterARestart();
    void aBatchSummaryCountsItsWorkflowsAsTheyAre();
    void aBatchHeldByQuietHoursTellsWhatEndedAfterItsHour();
    void unansweredActionRequiredIsRemindedThenDaily();
    void resumingMutingOrRemovingEndsReminders();
    void aShortRateLimitIsNoBubble();
    void mutedAndDisabledSendNothing();
    void quietHoursSendNothingThenTell();
    void openFindsTheWorkflow();
    void restartsRepeatNothingAndLoseNothing();
    void withoutAServiceTheNextWayShowsIt();
    void quietHoursEndOnTheDayClocksGoForward();
    void whatNoLongerHoldsIsNotTold();
    void aLaterBulkHasABubbleOfItsOwn();
    void withdrawnBubblesAreNoLongerOurs();
    void aRestartedServiceIsNotToldOldIds();
    void aRemovedWorkflowsBubbleIsTakenBack();
    void aBubbleWithdrawnOnItsWayIsClosed();

private:
    // Waits for the async Notify calls to arrive, then a little more to see no extra one.
    void expectCalls(qsizetype count);

    std::unique_ptr<FakeNotificationServer> m_server;
};

void TestNotifications::init()
{
    m_server = std::make_unique<FakeNotificationServer>();
    QVERIFY(m_server->start());
}

void TestNotifications::cleanup()
{
    m_server.reset();
}

void TestNotifications::expectCalls(qsizetype count)
{
    QTRY_COMPARE_WITH_TIMEOUT(m_server->calls.size(), count, 5000);
    QVERIFY(FakeNotificationServer::sync()); // none more on its way
    QCOMPARE(m_server->calls.size(), count);
}

void TestNotifications::wordsForEachEvent_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("state");
    QTest::addColumn<QString>("summary");
    QTest::addColumn<QString>("body");
    QTest::addColumn<bool>("critical");

    QTest::newRow("succeeded") << int(Kind::Succeeded) << u"succeeded"_s
                               << u"bücher.example: update succeeded"_s
                               << u"The update of bücher.example is done."_s << false;
    QTest::newRow("failed") << int(Kind::Failed) << u"failed"_s
                            << u"bücher.example: update failed"_s
                            << u"registry_rejected: The registry said no.\nA failed workflow is "
                               u"not retried."_s
                            << true;
    QTest::newRow("action required")
        << int(Kind::ActionRequired) << u"action_required"_s
        << u"bücher.example: update needs you"_s
        << u"What to do: Confirm the new registrant email.\nThe confirmation was sent to "
           u"hostmaster@bücher.example.\nOnce done, resume it in Registrar Watch."_s
        << true;
    QTest::newRow("gave up") << int(Kind::GaveUp) << u"blocked"_s
                             << u"bücher.example: no longer watching the update"_s
                             << u"Stopped watching: Blocked for 7d without a change.\nResume it "
                                u"in Registrar Watch to watch it again."_s
                             << false;
}

void TestNotifications::wordsForEachEvent()
{
    QFETCH(int, kind);
    QFETCH(QString, state);
    TrackedWorkflow workflow;
    workflow.id = 5;
    workflow.ref = ref(u"xn--bcher-kva.example"_s);
    QJsonObject result{
        {u"state"_s, state},
        {u"completed"_s, state == u"succeeded" || state == u"failed"},
        {u"created_at"_s, u"2026-03-01T10:00:00Z"_s},
        {u"updated_at"_s, u"2026-03-01T11:00:00Z"_s},
        {u"links"_s, QJsonObject{{u"self"_s, u"/s"_s}}},
        {u"context"_s, QJsonObject{{u"action"_s, u"Confirm the new registrant email."_s},
                                   {u"confirmation_sent_to"_s, u"hostmaster@bücher.example"_s}}}};
    if (state == u"failed")
        result.insert(u"error"_s, QJsonObject{{u"code"_s, u"registry_rejected"_s},
                                              {u"message"_s, u"The registry said no."_s}});
    workflow.status = WorkflowStatus::fromJson(result).value();
    if (Kind(kind) == Kind::GaveUp) {
        workflow.watch = WatchState::GaveUp;
        workflow.stopReason = u"Blocked for 7d without a change."_s;
    }
    const auto condition = NotificationCenter::conditionOf(workflow);
    QVERIFY(condition);
    QCOMPARE(int(condition->kind), kind);
    const Notification n = notificationText::forWorkflow(*condition, workflow);
    QTEST(n.summary, "summary");
    QTEST(n.body, "body");
    QFETCH(bool, critical);
    QCOMPARE(n.urgency, critical ? Notification::Urgency::Critical : Notification::Urgency::Normal);
    QCOMPARE(n.persistent, critical); // those stay until dismissed
    QCOMPARE(n.key, u"workflow:5"_s);
    QCOMPARE(n.workflowId, 5);
}

void TestNotifications::firstAnswersAreNotNews()
{
    FourEnds four;
    // The first answers (in_progress, pending) are not news.
    four.clock.advance(5s);
    expectCalls(0);
    // At 10 s three workflows reach their states: nothing yet, while the center gathers.
    four.clock.advance(6s);
    QVERIFY(four.desk.engine.workflow(four.s)->state() == WorkflowState::Succeeded);
    expectCalls(0);
}

void TestNotifications::eachEndIsToldWithItsUrgency()
{
    FourEnds four;
    four.reachTheEnds();
    expectCalls(3);
    QHash<QString, FakeNotificationServer::Call> bySummary;
    for (const auto &call : std::as_const(m_server->calls))
        bySummary.insert(call.summary, call);
    const auto succeeded = bySummary.value(u"s.example: update succeeded"_s);
    QCOMPARE(succeeded.body, u"The update of s.example is done."_s);
    QCOMPARE(succeeded.hints.value(u"urgency"_s).value<uchar>(), uchar(1));
    QCOMPARE(succeeded.expireTimeout, -1);
    const auto failed = bySummary.value(u"f.example: registration failed"_s);
    QCOMPARE(failed.body,
             u"registry_rejected: The registry said no.\nA failed workflow is not retried."_s);
    QCOMPARE(failed.hints.value(u"urgency"_s).value<uchar>(), uchar(2));
    QCOMPARE(failed.expireTimeout, 0); // stays until dismissed
    const auto action = bySummary.value(u"a.example: update needs you"_s);
    QCOMPARE(action.body, u"What to do: Confirm it.\nThe confirmation was sent to ops@a.example.\n"
                          u"Once done, resume it in Registrar Watch."_s);
    QCOMPARE(action.hints.value(u"urgency"_s).value<uchar>(), uchar(2));
    QCOMPARE(action.expireTimeout, 0);
}

void TestNotifications::givingUpIsToldOnce()
{
    FourEnds four;
    four.reachTheEnds();
    expectCalls(3);
    // g.example never leaves pending: after 10 minutes it is given up on, once.
    four.clock.advance(11min);
    expectCalls(4);
    QCOMPARE(m_server->calls.last().summary, u"g.example: no longer watching the transfer-in"_s);
    QVERIFY2(m_server->calls.last().body.endsWith(
                 u"\nResume it in Registrar Watch to watch it again."_s),
             qPrintable(m_server->calls.last().body));
    QCOMPARE(four.desk.engine.workflow(four.g)->watch, WatchState::GaveUp);
    QCOMPARE(m_server->calls.last().hints.value(u"urgency"_s).value<uchar>(), uchar(1));
}

void TestNotifications::everyCallNamesTheAppAndOffersOpen()
{
    FourEnds four;
    four.reachTheEnds();
    four.clock.advance(11min);
    expectCalls(4);
    for (const auto &call : std::as_const(m_server->calls)) {
        QCOMPARE(call.appName, u"Registrar Watch"_s);
        QCOMPARE(call.appIcon, u"org.registrarwatch.RegistrarWatch"_s);
        QCOMPARE(call.hints.value(u"desktop-entry"_s).toString(),
                 u"org.registrarwatch.RegistrarWatch"_s);
        // A byte, as the specification has it, not an int that happens to convert.
        QCOMPARE(call.hints.value(u"urgency"_s).metaType(), QMetaType::fromType<uchar>());
        QCOMPARE(call.actions, (QStringList{u"default"_s, u"Open"_s, u"open"_s, u"Open"_s}));
        QCOMPARE(call.replacesId, 0u);
    }
}

void TestNotifications::nothingIsToldTwice()
{
    FourEnds four;
    four.reachTheEnds();
    four.clock.advance(11min);
    expectCalls(4);
    // Hours more: no poll makes another, and neither does a resume into the same state.
    four.desk.engine.resume(four.a);
    four.clock.advance(3h);
    expectCalls(4);
    QCOMPARE(four.desk.engine.workflow(four.s)->state(), WorkflowState::Succeeded);
    QCOMPARE(four.desk.engine.workflow(four.f)->state(), WorkflowState::Failed);
}

void TestNotifications::oneBubblePerWorkflow()
{
    // Action required, then (after the operator acted and resumed) succeeded: the second
    // replaces the first's bubble.
    ManualClock clock;
    Desk desk(clock, scenarioOf({scenarioWorkflow(
                         u"a.example"_s,
                         {stepJson(0, u"in_progress"_s), stepJson(10, u"action_required"_s),
                          stepJson(100, u"in_progress"_s), stepJson(200, u"succeeded"_s)})}));
    desk.start();
    const qint64 a = desk.engine.track(ref(u"a.example"_s));
    clock.advance(20s);
    expectCalls(1);
    const uint first = m_server->calls.first().id;
    QCOMPARE(desk.notifier.serverId(u"workflow:%1"_s.arg(a)), first);
    clock.advance(120s);
    desk.engine.resume(a);
    clock.advance(10min);
    expectCalls(2);
    QCOMPARE(m_server->calls.last().summary, u"a.example: update succeeded"_s);
    QCOMPARE(m_server->calls.last().replacesId, first);
}

void TestNotifications::accountHoldsOncePerHold()
{
    ManualClock clock;
    QJsonObject limited = scenarioWorkflow(u"a.example"_s, {stepJson(0, u"in_progress"_s)});
    limited.insert(
        u"faults"_s,
        QJsonArray{QJsonObject{{u"on_request"_s, 2}, {u"status"_s, 429}, {u"retry_after_s"_s, 120}},
                   QJsonObject{{u"on_request"_s, 4}, {u"status"_s, 401}}});
    QJsonArray workflows{limited};
    for (int i = 0; i < 5; ++i)
        workflows.append(
            scenarioWorkflow(u"w%1.example"_s.arg(i), {stepJson(0, u"in_progress"_s)}));
    Desk desk(clock, scenarioOf(workflows));
    desk.start();
    desk.engine.track(ref(u"a.example"_s));
    for (int i = 0; i < 5; ++i)
        desk.engine.track(ref(u"w%1.example"_s.arg(i)));
    // The 429: one notification, though other answers are on their way.
    while (desk.engine.accountStatus(testAccountId).hold == RequestBudget::Hold::None &&
           clock.advanceToNextAlarm()) {
    }
    clock.advance(NotificationCenter::gatherFor);
    expectCalls(1);
    QCOMPARE(m_server->calls.at(0).summary, u"Cloudflare rate-limited the account"_s);
    QVERIFY2(m_server->calls.at(0).body.startsWith(
                 u"No requests for account %1 until "_s.arg(testAccountId)),
             qPrintable(m_server->calls.at(0).body));
    QCOMPARE(m_server->calls.at(0).hints.value(u"urgency"_s).value<uchar>(), uchar(1));
    // The hold ends, and then Cloudflare rejects the token: one critical notification.
    while (desk.engine.accountStatus(testAccountId).hold !=
               RequestBudget::Hold::CredentialsRejected &&
           clock.advanceToNextAlarm()) {
    }
    clock.advance(1h);
    expectCalls(2);
    QCOMPARE(m_server->calls.at(1).summary, u"Cloudflare rejected the credentials"_s);
    QCOMPARE(m_server->calls.at(1).hints.value(u"urgency"_s).value<uchar>(), uchar(2));
    QCOMPARE(m_server->calls.at(1).expireTimeout, 0);
}

void TestNotifications::aSharedCredentialsHoldIsToldOnce()
{
    // Two accounts signed in with one token: Cloudflare rejects it on both accounts' first
    // checks, which are on their way together. One hold of one credential: told once.
    ManualClock clock;
    const QString other = u"0123456789abcdef0123456789abcdef"_s;
    const QJsonArray rejected{QJsonObject{{u"on_request"_s, 1}, {u"status"_s, 401}}};
    QJsonObject mine = scenarioWorkflow(u"a.example"_s, {stepJson(0, u"in_progress"_s)});
    mine.insert(u"faults"_s, rejected);
    QJsonObject theirs = scenarioWorkflow(u"b.example"_s, {stepJson(0, u"in_progress"_s)});
    theirs.insert(u"faults"_s, rejected);
    theirs.insert(u"account"_s, other);
    Desk desk(clock, scenarioOf({mine, theirs}, {{u"other_accounts"_s, QJsonArray{other}}}));
    desk.engine.setBudgetKey(testAccountId, u"one-token"_s);
    desk.engine.setBudgetKey(other, u"one-token"_s);
    desk.start();
    desk.engine.track(ref(u"a.example"_s));
    desk.engine.track({{other, false}, u"b.example"_s, WorkflowKind::Update});
    while (desk.engine.accountStatus(other).hold != RequestBudget::Hold::CredentialsRejected &&
           clock.advanceToNextAlarm()) {
    }
    clock.advance(1h);
    expectCalls(1);
    QCOMPARE(m_server->calls.at(0).summary, u"Cloudflare rejected the credentials"_s);
}

void TestNotifications::firstAnswersOfWhatTheOperatorAddedAreTold()
{
    // The operator adds three workflows whose first answers are already final or need them:
    // that is exactly what they are waiting to hear.
    ManualClock clock;
    Desk desk(clock,
              scenarioOf({scenarioWorkflow(u"s.example"_s, {stepJson(0, u"succeeded"_s)}),
                          scenarioWorkflow(u"f.example"_s, {failedStep(0)}),
                          scenarioWorkflow(u"a.example"_s, {stepJson(0, u"action_required"_s)})}));
    desk.start();
    for (const QString &domain : {u"s.example"_s, u"f.example"_s, u"a.example"_s})
        desk.engine.watch(ref(domain));
    clock.advance(1min);
    expectCalls(3);
    QStringList summaries;
    for (const FakeNotificationServer::Call &call : std::as_const(m_server->calls))
        summaries.append(call.summary);
    summaries.sort();
    QCOMPARE(summaries,
             (QStringList{u"a.example: update needs you"_s, u"f.example: update failed"_s,
                          u"s.example: update succeeded"_s}));
    clock.advance(1h); // told once
    expectCalls(3);
}

void TestNotifications::foundWorkflowsAreToldAsFoundThenFollowed()
{
    ManualClock clock;
    Desk desk(clock,
              scenarioOf({scenarioWorkflow(u"s.example"_s, {stepJson(0, u"succeeded"_s)}),
                          scenarioWorkflow(u"g.example"_s, {stepJson(0, u"in_progress"_s),
                                                            stepJson(60, u"succeeded"_s)})}));
    desk.start();
    desk.engine.track(ref(u"s.example"_s), {}, WorkflowOrigin::Found);
    desk.engine.track(ref(u"g.example"_s), {}, WorkflowOrigin::Found);
    clock.advance(30s);
    // Found already ended: nobody waits for it. Found running: the operator learns of it.
    expectCalls(1);
    QCOMPARE(m_server->calls.first().summary,
             u"g.example: an update started elsewhere is in progress"_s);
    clock.advance(5min); // then it follows the same policy as any workflow
    expectCalls(2);
    QCOMPARE(m_server->calls.last().summary, u"g.example: update succeeded"_s);
}

// A workflow found running is told as found only when the operator chose that (Settings →
// Notifications), whatever the ends: the demo's screenshot runs turn it off.
void TestNotifications::aFoundWorkflowIsToldOnlyWhenChosen()
{
    ManualClock clock;
    Desk desk(clock,
              scenarioOf({scenarioWorkflow(u"g.example"_s, {stepJson(0, u"in_progress"_s)}),
                          scenarioWorkflow(u"h.example"_s, {stepJson(0, u"in_progress"_s)}),
                          scenarioWorkflow(u"i.example"_s, {stepJson(0, u"in_progress"_s)})}));
    NotificationSettings settings; // every end told
    settings.found = false;
    desk.center.setSettings(settings);
    desk.start();
    desk.engine.track(ref(u"g.example"_s), {}, WorkflowOrigin::Found);
    clock.advance(1min);
    expectCalls(0);

    settings.enabled = {Kind::CredentialsRejected}; // no end told, found chosen
    settings.found = true;
    desk.center.setSettings(settings);
    desk.engine.track(ref(u"h.example"_s), {}, WorkflowOrigin::Found);
    clock.advance(1min);
    expectCalls(1);
    QCOMPARE(m_server->calls.first().summary,
             u"h.example: an update started elsewhere is in progress"_s);

    // Found during the quiet hours, and unticked before they end: not told when they do.
    makeQuiet(settings, clock, -60, 600);
    desk.center.setSettings(settings);
    desk.engine.track(ref(u"i.example"_s), {}, WorkflowOrigin::Found);
    clock.advance(1min);
    settings.found = false;
    desk.center.setSettings(settings);
    clock.advance(15min);
    expectCalls(1);
}

void TestNotifications::aFoundWorkflowThatNeedsTheOperatorIsToldOnce()
{
    ManualClock clock;
    const QJsonObject unlock{{u"context"_s, QJsonObject{{u"action"_s, u"Unlock the domain."_s}}}};
    Desk desk(clock,
              scenarioOf({scenarioWorkflow(
                  u"t.example"_s, {stepJson(0, u"action_required"_s, unlock)}, u"transfer-in"_s)}));
    desk.start();
    desk.engine.track(ref(u"t.example"_s, WorkflowKind::TransferIn), {}, WorkflowOrigin::Found);
    clock.advance(30s);
    expectCalls(1);
    const FakeNotificationServer::Call call = m_server->calls.first();
    QCOMPARE(call.summary, u"t.example: a transfer in started elsewhere needs you"_s);
    QVERIFY2(call.body.contains(u"Unlock the domain."_s), qPrintable(call.body));
    QCOMPARE(call.hints.value(u"urgency"_s).value<uchar>(), uchar(2));
    clock.advance(1h); // not told again as "needs you"
    expectCalls(1);
}

void TestNotifications::manyFoundAtOnceMakeOneSummary()
{
    ManualClock clock;
    QJsonArray workflows;
    for (int i = 0; i < 6; ++i)
        workflows.append(
            scenarioWorkflow(u"w%1.example"_s.arg(i), {stepJson(0, u"in_progress"_s)}));
    Desk desk(clock, scenarioOf(workflows));
    desk.start();
    for (int i = 0; i < 6; ++i)
        desk.engine.track(ref(u"w%1.example"_s.arg(i)), {}, WorkflowOrigin::Found);
    clock.advance(1min);
    expectCalls(1);
    QCOMPARE(m_server->calls.first().summary, u"6 workflows started elsewhere were found"_s);
}

void TestNotifications::registrationNoticesAreToldOnce()
{
    ManualClock clock;
    Desk desk(clock, scenarioOf({}));
    RegistrationNotices notices;
    const AccountRef account{testAccountId, false};
    RegistrationNotice toldBefore; // from the store: told before a restart
    toldBefore.account = account;
    toldBefore.domain = u"old.example"_s;
    toldBefore.attention = {RegistrationAttention::Reason::Expired, clock.now().addDays(-3)};
    toldBefore.foundAt = clock.now().addDays(-2);
    toldBefore.toldAt = clock.now().addDays(-2);
    notices.put(toldBefore);
    desk.center.setRegistrationNotices(&notices);
    desk.start();

    RegistrationNotice expiring;
    expiring.account = account;
    expiring.domain = u"example.com"_s;
    expiring.attention = {RegistrationAttention::Reason::ExpiresSoon,
                          QDateTime(QDate(2026, 3, 12), QTime(12, 0), QTimeZone::utc())};
    expiring.foundAt = clock.now();
    RegistrationNotice lapsed = expiring;
    lapsed.domain = u"example.net"_s;
    lapsed.attention = {RegistrationAttention::Reason::Expired, clock.now().addDays(-1)};
    notices.replaceForAccount(account, {toldBefore, expiring, lapsed});
    clock.advance(NotificationCenter::gatherAtMost);
    expectCalls(2);
    QCOMPARE(m_server->calls.at(0).summary,
             u"example.com expires on 12 March 2026 and auto-renew is off"_s);
    QCOMPARE(m_server->calls.at(1).summary, u"example.net has expired"_s);
    QVERIFY(notices.find(account, u"example.com"_s)->toldAt.isValid());
    QVERIFY(notices.find(account, u"example.net"_s)->toldAt.isValid());
    // The next listing finds them as they were: nothing new to tell.
    notices.replaceForAccount(account, {toldBefore, expiring, lapsed});
    clock.advance(1h);
    expectCalls(2);
}

void TestNotifications::whatEndedLongBeforeItWasAddedIsToldQuietly()
{
    ManualClock clock;
    Desk desk(clock,
              scenarioOf({scenarioWorkflow(u"old.example"_s, {stepJson(0, u"succeeded"_s)})}));
    desk.start();
    clock.advance(3h); // it succeeded three hours before the operator added it
    desk.engine.watch(ref(u"old.example"_s));
    clock.advance(1min);
    expectCalls(1);
    const FakeNotificationServer::Call call = m_server->calls.first();
    QCOMPARE(call.summary, u"old.example: update succeeded"_s);
    QVERIFY2(call.body.startsWith(u"It was already so on "_s), qPrintable(call.body));
    QCOMPARE(call.hints.value(u"urgency"_s).value<uchar>(), uchar(0)); // low: no alarm
}

// The same, when the app stopped before it could tell (during the gathering, or quiet hours):
// the next start tells it as old news too, not as a fresh failure.
void TestNotifications::whatEndedLongBeforeItWasAddedIsToldQuietlyAfterARestart()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"store.sqlite"_s);
    ManualClock clock;
    const sim::Scenario scenario =
        scenarioOf({scenarioWorkflow(u"old.example"_s, {failedStep(0)})});
    {
        auto store = WorkflowStore::open(path).value();
        Desk desk(clock, scenario, {}, store.get());
        desk.start();
        clock.advance(3h); // it failed three hours before the operator added it
        const qint64 id = desk.engine.watch(ref(u"old.example"_s)).id;
        while (!desk.engine.workflow(id)->status && clock.advanceToNextAlarm()) {
        }
        QCOMPARE(m_server->calls.size(), 0); // closed before the gathering ended
    }
    auto store = WorkflowStore::open(path).value();
    Desk desk(clock, scenario, {}, store.get());
    QCOMPARE(desk.engine.loadFromStore(), std::nullopt);
    desk.start();
    clock.advance(1min);
    expectCalls(1);
    const FakeNotificationServer::Call call = m_server->calls.first();
    QCOMPARE(call.summary, u"old.example: update failed"_s);
    QVERIFY2(call.body.startsWith(u"It was already so on "_s), qPrintable(call.body));
    QCOMPARE(call.hints.value(u"urgency"_s).value<uchar>(), uchar(0));
}

// Twelve added just before the quiet hours: one succeeds during them (the batch's summary
// waits), another fails after the batch's hour of life. When they end, the one summary counts
// both as they are and tells both; nothing is lost, nothing comes twice.
void TestNotifications::aBatchHeldByQuietHoursTellsWhatEndedAfterItsHour()
{
    ManualClock clock;
    NotificationSettings settings;
    makeQuiet(settings, clock, 300, 4 * 3600);
    QJsonArray workflows;
    for (int i = 0; i < 10; ++i)
        workflows.append(
            scenarioWorkflow(u"r%1.example"_s.arg(i),
                             {stepJson(0, u"in_progress"_s), stepJson(172800, u"succeeded"_s)}));
    workflows.append(scenarioWorkflow(
        u"s.example"_s, {stepJson(0, u"in_progress"_s), stepJson(600, u"succeeded"_s)}));
    workflows.append(
        scenarioWorkflow(u"x.example"_s, {stepJson(0, u"in_progress"_s), failedStep(6000)}));
    Desk desk(clock, scenarioOf(workflows));
    desk.center.setSettings(settings);
    desk.start();
    for (const QJsonValue &workflow : std::as_const(workflows))
        desk.engine.watch(ref(workflow.toObject().value(u"domain").toString()));
    clock.advance(3h);
    const qint64 x = desk.engine.find(ref(u"x.example"_s)).value();
    QCOMPARE(desk.engine.workflow(x)->state(), WorkflowState::Failed);
    expectCalls(0); // quiet
    clock.advance(61min);
    expectCalls(1);
    QCOMPARE(m_server->calls.first().summary, u"1 succeeded, 1 failed, 10 still running"_s);
    QVERIFY(!desk.engine.workflow(x)->toldMark.isEmpty());
    clock.advance(10min);
    expectCalls(1);
}

void TestNotifications::aBatchSummaryCountsItsWorkflowsAsTheyAre()
{
    // Twelve added at once: some already ended, two run on. The batch's one bubble counts them
    // from their states, so that in the end it says what the table says.
    ManualClock clock;
    QJsonArray workflows;
    for (int i = 0; i < 5; ++i)
        workflows.append(scenarioWorkflow(u"s%1.example"_s.arg(i), {stepJson(0, u"succeeded"_s)}));
    for (int i = 0; i < 3; ++i)
        workflows.append(scenarioWorkflow(u"f%1.example"_s.arg(i), {failedStep(0)}));
    for (int i = 0; i < 2; ++i)
        workflows.append(
            scenarioWorkflow(u"a%1.example"_s.arg(i), {stepJson(0, u"action_required"_s)}));
    for (int i = 0; i < 2; ++i)
        workflows.append(
            scenarioWorkflow(u"r%1.example"_s.arg(i),
                             {stepJson(0, u"in_progress"_s), stepJson(600, u"succeeded"_s)}));
    Desk desk(clock, scenarioOf(workflows));
    desk.start();
    for (const QJsonValue &workflow : std::as_const(workflows))
        desk.engine.watch(ref(workflow.toObject().value(u"domain").toString()));
    clock.advance(1min);
    expectCalls(1);
    const FakeNotificationServer::Call first = m_server->calls.first();
    QCOMPARE(first.summary, u"5 succeeded, 3 failed, 2 need action, 2 still running"_s);
    QVERIFY2(first.body.startsWith(u"Needs action: a0.example, a1.example\nFailed: "_s),
             qPrintable(first.body));
    QVERIFY2(first.body.endsWith(u"Of the 12 workflows you added at 12:00."_s.replace(
                 u"12:00"_s, clock.now().addSecs(-60).toLocalTime().toString(u"HH:mm"_s))),
             qPrintable(first.body));
    QCOMPARE(first.hints.value(u"urgency"_s).value<uchar>(), uchar(2));
    // The two that ran on end: the same bubble, updated.
    clock.advance(15min);
    expectCalls(2);
    QCOMPARE(m_server->calls.last().summary, u"7 succeeded, 3 failed, 2 need action"_s);
    QCOMPARE(m_server->calls.last().replacesId, first.id);
    int succeeded = 0;
    for (const TrackedWorkflow &workflow : desk.engine.snapshot())
        succeeded += workflow.state() == WorkflowState::Succeeded;
    QCOMPARE(succeeded, 7);
}

void TestNotifications::unansweredActionRequiredIsRemindedThenDaily()
{
    ManualClock clock;
    Desk desk(clock, scenarioOf({scenarioWorkflow(
                         u"a.example"_s,
                         {stepJson(0, u"action_required"_s,
                                   {{u"context"_s,
                                     QJsonObject{{u"action"_s, u"Approve the transfer."_s}}}})})}));
    desk.start();
    desk.engine.watch(ref(u"a.example"_s));
    clock.advance(1min);
    expectCalls(1); // told at once
    clock.advance(3h + 58min);
    expectCalls(1);
    clock.advance(2min); // four hours unanswered
    expectCalls(2);
    const FakeNotificationServer::Call reminder = m_server->calls.last();
    QCOMPARE(reminder.summary, u"a.example: update still needs you"_s);
    QVERIFY2(reminder.body.contains(u"Waiting for you for 4h"_s), qPrintable(reminder.body));
    QVERIFY2(reminder.body.contains(u"Approve the transfer."_s), qPrintable(reminder.body));
    clock.advance(23h);
    expectCalls(2);
    clock.advance(1h); // then daily
    expectCalls(3);
}

void TestNotifications::resumingMutingOrRemovingEndsReminders()
{
    ManualClock clock;
    QJsonArray workflows;
    for (const QString &domain : {u"resumed.example"_s, u"muted.example"_s, u"removed.example"_s})
        workflows.append(scenarioWorkflow(
            domain, {stepJson(0, u"action_required"_s), stepJson(3600, u"in_progress"_s)}));
    Desk desk(clock, scenarioOf(workflows));
    desk.start();
    const qint64 resumed = desk.engine.watch(ref(u"resumed.example"_s)).id;
    const qint64 muted = desk.engine.watch(ref(u"muted.example"_s)).id;
    const qint64 removed = desk.engine.watch(ref(u"removed.example"_s)).id;
    clock.advance(1min);
    expectCalls(3);
    clock.advance(2h); // the operator acted; the workflows moved on
    desk.engine.resume(resumed);
    desk.engine.setMuted(muted, true);
    desk.engine.remove(removed);
    clock.advance(3h);
    expectCalls(3);
}

void TestNotifications::aShortRateLimitIsNoBubble()
{
    ManualClock clock;
    QJsonObject brief = scenarioWorkflow(u"a.example"_s, {stepJson(0, u"in_progress"_s)});
    brief.insert(
        u"faults"_s,
        QJsonArray{QJsonObject{{u"on_request"_s, 2}, {u"status"_s, 429}, {u"retry_after_s"_s, 5}}});
    QJsonObject longer = scenarioWorkflow(u"b.example"_s, {stepJson(0, u"in_progress"_s)});
    longer.insert(u"faults"_s,
                  QJsonArray{QJsonObject{
                      {u"on_request"_s, 4}, {u"status"_s, 429}, {u"retry_after_s"_s, 300}}});
    Desk desk(clock, scenarioOf({brief, longer}));
    desk.start();
    desk.engine.track(ref(u"a.example"_s));
    while (desk.engine.accountStatus(testAccountId).hold == RequestBudget::Hold::None &&
           clock.advanceToNextAlarm()) {
    }
    clock.advance(NotificationCenter::gatherFor);
    expectCalls(0); // five seconds: the window's status bar says it
    clock.advance(1min);
    desk.engine.track(ref(u"b.example"_s));
    while (desk.engine.accountStatus(testAccountId).hold == RequestBudget::Hold::None &&
           clock.advanceToNextAlarm()) {
    }
    clock.advance(NotificationCenter::gatherFor);
    expectCalls(1);
    // Under an hour: the end to the second.
    static const QRegularExpression toTheSecond(u"until \\d\\d:\\d\\d:\\d\\d;"_s);
    QVERIFY2(toTheSecond.match(m_server->calls.first().body).hasMatch(),
             qPrintable(m_server->calls.first().body));
}

void TestNotifications::aBulkMakesOneSummary()
{
    Bulk bulk;
    bulk.clock.advance(45s);
    expectCalls(1);
    const FakeNotificationServer::Call call = m_server->calls.first();
    // Added together, told together: the stragglers are counted as running.
    QCOMPARE(call.summary, u"196 succeeded, 3 failed, 1 needs action, 5 still running"_s);
    QCOMPARE(call.body, u"Needs action: d003.example\nFailed: d000.example, d001.example, "
                        u"d002.example\nSucceeded: d004.example, d005.example, d006.example and "
                        u"193 more\nOf the 205 workflows you added at %1."_s.arg(
                            bulk.clock.now().addSecs(-45).toLocalTime().toString(u"HH:mm"_s)));
    QCOMPARE(call.hints.value(u"urgency"_s).value<uchar>(), uchar(2));
    QCOMPARE(call.expireTimeout, 0); // it holds a failure: it stays
}

void TestNotifications::stragglersUpdateTheSummary()
{
    Bulk bulk;
    bulk.clock.advance(45s);
    expectCalls(1);
    const uint summary = m_server->calls.first().id;
    // Rather than making bubbles of their own.
    bulk.clock.advance(2min);
    expectCalls(2);
    QCOMPARE(m_server->calls.last().summary, u"201 succeeded, 3 failed, 1 needs action"_s);
    QCOMPARE(m_server->calls.last().replacesId, summary);
}

void TestNotifications::openOnASummaryShowsTheWindow()
{
    Bulk bulk;
    bulk.clock.advance(45s);
    expectCalls(1);
    QSignalSpy open(&bulk.desk.center, &NotificationCenter::openRequested);
    m_server->invoke(m_server->calls.first().id, u"default"_s);
    QVERIFY(open.wait());
    QCOMPARE(open.first().first().toLongLong(), 0); // no workflow of its own
}

void TestNotifications::mutedAndDisabledSendNothing()
{
    ManualClock clock;
    Desk desk(clock,
              scenarioOf({scenarioWorkflow(u"muted.example"_s, {stepJson(0, u"in_progress"_s),
                                                                stepJson(10, u"succeeded"_s)}),
                          scenarioWorkflow(u"off.example"_s,
                                           {stepJson(0, u"in_progress"_s), failedStep(10)}),
                          scenarioWorkflow(u"told.example"_s, {stepJson(0, u"in_progress"_s),
                                                               stepJson(10, u"succeeded"_s)})}));
    NotificationSettings settings;
    settings.enabled.remove(Kind::Failed);
    desk.center.setSettings(settings);
    desk.start();
    const qint64 muted = desk.engine.track(ref(u"muted.example"_s));
    desk.engine.track(ref(u"off.example"_s));
    desk.engine.track(ref(u"told.example"_s));
    desk.engine.setMuted(muted, true);
    QVERIFY(desk.engine.workflow(muted)->muted);
    clock.advance(1min);
    expectCalls(1); // told.example only
    QCOMPARE(m_server->calls.first().summary, u"told.example: update succeeded"_s);
    // Unmuting later does not bring back what was not told.
    desk.engine.setMuted(muted, false);
    clock.advance(1min);
    expectCalls(1);
}

// Found running during quiet hours, then needing the operator before they end: when they end,
// one bubble says it (found, needing you), not that and "needs you" again.
void TestNotifications::foundInQuietHoursThenNeedingTheOperatorIsToldOnce()
{
    ManualClock clock;
    NotificationSettings settings;
    makeQuiet(settings, clock, -60, 600);
    const QJsonObject unlock{{u"context"_s, QJsonObject{{u"action"_s, u"Unlock the domain."_s}}}};
    Desk desk(clock, scenarioOf({scenarioWorkflow(u"t.example"_s,
                                                  {stepJson(0, u"in_progress"_s),
                                                   stepJson(60, u"action_required"_s, unlock)},
                                                  u"transfer-in"_s)}));
    desk.center.setSettings(settings);
    desk.start();
    desk.engine.track(ref(u"t.example"_s, WorkflowKind::TransferIn), {}, WorkflowOrigin::Found);
    clock.advance(9min);
    QCOMPARE(desk.engine.snapshot().first().state(), WorkflowState::ActionRequired);
    expectCalls(0); // quiet
    clock.advance(2min);
    expectCalls(1);
    QVERIFY2(m_server->calls.first().summary.contains(u"t.example"_s),
             qPrintable(m_server->calls.first().summary));
}

void TestNotifications::quietHoursSendNothingThenTell()
{
    ManualClock clock;
    // Quiet from a minute ago to ten minutes from now, local time.
    NotificationSettings settings;
    makeQuiet(settings, clock, -60, 600);
    QVERIFY(settings.isQuietAt(clock.now()));
    Desk desk(clock,
              scenarioOf({scenarioWorkflow(u"a.example"_s, {stepJson(0, u"in_progress"_s),
                                                            stepJson(10, u"succeeded"_s)}),
                          scenarioWorkflow(u"b.example"_s, {stepJson(0, u"in_progress"_s),
                                                            stepJson(20, u"succeeded"_s)})}));
    desk.center.setSettings(settings);
    desk.start();
    desk.engine.track(ref(u"a.example"_s));
    desk.engine.track(ref(u"b.example"_s));
    clock.advance(9min);
    expectCalls(0); // quiet
    // When the quiet hours end, what happened is told.
    clock.advance(2min);
    expectCalls(2);
    QStringList summaries{m_server->calls.at(0).summary, m_server->calls.at(1).summary};
    summaries.sort();
    QCOMPARE(summaries,
             (QStringList{u"a.example: update succeeded"_s, u"b.example: update succeeded"_s}));
}

void TestNotifications::openFindsTheWorkflow()
{
    ManualClock clock;
    Desk desk(clock,
              scenarioOf({scenarioWorkflow(u"a.example"_s, {stepJson(0, u"in_progress"_s),
                                                            stepJson(10, u"action_required"_s)})}));
    desk.start();
    const qint64 a = desk.engine.track(ref(u"a.example"_s));
    clock.advance(20s);
    expectCalls(1);
    QSignalSpy open(&desk.center, &NotificationCenter::openRequested);
    const uint id = m_server->calls.first().id;
    // Another application's notification: ignored.
    m_server->invoke(id + 100, u"open"_s);
    QVERIFY(FakeNotificationServer::sync());
    QCOMPARE(open.size(), 0);
    m_server->invoke(id, u"open"_s);
    QVERIFY(open.wait());
    QCOMPARE(open.first().first().toLongLong(), a);
    // After it closed, a click on what the server reuses the id for is not ours either.
    m_server->invoke(id, u"default"_s);
    QVERIFY(FakeNotificationServer::sync());
    QCOMPARE(open.size(), 1);
}

void TestNotifications::restartsRepeatNothingAndLoseNothing()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"store.sqlite"_s);
    ManualClock clock;
    const sim::Scenario scenario =
        scenarioOf({scenarioWorkflow(u"a.example"_s,
                                     {stepJson(0, u"in_progress"_s), stepJson(10, u"succeeded"_s)}),
                    scenarioWorkflow(u"b.example"_s,
                                     {stepJson(0, u"in_progress"_s), stepJson(100, u"failed"_s)})});
    {
        auto store = WorkflowStore::open(path).value();
        Desk desk(clock, scenario, {}, store.get());
        desk.start();
        desk.engine.track(ref(u"a.example"_s));
        desk.engine.track(ref(u"b.example"_s));
        clock.advance(1min);
        expectCalls(1); // a.example succeeded
        // b.example fails, and the app is closed before the gathering ends.
        while (desk.engine.workflow(desk.engine.find(ref(u"b.example"_s)).value())->state() !=
                   WorkflowState::Failed &&
               clock.advanceToNextAlarm()) {
        }
        QCOMPARE(m_server->calls.size(), 1);
    }
    // The next start tells what was not told, and only that.
    auto store = WorkflowStore::open(path).value();
    Desk desk(clock, scenario, {}, store.get());
    QCOMPARE(desk.engine.loadFromStore(), std::nullopt);
    desk.start();
    clock.advance(1min);
    expectCalls(2);
    QCOMPARE(m_server->calls.last().summary, u"b.example: update failed"_s);
    // And the one after, nothing.
    m_server->calls.clear();
    auto again = WorkflowStore::open(path).value();
    store.reset();
    Desk third(clock, scenario, {}, again.get());
    QCOMPARE(third.engine.loadFromStore(), std::nullopt);
    third.start();
    clock.advance(1h);
    expectCalls(0);
}

void TestNotifications::withoutAServiceTheNextWayShowsIt()
{
    m_server->stop(); // no notification daemon on the bus
    ManualClock clock;
    sim::ScenarioFetcher fetcher(
        scenarioOf({scenarioWorkflow(
            u"a.example"_s, {stepJson(0, u"in_progress"_s), stepJson(10, u"succeeded"_s)})}),
        clock);
    PollEngine engine(&fetcher, clock);
    DBusNotifier dbus(QDBusConnection::sessionBus(), identity);
    Recorder window;
    FallbackNotifier notifier;
    notifier.append(&dbus);
    notifier.append(&window);
    NotificationCenter center(&engine, &notifier, clock);
    center.start(engine.snapshot());
    engine.track(ref(u"a.example"_s));
    clock.advance(1min);
    QTRY_COMPARE_WITH_TIMEOUT(window.shown.size(), 1, 5000);
    QCOMPARE(window.shown.first().summary, u"a.example: update succeeded"_s);
    QCOMPARE(m_server->calls.size(), 0);
}

void TestNotifications::quietHoursEndOnTheDayClocksGoForward()
{
    // Berlin, 2026-03-29: at 02:00 the clocks jump to 03:00. Quiet until 02:30 ends that
    // morning (at 03:30, what 02:30 would have been), not a day later.
    const QByteArray tz = qgetenv("TZ");
    qputenv("TZ", "Europe/Berlin");
    tzset();
    NotificationSettings settings;
    settings.quietHours = true;
    settings.quietStart = QTime(22, 0);
    settings.quietEnd = QTime(2, 30);
    const QDateTime night(QDate(2026, 3, 28), QTime(23, 0)); // local
    QVERIFY(settings.isQuietAt(night));
    const QDateTime end = settings.quietEndAfter(night);
    const QDateTime expected(QDate(2026, 3, 29), QTime(1, 30), QTimeZone::utc()); // 03:30 CEST
    if (tz.isNull())
        qunsetenv("TZ");
    else
        qputenv("TZ", tz);
    tzset();
    QCOMPARE(end, expected);
}

void TestNotifications::whatNoLongerHoldsIsNotTold()
{
    // During quiet hours a workflow needs the operator, who resumes it, and it goes on; another
    // succeeds and is then removed. When the quiet hours end, neither is told.
    ManualClock clock;
    NotificationSettings settings;
    makeQuiet(settings, clock, -60, 1200);
    Desk desk(clock,
              scenarioOf({scenarioWorkflow(u"a.example"_s, {stepJson(0, u"in_progress"_s),
                                                            stepJson(10, u"action_required"_s),
                                                            stepJson(100, u"in_progress"_s)}),
                          scenarioWorkflow(u"b.example"_s, {stepJson(0, u"in_progress"_s),
                                                            stepJson(10, u"succeeded"_s)}),
                          scenarioWorkflow(u"c.example"_s, {stepJson(0, u"in_progress"_s)})}));
    desk.center.setSettings(settings);
    desk.start();
    const qint64 a = desk.engine.track(ref(u"a.example"_s));
    const qint64 b = desk.engine.track(ref(u"b.example"_s));
    clock.advance(2min);
    QCOMPARE(desk.engine.workflow(a)->state(), WorkflowState::ActionRequired);
    QCOMPARE(desk.engine.workflow(b)->state(), WorkflowState::Succeeded);
    desk.engine.resume(a);
    desk.engine.remove(b);
    clock.advance(3min);
    QCOMPARE(desk.engine.workflow(a)->state(), WorkflowState::InProgress);
    // b's id comes back for another workflow: b's news is not its news.
    const qint64 c = desk.engine.track(ref(u"c.example"_s));
    Q_UNUSED(c)
    clock.advance(20min);
    expectCalls(0);
}

void TestNotifications::aLaterBulkHasABubbleOfItsOwn()
{
    // Two bulks minutes apart: the second does not replace the first (which holds a failure and
    // stays until dismissed).
    ManualClock clock;
    QJsonArray workflows;
    for (int i = 0; i < 10; ++i) {
        const double at = i < 5 ? 10 : 600;
        workflows.append(scenarioWorkflow(
            u"d%1.example"_s.arg(i), {stepJson(0, u"in_progress"_s),
                                      i == 0 ? failedStep(at) : stepJson(at, u"succeeded"_s)}));
    }
    Desk desk(clock, scenarioOf(workflows));
    desk.start();
    for (int i = 0; i < 10; ++i)
        desk.engine.track(ref(u"d%1.example"_s.arg(i)));
    clock.advance(5min);
    expectCalls(1);
    QCOMPARE(m_server->calls.at(0).summary, u"4 succeeded, 1 failed"_s);
    QCOMPARE(m_server->calls.at(0).expireTimeout, 0);
    clock.advance(10min);
    expectCalls(2);
    QCOMPARE(m_server->calls.at(1).summary, u"5 succeeded"_s);
    QCOMPARE(m_server->calls.at(1).replacesId, 0u);
}

void TestNotifications::withdrawnBubblesAreNoLongerOurs()
{
    ManualClock clock;
    Desk desk(clock,
              scenarioOf({scenarioWorkflow(u"a.example"_s, {stepJson(0, u"in_progress"_s),
                                                            stepJson(10, u"action_required"_s)})}));
    desk.start();
    desk.engine.track(ref(u"a.example"_s));
    clock.advance(20s);
    expectCalls(1);
    const uint id = m_server->calls.first().id;
    // As when the demo makes way for an account: the bubble is taken back.
    desk.notifier.withdrawAll();
    QTRY_COMPARE(m_server->closedByApp, QList<uint>{id});
    QSignalSpy open(&desk.center, &NotificationCenter::openRequested);
    m_server->invoke(id, u"open"_s);
    QVERIFY(FakeNotificationServer::sync());
    QCOMPARE(open.size(), 0);
}

void TestNotifications::aRestartedServiceIsNotToldOldIds()
{
    // The notification daemon restarted (it crashed, or the desktop started another): the
    // bubbles went with it, its ids start over, and the ones it gave before may now be another
    // application's bubbles.
    ManualClock clock;
    Desk desk(clock, scenarioOf({scenarioWorkflow(
                         u"a.example"_s,
                         {stepJson(0, u"in_progress"_s), stepJson(10, u"action_required"_s),
                          stepJson(100, u"in_progress"_s), stepJson(200, u"succeeded"_s)})}));
    desk.start();
    const qint64 a = desk.engine.track(ref(u"a.example"_s));
    clock.advance(20s);
    expectCalls(1);
    const uint old = m_server->calls.first().id;
    QCOMPARE(desk.notifier.serverId(u"workflow:%1"_s.arg(a)), old);

    m_server.reset();
    m_server = std::make_unique<FakeNotificationServer>();
    QVERIFY(m_server->start());
    // Another application is first to notify: it gets the id our bubble had.
    QCOMPARE(m_server->Notify(u"Other"_s, 0, {}, u"Other news"_s, {}, {}, {}, -1), old);
    // "Needs you" was to stay until dismissed: the new daemon is given it, as a new bubble.
    expectCalls(2);
    QCOMPARE(m_server->calls.last().summary, u"a.example: update needs you"_s);
    QCOMPARE(m_server->calls.last().replacesId, 0u);
    const uint again = m_server->calls.last().id;
    QCOMPARE(desk.notifier.serverId(u"workflow:%1"_s.arg(a)), again);
    // The other application's bubble, clicked: not ours to open.
    QSignalSpy open(&desk.center, &NotificationCenter::openRequested);
    m_server->invoke(old, u"default"_s);
    QVERIFY(FakeNotificationServer::sync());
    QCOMPARE(open.size(), 0);

    // The workflow's next news takes the place of its own bubble, not of someone else's.
    clock.advance(120s);
    desk.engine.resume(a);
    clock.advance(10min);
    expectCalls(3);
    QCOMPARE(m_server->calls.last().summary, u"a.example: update succeeded"_s);
    QCOMPARE(m_server->calls.last().replacesId, again);
}

void TestNotifications::aBubbleWithdrawnOnItsWayIsClosed()
{
    // Removed while its Notify is unanswered: the bubble is closed once its id is known, and is
    // not ours to open.
    DBusNotifier notifier(QDBusConnection::sessionBus(), identity);
    Notification needsYou;
    needsYou.key = u"workflow:5"_s;
    needsYou.summary = u"e.example: update needs you"_s;
    needsYou.persistent = true;
    notifier.show(needsYou);
    notifier.withdraw(needsYou.key);
    expectCalls(1);
    const uint id = m_server->calls.first().id;
    QTRY_COMPARE(m_server->closedByApp, QList<uint>{id});
    QCOMPARE(notifier.serverId(needsYou.key), 0u);
    QSignalSpy activated(&notifier, &Notifier::activated);
    m_server->invoke(id, u"default"_s);
    QVERIFY(FakeNotificationServer::sync());
    QCOMPARE(activated.size(), 0);
}

void TestNotifications::aRemovedWorkflowsBubbleIsTakenBack()
{
    // Removed, a workflow's "needs you" no longer tells the truth; and its id may be given to the
    // next workflow added, whose bubble must not take the old one's place.
    ManualClock clock;
    Desk desk(clock,
              scenarioOf({scenarioWorkflow(u"a.example"_s, {stepJson(0, u"in_progress"_s),
                                                            stepJson(10, u"action_required"_s)}),
                          scenarioWorkflow(u"b.example"_s, {stepJson(0, u"in_progress"_s),
                                                            stepJson(10, u"action_required"_s)})}));
    desk.start();
    const qint64 a = desk.engine.track(ref(u"a.example"_s));
    const qint64 b = desk.engine.track(ref(u"b.example"_s));
    clock.advance(20s);
    expectCalls(2);
    const uint bubbleOfA = desk.notifier.serverId(u"workflow:%1"_s.arg(a));
    QVERIFY(bubbleOfA != 0);

    desk.engine.remove(a);
    QTRY_COMPARE(m_server->closedByApp, QList<uint>{bubbleOfA});
    QCOMPARE(desk.notifier.serverId(u"workflow:%1"_s.arg(a)), 0u);
    QSignalSpy open(&desk.center, &NotificationCenter::openRequested);
    m_server->invoke(bubbleOfA, u"default"_s);
    QVERIFY(FakeNotificationServer::sync());
    QCOMPARE(open.size(), 0);
    // The other workflow's bubble is left as it is.
    QVERIFY(desk.notifier.serverId(u"workflow:%1"_s.arg(b)) != 0);
}

QTEST_GUILESS_MAIN(TestNotifications)
#include "tst_notifications.moc"
