// The words about a workflow, table by table: each state's label, meaning and note, what
// happens next in each watch state (with holds and failed checks), what the operator must do,
// why a workflow failed or stopped being watched, and states this version does not know.

#include "report/WorkflowText.h"

#include <QJsonDocument>
#include <QTest>
#include <QTimeZone>

#include <ctime>

using namespace Qt::StringLiterals;
using namespace rw;

namespace {

const QDateTime now(QDate(2026, 3, 1), QTime(12, 0), QTimeZone::utc());

WorkflowStatus status(const QString &state, const QJsonObject &context = {},
                      const QJsonValue &error = QJsonValue::Null)
{
    const bool completed = state == u"succeeded" || state == u"failed";
    return WorkflowStatus::fromJson(QJsonObject{{u"state"_s, state},
                                                {u"completed"_s, completed},
                                                {u"created_at"_s, u"2026-03-01T10:00:00Z"_s},
                                                {u"updated_at"_s, u"2026-03-01T11:00:00Z"_s},
                                                {u"links"_s, QJsonObject{{u"self"_s, u"/s"_s}}},
                                                {u"context"_s, context},
                                                {u"error"_s, error}})
        .value();
}

QJsonObject error(const QString &code, const QString &message)
{
    return {{u"code"_s, code}, {u"message"_s, message}};
}

TrackedWorkflow tracked(std::optional<WorkflowStatus> status,
                        WatchState watch = WatchState::Watching)
{
    TrackedWorkflow workflow;
    workflow.id = 1;
    workflow.ref = {
        {u"023e105f4ecef8ad9ca31a8372d0c353"_s, false}, u"example.com"_s, WorkflowKind::Update};
    workflow.status = std::move(status);
    workflow.watch = watch;
    return workflow;
}

ApiError checkError(const QString &message)
{
    ApiError error;
    error.kind = ApiError::Kind::Server;
    error.httpStatus = 503;
    error.message = message;
    return error;
}

// "13:00:30 CET": a time of day in the test's time zone, saying which (every date here is in
// winter).
QString clock(const QDateTime &at)
{
    return at.toLocalTime().toString(u"HH:mm:ss"_s) + u" CET"_s;
}

// "in 30s (at 13:00:30 CET)".
QString in(const QString &duration, const QDateTime &at)
{
    return u"in %1 (at %2)"_s.arg(duration, clock(at));
}

PollEngine::AccountStatus held(RequestBudget::Hold hold, const QString &reason)
{
    PollEngine::AccountStatus account;
    account.hold = hold;
    account.reason = reason;
    return account;
}

const QString rateLimited = u"Cloudflare rate-limited the account; no requests until 12:05:00."_s;

} // namespace

Q_DECLARE_METATYPE(std::optional<rw::WorkflowState>)
Q_DECLARE_METATYPE(rw::WorkflowStatus)
Q_DECLARE_METATYPE(rw::TrackedWorkflow)
Q_DECLARE_METATYPE(rw::WorkflowFacts)

class TestWorkflowText : public QObject
{
    Q_OBJECT
private slots:
    // Local time is not UTC here, so that a time said in the wrong zone shows.
    void initTestCase();
    void labelsEachState_data();
    void labelsEachState();
    void saysWhatEachStateMeans_data();
    void saysWhatEachStateMeans();
    void saysWhatCloudflareAnsweredBeforeAnyState_data();
    void saysWhatCloudflareAnsweredBeforeAnyState();
    void saysWhoABlockedWorkflowWaitsOn_data();
    void saysWhoABlockedWorkflowWaitsOn();
    void notesWhatMattersAboutAStatus_data();
    void notesWhatMattersAboutAStatus();
    void notesWhyWatchingStoppedOrFailed_data();
    void notesWhyWatchingStoppedOrFailed();
    void saysWhatHappensNext_data();
    void saysWhatHappensNext();
    void notesAMissingSecretOnWatchedRows();
    void countsDownOnlyWhileSomethingIsDue_data();
    void countsDownOnlyWhileSomethingIsDue();
    void saysWhatTheOperatorMustDo_data();
    void saysWhatTheOperatorMustDo();
    void givesTheFailureReasonAsTheApiSaidIt_data();
    void givesTheFailureReasonAsTheApiSaidIt();
    void saysWhyWatchingStopped_data();
    void saysWhyWatchingStopped();
    void saysWhatIsDoneInTheWordsOfItsKind_data();
    void saysWhatIsDoneInTheWordsOfItsKind();
    void listsTheFactsAndErrors();
    void identifiesTheWorkflowAndItsLinks();
    void showsTheLastAnswerAsReceived();
    void saysTimesAreLocalWithUtcAtHand();
    void listsAFailedCheck();
};

void TestWorkflowText::initTestCase()
{
    qputenv("TZ", "Europe/Berlin");
    tzset();
    QCOMPARE(now.toLocalTime().offsetFromUtc(), 3600);
}

