// The polling policy, from tables: every state, every error, every limit.

#include "engine/PollPolicy.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace std::chrono;
using namespace std::chrono_literals;
using rw::ApiErrorKind;
using rw::PollDecision;
using rw::PollFacts;
using rw::PollSettings;
using rw::WorkflowState;
using Kind = PollDecision::Kind;

Q_DECLARE_METATYPE(rw::PollFacts)

namespace {

PollFacts facts(std::optional<WorkflowState> state, int polls = 1, seconds inState = 0s,
                seconds watched = 0s)
{
    PollFacts f;
    f.state = state;
    f.pollsInState = polls;
    f.timeInState = inState;
    f.timeWatched = watched;
    f.leftActive = state && *state != WorkflowState::Pending && *state != WorkflowState::InProgress;
    return f;
}

PollFacts paced(std::optional<WorkflowState> state, int polls, milliseconds pace,
                seconds inState = 0s)
{
    PollFacts f = facts(state, polls, inState);
    f.pace = pace;
    return f;
}

PollFacts failing(ApiErrorKind kind, int consecutive, std::optional<WorkflowState> state = {},
                  std::optional<seconds> retryAfter = {})
{
    PollFacts f = facts(state);
    f.error = kind;
    f.consecutiveErrors = consecutive;
    f.noWorkflowAnswers = kind == ApiErrorKind::NoWorkflow ? consecutive : 0;
    f.retryAfter = retryAfter;
    return f;
}

// One row of a decision table: the facts, and the decision expected with jitter 0.
void row(const char *name, const PollFacts &f, Kind kind, milliseconds delay,
         const QString &reason = {})
{
    QTest::newRow(name) << f << int(kind) << qint64(delay.count()) << reason;
}

void decisionColumns()
{
    QTest::addColumn<PollFacts>("facts");
    QTest::addColumn<int>("kind");
    QTest::addColumn<qint64>("delayMs"); // with jitter 0
    QTest::addColumn<QString>("reason");
}

// What every decision table checks, row by row.
void decidesAsTheTableSays()
{
    QFETCH(PollFacts, facts);
    QFETCH(int, kind);
    QFETCH(qint64, delayMs);
    QFETCH(QString, reason);
    const PollDecision decision = rw::decideNextPoll(facts, PollSettings{}, 0.0);
    QCOMPARE(int(decision.kind), kind);
    QCOMPARE(decision.delay.count(), delayMs);
    QCOMPARE(decision.reason, reason);
}

// Every setting changed at once from its default, so that none can hide behind another.
PollSettings tuned()
{
    PollSettings settings;
    settings.activeFirstDelay = 1s;
    settings.activeGrowth = 2.0;
    settings.activeMaxDelay = 10s;
    settings.blockedFirstDelay = 60s;
    settings.blockedMaxDelay = 120s;
    settings.errorFirstDelay = 1s;
    settings.errorMaxDelay = 3s;
    settings.noWorkflowRetries = 0;
    settings.rateLimitWait = 42s;
    settings.maxActiveTime = 1h;
    settings.jitter = 0;
    return settings;
}

} // namespace

class TestPollPolicy : public QObject
{
    Q_OBJECT
private slots:
    void pollsAfterADelayByState_data();
    void pollsAfterADelayByState() { decidesAsTheTableSays(); }
    void stopsAtAnEnd_data();
    void stopsAtAnEnd() { decidesAsTheTableSays(); }
    void givesUpAtTheTimeLimits_data();
    void givesUpAtTheTimeLimits() { decidesAsTheTableSays(); }
    void backsOffOnErrors_data();
    void backsOffOnErrors() { decidesAsTheTableSays(); }
    void holdsTheAccount_data();
    void holdsTheAccount() { decidesAsTheTableSays(); }
    void pacesActiveWorkflowsWithinTheRoom_data();
    void pacesActiveWorkflowsWithinTheRoom() { decidesAsTheTableSays(); }
    void pacingJitterNeverGoesBelowTheFloor();
    void pacingOffIsTheFrugalPolicy();
    void jitterSpreadsWithinTwentyPercent();
    void activeDelaysGrowByAboutOnePointSix();
    void everySettingIsHonoured_data();
    void everySettingIsHonoured();
};

