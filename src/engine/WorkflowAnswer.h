#pragma once

#include "engine/PollPolicy.h"
#include "net/ApiResult.h"
#include "store/TrackedWorkflow.h"

#include <QDateTime>

#include <optional>

namespace rw {

// What one answer means for what is known of a workflow, before the policy decides what comes
// next. Pure: the engine hands in the time.

// Counts the poll and takes in the answer or the error: the status, the body as received, when
// the state began, the error counters. Returns the change of state it saw, for the history.
[[nodiscard]] std::optional<StateChange> recordAnswer(TrackedWorkflow &workflow,
                                                      const ApiResult<WorkflowStatus> &result,
                                                      const QDateTime &now);

// The check as the details list it when it failed; none for an answer.
[[nodiscard]] std::optional<FailedCheck> failedCheckOf(const TrackedWorkflow &workflow,
                                                       const ApiResult<WorkflowStatus> &result,
                                                       const QDateTime &now);

// What the policy decides on, after a poll that failed with `error` or succeeded (none).
[[nodiscard]] PollFacts pollFactsOf(const TrackedWorkflow &workflow,
                                    const std::optional<ApiError> &error, const QDateTime &now);

} // namespace rw