void TestWorkflowText::labelsEachState_data()
{
    QTest::addColumn<std::optional<WorkflowState>>("state");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("label");
    QTest::newRow("none") << std::optional<WorkflowState>() << QString() << u"not checked yet"_s;
    QTest::newRow("pending") << std::optional(WorkflowState::Pending) << u"pending"_s
                             << u"pending"_s;
    QTest::newRow("in_progress") << std::optional(WorkflowState::InProgress) << u"in_progress"_s
                                 << u"in progress"_s;
    QTest::newRow("action_required") << std::optional(WorkflowState::ActionRequired)
                                     << u"action_required"_s << u"action required"_s;
    QTest::newRow("blocked") << std::optional(WorkflowState::Blocked) << u"blocked"_s
                             << u"blocked"_s;
    QTest::newRow("succeeded") << std::optional(WorkflowState::Succeeded) << u"succeeded"_s
                               << u"succeeded"_s;
    QTest::newRow("failed") << std::optional(WorkflowState::Failed) << u"failed"_s << u"failed"_s;
    QTest::newRow("unknown") << std::optional(WorkflowState::Unknown) << u"queued_for_review"_s
                             << u"unknown: queued_for_review"_s;
}

void TestWorkflowText::labelsEachState()
{
    QFETCH(std::optional<WorkflowState>, state);
    QFETCH(QString, text);
    QFETCH(QString, label);
    QCOMPARE(workflowText::stateLabel(state, text), label);
    // A tracked workflow is labelled by what its last answer said, verbatim when unknown.
    const TrackedWorkflow workflow =
        tracked(state ? std::optional(status(text)) : std::optional<WorkflowStatus>());
    QCOMPARE(workflowText::stateLabel(workflow), label);
}

void TestWorkflowText::saysWhatEachStateMeans_data()
{
    QTest::addColumn<std::optional<WorkflowState>>("state");
    QTest::addColumn<QString>("meaning");
    QTest::newRow("none") << std::optional<WorkflowState>()
                          << u"Registrar Watch has not had an answer yet."_s;
    QTest::newRow("pending") << std::optional(WorkflowState::Pending)
                             << u"Created, not started yet."_s;
    QTest::newRow("in_progress") << std::optional(WorkflowState::InProgress)
                                 << u"Cloudflare is working on it."_s;
    QTest::newRow("action_required") << std::optional(WorkflowState::ActionRequired)
                                     << u"Paused until you act; it will not continue on its own."_s;
    QTest::newRow("blocked") << std::optional(WorkflowState::Blocked)
                             << u"Waiting on a third party (the registry or the losing "
                                u"registrar); nothing you do will speed it up."_s;
    QTest::newRow("succeeded") << std::optional(WorkflowState::Succeeded)
                               << u"Finished successfully."_s;
    QTest::newRow("failed") << std::optional(WorkflowState::Failed)
                            << u"Finished without success; review the error before trying "
                               u"again."_s;
    QTest::newRow("unknown") << std::optional(WorkflowState::Unknown)
                             << u"A state this version of Registrar Watch does not know; shown "
                                u"as the API sent it."_s;
}

void TestWorkflowText::saysWhatEachStateMeans()
{
    QFETCH(std::optional<WorkflowState>, state);
    QTEST(workflowText::meaning(state), "meaning");
}

void TestWorkflowText::saysWhatCloudflareAnsweredBeforeAnyState_data()
{
    QTest::addColumn<TrackedWorkflow>("workflow");
    QTest::addColumn<QString>("label");
    QTest::addColumn<QString>("meaning");

    // Three "No workflow found" answers, then it gave up: that is what Cloudflare said, not
    // the absence of an answer.
    TrackedWorkflow none = tracked(std::nullopt, WatchState::GaveUp);
    ApiError noWorkflow;
    noWorkflow.kind = ApiErrorKind::NoWorkflow;
    noWorkflow.httpStatus = 404;
    noWorkflow.message = u"No workflow found for example.com"_s;
    none.lastError = noWorkflow;
    none.polls = 3;
    none.totalErrors = 3;
    none.noWorkflowAnswers = 3;
    none.stopReason = u"no workflow found"_s;
    const QString hint =
        u" It may not have started yet; otherwise check the domain and the kind of workflow "
        u"(update)."_s;
    QTest::newRow("no workflow found, gave up")
        << none << u"no workflow found"_s
        << u"Cloudflare answered that there is no such workflow (checked 3 times)."_s + hint;
    none.watch = WatchState::Watching;
    none.polls = none.totalErrors = none.noWorkflowAnswers = 1;
    QTest::newRow("no workflow found once")
        << none << u"no workflow found"_s
        << u"Cloudflare answered that there is no such workflow (checked once)."_s + hint;

    TrackedWorkflow failing = tracked(std::nullopt);
    failing.lastError = checkError(u"Cloudflare had a server error (503)."_s);
    failing.polls = failing.totalErrors = failing.consecutiveErrors = 2;
    QTest::newRow("checks failed")
        << failing << u"no answer yet"_s
        << u"Registrar Watch has asked, but has not had an answer yet."_s;

    // Refused for the account's credentials: the workflow was not asked about.
    TrackedWorkflow refused = tracked(std::nullopt);
    ApiError unauthorized;
    unauthorized.kind = ApiErrorKind::Unauthorized;
    unauthorized.httpStatus = 401;
    refused.lastError = unauthorized;
    refused.polls = refused.totalErrors = 1;
    QTest::newRow("credentials rejected")
        << refused << u"not checked yet"_s << u"Registrar Watch has not had an answer yet."_s;

    QTest::newRow("never asked") << tracked(std::nullopt) << u"not checked yet"_s
                                 << u"Registrar Watch has not had an answer yet."_s;
    QTest::newRow("answered") << tracked(status(u"in_progress"_s)) << u"in progress"_s
                              << u"Cloudflare is working on it."_s;
    // A later check that failed leaves what the last answer said.
    TrackedWorkflow answered = tracked(status(u"in_progress"_s));
    answered.lastError = noWorkflow;
    answered.polls = 4;
    answered.totalErrors = answered.noWorkflowAnswers = 1;
    QTest::newRow("answered, then no workflow found")
        << answered << u"in progress"_s << u"Cloudflare is working on it."_s;
    answered.lastError = checkError(u"Cloudflare had a server error (503)."_s);
    QTest::newRow("answered, then a check failed")
        << answered << u"in progress"_s << u"Cloudflare is working on it."_s;
}