void TestPollPolicy::pollsAfterADelayByState_data()
{
    decisionColumns();
    row("tracking starts: 2 s", facts(std::nullopt, 0), Kind::PollAfter, 2s);
    row("pending, first answer: 3.2 s", facts(WorkflowState::Pending, 1), Kind::PollAfter, 3200ms);
    row("in_progress, 2nd answer: 5.12 s", facts(WorkflowState::InProgress, 2), Kind::PollAfter,
        5120ms);
    row("in_progress, 5th answer: 2*1.6^5", facts(WorkflowState::InProgress, 5), Kind::PollAfter,
        20971ms);
    row("in_progress, 20th answer: cap 60 s", facts(WorkflowState::InProgress, 20), Kind::PollAfter,
        60s);
    row("first seen after 3 min in_progress: 18 s", facts(WorkflowState::InProgress, 1, 180s),
        Kind::PollAfter, 18s);
    row("first seen after hours in_progress: the cap", facts(WorkflowState::InProgress, 1, 3h, 3h),
        Kind::PollAfter, 60s);
    row("blocked, first answer: 5 min", facts(WorkflowState::Blocked, 1), Kind::PollAfter, 300s);
    row("blocked, 3rd answer: 12.8 min", facts(WorkflowState::Blocked, 3), Kind::PollAfter, 768s);
    row("blocked, 10th answer: cap 60 min", facts(WorkflowState::Blocked, 10), Kind::PollAfter,
        3600s);
    row("unknown state: 1 min", facts(WorkflowState::Unknown, 1), Kind::PollAfter, 60s);
    row("unknown state, 10th answer: cap 10 min", facts(WorkflowState::Unknown, 10),
        Kind::PollAfter, 600s);
}

// Budget-aware pacing (issue 14): the engine hands in how often each active workflow may be
// asked on the budget's room; the policy takes it when it is sooner than the frugal delay, never
// below the floor (3 s), and only for pending and in_progress.
void TestPollPolicy::pacesActiveWorkflowsWithinTheRoom_data()
{
    decisionColumns();
    row("in_progress, 20th answer, room for every 0.75 s: the floor, 3 s",
        paced(WorkflowState::InProgress, 20, 750ms), Kind::PollAfter, 3s);
    row("in_progress, 20th answer, room for every 15 s: 15 s",
        paced(WorkflowState::InProgress, 20, 15s), Kind::PollAfter, 15s);
    row("in_progress for hours, room for every 4 s: 4 s",
        paced(WorkflowState::InProgress, 1, 4s, 3h), Kind::PollAfter, 4s);
    row("pending, 20th answer, room for every 5 s: 5 s", paced(WorkflowState::Pending, 20, 5s),
        Kind::PollAfter, 5s);
    row("in_progress, 1st answer, room for every 10 s: the frugal 3.2 s",
        paced(WorkflowState::InProgress, 1, 10s), Kind::PollAfter, 3200ms);
    row("in_progress, 20th answer, room for every 150 s: never later than the cap, 60 s",
        paced(WorkflowState::InProgress, 20, 150s), Kind::PollAfter, 60s);
    row("blocked: no pacing, 5 min", paced(WorkflowState::Blocked, 1, 1s), Kind::PollAfter, 300s);
    row("unknown state: no pacing, 1 min", paced(WorkflowState::Unknown, 1, 1s), Kind::PollAfter,
        60s);
    PollFacts limited = paced(WorkflowState::InProgress, 20, 1s);
    limited.error = ApiErrorKind::RateLimited;
    limited.retryAfter = 120s;
    row("a 429 holds the account whatever the room", limited, Kind::HoldAccount, 120s,
        u"rate limited"_s);
    PollFacts failed = paced(WorkflowState::InProgress, 20, 1s);
    failed.error = ApiErrorKind::Server;
    failed.consecutiveErrors = 1;
    row("a failed check backs off whatever the room", failed, Kind::PollAfter, 5s);
}

void TestPollPolicy::pacingJitterNeverGoesBelowTheFloor()
{
    const PollSettings settings;
    for (const double unit : {-1.0, -0.5, 0.0, 0.5, 1.0}) {
        const auto atFloor =
            rw::decideNextPoll(paced(WorkflowState::InProgress, 20, 3s), settings, unit);
        QVERIFY2(atFloor.delay >= 3s && atFloor.delay <= 3600ms,
                 qPrintable(QString::number(atFloor.delay.count())));
        const auto above =
            rw::decideNextPoll(paced(WorkflowState::InProgress, 20, 10s), settings, unit);
        QCOMPARE(above.delay, milliseconds(qint64(10000 * (1.0 + 0.2 * unit))));
    }
}

