#pragma once

#include "engine/PollEngine.h"
#include "net/Envelope.h"
#include "registrar/AccountLabels.h"
#include "report/Deadline.h"
#include "store/RegistrationNotice.h"
#include "store/TrackedWorkflow.h"

#include <QDateTime>
#include <QString>
#include <QStringList>

#include <optional>

namespace rw {

// What the words about one workflow are made from: the workflow as tracked, and what only the
// engine knows at this moment (a request on its way, the account's hold).
struct WorkflowFacts
{
    TrackedWorkflow workflow;
    bool inFlight = false;
    PollEngine::AccountStatus account;
    QDateTime now;
    // While it waits for the account's budget: about how long still (PollEngine::budgetWait).
    std::optional<std::chrono::seconds> budgetWait;
    // The engine's intervals, which say when an answer is old (answerAge()).
    PollSettings settings;
    // While it waits for the budget: how many due checks go before it (PollEngine::budgetAhead).
    std::optional<int> budgetAhead;

    [[nodiscard]] static WorkflowFacts about(const PollEngine &engine,
                                             const TrackedWorkflow &workflow, const QDateTime &now);
};

// Every sentence about a workflow, written once: the details pane, the table, the
// notifications, the exports and the command line all take their words from here, so that
// they never say the same thing two ways. Plain text; a terminal or a widget decides how to
// show it (and what to escape).
namespace workflowText {

// Which clock a moment is told in: the operator's (local), or UTC beside it.
enum class Zone {
    Local,
    Utc,
};

// "update", "transfer-in (sandbox)": the kind of workflow, and where.
[[nodiscard]] QString kindLabel(const WorkflowRef &workflow);
// "action required" for action_required; "unknown: <as sent>"; "not checked yet".
[[nodiscard]] QString stateLabel(std::optional<WorkflowState> state, const QString &stateText);
// No state, and no check of it was made: not yet, or the account's credentials (or a status
// link off the API origin) kept the question from being asked. A workflow Cloudflare said it
// has not, or whose checks got no answer, was checked.
[[nodiscard]] bool neverAsked(const TrackedWorkflow &workflow);
// As above from the last answer; before any, what the checks found: "no workflow found" when
// Cloudflare said there is none, "no answer yet" when checks failed, else "not checked yet".
[[nodiscard]] QString stateLabel(const TrackedWorkflow &workflow);
// As above, saying how old the answer is when it is old for a watched workflow: "in progress, as
// of 11 min ago" (see answerAge()).
[[nodiscard]] QString stateLabel(const WorkflowFacts &facts);
// "as of 11 min ago" when the last answer of a watched workflow is older than twice the longest
// interval its state is checked at (and at least 5 minutes): the budget could not keep up, and
// the state may have moved on. Empty otherwise.
[[nodiscard]] QString answerAge(const WorkflowFacts &facts);
// "about 12 min", "about 2 h": a wait for the budget, in whole minutes rounded up; "under a
// minute".
[[nodiscard]] QString aboutWait(std::chrono::seconds wait);
// The same in a few characters, for a table cell: "~12 min", "~2 h", "<1 min".
[[nodiscard]] QString aboutWaitShort(std::chrono::seconds wait);
// The account-level outage: "Cannot reach the API since 14:03", and its end, "Reached the API
// again at 14:05 (after 2 min without an answer)".
[[nodiscard]] QString unreachable(const QDateTime &since);
[[nodiscard]] QString reachedAgain(const QDateTime &at, const QDateTime &since);
// One outage of the accounts the engine cannot reach: since when (to the minute), which accounts,
// and how the status bar and the tray say it.
struct Outage
{
    QDateTime since;      // local, to the minute
    QStringList accounts; // their ids
    // "Cannot reach the API since 14:03"; with several accounts in the engine, naming those out
    // of reach by their labels: "Cannot reach the API since 14:03 (Acme, Beta)".
    QString text;
};
// Every outage now, earliest first; none while every account answers. The accounts out of reach
// since the same minute make one.
[[nodiscard]] QList<Outage> outages(const PollEngine &engine, const AccountLabels &labels);
// What the state means for the operator; for no state yet, that there is no answer yet.
[[nodiscard]] QString meaning(std::optional<WorkflowState> state);
// As above for a tracked workflow, in what its answers say: whom a blocked one waits on (its
// context's `waiting_on`), and before any state, what the checks found.
[[nodiscard]] QString meaning(const TrackedWorkflow &workflow);

// What happens next: when it is checked again (counting down) or why a check that is due waits
// (the API budget, the account's hold), that checks stopped and why (and what a resume found),
// the last check's failure and the account's hold. One line each.
[[nodiscard]] QString nextStep(const WorkflowFacts &facts);
// Whether nextStep() changes with the clock alone, so that it is worth saying again each second.
[[nodiscard]] bool nextStepAges(const WorkflowFacts &facts);

// What the operator must do for an action_required status: "What to do: <context.action>" (or
// where to look when the API did not say), then where the confirmation went, if it said.
[[nodiscard]] QStringList whatToDo(const WorkflowStatus &status);
// The sentence that follows what to do: watching waits for the operator.
[[nodiscard]] QString resumeWhenDone();
// The sentence that follows why watching stopped.
[[nodiscard]] QString resumeToWatchAgain();

// Why a workflow failed: "<code>: <message>", as the API said it.
[[nodiscard]] QString failureReason(const WorkflowStatus &status);
// The sentence that follows a failure: nothing more happens by itself.
[[nodiscard]] QString failureIsFinal();
// "Stopped watching: <reason>."
[[nodiscard]] QString whyStopped(const TrackedWorkflow &workflow);
// "Last check failed: <message>", with how many in a row when more than one.
[[nodiscard]] QString lastCheckFailed(const TrackedWorkflow &workflow);
// "The update of example.com is done.", in the words of the workflow's kind.
[[nodiscard]] QString done(const TrackedWorkflow &workflow);

// The short note for a status alone: what the operator must do, the failure, what it waits on,
// and any oddity the parser noticed. What `status` prints.
[[nodiscard]] QString note(const WorkflowStatus &status);
// The short note for a tracked workflow (the table's and the exports'): why watching stopped,
// the last check's failure (its message alone before any answer), or else the status's note.
[[nodiscard]] QString note(const TrackedWorkflow &workflow);
// The same, except that a watched workflow whose account waits for its credentials says that:
// nothing is asked about it meanwhile.
[[nodiscard]] QString note(const WorkflowFacts &facts);

// "update workflow · account <id>", then " · sandbox" and the ASCII name where they apply; with
// labels, the account's label first ("account Acme (<id>)").
[[nodiscard]] QString identity(const TrackedWorkflow &workflow);
[[nodiscard]] QString identity(const TrackedWorkflow &workflow, const AccountLabels &labels);
// The details pane's facts, one a line: what the API said of times and completion, what the
// engine did (checks, errors), whether it is muted, and the parser's notes.
[[nodiscard]] QStringList facts(const TrackedWorkflow &workflow, Zone zone = Zone::Local);
// The same, except that no time is given for the next check of a watched workflow whose account
// waits for its credentials: none is planned.
[[nodiscard]] QStringList facts(const WorkflowFacts &facts, Zone zone = Zone::Local);
// The errors to show: the workflow's own and the last check's.
[[nodiscard]] QStringList errors(const TrackedWorkflow &workflow);
// Where the workflow is asked about ("Status: <path>") and its registration ("Resource: ...").
[[nodiscard]] QStringList links(const TrackedWorkflow &workflow);
// The last answer exactly as received, indented when it is JSON; "(no answer yet)".
[[nodiscard]] QString lastAnswer(const TrackedWorkflow &workflow);
// An envelope's error or message: its text, where it points and its documentation.
[[nodiscard]] QString apiMessage(const ApiMessage &message);
// A failed check as the details list it: its time, kind, HTTP status ("—" for none) and
// message.
[[nodiscard]] QStringList failedCheck(const FailedCheck &check);
// A moment as the details show it: local time to the second ("2026-03-01 13:00:02"), or in UTC
// saying so ("2026-03-01 12:00:02 UTC"); "—" for none.
[[nodiscard]] QString when(const QDateTime &time, Zone zone = Zone::Local);
// A time of day in a sentence: local, saying which zone ("14:03:07 CET", "14:03:07 UTC+03:00"
// where the system has no name for it).
[[nodiscard]] QString timeOfDay(const QDateTime &time);
// Which zone local times are in at `now`: "Times are local (CET, UTC+01:00)."
[[nodiscard]] QString zoneNote(const QDateTime &now);
// A moment's tooltip: local time with its zone, then UTC; empty for none.
[[nodiscard]] QString timeTip(const QDateTime &time);

// A moment a deadline is told in, local: "Tue 3 Mar 09:14", with the year when it is not the
// year of `now` ("Mon 1 Mar 2027 09:14").
[[nodiscard]] QString moment(const QDateTime &time, const QDateTime &now);
// A span as an operator counts a deadline: "12 minutes", "5 hours", "1 day", "4 days" (whole
// units, rounded down: never more time than there is).
[[nodiscard]] QString span(std::chrono::seconds span);
// The deadline in sentences, for the details and notifications: "Waiting for you since Tue 3 Mar
// 09:14 (2 days). Cancelled in about 4 days (estimate: 7 days after the request) …".
[[nodiscard]] QString deadline(const Deadline &deadline, const QDateTime &now);
// The same in a few words, for a table cell: "waiting 2 days", "~4 days left" (an estimate),
// "expires in 12 days", "expired 3 days ago".
[[nodiscard]] QString deadlineCell(const Deadline &deadline, const QDateTime &now);

// Why a registration needs the operator, as a state: "Expires in 12 days", "Expired",
// "Redemption period", "Pending delete", "Suspended".
[[nodiscard]] QString attentionLabel(const RegistrationAttention &attention, const QDateTime &now);
// What that means, with the date and auto-renew: the details' meaning of a notice.
[[nodiscard]] QString attentionMeaning(const RegistrationNotice &notice, const QDateTime &now);
// What to do about it: renew, or turn auto-renew on; restore during the redemption period.
[[nodiscard]] QString attentionToDo(const RegistrationAttention &attention);

// "Acme production", then " (sandbox)" for a sandbox account: how an account is named.
[[nodiscard]] QString accountName(const AccountRef &account, const AccountLabels &labels);

} // namespace workflowText

} // namespace rw