void TestWorkflowText::saysWhatCloudflareAnsweredBeforeAnyState()
{
    QFETCH(TrackedWorkflow, workflow);
    QTEST(workflowText::stateLabel(workflow), "label");
    QTEST(workflowText::meaning(workflow), "meaning");
}

void TestWorkflowText::saysWhoABlockedWorkflowWaitsOn_data()
{
    QTest::addColumn<QJsonObject>("context");
    QTest::addColumn<QString>("domain");
    QTest::addColumn<QString>("meaning");
    QTest::addColumn<QString>("note");
    const QString helpless = u"; nothing you do will speed it up."_s;
    QTest::newRow("the registry") << QJsonObject{{u"waiting_on"_s, u"registry"_s}}
                                  << u"example.com"_s
                                  << u"Waiting on the .com registry"_s + helpless
                                  << u"Waiting on the .com registry."_s;
    QTest::newRow("the registry of an IDN")
        << QJsonObject{{u"waiting_on"_s, u"registry"_s}} << u"example.xn--p1ai"_s
        << u"Waiting on the .рф registry"_s + helpless << u"Waiting on the .рф registry."_s;
    QTest::newRow("the losing registrar")
        << QJsonObject{{u"waiting_on"_s, u"losing_registrar"_s}} << u"example.com"_s
        << u"Waiting on the losing registrar, which has up to 5 days to approve or reject the transfer"_s +
               helpless
        << u"Waiting on the losing registrar."_s;
    QTest::newRow("someone this version does not know")
        << QJsonObject{{u"waiting_on"_s, u"icann_review"_s}} << u"example.com"_s
        << u"Waiting on a third party (icann_review)"_s + helpless
        << u"Waiting on a third party (icann_review)."_s;
    QTest::newRow("nobody said")
        << QJsonObject{{u"step"_s, u"registry"_s}} << u"example.com"_s
        << u"Waiting on a third party (the registry or the losing registrar)"_s + helpless
        << u"Waiting on a third party."_s;
}

void TestWorkflowText::saysWhoABlockedWorkflowWaitsOn()
{
    QFETCH(QJsonObject, context);
    QFETCH(QString, domain);
    TrackedWorkflow workflow = tracked(status(u"blocked"_s, context));
    workflow.ref.domain = domain;
    QTEST(workflowText::meaning(workflow), "meaning");
    QTEST(workflowText::note(workflow), "note");
    // The status alone knows its domain from the context.
    context.insert(u"domain_name"_s, domain);
    QTEST(workflowText::note(status(u"blocked"_s, context)), "note");
}

void TestWorkflowText::notesWhatMattersAboutAStatus_data()
{
    QTest::addColumn<WorkflowStatus>("status");
    QTest::addColumn<QString>("note");
    QTest::newRow("pending") << status(u"pending"_s) << QString();
    QTest::newRow("in_progress") << status(u"in_progress"_s) << QString();
    QTest::newRow("succeeded") << status(u"succeeded"_s) << QString();
    QTest::newRow("action with confirmation")
        << status(u"action_required"_s, {{u"action"_s, u"Approve the transfer"_s},
                                         {u"confirmation_sent_to"_s, u"ops@example.com"_s}})
        << u"Needs you: Approve the transfer (sent to ops@example.com)"_s;
    QTest::newRow("action alone") << status(u"action_required"_s,
                                            {{u"action"_s, u"Approve the transfer"_s}})
                                  << u"Needs you: Approve the transfer"_s;
    QTest::newRow("action not said")
        << status(u"action_required"_s)
        << u"Needs you: Cloudflare did not say what to do; open the Cloudflare dashboard for "
           u"this domain."_s;
    QTest::newRow("blocked on someone")
        << status(u"blocked"_s, {{u"waiting_on"_s, u"losing_registrar"_s}})
        << u"Waiting on the losing registrar."_s;
    QTest::newRow("blocked") << status(u"blocked"_s) << u"Waiting on a third party."_s;
    QTest::newRow("failed") << status(u"failed"_s, {}, error(u"registry_rejected"_s, u"No."_s))
                            << u"registry_rejected: No."_s;
    // The parser's note says it too: nothing is hidden, even twice.
    QTest::newRow("failed without error")
        << status(u"failed"_s)
        << u"Cloudflare gave no reason. [note: the workflow failed but the API gave no error]"_s;
    QTest::newRow("error on a running workflow")
        << status(u"in_progress"_s, {}, error(u"slow_registry"_s, u"Taking long."_s))
        << u"slow_registry: Taking long."_s;
    QTest::newRow("unknown") << status(u"queued_for_review"_s)
                             << u"A state this version of Registrar Watch does not know; shown "
                                u"as the API sent it."_s;
}

