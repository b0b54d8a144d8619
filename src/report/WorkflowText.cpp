#include "report/WorkflowText.h"

#include "common/Duration.h"
#include "registrar/DomainName.h"

#include <QJsonDocument>
#include <QLocale>
#include <QMap>

#include <cstdlib>

using namespace Qt::StringLiterals;
using namespace std::chrono;

namespace rw {

WorkflowFacts WorkflowFacts::about(const PollEngine &engine, const TrackedWorkflow &workflow,
                                   const QDateTime &now)
{
    return {workflow,
            engine.isInFlight(workflow.id),
            engine.accountStatus(workflow.ref.account.id),
            now,
            engine.budgetWait(workflow.id),
            engine.settings(),
            engine.budgetAhead(workflow.id)};
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

// "UTC+01:00".
QString utcOffset(int offsetSeconds)
{
    const int minutes = std::abs(offsetSeconds) / 60;
    return u"UTC%1%2:%3"_s.arg(QChar(offsetSeconds < 0 ? u'-' : u'+'))
        .arg(minutes / 60, 2, 10, QChar(u'0'))
        .arg(minutes % 60, 2, 10, QChar(u'0'));
}

// "CET" for a local moment; the offset where the system has no name for the zone ("+03").
QString zoneName(const QDateTime &local)
{
    const QString abbreviation = local.timeZoneAbbreviation();
    if (abbreviation.isEmpty() || abbreviation.startsWith(u'+') || abbreviation.startsWith(u'-'))
        return utcOffset(local.offsetFromUtc());
    return abbreviation;
}

// "in 12s (at 14:03:07 CET)": how long until `time`, rounded up so that it never says "in 0s"
// before the moment has come.
QString countdown(const QDateTime &time, const QDateTime &now)
{
    return u"in %1 (at %2)"_s.arg(
        formatDuration(seconds(std::max<qint64>(0, (now.msecsTo(time) + 999) / 1000))),
        workflowText::timeOfDay(time));
}

bool localIsUtc(const QDateTime &local)
{
    return local.offsetFromUtc() == 0 && local.timeZoneAbbreviation() == u"UTC";
}

// "3 a second", "3 a minute": how fast a queue moves at the budget's pace.
QString paceOf(double perSecond)
{
    if (perSecond >= 0.95)
        return u"%1 a second"_s.arg(qRound(perSecond));
    if (perSecond * 60 >= 0.95)
        return u"%1 a minute"_s.arg(qRound(perSecond * 60));
    return u"%1 an hour"_s.arg(std::max(1, qRound(perSecond * 3600)));
}

// A check that is due and not on its way waits for the account: its hold, a request of its
// own to finish (so many at once), the budget's window when it is full, or else its turn: the
// burst spent, the bucket lets the due out one after the other at its steady pace, however few
// of the window's requests are used.
QString whyDueWaits(const WorkflowFacts &facts)
{
    const QString since = u"due since %1"_s.arg(workflowText::timeOfDay(facts.workflow.nextPollAt));
    const PollEngine::AccountStatus &account = facts.account;
    if (account.hold != RequestBudget::Hold::None)
        return since + u", waiting for the account's hold to end"_s;
    const QString waiting = account.waiting == 1  ? u", 1 check waiting"_s
                            : account.waiting > 1 ? u", %1 checks waiting"_s.arg(account.waiting)
                                                  : QString();
    if (account.atInFlightCap()) {
        return since +
               u", waiting for a request to finish (at most %1 at once for the account"_s.arg(
                   account.maxInFlight) +
               waiting + u')';
    }
    const QString about =
        facts.budgetWait ? u", "_s + workflowText::aboutWait(*facts.budgetWait) : QString();
    if (account.budget > 0 && account.sentInWindow < account.budget) {
        QString text = since + u", waiting its turn"_s;
        if (facts.budgetAhead && account.pace > 0) {
            const int ahead = *facts.budgetAhead;
            text += ahead == 0   ? u": it is next"_s
                    : ahead == 1 ? u": 1 check is due before it"_s
                                 : u": %1 checks are due before it"_s.arg(ahead);
            text += u" at the budget's pace (%1)"_s.arg(paceOf(account.pace));
        } else {
            text += u" for the API budget"_s;
        }
        return text + about;
    }
    QString text = since + u", waiting for the API budget"_s + about;
    if (account.budget > 0) {
        text += u" (%1 of %2 requests in the last %3"_s.arg(account.sentInWindow)
                    .arg(account.budget)
                    .arg(formatDuration(account.window)) +
                waiting + u')';
    }
    return text;
}

// What the checks of a workflow without a state found.
enum class Unanswered {
    NotAsked,   // not yet, or the account's credentials kept the question from being asked
    NoWorkflow, // Cloudflare answered that there is no such workflow
    Failed,     // asked, without an answer
    Redirected, // asked, and the API redirected off its origin: not followed
};

Unanswered answeredWithout(const TrackedWorkflow &workflow)
{
    const std::optional<ApiError> &error = workflow.lastError;
    // Credentials and a status link off the API origin are the account's or the link's
    // problem: the workflow itself was not asked about. A redirect off the origin came as an
    // answer (its HTTP status): asked, and refused to follow.
    if (error && error->kind == ApiErrorKind::RefusedOrigin && error->httpStatus != 0)
        return Unanswered::Redirected;
    if (!error || error->isCredentialProblem() || error->kind == ApiErrorKind::RefusedOrigin)
        return Unanswered::NotAsked;
    return error->kind == ApiErrorKind::NoWorkflow ? Unanswered::NoWorkflow : Unanswered::Failed;
}

// What happens next to a watched workflow.
QString whileWatching(const WorkflowFacts &facts)
{
    const TrackedWorkflow &workflow = facts.workflow;
    QString next;
    if (facts.inFlight)
        next = u"being checked now"_s;
    else if (!workflow.nextPollAt.isValid())
        next = u"waiting for its turn"_s;
    else if (workflow.nextPollAt > facts.now)
        next = u"checked again %1"_s.arg(countdown(workflow.nextPollAt, facts.now));
    else
        next = whyDueWaits(facts);
    if (workflow.state() == WorkflowState::Blocked && workflow.stateSince.isValid()) {
        return u"Blocked for %1; %2. Blocked workflows are checked less often, up to hourly."_s.arg(
            formatDuration(seconds(workflow.stateSince.secsTo(facts.now))), next);
    }
    if (!workflow.status) {
        // Asked, without an answer about it: said as a check, with what came of it above.
        if (workflow.lastCheckedAt.isValid() && workflow.lastError &&
            answeredWithout(workflow) != Unanswered::NotAsked)
            return u"Checked at %1; %2."_s.arg(workflowText::timeOfDay(workflow.lastCheckedAt),
                                               next);
        return u"Not checked yet; %1."_s.arg(next);
    }
    return capitalized(next) + u'.';
}

// Checks stopped for the operator. A check after the one that found it waiting (their resume,
// or Check now) that found it still waiting is news: without it, a resume would seem to do
// nothing.
QString whileWaitingForYou(const TrackedWorkflow &workflow)
{
    const bool checkedAgain = workflow.pollsInState > 1 && workflow.lastCheckedAt.isValid();
    // Resumed after the state was seen, and asked since.
    const bool resumed = workflow.watchingSince.isValid() &&
                         workflow.watchingSince > workflow.trackedAt &&
                         workflow.watchingSince > workflow.lastChangedAt &&
                         workflow.lastCheckedAt >= workflow.watchingSince;
    if (checkedAgain && resumed)
        return u"You resumed it at %1; Cloudflare still says it needs you (checked %2). Once "
               u"done, resume it again."_s.arg(workflowText::timeOfDay(workflow.watchingSince),
                                               workflowText::timeOfDay(workflow.lastCheckedAt));
    if (checkedAgain)
        return u"Checked again at %1: Cloudflare still waits for you. "_s.arg(
                   workflowText::timeOfDay(workflow.lastCheckedAt)) +
               resumeWhenDone();
    return u"Checks have stopped: Cloudflare waits for you. "_s + resumeWhenDone();
}

// Whom a blocked workflow waits on, from its context's `waiting_on` ("registry",
// "losing_registrar"): "the .com registry", "the losing registrar", "a third party (<as
// sent>)"; empty when it does not say. The API documents `context` as open, naming these two
// third parties but no key for them; the simulator's `waiting_on` is the one we know of.
QString waitingOn(const WorkflowStatus &status, const QString &domainName)
{
    const QString on = status.context.value(u"waiting_on").toString();
    if (on.isEmpty())
        return {};
    if (on == u"registry") {
        const QString unicode = domain::toUnicode(domainName);
        return unicode.contains(u'.') ? u"the .%1 registry"_s.arg(unicode.section(u'.', -1))
                                      : u"the registry"_s;
    }
    if (on == u"losing_registrar")
        return u"the losing registrar"_s;
    return u"a third party (%1)"_s.arg(on);
}

QString blockedMeaning(const WorkflowStatus &status, const QString &domainName)
{
    QString on = waitingOn(status, domainName);
    if (on.isEmpty())
        return meaning(WorkflowState::Blocked);
    // Cloudflare's transfer guidance gives the losing registrar up to 5 days: worth knowing
    // before wondering whether to chase it.
    if (status.context.value(u"waiting_on").toString() == u"losing_registrar")
        on += u", which has up to 5 days to approve or reject the transfer"_s;
    return u"Waiting on %1; nothing you do will speed it up."_s.arg(on);
}

QString noteOf(const WorkflowStatus &status, const QString &domainName)
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
        const QString on = waitingOn(status, domainName);
        parts.append(on.isEmpty() ? u"Waiting on a third party."_s : u"Waiting on %1."_s.arg(on));
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

bool neverAsked(const TrackedWorkflow &workflow)
{
    return !workflow.state() && answeredWithout(workflow) == Unanswered::NotAsked;
}

QString stateLabel(const TrackedWorkflow &workflow)
{
    if (workflow.status)
        return stateLabel(workflow.status->state, workflow.status->stateText);
    switch (answeredWithout(workflow)) {
    case Unanswered::NoWorkflow:
        return u"no workflow found"_s;
    case Unanswered::Failed:
        return u"no answer yet"_s;
    case Unanswered::Redirected:
        return u"redirect refused"_s;
    case Unanswered::NotAsked:
        break;
    }
    return stateLabel(std::nullopt, {});
}

QString stateLabel(const WorkflowFacts &facts)
{
    const QString label = stateLabel(facts.workflow);
    const QString age = answerAge(facts);
    return age.isEmpty() ? label : label + u", "_s + age;
}

QString answerAge(const WorkflowFacts &facts)
{
    const TrackedWorkflow &workflow = facts.workflow;
    // Only an answer that stands for now: a watched workflow's last check answered. (After a
    // failed check, the failure is said instead.)
    if (workflow.watch != WatchState::Watching || !workflow.status || workflow.lastError ||
        !workflow.lastCheckedAt.isValid() || !facts.now.isValid())
        return {};
    const PollSettings &settings = facts.settings;
    seconds every = settings.unknownMaxDelay;
    switch (workflow.status->state) {
    case WorkflowState::Pending:
    case WorkflowState::InProgress:
        every = settings.activeMaxDelay;
        break;
    case WorkflowState::Blocked:
        every = settings.blockedMaxDelay;
        break;
    default:
        break;
    }
    const seconds old = std::max<seconds>(2 * every, 5min);
    const qint64 age = workflow.lastCheckedAt.secsTo(facts.now);
    if (age < old.count())
        return {};
    if (age < 2 * 3600)
        return u"as of %1 min ago"_s.arg(age / 60);
    return u"as of %1 h ago"_s.arg(age / 3600);
}

QString aboutWait(seconds wait)
{
    if (wait < 1min)
        return u"under a minute"_s;
    const qint64 minutes = std::max<qint64>(1, (wait.count() + 59) / 60);
    if (minutes < 120)
        return u"about %1 min"_s.arg(minutes);
    return u"about %1 h"_s.arg((minutes + 30) / 60);
}

QString aboutWaitShort(seconds wait)
{
    if (wait < 1min)
        return u"<1 min"_s;
    return aboutWait(wait).replace(u"about "_s, u"~"_s);
}

QString unreachable(const QDateTime &since)
{
    return u"Cannot reach the API since %1"_s.arg(since.toLocalTime().toString(u"HH:mm"_s));
}

QString reachedAgain(const QDateTime &at, const QDateTime &since)
{
    QString text = u"Reached the API again at %1"_s.arg(at.toLocalTime().toString(u"HH:mm"_s));
    if (since.isValid() && since < at)
        text += u" (no answer for %1)"_s.arg(span(seconds(since.secsTo(at))));
    return text;
}

QList<Outage> outages(const PollEngine &engine, const AccountLabels &labels)
{
    const QStringList accounts = engine.accounts();
    QMap<QDateTime, QStringList> bySince; // mostly one outage for all of them
    for (const QString &account : accounts) {
        const QDateTime since = engine.unreachableSince(account);
        if (!since.isValid())
            continue;
        QDateTime minute = since.toLocalTime();
        minute.setTime(QTime(minute.time().hour(), minute.time().minute()));
        bySince[minute].append(account);
    }
    QList<Outage> outages;
    for (auto it = bySince.cbegin(); it != bySince.cend(); ++it) {
        Outage outage{it.key(), it.value(), unreachable(it.key())};
        if (accounts.size() > 1) {
            QStringList names;
            for (const QString &account : it.value())
                names.append(labels.labelOf(account));
            outage.text += u" (%1)"_s.arg(names.join(u", "_s));
        }
        outages.append(outage);
    }
    return outages;
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

QString meaning(const TrackedWorkflow &workflow)
{
    if (workflow.status) {
        if (workflow.status->state == WorkflowState::Blocked)
            return blockedMeaning(*workflow.status, workflow.ref.domain);
        return meaning(workflow.status->state);
    }
    switch (answeredWithout(workflow)) {
    case Unanswered::NotAsked:
        return meaning(std::nullopt);
    case Unanswered::Failed:
        return u"Registrar Watch has asked, but has not had an answer yet."_s;
    case Unanswered::Redirected:
        return u"Registrar Watch asked, and the API redirected the request: "_s +
               sentence(workflow.lastError->message) +
               u" Check the API base URL in Settings; the credentials were not sent there."_s;
    case Unanswered::NoWorkflow:
        break;
    }
    const int times = workflow.noWorkflowAnswers;
    const QString checked = times > 1    ? u" (checked %1 times)"_s.arg(times)
                            : times == 1 ? u" (checked once)"_s
                                         : QString();
    return u"Cloudflare answered that there is no such workflow%1. It may not have started yet; "
           u"otherwise check the domain and the kind of workflow (%2)."_s.arg(
               checked, kindName(workflow.ref.kind));
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
        lines.append(whileWaitingForYou(workflow));
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
    // The policy's reason names the status link; after a redirect the refusal says what
    // happened, with where it led.
    if (workflow.watch == WatchState::GaveUp && answeredWithout(workflow) == Unanswered::Redirected)
        return u"Stopped watching after checking it at %1: %2"_s.arg(
            timeOfDay(workflow.lastCheckedAt), sentence(workflow.lastError->message));
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
    return noteOf(status, status.domainName);
}

QString note(const TrackedWorkflow &workflow)
{
    if (workflow.watch == WatchState::GaveUp)
        return whyStopped(workflow);
    if (!workflow.status) // never answered: the error is all there is, and it may need them
        return workflow.lastError ? workflow.lastError->message : QString();
    if (workflow.lastError && workflow.status->state != WorkflowState::Failed)
        return lastCheckFailed(workflow);
    return noteOf(*workflow.status, workflow.ref.domain);
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
    return identity(workflow, {});
}

QString identity(const TrackedWorkflow &workflow, const AccountLabels &labels)
{
    const QString &id = workflow.ref.account.id;
    const QString label = labels.labelOf(id);
    const QString account = label == id ? id : u"%1 (%2)"_s.arg(label, id);
    QString text = u"%1 workflow · account %2"_s.arg(kindName(workflow.ref.kind), account);
    if (workflow.ref.account.sandbox)
        text += u" · sandbox"_s;
    if (const QString unicode = domain::toUnicode(workflow.ref.domain);
        unicode != workflow.ref.domain)
        text += u" · %1"_s.arg(workflow.ref.domain);
    return text;
}

QStringList facts(const TrackedWorkflow &workflow, Zone zone)
{
    QStringList lines;
    if (workflow.status) {
        lines.append(u"Completed: %1"_s.arg(workflow.status->completed ? u"yes"_s : u"no"_s));
        lines.append(u"Created: %1"_s.arg(when(workflow.status->createdAt, zone)));
        lines.append(u"Updated: %1"_s.arg(when(workflow.status->updatedAt, zone)));
    }
    lines.append(u"Watched since: %1"_s.arg(when(workflow.trackedAt, zone)));
    lines.append(u"Last checked: %1"_s.arg(when(workflow.lastCheckedAt, zone)));
    lines.append(u"Next check: %1"_s.arg(
        workflow.watch == WatchState::Watching ? when(workflow.nextPollAt, zone) : u"none"_s));
    lines.append(u"Checks: %1, failed: %2"_s.arg(workflow.polls).arg(workflow.totalErrors));
    lines.append(workflow.muted ? u"Notifications: muted (Ctrl+M to unmute)"_s
                                : u"Notifications: on"_s);
    if (workflow.status) {
        for (const QString &anomaly : workflow.status->anomalies)
            lines.append(u"Note: %1"_s.arg(anomaly));
    }
    return lines;
}

QStringList facts(const WorkflowFacts &facts, Zone zone)
{
    QStringList lines = workflowText::facts(facts.workflow, zone);
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

QStringList failedCheck(const FailedCheck &check)
{
    const ApiError &error = check.error;
    return {when(check.checkedAt), ApiError::kindName(error.kind).replace(u'_', u' '),
            error.httpStatus ? QString::number(error.httpStatus) : u"—"_s, error.message};
}

QString when(const QDateTime &time, Zone zone)
{
    if (!time.isValid())
        return u"—"_s;
    const QString format = u"yyyy-MM-dd HH:mm:ss"_s;
    if (zone == Zone::Utc)
        return QLocale().toString(time.toUTC(), format) + u" UTC"_s;
    return QLocale().toString(time.toLocalTime(), format);
}

QString timeOfDay(const QDateTime &time)
{
    const QDateTime local = time.toLocalTime();
    return local.toString(u"HH:mm:ss"_s) + u' ' + zoneName(local);
}

QString zoneNote(const QDateTime &now)
{
    const QDateTime local = now.toLocalTime();
    if (localIsUtc(local))
        return u"Times are local (UTC)."_s;
    const QString offset = utcOffset(local.offsetFromUtc());
    const QString name = zoneName(local);
    return name == offset ? u"Times are local (%1)."_s.arg(offset)
                          : u"Times are local (%1, %2)."_s.arg(name, offset);
}

QString timeTip(const QDateTime &time)
{
    if (!time.isValid())
        return {};
    const QDateTime local = time.toLocalTime();
    if (localIsUtc(local))
        return when(time, Zone::Utc);
    return u"%1 %2\n%3"_s.arg(when(time), zoneName(local), when(time, Zone::Utc));
}

QString moment(const QDateTime &time, const QDateTime &now)
{
    if (!time.isValid())
        return u"—"_s;
    const QDateTime local = time.toLocalTime();
    // Day and month names in English, as every other word here.
    return local.toString(local.date().year() == now.toLocalTime().date().year()
                              ? u"ddd d MMM HH:mm"_s
                              : u"ddd d MMM yyyy HH:mm"_s);
}

QString span(seconds span)
{
    const qint64 total = std::max<qint64>(0, span.count());
    const auto count = [](qint64 n, const QString &unit) -> QString {
        return n == 1 ? u"1 "_s + unit : u"%1 %2s"_s.arg(n).arg(unit);
    };
    if (total >= 86400)
        return count(total / 86400, u"day"_s);
    if (total >= 3600)
        return count(total / 3600, u"hour"_s);
    return count(std::max<qint64>(1, total / 60), u"minute"_s);
}

namespace {

seconds between(const QDateTime &from, const QDateTime &to)
{
    return seconds(from.isValid() && to.isValid() ? from.secsTo(to) : 0);
}

QString expiry(const QDateTime &end, const QDateTime &now)
{
    if (!end.isValid())
        return u"Cloudflare did not say when it expires."_s;
    if (end > now)
        return u"Expires in %1, on %2."_s.arg(span(between(now, end)), moment(end, now));
    return u"Expired %1 ago, on %2."_s.arg(span(between(end, now)), moment(end, now));
}

} // namespace

QString deadline(const Deadline &deadline, const QDateTime &now)
{
    const QString waited = deadline.since.isValid()
                               ? u" since %1 (%2)"_s.arg(moment(deadline.since, now),
                                                         span(between(deadline.since, now)))
                               : QString();
    const bool ahead = deadline.end.isValid() && deadline.end > now;
    const QString left = span(between(now, deadline.end));
    switch (deadline.kind) {
    case Deadline::Kind::WaitingForYou:
        return u"Waiting for you%1."_s.arg(waited);
    case Deadline::Kind::RegistrantChange: {
        const QString rule =
            u"estimate: %1 days after the request, unless the registrant approves it"_s.arg(
                Deadline::registrantChangeWindow.count());
        if (!deadline.end.isValid())
            return u"Waiting for you%1. An unconfirmed change of registrant is cancelled (%2)."_s
                .arg(waited, rule);
        if (ahead)
            return u"Waiting for you%1. Cancelled in about %2, on %3 (%4)."_s.arg(
                waited, left, moment(deadline.end, now), rule);
        return u"Waiting for you%1. Probably cancelled already, on %2 (%3)."_s.arg(
            waited, moment(deadline.end, now), rule);
    }
    case Deadline::Kind::TransferRelease: {
        const QString rule = u"estimate: the losing registrar has up to %1 days to approve or "
                             u"reject it"_s.arg(Deadline::transferReleaseWindow.count());
        if (!deadline.end.isValid())
            return u"Waiting on the losing registrar%1 (%2)."_s.arg(waited, rule);
        if (ahead)
            return u"Waiting on the losing registrar%1; its answer is due in about %2, by %3 "
                   u"(%4)."_s.arg(waited, left, moment(deadline.end, now), rule);
        return u"Waiting on the losing registrar%1; its answer was due by %2 (%3)."_s.arg(
            waited, moment(deadline.end, now), rule);
    }
    case Deadline::Kind::Expires:
        return expiry(deadline.end, now) + u" Auto-renew is off."_s;
    case Deadline::Kind::Lapsed:
        return expiry(deadline.end, now);
    }
    Q_UNREACHABLE();
    return {};
}

QString deadlineCell(const Deadline &deadline, const QDateTime &now)
{
    const bool ahead = deadline.end.isValid() && deadline.end > now;
    const QString left = span(between(now, deadline.end));
    switch (deadline.kind) {
    case Deadline::Kind::WaitingForYou:
        return deadline.since.isValid() ? u"waiting %1"_s.arg(span(between(deadline.since, now)))
                                        : u"waiting"_s;
    case Deadline::Kind::RegistrantChange:
        if (!deadline.end.isValid())
            return u"waiting"_s;
        return ahead ? u"~%1 left"_s.arg(left) : u"likely cancelled"_s;
    case Deadline::Kind::TransferRelease:
        if (!deadline.end.isValid())
            return u"waiting"_s;
        return ahead ? u"~%1 left"_s.arg(left) : u"answer overdue"_s;
    case Deadline::Kind::Expires:
    case Deadline::Kind::Lapsed:
        if (!deadline.end.isValid())
            return u"—"_s;
        return ahead ? u"expires in %1"_s.arg(left)
                     : u"expired %1 ago"_s.arg(span(between(deadline.end, now)));
    }
    Q_UNREACHABLE();
    return {};
}

QString attentionLabel(const RegistrationAttention &attention, const QDateTime &now)
{
    using Reason = RegistrationAttention::Reason;
    switch (attention.reason) {
    case Reason::ExpiresSoon:
        if (!attention.expiresAt.isValid())
            return u"Expires soon"_s;
        if (attention.expiresAt <= now)
            return u"Expired"_s; // the listing has not caught up yet
        return u"Expires in %1"_s.arg(span(between(now, attention.expiresAt)));
    case Reason::Expired:
        return u"Expired"_s;
    case Reason::RedemptionPeriod:
        return u"Redemption period"_s;
    case Reason::PendingDelete:
        return u"Pending delete"_s;
    case Reason::Suspended:
        return u"Suspended"_s;
    }
    Q_UNREACHABLE();
    return {};
}

QString attentionMeaning(const RegistrationNotice &notice, const QDateTime &now)
{
    using Reason = RegistrationAttention::Reason;
    const QDateTime &end = notice.attention.expiresAt;
    const QString renews =
        notice.registration.autoRenew ? u"Auto-renew is on."_s : u"Auto-renew is off."_s;
    switch (notice.attention.reason) {
    case Reason::ExpiresSoon:
        return u"%1 %2 Nothing renews it by itself."_s.arg(expiry(end, now), renews);
    case Reason::Expired:
        return u"The registration has ended. %1 %2"_s.arg(expiry(end, now), renews);
    case Reason::RedemptionPeriod:
        return u"The registration has ended and the domain is in the registry's redemption "
               u"period: only a paid restore brings it back. %1"_s.arg(expiry(end, now));
    case Reason::PendingDelete:
        return u"The domain is about to be deleted by the registry; it is too late to restore "
               u"it. %1"_s.arg(expiry(end, now));
    case Reason::Suspended:
        return u"The registry or the registrar has suspended the domain: it does not resolve "
               u"until the hold is lifted. %1"_s.arg(expiry(end, now));
    }
    Q_UNREACHABLE();
    return {};
}

QString attentionToDo(const RegistrationAttention &attention)
{
    using Reason = RegistrationAttention::Reason;
    switch (attention.reason) {
    case Reason::ExpiresSoon:
        return u"What to do: renew it, or turn auto-renew on, in the Cloudflare dashboard."_s;
    case Reason::Expired:
        return u"What to do: renew it in the Cloudflare dashboard while it can still be "
               u"renewed."_s;
    case Reason::RedemptionPeriod:
        return u"What to do: restore it in the Cloudflare dashboard before the redemption period "
               u"ends (a restore fee applies)."_s;
    case Reason::PendingDelete:
        return u"What to do: nothing brings it back now; register it again once it is "
               u"released, if you still want it."_s;
    case Reason::Suspended:
        return u"What to do: open the domain in the Cloudflare dashboard, and check the "
               u"registrant's email for what the registry asks."_s;
    }
    Q_UNREACHABLE();
    return {};
}

QString accountName(const AccountRef &account, const AccountLabels &labels)
{
    const QString label = labels.labelOf(account.id);
    return account.sandbox ? label + u" (sandbox)"_s : label;
}

} // namespace workflowText

} // namespace rw
