#include "report/WorkflowText.h"

#include <QStringList>

using namespace Qt::StringLiterals;

namespace rw {

QString statusNote(const WorkflowStatus &status)
{
    QStringList parts;
    switch (status.state) {
    case WorkflowState::ActionRequired: {
        const QString action = status.action();
        parts.append(action.isEmpty() ? u"Needs you: the API did not say what to do; open the "
                                        u"Cloudflare dashboard."_s
                                      : u"Needs you: %1"_s.arg(action));
        if (const QString to = status.confirmationSentTo(); !to.isEmpty())
            parts.append(u"(sent to %1)"_s.arg(to));
        break;
    }
    case WorkflowState::Failed:
        parts.append(status.error ? u"%1: %2"_s.arg(status.error->code, status.error->message)
                                  : u"Failed without an error from the API."_s);
        break;
    case WorkflowState::Blocked: {
        const QString on = status.context.value(u"waiting_on").toString();
        parts.append(on.isEmpty() ? u"Waiting on a third party."_s
                                  : u"Waiting on a third party (%1)."_s.arg(on));
        break;
    }
    case WorkflowState::Unknown:
        parts.append(u"State not known to this version; shown as the API sent it."_s);
        break;
    case WorkflowState::Pending:
    case WorkflowState::InProgress:
    case WorkflowState::Succeeded:
        if (status.error) // not expected, but never hidden
            parts.append(u"%1: %2"_s.arg(status.error->code, status.error->message));
        break;
    }
    for (const QString &anomaly : status.anomalies) {
        if (status.state != WorkflowState::Unknown || !anomaly.startsWith(u"unknown state"))
            parts.append(u"[note: %1]"_s.arg(anomaly));
    }
    return parts.join(u' ');
}

QString trackedNote(const TrackedWorkflow &workflow)
{
    if (workflow.watch == WatchState::GaveUp)
        return u"Gave up: %1."_s.arg(workflow.stopReason);
    if (workflow.lastError && workflow.status && workflow.status->state != WorkflowState::Failed)
        return u"Last check failed: %1"_s.arg(workflow.lastError->message);
    if (workflow.lastError && !workflow.status)
        return workflow.lastError->message;
    return workflow.status ? statusNote(*workflow.status) : QString();
}

} // namespace rw