void TestPollPolicy::pacingOffIsTheFrugalPolicy()
{
    PollSettings settings;
    settings.pacing = false;
    QCOMPARE(rw::decideNextPoll(paced(WorkflowState::InProgress, 20, 1s), settings, 0.0).delay,
             milliseconds(60s));
    settings.pacing = true;
    settings.fastFloor = 10s;
    QCOMPARE(rw::decideNextPoll(paced(WorkflowState::InProgress, 20, 1s), settings, 0.0).delay,
             milliseconds(10s));
}

void TestPollPolicy::stopsAtAnEnd_data()
{
    decisionColumns();
    row("action_required stops", facts(WorkflowState::ActionRequired), Kind::NeedsOperator, 0ms,
        u"action required"_s);
    row("succeeded settles", facts(WorkflowState::Succeeded), Kind::Settled, 0ms, u"succeeded"_s);
    row("failed settles, never retried", facts(WorkflowState::Failed, 1, 0s, 1h), Kind::Settled,
        0ms, u"failed"_s);
}

void TestPollPolicy::givesUpAtTheTimeLimits_data()
{
    decisionColumns();
    row("watched 14 days", facts(WorkflowState::Blocked, 3, 1h, 14 * 24h), Kind::GiveUp, 0ms,
        u"watched for 14d without an end"_s);
    row("blocked 7 days", facts(WorkflowState::Blocked, 50, 7 * 24h, 8 * 24h), Kind::GiveUp, 0ms,
        u"blocked for 7d without change"_s);
    row("blocked 6 days: still watched", facts(WorkflowState::Blocked, 50, 6 * 24h, 8 * 24h),
        Kind::PollAfter, 3600s);
    row("still in_progress after 72 h", facts(WorkflowState::InProgress, 900, 72h, 72h),
        Kind::GiveUp, 0ms, u"still in_progress after 3d"_s);
    row("no answer at all for 72 h", failing(ApiErrorKind::Network, 30, {}, {}), Kind::PollAfter,
        900s);
    PollFacts silent = failing(ApiErrorKind::Network, 300);
    silent.timeWatched = 72h;
    row("no answer at all for 72 h gives up", silent, Kind::GiveUp, 0ms,
        u"still without an answer after 3d"_s);
    PollFacts leftActive = facts(WorkflowState::InProgress, 10, 1h, 80h);
    leftActive.leftActive = true; // was blocked before, in_progress again
    row("in_progress after leaving it: the 72 h limit no longer applies", leftActive,
        Kind::PollAfter, 60s);
}

void TestPollPolicy::backsOffOnErrors_data()
{
    decisionColumns();
    row("network error 1: 5 s", failing(ApiErrorKind::Network, 1, WorkflowState::InProgress),
        Kind::PollAfter, 5s);
    row("timeout 2: 10 s", failing(ApiErrorKind::Timeout, 2, WorkflowState::InProgress),
        Kind::PollAfter, 10s);
    row("5xx 4: 40 s", failing(ApiErrorKind::Server, 4, WorkflowState::Blocked), Kind::PollAfter,
        40s);
    row("bad payload 20: cap 15 min", failing(ApiErrorKind::BadPayload, 20), Kind::PollAfter, 900s);
    row("TLS 3: 20 s", failing(ApiErrorKind::Tls, 3), Kind::PollAfter, 20s);
    row("5xx with Retry-After 120 s", failing(ApiErrorKind::Server, 1, {}, 120s), Kind::PollAfter,
        120s);
    row("no workflow 1: again in 20 s", failing(ApiErrorKind::NoWorkflow, 1), Kind::PollAfter, 20s);
    row("no workflow 2: again in 20 s", failing(ApiErrorKind::NoWorkflow, 2), Kind::PollAfter, 20s);
    row("no workflow 3: stop", failing(ApiErrorKind::NoWorkflow, 3), Kind::GiveUp, 0ms,
        u"no workflow found"_s);
    row("link on another origin", failing(ApiErrorKind::RefusedOrigin, 1), Kind::GiveUp, 0ms,
        u"its status link is not on the API origin"_s);
}

