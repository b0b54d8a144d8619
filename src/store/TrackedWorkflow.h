#pragma once

#include "net/ApiError.h"
#include "registrar/WorkflowRef.h"
#include "registrar/WorkflowStatus.h"

#include <QDateTime>

#include <chrono>
#include <optional>

namespace rw {

// How a workflow came to be watched.
enum class WorkflowOrigin {
    Operator, // added by the operator (the window, a hand-over from a script, an import)
    Found,    // found in the account by Registrar Watch itself
};

// One workflow the engine watches: what the API last said and what the engine has done about it.
struct TrackedWorkflow
{
    qint64 id = 0; // the store's row id; unique within an engine
    WorkflowRef ref;
    QString selfLink; // where to poll; empty until an answer gives `links.self`
    WatchState watch = WatchState::Watching;
    QString stopReason; // why it gave up, when it did
    bool muted = false; // by the operator: no desktop notifications for it
    // What the operator was last told of it (NotificationCenter's mark; "*" for a workflow from
    // before notifications). Written by the engine's setTold(), never by saving the workflow.
    QString toldMark;
    WorkflowOrigin origin = WorkflowOrigin::Operator;
    // Workflows the operator added together (within a couple of minutes of each other) share a
    // batch, told about as one: the time the batch began, in ms since the epoch; 0 for none.
    qint64 batch = 0;
    QDateTime addedAt; // when the operator last asked to watch it (tracking, or again later)

    std::optional<WorkflowStatus> status; // the last successful answer's result
    QByteArray lastBody;                  // the last answer as received, error or not
    std::optional<ApiError> lastError;    // the last poll's error; cleared by a good answer

    QDateTime trackedAt;
    QDateTime watchingSince; // tracking start or the last resume: time limits count from here
    QDateTime stateSince;    // when the current state began, as far as we know
    QDateTime lastCheckedAt;
    QDateTime lastChangedAt; // when we last saw the state change
    QDateTime nextPollAt;    // null when not scheduled

    int polls = 0;
    int pollsInState = 0;
    int consecutiveErrors = 0;
    int totalErrors = 0;
    int noWorkflowAnswers = 0;
    bool leftActive = false;

    [[nodiscard]] std::optional<WorkflowState> state() const
    {
        return status ? std::optional(status->state) : std::nullopt;
    }
    [[nodiscard]] QString pollPath() const
    {
        return selfLink.isEmpty() ? ref.statusPath() : selfLink;
    }
};

// One observed change of state, as the history keeps it.
struct StateChange
{
    qint64 workflowId = 0;
    QDateTime observedAt;
    std::optional<QString> fromState; // none for the first observation
    QString toState;                  // verbatim, unknown states included
    QJsonObject status;               // the whole result at that moment
    // How long fromState lasted, as far as the API's times say; none when unknown.
    std::optional<std::chrono::milliseconds> fromDuration;
};

// How long a workflow stayed in a state, as the store keeps it to learn from.
struct StateDuration
{
    QString accountId;
    WorkflowKind kind = WorkflowKind::Update;
    QString state; // verbatim
    std::chrono::milliseconds duration{0};
    QDateTime endedAt; // when the change was seen
};

// One check that brought no answer about the workflow, as the store keeps it (the last few).
struct FailedCheck
{
    qint64 workflowId = 0;
    QDateTime checkedAt;
    ApiError error;
};

} // namespace rw