void TestWorkflowText::notesWhatMattersAboutAStatus()
{
    QFETCH(WorkflowStatus, status);
    QTEST(workflowText::note(status), "note");
    // A watched workflow without trouble of its own notes what its status does.
    QTEST(workflowText::note(tracked(status)), "note");
}

void TestWorkflowText::notesWhyWatchingStoppedOrFailed_data()
{
    QTest::addColumn<TrackedWorkflow>("workflow");
    QTest::addColumn<QString>("note");

    TrackedWorkflow gaveUp = tracked(status(u"blocked"_s), WatchState::GaveUp);
    gaveUp.stopReason = u"blocked for 7d without change"_s;
    QTest::newRow("gave up") << gaveUp << u"Stopped watching: blocked for 7d without change."_s;

    TrackedWorkflow failing = tracked(status(u"in_progress"_s));
    failing.lastError = checkError(u"Cloudflare had a server error (503)."_s);
    failing.consecutiveErrors = 1;
    QTest::newRow("last check failed")
        << failing << u"Last check failed: Cloudflare had a server error (503)."_s;
    failing.consecutiveErrors = 3;
    QTest::newRow("checks failed in a row")
        << failing << u"Last check failed (3 in a row): Cloudflare had a server error (503)."_s;

    TrackedWorkflow never = tracked(std::nullopt);
    never.lastError = checkError(u"No workflow found for example.com"_s);
    never.consecutiveErrors = 1;
    // Before any answer the error is the whole story ("Cloudflare rejected the credentials...").
    QTest::newRow("never answered") << never << u"No workflow found for example.com"_s;

    // A failed workflow's own error matters more than a later check's.
    TrackedWorkflow failed = tracked(
        status(u"failed"_s, {}, error(u"registry_rejected"_s, u"No."_s)), WatchState::Settled);
    failed.lastError = checkError(u"Cloudflare had a server error (503)."_s);
    QTest::newRow("failed, then a check failed") << failed << u"registry_rejected: No."_s;

    QTest::newRow("not checked yet") << tracked(std::nullopt) << QString();
}

void TestWorkflowText::notesWhyWatchingStoppedOrFailed()
{
    QFETCH(TrackedWorkflow, workflow);
    QTEST(workflowText::note(workflow), "note");
}

