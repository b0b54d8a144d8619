#pragma once

#include <QMetaType>
#include <QObject>
#include <QString>

#include <optional>

namespace rw {
Q_NAMESPACE

// The three workflows the Registrar API reports on; each has its own status path.
enum class WorkflowKind {
    Update,
    Registration,
    TransferIn,
};
Q_ENUM_NS(WorkflowKind)

inline constexpr WorkflowKind allWorkflowKinds[] = {
    WorkflowKind::Update, WorkflowKind::Registration, WorkflowKind::TransferIn};

// "update", "registration", "transfer-in": the names used on the command line and in files.
[[nodiscard]] QString kindName(WorkflowKind kind);
[[nodiscard]] std::optional<WorkflowKind> kindFromName(QStringView name);
// "update-status", "registration-status", "transfer-in-status": the last path segment.
[[nodiscard]] QString statusPathSegment(WorkflowKind kind);
[[nodiscard]] std::optional<WorkflowKind> kindFromStatusPathSegment(QStringView segment);

enum class WorkflowState {
    Pending,
    InProgress,
    ActionRequired,
    Blocked,
    Succeeded,
    Failed,
    Unknown, // a state this version does not know; the wire text is kept beside it
};
Q_ENUM_NS(WorkflowState)

inline constexpr WorkflowState allKnownWorkflowStates[] = {
    WorkflowState::Pending, WorkflowState::InProgress, WorkflowState::ActionRequired,
    WorkflowState::Blocked, WorkflowState::Succeeded,  WorkflowState::Failed,
};

// What the engine does about a tracked workflow (the API's state is something else).
enum class WatchState {
    Watching,      // polled on schedule
    Paused,        // by the operator
    Settled,       // succeeded or failed: never polled again
    NeedsOperator, // action_required: waits for the operator to resume it
    GaveUp,        // stopped with a reason (too long, no workflow, ...); may be resumed
};
Q_ENUM_NS(WatchState)

// "watching", "paused", "settled", "needs_operator", "gave_up".
[[nodiscard]] QString watchStateName(WatchState state);
[[nodiscard]] std::optional<WatchState> watchStateFromName(QStringView name);

// The wire names ("in_progress"); Unknown maps to "unknown".
[[nodiscard]] QString stateName(WorkflowState state);
[[nodiscard]] WorkflowState stateFromName(QStringView name);
// succeeded and failed: the API sets `completed` exactly for these.
[[nodiscard]] bool isTerminal(WorkflowState state);

} // namespace rw
