#include "report/WorkflowText.h"

#include "common/Duration.h"
#include "registrar/DomainName.h"

#include <QJsonDocument>
#include <QLocale>

using namespace Qt::StringLiterals;
using namespace std::chrono;

namespace rw {

WorkflowFacts WorkflowFacts::about(const PollEngine &engine, const TrackedWorkflow &workflow,
                                   const QDateTime &now)
{
    return {workflow, engine.isInFlight(workflow.id), engine.accountStatus(workflow.ref.account.id),
            now};
}

namespace workflowText {

namespace {

// Said wherever an action is asked for without one: the API may leave `context.action` out.
QString noActionGiven()
{
    return u"Cloudflare did not say what to do; open the Cloudflare dashboard for this domain."_s;
}

// Reasons come from the engine as phrases ("blocked for 7d without change") and from elsewhere
// as sentences: either way, one full stop.
QString sentence(const QString &text)
{
    if (text.endsWith(u'.') || text.endsWith(u'!') || text.endsWith(u'?'))
        return text;
    return text + u'.';
}

QString capitalized(const QString &text)
{
    return text.isEmpty() ? text : text.at(0).toUpper() + text.mid(1);
}

// "in 12s (at 14:03:07)": how long until `time`, rounded up so that it never says "in 0s"
// before the moment has come.
QString countdown(const QDateTime &time, const QDateTime &now)
{
    return u"in %1 (at %2)"_s.arg(
        formatDuration(seconds(std::max<qint64>(0, (now.msecsTo(time) + 999) / 1000))),
        time.toLocalTime().toString(u"HH:mm:ss"_s));
}

// What happens next to a watched workflow.
QString whileWatching(const WorkflowFacts &facts)
{
    const TrackedWorkflow &workflow = facts.workflow;
    const QString next = facts.inFlight ? u"being checked now"_s
                         : workflow.nextPollAt.isValid()
                             ? u"checked again %1"_s.arg(countdown(workflow.nextPollAt, facts.now))
                             : u"waiting for its turn"_s;
    if (workflow.state() == WorkflowState::Blocked && workflow.stateSince.isValid()) {
        return u"Blocked for %1; %2. Blocked workflows are checked less often, up to hourly."_s.arg(
            formatDuration(seconds(workflow.stateSince.secsTo(facts.now))), next);
    }
    if (!workflow.status)
        return u"Not checked yet; %1."_s.arg(next);
    return capitalized(next) + u'.';
}

} // namespace

QString kindLabel(const WorkflowRef &workflow)
{
    return kindName(workflow.kind) + (workflow.account.sandbox ? u" (sandbox)"_s : QString());
}

QString stateLabel(std::optional<WorkflowState> state, const QString &stateText)
{
    if (!state)
        return u"not checked yet"_s;
    if (*state == WorkflowState::Unknown)
        return u"unknown: %1"_s.arg(stateText);
    return stateName(*state).replace(u'_', u' ');
}

QString stateLabel(const TrackedWorkflow &workflow)
{
    return stateLabel(workflow.state(), workflow.status ? workflow.status->stateText : QString());
}

QString meaning(std::optional<WorkflowState> state)
{
    if (!state)
        return u"Registrar Watch has not had an answer yet."_s;
    switch (*state) {
    case WorkflowState::Pending:
        return u"Created, not started yet."_s;
    case WorkflowState::InProgress:
        return u"Cloudflare is working on it."_s;
    case WorkflowState::ActionRequired:
        return u"Paused until you act; it will not continue on its own."_s;
    case WorkflowState::Blocked:
        return u"Waiting on a third party (the registry or the losing registrar); "
               u"nothing you do will speed it up."_s;
    case WorkflowState::Succeeded:
        return u"Finished successfully."_s;
    case WorkflowState::Failed:
        return u"Finished without success; review the error before trying again."_s;
    case WorkflowState::Unknown:
        return u"A state this version of Registrar Watch does not know; shown as the API sent "
               u"it."_s;
    }
    Q_UNREACHABLE();
    return {};
}

QString nextStep(const WorkflowFacts &facts)
{
    const TrackedWorkflow &workflow = facts.workflow;
    QStringList lines;
    switch (workflow.watch) {
    case WatchState::Watching:
        if (workflow.lastError)
            lines.append(lastCheckFailed(workflow));
        // While the account waits for its credentials no check is planned: the hold says all.
        if (RequestBudget::waitsForCredentials(facts.account.hold))
            return (lines << facts.account.reason).join(u'\n');
        lines.append(whileWatching(facts));
        break;
    case WatchState::Paused:
        lines.append(u"Paused by you: not checked until you resume it."_s);
        break;
    case WatchState::NeedsOperator:
        lines.append(u"Checks have stopped: Cloudflare waits for you. "_s + resumeWhenDone());
        break;
    case WatchState::Settled:
        lines.append(u"Finished: no more checks."_s);
        break;
    case WatchState::GaveUp:
        lines.append(whyStopped(workflow) + u' ' + resumeToWatchAgain());
        break;
    }
    if (facts.account.hold != RequestBudget::Hold::None)
        lines.append(facts.account.reason);
    return lines.join(u'\n');
}

bool nextStepAges(const WorkflowFacts &facts)
{
    return facts.workflow.watch == WatchState::Watching ||
           facts.account.hold != RequestBudget::Hold::None;
}

QStringList whatToDo(const WorkflowStatus &status)
{
    const QString action = status.action();
    QStringList lines{action.isEmpty() ? noActionGiven() : u"What to do: %1"_s.arg(action)};
    if (const QString to = status.confirmationSentTo(); !to.isEmpty())
        lines.append(u"The confirmation was sent to %1."_s.arg(to));
    return lines;
}

QString resumeWhenDone()
{
    return u"Once done, resume it in Registrar Watch."_s;
}

QString resumeToWatchAgain()
{
    return u"Resume it in Registrar Watch to watch it again."_s;
}

QString failureReason(const WorkflowStatus &status)
{
    if (!status.error)
        return u"Cloudflare gave no reason."_s;
    if (status.error->message.isEmpty())
        return status.error->code;
    return u"%1: %2"_s.arg(status.error->code, status.error->message);
}

QString failureIsFinal()
{
    // Registrations are billable: a retry is the operator's decision, never ours.
    return u"A failed workflow is not retried."_s;
}

QString whyStopped(const TrackedWorkflow &workflow)
{
    if (workflow.stopReason.isEmpty())
        return u"Stopped watching."_s;
    return sentence(u"Stopped watching: %1"_s.arg(workflow.stopReason));
}

QString lastCheckFailed(const TrackedWorkflow &workflow)
{
    const QString message = workflow.lastError ? workflow.lastError->message : QString();
    if (workflow.consecutiveErrors > 1)
        return u"Last check failed (%1 in a row): %2"_s.arg(workflow.consecutiveErrors)
            .arg(message);
    return u"Last check failed: %1"_s.arg(message);
}

QString done(const TrackedWorkflow &workflow)
{
    const QString domain = domain::toUnicode(workflow.ref.domain);
    switch (workflow.ref.kind) {
    case WorkflowKind::Registration:
        return u"%1 is registered."_s.arg(domain);
    case WorkflowKind::TransferIn:
        return u"The transfer of %1 to Cloudflare is complete."_s.arg(domain);
    case WorkflowKind::Update:
        break;
    }
    return u"The update of %1 is done."_s.arg(domain);
}

QString note(const WorkflowStatus &status)
{
    QStringList parts;
    switch (status.state) {
    case WorkflowState::ActionRequired: {
        const QString action = status.action();
        parts.append(u"Needs you: %1"_s.arg(action.isEmpty() ? noActionGiven() : action));
        if (const QString to = status.confirmationSentTo(); !to.isEmpty())
            parts.append(u"(sent to %1)"_s.arg(to));
        break;
    }
    case WorkflowState::Failed:
        parts.append(failureReason(status));
        break;
    case WorkflowState::Blocked: {
        const QString on = status.context.value(u"waiting_on").toString();
        parts.append(on.isEmpty() ? u"Waiting on a third party."_s
                                  : u"Waiting on a third party (%1)."_s.arg(on));
        break;
    }
    case WorkflowState::Unknown:
        parts.append(meaning(WorkflowState::Unknown));
        break;
    case WorkflowState::Pending:
    case WorkflowState::InProgress:
    case WorkflowState::Succeeded:
        if (status.error) // not expected, but never hidden
            parts.append(failureReason(status));
        break;
    }
    for (const QString &anomaly : status.anomalies) {
        if (status.state != WorkflowState::Unknown || !anomaly.startsWith(u"unknown state"))
            parts.append(u"[note: %1]"_s.arg(anomaly));
    }
    return parts.join(u' ');
}

QString note(const TrackedWorkflow &workflow)
{
    if (workflow.watch == WatchState::GaveUp)
        return whyStopped(workflow);
    if (!workflow.status) // never answered: the error is all there is, and it may need them
        return workflow.lastError ? workflow.lastError->message : QString();
    if (workflow.lastError && workflow.status->state != WorkflowState::Failed)
        return lastCheckFailed(workflow);
    return note(*workflow.status);
}

QString note(const WorkflowFacts &facts)
{
    if (facts.workflow.watch == WatchState::Watching &&
        RequestBudget::waitsForCredentials(facts.account.hold))
        return facts.account.reason;
    return note(facts.workflow);
}

QString identity(const TrackedWorkflow &workflow)
{
    QString text =
        u"%1 workflow · account %2"_s.arg(kindName(workflow.ref.kind), workflow.ref.account.id);
    if (workflow.ref.account.sandbox)
        text += u" · sandbox"_s;
    if (const QString unicode = domain::toUnicode(workflow.ref.domain);
        unicode != workflow.ref.domain)
        text += u" · %1"_s.arg(workflow.ref.domain);
    return text;
}

QStringList facts(const TrackedWorkflow &workflow)
{
    QStringList lines;
    if (workflow.status) {
        lines.append(u"Completed: %1"_s.arg(workflow.status->completed ? u"yes"_s : u"no"_s));
        lines.append(u"Created: %1"_s.arg(when(workflow.status->createdAt)));
        lines.append(u"Updated: %1"_s.arg(when(workflow.status->updatedAt)));
    }
    lines.append(u"Watched since: %1"_s.arg(when(workflow.trackedAt)));
    lines.append(u"Last checked: %1"_s.arg(when(workflow.lastCheckedAt)));
    lines.append(u"Next check: %1"_s.arg(
        workflow.watch == WatchState::Watching ? when(workflow.nextPollAt) : u"none"_s));
    lines.append(u"Checks: %1, failed: %2"_s.arg(workflow.polls).arg(workflow.totalErrors));
    lines.append(workflow.muted ? u"Notifications: muted (Ctrl+M to unmute)"_s
                                : u"Notifications: on"_s);
    if (workflow.status) {
        for (const QString &anomaly : workflow.status->anomalies)
            lines.append(u"Note: %1"_s.arg(anomaly));
    }
    return lines;
}

QStringList facts(const WorkflowFacts &facts)
{
    QStringList lines = workflowText::facts(facts.workflow);
    if (facts.workflow.watch == WatchState::Watching &&
        RequestBudget::waitsForCredentials(facts.account.hold)) {
        for (QString &line : lines) {
            if (line.startsWith(u"Next check: "_s))
                line = u"Next check: none until the credentials are there"_s;
        }
    }
    return lines;
}

QStringList errors(const TrackedWorkflow &workflow)
{
    QStringList lines;
    if (workflow.status && workflow.status->error)
        lines.append(failureReason(*workflow.status));
    if (workflow.lastError)
        lines.append(lastCheckFailed(workflow));
    return lines;
}

QStringList links(const TrackedWorkflow &workflow)
{
    if (!workflow.status)
        return {u"Status: %1"_s.arg(workflow.pollPath())};
    const QString &resource = workflow.status->resourceLink;
    return {u"Status: %1"_s.arg(workflow.status->selfLink),
            u"Resource: %1"_s.arg(resource.isEmpty() ? u"—"_s : resource)};
}

QString lastAnswer(const TrackedWorkflow &workflow)
{
    if (workflow.lastBody.isEmpty())
        return u"(no answer yet)"_s;
    const QJsonDocument document = QJsonDocument::fromJson(workflow.lastBody);
    return QString::fromUtf8(document.isNull() ? workflow.lastBody
                                               : document.toJson(QJsonDocument::Indented));
}

QString apiMessage(const ApiMessage &message)
{
    QString text = message.message;
    if (!message.sourcePointer.isEmpty())
        text += u" (at %1)"_s.arg(message.sourcePointer);
    if (!message.documentationUrl.isEmpty())
        text += u" — %1"_s.arg(message.documentationUrl);
    return text;
}

QString when(const QDateTime &time)
{
    return time.isValid() ? QLocale().toString(time.toLocalTime(), u"yyyy-MM-dd HH:mm:ss"_s)
                          : u"—"_s;
}

} // namespace workflowText

} // namespace rw