void TestWorkflowText::saysWhatHappensNext_data()
{
    QTest::addColumn<WorkflowFacts>("facts");
    QTest::addColumn<QString>("next");
    const auto facts = [](TrackedWorkflow workflow, bool inFlight = false,
                          PollEngine::AccountStatus account = {}) {
        return WorkflowFacts{std::move(workflow), inFlight, std::move(account), now};
    };

    TrackedWorkflow fresh = tracked(std::nullopt);
    fresh.nextPollAt = now.addSecs(2);
    QTest::newRow("not checked yet")
        << facts(fresh)
        << u"Not checked yet; checked again %1."_s.arg(in(u"2s"_s, fresh.nextPollAt));
    QTest::newRow("being checked")
        << facts(fresh, true) << u"Not checked yet; being checked now."_s;

    TrackedWorkflow running = tracked(status(u"in_progress"_s));
    running.nextPollAt = now.addMSecs(29'001); // rounded up: never "in 0s" before it is due
    QTest::newRow("watching") << facts(running)
                              << u"Checked again %1."_s.arg(in(u"30s"_s, running.nextPollAt));
    running.nextPollAt = {};
    QTest::newRow("waiting for the budget") << facts(running) << u"Waiting for its turn."_s;

    TrackedWorkflow failing = tracked(status(u"in_progress"_s));
    failing.nextPollAt = now.addSecs(60);
    failing.lastError = checkError(u"Cloudflare had a server error (503)."_s);
    failing.consecutiveErrors = 2;
    QTest::newRow("after failed checks")
        << facts(failing)
        << u"Last check failed (2 in a row): Cloudflare had a server error (503).\nChecked "
           u"again %1."_s.arg(in(u"1m"_s, failing.nextPollAt));

    TrackedWorkflow blocked = tracked(status(u"blocked"_s));
    blocked.stateSince = now.addSecs(-3 * 3600 - 12 * 60);
    blocked.nextPollAt = now.addSecs(1800);
    QTest::newRow("blocked") << facts(blocked)
                             << u"Blocked for 3h 12m; checked again %1. Blocked workflows are "
                                u"checked less often, up to hourly."_s.arg(
                                    in(u"30m"_s, blocked.nextPollAt));
    QTest::newRow("rate limited")
        << facts(blocked, false, held(RequestBudget::Hold::RateLimited, rateLimited))
        << u"Blocked for 3h 12m; checked again %1. Blocked workflows are checked less often, "
           u"up to hourly.\n%2"_s.arg(in(u"30m"_s, blocked.nextPollAt), rateLimited);

    // Due, and not asked: the words say why it waits, not "in 0s".
    PollEngine::AccountStatus busy;
    busy.sentInWindow = 900;
    busy.budget = 900;
    busy.window = std::chrono::minutes(5);
    busy.waiting = 12;
    TrackedWorkflow due = tracked(status(u"in_progress"_s));
    due.nextPollAt = now.addSecs(-40);
    QTest::newRow("due, waiting for the budget")
        << facts(due, false, busy)
        << u"Due since %1, waiting for the API budget (900 of 900 requests in the last "
           u"5m, 12 checks waiting)."_s.arg(clock(due.nextPollAt));
    TrackedWorkflow dueFirst = tracked(std::nullopt);
    dueFirst.nextPollAt = now;
    busy.waiting = 1;
    QTest::newRow("due now, never checked")
        << facts(dueFirst, false, busy)
        << u"Not checked yet; due since %1, waiting for the API budget (900 of 900 "
           u"requests in the last 5m, 1 check waiting)."_s.arg(clock(now));
    // The window has room; the burst is spent and the due go one after the other: the wait is
    // the queue's at the budget's pace, not a full budget.
    PollEngine::AccountStatus paced;
    paced.sentInWindow = 98;
    paced.budget = 900;
    paced.window = std::chrono::minutes(5);
    paced.waiting = 183;
    paced.pace = 2.9;
    QTest::newRow("due, waiting its turn")
        << WorkflowFacts{due, false, paced, now, std::chrono::seconds(75), {}, 182}
        << u"Due since %1, waiting its turn: 182 checks are due before it at the budget's pace (3 "
           u"a second), about 2 min."_s.arg(clock(due.nextPollAt));
    paced.pace = 0.05; // 20 per 5 minutes, 5 of them a burst
    QTest::newRow("due, next in line")
        << WorkflowFacts{due, false, paced, now, std::chrono::seconds(12), {}, 0}
        << u"Due since %1, waiting its turn: it is next at the budget's pace (3 a minute), under "
           u"a minute."_s.arg(clock(due.nextPollAt));
    paced.pace = 0;
    QTest::newRow("due, waiting its turn, pace unknown")
        << facts(due, false, paced)
        << u"Due since %1, waiting its turn for the API budget."_s.arg(clock(due.nextPollAt));
    PollEngine::AccountStatus atOnce;
    atOnce.sentInWindow = 40;
    atOnce.budget = 900;
    atOnce.window = std::chrono::minutes(5);
    atOnce.waiting = 3;
    atOnce.inFlight = 4;
    atOnce.maxInFlight = 4;
    QTest::newRow("due, as many requests at once as allowed")
        << facts(due, false, atOnce)
        << u"Due since %1, waiting for a request to finish (at most 4 at once for the account, 3 "
           u"checks waiting)."_s.arg(clock(due.nextPollAt));
    PollEngine::AccountStatus heldBusy = held(RequestBudget::Hold::RateLimited, rateLimited);
    QTest::newRow("due, account held")
        << facts(due, false, heldBusy)
        << u"Due since %1, waiting for the account's hold to end.\n%2"_s.arg(clock(due.nextPollAt),
                                                                             rateLimited);
    QTest::newRow("due, being checked") << facts(due, true, busy) << u"Being checked now."_s;

    QTest::newRow("paused") << facts(tracked(status(u"in_progress"_s), WatchState::Paused))
                            << u"Paused by you: not checked until you resume it."_s;
    QTest::newRow("needs the operator")
        << facts(tracked(status(u"action_required"_s), WatchState::NeedsOperator))
        << u"Checks have stopped: Cloudflare waits for you. Once done, resume it in Registrar "
           u"Watch."_s;
    // Resumed by the operator, and Cloudflare still waits for them: say so, not the same words
    // as before the resume.
    TrackedWorkflow resumed = tracked(status(u"action_required"_s), WatchState::NeedsOperator);
    resumed.trackedAt = now.addSecs(-3600);
    resumed.stateSince = now.addSecs(-1800);
    resumed.watchingSince = now.addSecs(-5);
    resumed.lastCheckedAt = now.addSecs(-3);
    resumed.pollsInState = 2;
    QTest::newRow("resumed, still needs the operator")
        << facts(resumed)
        << u"You resumed it at %1; Cloudflare still says it needs you (checked %2). Once done, "
           u"resume it again."_s.arg(clock(resumed.watchingSince), clock(resumed.lastCheckedAt));
    // Checked again without a resume (Check now): the same news, without the resume.
    TrackedWorkflow rechecked = resumed;
    rechecked.watchingSince = rechecked.trackedAt;
    QTest::newRow("checked again, still needs the operator")
        << facts(rechecked)
        << u"Checked again at %1: Cloudflare still waits for you. Once done, resume it in "
           u"Registrar Watch."_s.arg(clock(rechecked.lastCheckedAt));
    // Resumed, and the answer has not come yet: nothing to say about it yet.
    TrackedWorkflow asking = resumed;
    asking.watch = WatchState::Watching;
    asking.nextPollAt = now.addSecs(1);
    QTest::newRow("resumed, being checked") << facts(asking, true) << u"Being checked now."_s;

    QTest::newRow("settled") << facts(tracked(status(u"succeeded"_s), WatchState::Settled))
                             << u"Finished: no more checks."_s;
    TrackedWorkflow gaveUp = tracked(status(u"pending"_s), WatchState::GaveUp);
    gaveUp.stopReason = u"still pending after 2d"_s;
    QTest::newRow("gave up") << facts(gaveUp)
                             << u"Stopped watching: still pending after 2d. Resume it in "
                                u"Registrar Watch to watch it again."_s;
    const QString rejected = u"Cloudflare rejected the credentials; no requests for this account "
                             u"until they change."_s;
    QTest::newRow("gave up, credentials rejected")
        << facts(gaveUp, false, held(RequestBudget::Hold::CredentialsRejected, rejected))
        << u"Stopped watching: still pending after 2d. Resume it in Registrar Watch to watch it "
           u"again.\n%1"_s.arg(rejected);
    // No check is planned while the secret is missing: no countdown to a time already past.
    const QString missing = u"Waiting for the secret: enter it in Settings. Nothing is sent "
                            u"until then."_s;
    TrackedWorkflow unsent = tracked(std::nullopt);
    unsent.nextPollAt = now.addSecs(-600);
    QTest::newRow("secret missing")
        << facts(unsent, false, held(RequestBudget::Hold::CredentialsMissing, missing)) << missing;
}

void TestWorkflowText::saysWhatHappensNext()
{
    QFETCH(WorkflowFacts, facts);
    QTEST(workflowText::nextStep(facts), "next");
}

void TestWorkflowText::notesAMissingSecretOnWatchedRows()
{
    const QString missing = u"Waiting for the secret: enter it in Settings. Nothing is sent "
                            u"until then."_s;
    PollEngine::AccountStatus account = held(RequestBudget::Hold::CredentialsMissing, missing);
    QCOMPARE(workflowText::note(WorkflowFacts{tracked(std::nullopt), false, account, now}),
             missing);
    // What has ended keeps its own note.
    const TrackedWorkflow done = tracked(status(u"succeeded"_s), WatchState::Settled);
    QCOMPARE(workflowText::note(WorkflowFacts{done, false, account, now}),
             workflowText::note(done));
    // No time for a next check that is not planned.
    TrackedWorkflow unsent = tracked(std::nullopt);
    unsent.nextPollAt = now.addSecs(-600);
    const QStringList facts = workflowText::facts(WorkflowFacts{unsent, false, account, now});
    QVERIFY2(facts.contains(u"Next check: none until the credentials are there"_s),
             qPrintable(facts.join(u'\n')));
    QCOMPARE(workflowText::facts(WorkflowFacts{done, false, account, now}),
             workflowText::facts(done));
}

void TestWorkflowText::countsDownOnlyWhileSomethingIsDue_data()
{
    QTest::addColumn<int>("watch");
    QTest::addColumn<int>("hold");
    QTest::addColumn<bool>("ages");
    QTest::newRow("watching") << int(WatchState::Watching) << int(RequestBudget::Hold::None)
                              << true;
    QTest::newRow("paused") << int(WatchState::Paused) << int(RequestBudget::Hold::None) << false;
    QTest::newRow("settled") << int(WatchState::Settled) << int(RequestBudget::Hold::None) << false;
    QTest::newRow("needs the operator")
        << int(WatchState::NeedsOperator) << int(RequestBudget::Hold::None) << false;
    QTest::newRow("gave up") << int(WatchState::GaveUp) << int(RequestBudget::Hold::None) << false;
    // A hold ends at a time the words tell.
    QTest::newRow("paused, account held")
        << int(WatchState::Paused) << int(RequestBudget::Hold::RateLimited) << true;
}

void TestWorkflowText::countsDownOnlyWhileSomethingIsDue()
{
    QFETCH(int, watch);
    QFETCH(int, hold);
    const WorkflowFacts facts{tracked(status(u"in_progress"_s), WatchState(watch)), false,
                              held(RequestBudget::Hold(hold), rateLimited), now};
    QTEST(workflowText::nextStepAges(facts), "ages");
}

void TestWorkflowText::saysWhatTheOperatorMustDo_data()
{
    QTest::addColumn<WorkflowStatus>("status");
    QTest::addColumn<QStringList>("lines");
    QTest::newRow("action and confirmation")
        << status(u"action_required"_s, {{u"action"_s, u"Confirm the new registrant email"_s},
                                         {u"confirmation_sent_to"_s, u"ops@example.com"_s}})
        << QStringList{u"What to do: Confirm the new registrant email"_s,
                       u"The confirmation was sent to ops@example.com."_s};
    QTest::newRow("action alone") << status(u"action_required"_s,
                                            {{u"action"_s, u"Approve the transfer"_s}})
                                  << QStringList{u"What to do: Approve the transfer"_s};
    QTest::newRow("nothing said")
        << status(u"action_required"_s)
        << QStringList{u"Cloudflare did not say what to do; open the Cloudflare dashboard for "
                       u"this domain."_s};
}

void TestWorkflowText::saysWhatTheOperatorMustDo()
{
    QFETCH(WorkflowStatus, status);
    QTEST(workflowText::whatToDo(status), "lines");
    QCOMPARE(workflowText::resumeWhenDone(), u"Once done, resume it in Registrar Watch."_s);
}

void TestWorkflowText::givesTheFailureReasonAsTheApiSaidIt_data()
{
    QTest::addColumn<WorkflowStatus>("status");
    QTest::addColumn<QString>("reason");
    QTest::newRow("code and message")
        << status(u"failed"_s, {}, error(u"registry_rejected"_s, u"The registry said no."_s))
        << u"registry_rejected: The registry said no."_s;
    QTest::newRow("code alone") << status(u"failed"_s, {}, error(u"registry_rejected"_s, {}))
                                << u"registry_rejected"_s;
    QTest::newRow("no error") << status(u"failed"_s) << u"Cloudflare gave no reason."_s;
}

void TestWorkflowText::givesTheFailureReasonAsTheApiSaidIt()
{
    QFETCH(WorkflowStatus, status);
    QTEST(workflowText::failureReason(status), "reason");
    QCOMPARE(workflowText::failureIsFinal(), u"A failed workflow is not retried."_s);
}

void TestWorkflowText::saysWhyWatchingStopped_data()
{
    QTest::addColumn<QString>("reason");
    QTest::addColumn<QString>("sentence");
    QTest::newRow("a phrase") << u"no workflow found"_s
                              << u"Stopped watching: no workflow found."_s;
    QTest::newRow("a sentence") << u"Blocked for 7d without a change."_s
                                << u"Stopped watching: Blocked for 7d without a change."_s;
    QTest::newRow("no reason") << QString() << u"Stopped watching."_s;
}

void TestWorkflowText::saysWhyWatchingStopped()
{
    QFETCH(QString, reason);
    TrackedWorkflow workflow = tracked(status(u"pending"_s), WatchState::GaveUp);
    workflow.stopReason = reason;
    QTEST(workflowText::whyStopped(workflow), "sentence");
    QCOMPARE(workflowText::resumeToWatchAgain(),
             u"Resume it in Registrar Watch to watch it again."_s);
}

void TestWorkflowText::saysWhatIsDoneInTheWordsOfItsKind_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("sentence");
    QTest::newRow("update") << int(WorkflowKind::Update)
                            << u"The update of bücher.example is done."_s;
    QTest::newRow("registration") << int(WorkflowKind::Registration)
                                  << u"bücher.example is registered."_s;
    QTest::newRow("transfer-in") << int(WorkflowKind::TransferIn)
                                 << u"The transfer of bücher.example to Cloudflare is complete."_s;
}

