#include "notify/Condition.h"

using namespace Qt::StringLiterals;

namespace rw {

namespace {

QString markOf(const char *what, const QDateTime &since)
{
    return u"%1@%2"_s.arg(QLatin1StringView(what))
        .arg(since.isValid() ? since.toMSecsSinceEpoch() : 0);
}

} // namespace

std::optional<NotificationEvent> conditionOf(const TrackedWorkflow &workflow)
{
    using Kind = NotificationEvent::Kind;
    NotificationEvent event;
    event.workflowId = workflow.id;
    event.accountId = workflow.ref.account.id;
    if (workflow.watch == WatchState::GaveUp) {
        event.kind = Kind::GaveUp;
        event.mark = markOf("gave_up", workflow.watchingSince);
        return event;
    }
    switch (workflow.state().value_or(WorkflowState::Unknown)) {
    case WorkflowState::Succeeded:
        event.kind = Kind::Succeeded;
        event.mark = markOf("succeeded", workflow.stateSince);
        return event;
    case WorkflowState::Failed:
        event.kind = Kind::Failed;
        event.mark = markOf("failed", workflow.stateSince);
        return event;
    case WorkflowState::ActionRequired:
        event.kind = Kind::ActionRequired;
        event.mark = markOf("action_required", workflow.stateSince);
        return event;
    case WorkflowState::Pending:
    case WorkflowState::InProgress:
    case WorkflowState::Blocked:
    case WorkflowState::Unknown:
        break;
    }
    return std::nullopt;
}

bool covers(const QString &told, const QString &mark)
{
    return told == mark || (told.startsWith(mark) && told.mid(mark.size()).startsWith(u'#'));
}

} // namespace rw