void TestPollPolicy::holdsTheAccount_data()
{
    decisionColumns();
    row("401 holds the account", failing(ApiErrorKind::Unauthorized, 1), Kind::HoldAccount, 0ms,
        u"credentials rejected"_s);
    row("403 holds the account", failing(ApiErrorKind::Forbidden, 1), Kind::HoldAccount, 0ms,
        u"credentials rejected"_s);
    row("429 with Retry-After 7 s", failing(ApiErrorKind::RateLimited, 1, {}, 7s),
        Kind::HoldAccount, 7s, u"rate limited"_s);
    row("429 without Retry-After: 5 min", failing(ApiErrorKind::RateLimited, 1), Kind::HoldAccount,
        300s, u"rate limited"_s);
}

void TestPollPolicy::jitterSpreadsWithinTwentyPercent()
{
    const PollSettings settings;
    const PollFacts blocked = facts(WorkflowState::Blocked, 1);
    QCOMPARE(rw::decideNextPoll(blocked, settings, -1.0).delay, milliseconds(240s));
    QCOMPARE(rw::decideNextPoll(blocked, settings, 1.0).delay, milliseconds(360s));
    QCOMPARE(rw::decideNextPoll(blocked, settings, 0.5).delay, milliseconds(330s));
    // At the cap, jitter only ever shortens: the cap is a promise.
    const PollFacts capped = facts(WorkflowState::InProgress, 30);
    QCOMPARE(rw::decideNextPoll(capped, settings, 1.0).delay, milliseconds(60s));
    QCOMPARE(rw::decideNextPoll(capped, settings, -1.0).delay, milliseconds(48s));
    // Out-of-range draws are clamped rather than trusted.
    QCOMPARE(rw::decideNextPoll(blocked, settings, 7.0).delay, milliseconds(360s));
}

void TestPollPolicy::activeDelaysGrowByAboutOnePointSix()
{
    const PollSettings settings;
    milliseconds previous = rw::decideNextPoll(facts(std::nullopt, 0), settings, 0).delay;
    for (int polls = 1; polls < 8; ++polls) {
        const milliseconds delay =
            rw::decideNextPoll(facts(WorkflowState::InProgress, polls), settings, 0).delay;
        if (delay == milliseconds(settings.activeMaxDelay))
            break;
        const double ratio = double(delay.count()) / double(previous.count());
        QVERIFY2(ratio > 1.55 && ratio < 1.65, qPrintable(QString::number(ratio)));
        previous = delay;
    }
}

void TestPollPolicy::everySettingIsHonoured_data()
{
    QTest::addColumn<PollFacts>("facts");
    QTest::addColumn<double>("jitterUnit"); // the setting's jitter 0 overrides it
    QTest::addColumn<int>("kind");
    QTest::addColumn<qint64>("delayMs");
    const auto setting = [](const char *name, const PollFacts &f, double jitterUnit, Kind kind,
                            milliseconds delay) {
        QTest::newRow(name) << f << jitterUnit << int(kind) << qint64(delay.count());
    };
    setting("activeFirstDelay, jitter", facts(std::nullopt, 0), 1, Kind::PollAfter, 1s);
    setting("activeGrowth", facts(WorkflowState::Pending, 3), 1, Kind::PollAfter, 8s);
    setting("activeMaxDelay", facts(WorkflowState::Pending, 4), 1, Kind::PollAfter, 10s);
    setting("blockedMaxDelay", facts(WorkflowState::Blocked, 9), 0, Kind::PollAfter, 120s);
    setting("errorMaxDelay", failing(ApiErrorKind::Server, 5), 0, Kind::PollAfter, 3s);
    setting("noWorkflowRetries", failing(ApiErrorKind::NoWorkflow, 1), 0, Kind::GiveUp, 0ms);
    setting("rateLimitWait", failing(ApiErrorKind::RateLimited, 1), 0, Kind::HoldAccount, 42s);
    setting("maxActiveTime", facts(WorkflowState::Pending, 9, 1h, 1h), 0, Kind::GiveUp, 0ms);
}

void TestPollPolicy::everySettingIsHonoured()
{
    QFETCH(PollFacts, facts);
    QFETCH(double, jitterUnit);
    QFETCH(int, kind);
    QFETCH(qint64, delayMs);
    const PollDecision decision = rw::decideNextPoll(facts, tuned(), jitterUnit);
    QCOMPARE(int(decision.kind), kind);
    QCOMPARE(decision.delay.count(), delayMs);
}

QTEST_GUILESS_MAIN(TestPollPolicy)
#include "tst_pollpolicy.moc"