void TestWorkflowText::saysWhatIsDoneInTheWordsOfItsKind()
{
    QFETCH(int, kind);
    TrackedWorkflow workflow = tracked(status(u"succeeded"_s), WatchState::Settled);
    workflow.ref.domain = u"xn--bcher-kva.example"_s; // said in Unicode
    workflow.ref.kind = WorkflowKind(kind);
    QTEST(workflowText::done(workflow), "sentence");
}

void TestWorkflowText::listsTheFactsAndErrors()
{
    TrackedWorkflow workflow = tracked(
        status(u"failed"_s, {}, error(u"registry_rejected"_s, u"No."_s)), WatchState::Settled);
    workflow.status->anomalies.append(u"an oddity"_s);
    workflow.trackedAt = now.addSecs(-600);
    workflow.lastCheckedAt = now;
    workflow.nextPollAt = now.addSecs(60); // not shown: it is not watched
    workflow.polls = 4;
    workflow.totalErrors = 1;
    workflow.muted = true;
    QCOMPARE(workflowText::facts(workflow),
             (QStringList{u"Completed: yes"_s,
                          u"Created: %1"_s.arg(workflowText::when(now.addSecs(-7200))),
                          u"Updated: %1"_s.arg(workflowText::when(now.addSecs(-3600))),
                          u"Watched since: %1"_s.arg(workflowText::when(now.addSecs(-600))),
                          u"Last checked: %1"_s.arg(workflowText::when(now)), u"Next check: none"_s,
                          u"Checks: 4, failed: 1"_s, u"Notifications: muted (Ctrl+M to unmute)"_s,
                          u"Note: an oddity"_s}));
    QCOMPARE(workflowText::errors(workflow), QStringList{u"registry_rejected: No."_s});
    workflow.lastError = checkError(u"Cloudflare had a server error (503)."_s);
    workflow.consecutiveErrors = 1;
    QCOMPARE(workflowText::errors(workflow),
             (QStringList{u"registry_rejected: No."_s,
                          u"Last check failed: Cloudflare had a server error (503)."_s}));

    // Not answered yet: what the engine knows, and moments it does not know yet as "—".
    const TrackedWorkflow fresh = tracked(std::nullopt);
    QCOMPARE(workflowText::facts(fresh),
             (QStringList{u"Watched since: —"_s, u"Last checked: —"_s, u"Next check: —"_s,
                          u"Checks: 0, failed: 0"_s, u"Notifications: on"_s}));
    QCOMPARE(workflowText::errors(fresh), QStringList());
    QCOMPARE(workflowText::when(now),
             QLocale().toString(now.toLocalTime(), u"yyyy-MM-dd HH:mm:ss"_s));
}

