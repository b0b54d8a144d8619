#include "engine/WorkflowAnswer.h"

#include <algorithm>

using namespace std::chrono;

namespace rw {

namespace {

bool isActiveState(WorkflowState state)
{
    return state == WorkflowState::Pending || state == WorkflowState::InProgress;
}

} // namespace

std::optional<StateChange> recordAnswer(TrackedWorkflow &workflow,
                                        const ApiResult<WorkflowStatus> &result,
                                        const QDateTime &now)
{
    workflow.polls += 1;
    workflow.lastCheckedAt = now;
    // The last answer as received: a request that got none (timeout, network, refused before
    // sending) leaves the previous one, which the status fields still describe.
    if (result.response.httpStatus != 0)
        workflow.lastBody = result.response.body;

    if (!result.ok()) {
        const ApiError &error = *result.error;
        workflow.lastError = error;
        ++workflow.totalErrors;
        if (error.kind == ApiErrorKind::NoWorkflow)
            ++workflow.noWorkflowAnswers;
        // Not the workflow's fault: these hold the account instead of backing off.
        if (!error.isCredentialProblem() && error.kind != ApiErrorKind::RateLimited)
            ++workflow.consecutiveErrors;
        return std::nullopt;
    }

    const WorkflowStatus &status = *result.value;
    std::optional<StateChange> change;
    const std::optional<QString> before =
        workflow.status ? std::optional(workflow.status->stateText) : std::nullopt;
    if (!before || *before != status.stateText) {
        // The API's updated_at says when the state began; never later than now.
        QDateTime began =
            status.updatedAt.isValid() && status.updatedAt <= now ? status.updatedAt : now;
        if (before && workflow.stateSince.isValid() && began < workflow.stateSince)
            began = now;
        change = StateChange{workflow.id, now, before, status.stateText, status.raw};
        // How long the state before lasted, from the API's times (the engine learns from it).
        if (before && workflow.stateSince.isValid() && workflow.stateSince < began)
            change->fromDuration = milliseconds(workflow.stateSince.msecsTo(began));
        workflow.stateSince = began;
        workflow.lastChangedAt = now;
        workflow.pollsInState = 1;
    } else {
        ++workflow.pollsInState;
    }
    workflow.status = status;
    if (!status.selfLink.isEmpty())
        workflow.selfLink = status.selfLink;
    if (!isActiveState(status.state))
        workflow.leftActive = true;
    workflow.lastError.reset();
    workflow.consecutiveErrors = 0;
    workflow.noWorkflowAnswers = 0;
    return change;
}

std::optional<FailedCheck> failedCheckOf(const TrackedWorkflow &workflow,
                                         const ApiResult<WorkflowStatus> &result,
                                         const QDateTime &now)
{
    if (result.ok())
        return std::nullopt;
    return FailedCheck{workflow.id, now, *result.error};
}

PollFacts pollFactsOf(const TrackedWorkflow &workflow, const std::optional<ApiError> &error,
                      const QDateTime &now)
{
    const auto since = [&now](const QDateTime &from) {
        return seconds(from.isValid() ? std::max<qint64>(0, from.secsTo(now)) : 0);
    };
    PollFacts facts;
    facts.state = workflow.state();
    facts.pollsInState = workflow.pollsInState;
    facts.timeInState =
        since(workflow.stateSince.isValid() ? workflow.stateSince : workflow.watchingSince);
    // A resume by the operator restarts the clocks of the time limits.
    if (workflow.watchingSince > workflow.trackedAt && workflow.watchingSince > workflow.stateSince)
        facts.timeInStateSinceResume = since(workflow.watchingSince);
    facts.timeWatched = since(workflow.watchingSince);
    facts.leftActive = workflow.leftActive;
    if (error) {
        facts.error = error->kind;
        facts.consecutiveErrors = workflow.consecutiveErrors;
        facts.noWorkflowAnswers = workflow.noWorkflowAnswers;
        if (error->retryAfter.count() > 0) // 429, and 5xx with a Retry-After
            facts.retryAfter = error->retryAfter;
    }
    return facts;
}

} // namespace rw
