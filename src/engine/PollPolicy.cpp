#include "engine/PollPolicy.h"

#include "common/Duration.h"

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;
using namespace std::chrono;

namespace rw {

namespace {

using Kind = PollDecision::Kind;

// A delay spread by up to `jitter` of itself either way, as `jitterUnit` in [-1, 1] says.
double spread(double delayMs, double jitter, double jitterUnit)
{
    return delayMs * (1.0 + jitter * std::clamp(jitterUnit, -1.0, 1.0));
}

// first * growth^steps, at least `floor`, at most the cap, then spread by jitter. Capping
// before the spread lets workflows at the cap spread too (downwards), so thousands of them never
// fall into step; capping again after keeps the cap a promise.
milliseconds backoff(seconds first, double growth, int steps, seconds cap, milliseconds floor,
                     double jitter, double jitterUnit)
{
    const double limit = double(duration_cast<milliseconds>(cap).count());
    const double base =
        double(duration_cast<milliseconds>(first).count()) * std::pow(growth, std::max(0, steps));
    const double bounded = std::min(std::max(base, double(floor.count())), limit);
    return milliseconds(
        qint64(std::max(std::min(spread(bounded, jitter, jitterUnit), limit), 1000.0)));
}

PollDecision pollAfter(milliseconds delay)
{
    return {Kind::PollAfter, delay, {}};
}

std::optional<PollDecision> timeLimit(const PollFacts &facts, const PollSettings &settings)
{
    if (facts.timeWatched >= settings.maxWatchTime)
        return PollDecision{
            Kind::GiveUp,
            {},
            u"watched for %1 without an end"_s.arg(formatDuration(settings.maxWatchTime))};
    if (facts.state == WorkflowState::Blocked &&
        facts.timeInStateSinceResume.value_or(facts.timeInState) >= settings.maxBlockedTime)
        return PollDecision{
            Kind::GiveUp,
            {},
            u"blocked for %1 without change"_s.arg(formatDuration(settings.maxBlockedTime))};
    if (!facts.leftActive && facts.timeWatched >= settings.maxActiveTime)
        return PollDecision{Kind::GiveUp,
                            {},
                            u"still %1 after %2"_s.arg(facts.state ? stateName(*facts.state)
                                                                   : u"without an answer"_s,
                                                       formatDuration(settings.maxActiveTime))};
    return std::nullopt;
}

} // namespace

PollDecision decideNextPoll(const PollFacts &facts, const PollSettings &settings, double jitterUnit)
{
    const double jitter = settings.jitter;
    if (facts.error) {
        switch (*facts.error) {
        case ApiErrorKind::Unauthorized:
        case ApiErrorKind::Forbidden:
            return {Kind::HoldAccount, {}, u"credentials rejected"_s};
        case ApiErrorKind::RateLimited:
            return {Kind::HoldAccount,
                    duration_cast<milliseconds>(facts.retryAfter.value_or(settings.rateLimitWait)),
                    u"rate limited"_s};
        case ApiErrorKind::NoWorkflow:
            if (facts.noWorkflowAnswers > settings.noWorkflowRetries)
                return {Kind::GiveUp, {}, u"no workflow found"_s};
            return pollAfter(backoff(settings.noWorkflowRetryDelay, 1.0, 0,
                                     settings.noWorkflowRetryDelay, {}, jitter, jitterUnit));
        case ApiErrorKind::RefusedOrigin:
            return {Kind::GiveUp, {}, u"its status link is not on the API origin"_s};
        case ApiErrorKind::Network:
        case ApiErrorKind::Timeout:
        case ApiErrorKind::Tls:
        case ApiErrorKind::Server:
        case ApiErrorKind::BadPayload:
        case ApiErrorKind::NotFound:
        case ApiErrorKind::Rejected:
            if (auto limit = timeLimit(facts, settings))
                return *limit;
            return pollAfter(std::max(
                backoff(settings.errorFirstDelay, settings.errorGrowth, facts.consecutiveErrors - 1,
                        settings.errorMaxDelay, {}, jitter, jitterUnit),
                duration_cast<milliseconds>(facts.retryAfter.value_or(seconds(0)))));
        }
    }

    if (!facts.state) // tracking just started
        return pollAfter(backoff(settings.activeFirstDelay, 1.0, 0, settings.activeMaxDelay, {},
                                 jitter, jitterUnit));
    switch (*facts.state) {
    case WorkflowState::Succeeded:
    case WorkflowState::Failed:
        return {Kind::Settled, {}, stateName(*facts.state)};
    case WorkflowState::ActionRequired:
        return {Kind::NeedsOperator, {}, u"action required"_s};
    default:
        break;
    }
    if (auto limit = timeLimit(facts, settings))
        return *limit;

    const auto floor =
        milliseconds(qint64(double(duration_cast<milliseconds>(facts.timeInState).count()) *
                            settings.timeInStateFraction));
    switch (*facts.state) {
    case WorkflowState::Pending:
    case WorkflowState::InProgress: {
        const milliseconds frugal =
            backoff(settings.activeFirstDelay, settings.activeGrowth, facts.pollsInState,
                    settings.activeMaxDelay, floor, jitter, jitterUnit);
        if (!settings.pacing || !facts.pace)
            return pollAfter(frugal);
        // Sooner while the budget has room, never sooner than the floor (jitter included),
        // never later than the frugal delay.
        const milliseconds fastest = duration_cast<milliseconds>(settings.fastFloor);
        const milliseconds paced = std::max(fastest, *facts.pace);
        const auto spreadOut =
            milliseconds(qint64(spread(double(paced.count()), jitter, jitterUnit)));
        return pollAfter(std::min(frugal, std::max(fastest, spreadOut)));
    }
    case WorkflowState::Blocked:
        return pollAfter(backoff(settings.blockedFirstDelay, settings.blockedGrowth,
                                 facts.pollsInState - 1, settings.blockedMaxDelay, floor, jitter,
                                 jitterUnit));
    default: // Unknown
        return pollAfter(backoff(settings.unknownFirstDelay, settings.unknownGrowth,
                                 facts.pollsInState - 1, settings.unknownMaxDelay, floor, jitter,
                                 jitterUnit));
    }
}

} // namespace rw