void TestWorkflowText::identifiesTheWorkflowAndItsLinks()
{
    TrackedWorkflow workflow = tracked(std::nullopt);
    QCOMPARE(workflowText::identity(workflow),
             u"update workflow · account 023e105f4ecef8ad9ca31a8372d0c353"_s);
    QCOMPARE(workflowText::links(workflow),
             QStringList{u"Status: /accounts/023e105f4ecef8ad9ca31a8372d0c353/registrar/"
                         u"registrations/example.com/update-status"_s});
    QCOMPARE(workflowText::kindLabel(workflow.ref), u"update"_s);
    workflow.ref.account.sandbox = true;
    workflow.ref.domain = u"xn--bcher-kva.example"_s;
    workflow.ref.kind = WorkflowKind::TransferIn;
    QCOMPARE(workflowText::kindLabel(workflow.ref), u"transfer-in (sandbox)"_s);
    QCOMPARE(workflowText::identity(workflow),
             u"transfer-in workflow · account 023e105f4ecef8ad9ca31a8372d0c353 · sandbox · "
             u"xn--bcher-kva.example"_s);

    workflow.status = status(u"in_progress"_s);
    QCOMPARE(workflowText::links(workflow), (QStringList{u"Status: /s"_s, u"Resource: —"_s}));
    workflow.status->resourceLink = u"/r"_s;
    QCOMPARE(workflowText::links(workflow), (QStringList{u"Status: /s"_s, u"Resource: /r"_s}));

    ApiMessage message{1004, u"DNS Validation Error"_s, {}, {}};
    QCOMPARE(workflowText::apiMessage(message), u"DNS Validation Error"_s);
    message.sourcePointer = u"/domain_name"_s;
    message.documentationUrl = u"https://developers.cloudflare.com/api/"_s;
    QCOMPARE(workflowText::apiMessage(message),
             u"DNS Validation Error (at /domain_name) — https://developers.cloudflare.com/api/"_s);
}

