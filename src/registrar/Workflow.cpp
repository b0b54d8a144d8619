#include "registrar/Workflow.h"

using namespace Qt::StringLiterals;

namespace rw {

QString kindName(WorkflowKind kind)
{
    switch (kind) {
    case WorkflowKind::Update:
        return u"update"_s;
    case WorkflowKind::Registration:
        return u"registration"_s;
    case WorkflowKind::TransferIn:
        return u"transfer-in"_s;
    }
    Q_UNREACHABLE();
    return {};
}

std::optional<WorkflowKind> kindFromName(QStringView name)
{
    for (const WorkflowKind kind : allWorkflowKinds) {
        if (name.compare(kindName(kind), Qt::CaseInsensitive) == 0)
            return kind;
    }
    return std::nullopt;
}

QString statusPathSegment(WorkflowKind kind)
{
    return kindName(kind) + u"-status"_s;
}

std::optional<WorkflowKind> kindFromStatusPathSegment(QStringView segment)
{
    if (!segment.endsWith(u"-status"))
        return std::nullopt;
    return kindFromName(segment.chopped(7));
}

QString stateName(WorkflowState state)
{
    switch (state) {
    case WorkflowState::Pending:
        return u"pending"_s;
    case WorkflowState::InProgress:
        return u"in_progress"_s;
    case WorkflowState::ActionRequired:
        return u"action_required"_s;
    case WorkflowState::Blocked:
        return u"blocked"_s;
    case WorkflowState::Succeeded:
        return u"succeeded"_s;
    case WorkflowState::Failed:
        return u"failed"_s;
    case WorkflowState::Unknown:
        return u"unknown"_s;
    }
    Q_UNREACHABLE();
    return {};
}

WorkflowState stateFromName(QStringView name)
{
    // Exact match only: a state we do not know verbatim is not guessed at.
    for (const WorkflowState state : allKnownWorkflowStates) {
        if (name == stateName(state))
            return state;
    }
    return WorkflowState::Unknown;
}

QString watchStateName(WatchState state)
{
    switch (state) {
    case WatchState::Watching:
        return u"watching"_s;
    case WatchState::Paused:
        return u"paused"_s;
    case WatchState::Settled:
        return u"settled"_s;
    case WatchState::NeedsOperator:
        return u"needs_operator"_s;
    case WatchState::GaveUp:
        return u"gave_up"_s;
    }
    Q_UNREACHABLE();
    return {};
}

std::optional<WatchState> watchStateFromName(QStringView name)
{
    for (const WatchState state : {WatchState::Watching, WatchState::Paused, WatchState::Settled,
                                   WatchState::NeedsOperator, WatchState::GaveUp}) {
        if (name == watchStateName(state))
            return state;
    }
    return std::nullopt;
}

bool isTerminal(WorkflowState state)
{
    return state == WorkflowState::Succeeded || state == WorkflowState::Failed;
}

} // namespace rw