void TestWorkflowText::showsTheLastAnswerAsReceived()
{
    TrackedWorkflow workflow = tracked(std::nullopt);
    QCOMPARE(workflowText::lastAnswer(workflow), u"(no answer yet)"_s);
    workflow.lastBody = R"({"success":true,"result":{"state":"pending"}})";
    const QString indented = workflowText::lastAnswer(workflow);
    QCOMPARE(QJsonDocument::fromJson(indented.toUtf8()),
             QJsonDocument::fromJson(workflow.lastBody));
    QVERIFY2(indented.contains(u"\n    \"result\": {\n"_s), qPrintable(indented));
    workflow.lastBody = "<html>Bad gateway</html>";
    QCOMPARE(workflowText::lastAnswer(workflow), u"<html>Bad gateway</html>"_s);
}

void TestWorkflowText::saysTimesAreLocalWithUtcAtHand()
{
    // Local time, and the zone said once; UTC where the operator points.
    QCOMPARE(workflowText::when(now), u"2026-03-01 13:00:00"_s);
    QCOMPARE(workflowText::when(now, workflowText::Zone::Utc), u"2026-03-01 12:00:00 UTC"_s);
    QCOMPARE(workflowText::when(QDateTime()), u"—"_s);
    QCOMPARE(workflowText::zoneNote(now), u"Times are local (CET, UTC+01:00)."_s);
    const QDateTime summer(QDate(2026, 7, 1), QTime(12, 0), QTimeZone::utc());
    QCOMPARE(workflowText::zoneNote(summer), u"Times are local (CEST, UTC+02:00)."_s);
    QCOMPARE(workflowText::timeTip(now), u"2026-03-01 13:00:00 CET\n2026-03-01 12:00:00 UTC"_s);
    QCOMPARE(workflowText::timeTip(QDateTime()), QString());
    // A time of day in a sentence says its zone too.
    QCOMPARE(workflowText::timeOfDay(now), u"13:00:00 CET"_s);
    QCOMPARE(workflowText::timeOfDay(summer), u"14:00:00 CEST"_s);

    TrackedWorkflow workflow = tracked(status(u"in_progress"_s));
    workflow.trackedAt = now.addSecs(-600);
    workflow.lastCheckedAt = now;
    workflow.nextPollAt = now.addSecs(60);
    const QStringList utc = workflowText::facts(workflow, workflowText::Zone::Utc);
    QVERIFY2(utc.contains(u"Last checked: 2026-03-01 12:00:00 UTC"_s), qPrintable(utc.join(u'\n')));
    QVERIFY2(utc.contains(u"Next check: 2026-03-01 12:01:00 UTC"_s), qPrintable(utc.join(u'\n')));
    QVERIFY2(utc.contains(u"Updated: 2026-03-01 11:00:00 UTC"_s), qPrintable(utc.join(u'\n')));
    const QStringList local = workflowText::facts(workflow);
    QVERIFY2(local.contains(u"Last checked: 2026-03-01 13:00:00"_s), qPrintable(local.join(u'\n')));

    // Where the local zone is UTC, it says just that.
    qputenv("TZ", "UTC");
    tzset();
    QCOMPARE(workflowText::zoneNote(now), u"Times are local (UTC)."_s);
    QCOMPARE(workflowText::timeTip(now), u"2026-03-01 12:00:00 UTC"_s);
    QCOMPARE(workflowText::timeOfDay(now), u"12:00:00 UTC"_s);
    // A zone the system has no name for says its offset.
    qputenv("TZ", "Asia/Dubai");
    tzset();
    QCOMPARE(workflowText::timeOfDay(now), u"16:00:00 UTC+04:00"_s);
    qputenv("TZ", "Europe/Berlin");
    tzset();
}

void TestWorkflowText::listsAFailedCheck()
{
    // Time, kind, HTTP status and message: one row of the details' list.
    ApiError server = checkError(u"Cloudflare had a server error (503)."_s);
    QCOMPARE(workflowText::failedCheck(FailedCheck{1, now, server}),
             (QStringList{u"2026-03-01 13:00:00"_s, u"server"_s, u"503"_s,
                          u"Cloudflare had a server error (503)."_s}));
    ApiError offline;
    offline.kind = ApiErrorKind::Network;
    offline.message = u"Could not connect."_s;
    QCOMPARE(
        workflowText::failedCheck(FailedCheck{1, now, offline}),
        (QStringList{u"2026-03-01 13:00:00"_s, u"network"_s, u"—"_s, u"Could not connect."_s}));
    ApiError none;
    none.kind = ApiErrorKind::NoWorkflow;
    none.httpStatus = 404;
    QCOMPARE(workflowText::failedCheck(FailedCheck{1, now, none}).at(1), u"no workflow"_s);
}

QTEST_GUILESS_MAIN(TestWorkflowText)
#include "tst_workflowtext.moc"
