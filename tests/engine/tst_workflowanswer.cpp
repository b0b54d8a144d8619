// What one answer means for what is known of a workflow: the state change it makes and when that
// state began, the counters of errors, and the facts the policy decides on.

#include "engine/WorkflowAnswer.h"

#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using namespace rw;

namespace {

const QDateTime start(QDate(2026, 3, 1), QTime(12, 0), QTimeZone::utc());

TrackedWorkflow tracked()
{
    TrackedWorkflow workflow;
    workflow.id = 7;
    workflow.trackedAt = start;
    workflow.watchingSince = start;
    return workflow;
}

ApiResult<WorkflowStatus> answer(const QString &state, const QDateTime &updatedAt = {})
{
    WorkflowStatus status;
    status.stateText = state;
    status.state = state == u"in_progress" ? WorkflowState::InProgress
                   : state == u"blocked"   ? WorkflowState::Blocked
                   : state == u"pending"   ? WorkflowState::Pending
                                           : WorkflowState::Unknown;
    status.updatedAt = updatedAt;
    status.raw = QJsonObject{{u"state"_s, state}};
    ApiResult<WorkflowStatus> result;
    result.response.httpStatus = 200;
    result.response.body = "answer: " + state.toUtf8();
    result.value = status;
    return result;
}

ApiResult<WorkflowStatus> failure(ApiError::Kind kind, int httpStatus = 0,
                                  std::chrono::seconds retryAfter = 0s)
{
    ApiError error;
    error.kind = kind;
    error.httpStatus = httpStatus;
    error.retryAfter = retryAfter;
    ApiResult<WorkflowStatus> result;
    result.response.httpStatus = httpStatus;
    if (httpStatus != 0)
        result.response.body = "error " + QByteArray::number(httpStatus);
    result.error = error;
    return result;
}

} // namespace

class TestWorkflowAnswer : public QObject
{
    Q_OBJECT
private slots:
    void firstAnswerIsAChangeFromNothing();
    void sameStateAgainIsNoChange();
    void newStateNamesTheOneBefore();
    void stateBeginsWhenTheApiSays();
    void stateNeverBeginsInTheFuture();
    void stateNeverBeginsBeforeTheOneBefore();
    void takesTheStatusLink();
    void remembersLeavingTheActiveStates();
    void errorKeepsTheStatusAndCounts();
    void noAnswerKeepsTheLastBody();
    void accountProblemsAreNotTheWorkflowsErrors();
    void answerAfterErrorsClearsThem();
    void aFailedCheckIsKeptAsItFailed();
    void factsCountTimeFromTheStateOrTheWatch();
    void factsRestartTheLimitsOnResume();
    void factsCarryTheErrorAndItsHint();
};

void TestWorkflowAnswer::aFailedCheckIsKeptAsItFailed()
{
    // Every check that failed, whatever the kind, is kept for the details (the store keeps the
    // last few); a good answer is not a failed check.
    const TrackedWorkflow workflow = tracked();
    const QDateTime now = start.addSecs(20);
    for (const auto kind :
         {ApiErrorKind::NoWorkflow, ApiErrorKind::Server, ApiErrorKind::RateLimited,
          ApiErrorKind::Unauthorized, ApiErrorKind::Network}) {
        const auto result = failure(kind, kind == ApiErrorKind::Network ? 0 : 404, 7s);
        const std::optional<FailedCheck> check = failedCheckOf(workflow, result, now);
        QVERIFY(check.has_value());
        QCOMPARE(check->workflowId, qint64(7));
        QCOMPARE(check->checkedAt, now);
        QCOMPARE(check->error.kind, kind);
        QCOMPARE(check->error.httpStatus, result.error->httpStatus);
        QCOMPARE(check->error.retryAfter, 7s);
    }
    QCOMPARE(failedCheckOf(workflow, answer(u"pending"_s), now).has_value(), false);
}

void TestWorkflowAnswer::firstAnswerIsAChangeFromNothing()
{
    TrackedWorkflow workflow = tracked();
    const QDateTime now = start.addSecs(2);
    const auto change = recordAnswer(workflow, answer(u"pending"_s), now);
    QVERIFY(change.has_value());
    QCOMPARE(change->workflowId, qint64(7));
    QCOMPARE(change->observedAt, now);
    QCOMPARE(change->fromState, std::nullopt);
    QCOMPARE(change->toState, u"pending"_s);
    QCOMPARE(change->status.value(u"state"_s).toString(), u"pending"_s);
    QCOMPARE(workflow.polls, 1);
    QCOMPARE(workflow.pollsInState, 1);
    QCOMPARE(workflow.lastCheckedAt, now);
    QCOMPARE(workflow.lastChangedAt, now);
    QCOMPARE(workflow.lastBody, QByteArray("answer: pending"));
    QCOMPARE(workflow.state(), WorkflowState::Pending);
}

void TestWorkflowAnswer::sameStateAgainIsNoChange()
{
    TrackedWorkflow workflow = tracked();
    (void)recordAnswer(workflow, answer(u"in_progress"_s), start.addSecs(2));
    const auto change = recordAnswer(workflow, answer(u"in_progress"_s), start.addSecs(5));
    QCOMPARE(change.has_value(), false);
    QCOMPARE(workflow.polls, 2);
    QCOMPARE(workflow.pollsInState, 2);
    QCOMPARE(workflow.lastCheckedAt, start.addSecs(5));
    QCOMPARE(workflow.lastChangedAt, start.addSecs(2));
}

void TestWorkflowAnswer::newStateNamesTheOneBefore()
{
    TrackedWorkflow workflow = tracked();
    (void)recordAnswer(workflow, answer(u"in_progress"_s), start.addSecs(2));
    (void)recordAnswer(workflow, answer(u"in_progress"_s), start.addSecs(5));
    const auto change = recordAnswer(workflow, answer(u"blocked"_s), start.addSecs(9));
    QVERIFY(change.has_value());
    QCOMPARE(change->fromState, u"in_progress"_s);
    QCOMPARE(change->toState, u"blocked"_s);
    QCOMPARE(workflow.pollsInState, 1);
    QCOMPARE(workflow.polls, 3);
}

void TestWorkflowAnswer::stateBeginsWhenTheApiSays()
{
    TrackedWorkflow workflow = tracked();
    (void)recordAnswer(workflow, answer(u"in_progress"_s, start.addSecs(-3600)), start);
    QCOMPARE(workflow.stateSince, start.addSecs(-3600));
    QCOMPARE(workflow.lastChangedAt, start); // when we saw it
}

void TestWorkflowAnswer::stateNeverBeginsInTheFuture()
{
    TrackedWorkflow workflow = tracked();
    (void)recordAnswer(workflow, answer(u"in_progress"_s, start.addSecs(60)), start);
    QCOMPARE(workflow.stateSince, start);
    TrackedWorkflow undated = tracked();
    (void)recordAnswer(undated, answer(u"in_progress"_s), start);
    QCOMPARE(undated.stateSince, start);
}

void TestWorkflowAnswer::stateNeverBeginsBeforeTheOneBefore()
{
    // An updated_at older than the state we saw before cannot be when the new one began.
    TrackedWorkflow workflow = tracked();
    (void)recordAnswer(workflow, answer(u"in_progress"_s, start.addSecs(-60)), start);
    (void)recordAnswer(workflow, answer(u"blocked"_s, start.addSecs(-120)), start.addSecs(30));
    QCOMPARE(workflow.stateSince, start.addSecs(30));
}

void TestWorkflowAnswer::takesTheStatusLink()
{
    TrackedWorkflow workflow = tracked();
    workflow.selfLink = u"/given"_s;
    ApiResult<WorkflowStatus> linked = answer(u"pending"_s);
    linked.value->selfLink = u"/from-the-api"_s;
    (void)recordAnswer(workflow, linked, start);
    QCOMPARE(workflow.selfLink, u"/from-the-api"_s);
    (void)recordAnswer(workflow, answer(u"pending"_s), start.addSecs(3)); // none: kept
    QCOMPARE(workflow.selfLink, u"/from-the-api"_s);
}

void TestWorkflowAnswer::remembersLeavingTheActiveStates()
{
    TrackedWorkflow workflow = tracked();
    (void)recordAnswer(workflow, answer(u"in_progress"_s), start);
    QVERIFY(!workflow.leftActive);
    (void)recordAnswer(workflow, answer(u"blocked"_s), start.addSecs(60));
    QVERIFY(workflow.leftActive);
    (void)recordAnswer(workflow, answer(u"in_progress"_s), start.addSecs(120));
    QVERIFY(workflow.leftActive); // for good
}

void TestWorkflowAnswer::errorKeepsTheStatusAndCounts()
{
    TrackedWorkflow workflow = tracked();
    (void)recordAnswer(workflow, answer(u"in_progress"_s), start);
    const auto change =
        recordAnswer(workflow, failure(ApiError::Kind::Server, 503), start.addSecs(5));
    QCOMPARE(change.has_value(), false);
    QCOMPARE(workflow.state(), WorkflowState::InProgress);
    QCOMPARE(workflow.lastError->kind, ApiError::Kind::Server);
    QCOMPARE(workflow.lastBody, QByteArray("error 503")); // an HTTP answer, kept as received
    QCOMPARE(workflow.polls, 2);
    QCOMPARE(workflow.lastCheckedAt, start.addSecs(5));
    (void)recordAnswer(workflow, failure(ApiError::Kind::NoWorkflow, 404), start.addSecs(10));
    QCOMPARE(workflow.totalErrors, 2);
    QCOMPARE(workflow.consecutiveErrors, 2);
    QCOMPARE(workflow.noWorkflowAnswers, 1);
}

void TestWorkflowAnswer::noAnswerKeepsTheLastBody()
{
    TrackedWorkflow workflow = tracked();
    (void)recordAnswer(workflow, answer(u"in_progress"_s), start);
    (void)recordAnswer(workflow, failure(ApiError::Kind::Timeout), start.addSecs(30));
    QCOMPARE(workflow.lastBody, QByteArray("answer: in_progress"));
    QCOMPARE(workflow.lastError->kind, ApiError::Kind::Timeout);
}

void TestWorkflowAnswer::accountProblemsAreNotTheWorkflowsErrors()
{
    // 401, 403 and 429 hold the account; the workflow's backoff does not grow.
    TrackedWorkflow workflow = tracked();
    (void)recordAnswer(workflow, failure(ApiError::Kind::Unauthorized, 401), start);
    (void)recordAnswer(workflow, failure(ApiError::Kind::Forbidden, 403), start.addSecs(1));
    (void)recordAnswer(workflow, failure(ApiError::Kind::RateLimited, 429, 7s), start.addSecs(2));
    QCOMPARE(workflow.consecutiveErrors, 0);
    QCOMPARE(workflow.totalErrors, 3);
}

void TestWorkflowAnswer::answerAfterErrorsClearsThem()
{
    TrackedWorkflow workflow = tracked();
    (void)recordAnswer(workflow, failure(ApiError::Kind::NoWorkflow, 404), start);
    (void)recordAnswer(workflow, failure(ApiError::Kind::Network), start.addSecs(20));
    (void)recordAnswer(workflow, answer(u"pending"_s), start.addSecs(40));
    QVERIFY(!workflow.lastError);
    QCOMPARE(workflow.consecutiveErrors, 0);
    QCOMPARE(workflow.noWorkflowAnswers, 0);
    QCOMPARE(workflow.totalErrors, 2); // the history of errors stays
}

void TestWorkflowAnswer::factsCountTimeFromTheStateOrTheWatch()
{
    TrackedWorkflow workflow = tracked();
    PollFacts facts = pollFactsOf(workflow, std::nullopt, start.addSecs(90));
    QCOMPARE(facts.state, std::nullopt);
    QCOMPARE(facts.timeInState, 90s); // no state yet: since watching began
    QCOMPARE(facts.timeWatched, 90s);

    (void)recordAnswer(workflow, answer(u"blocked"_s, start.addSecs(-600)), start.addSecs(100));
    (void)recordAnswer(workflow, answer(u"blocked"_s), start.addSecs(400));
    facts = pollFactsOf(workflow, std::nullopt, start.addSecs(400));
    QCOMPARE(facts.state, WorkflowState::Blocked);
    QCOMPARE(facts.pollsInState, 2);
    QCOMPARE(facts.timeInState, 1000s);
    QCOMPARE(facts.timeWatched, 400s);
    QVERIFY(facts.leftActive);
    QCOMPARE(facts.timeInStateSinceResume, std::nullopt);
    QCOMPARE(facts.error, std::nullopt);
}

void TestWorkflowAnswer::factsRestartTheLimitsOnResume()
{
    TrackedWorkflow workflow = tracked();
    (void)recordAnswer(workflow, answer(u"blocked"_s, start), start.addSecs(10));
    workflow.watchingSince = start.addSecs(3600); // resumed by the operator an hour later
    const PollFacts facts = pollFactsOf(workflow, std::nullopt, start.addSecs(3700));
    QCOMPARE(facts.timeInState, 3700s);
    QCOMPARE(facts.timeInStateSinceResume, 100s);
    QCOMPARE(facts.timeWatched, 100s);
}

void TestWorkflowAnswer::factsCarryTheErrorAndItsHint()
{
    TrackedWorkflow workflow = tracked();
    const ApiResult<WorkflowStatus> limited = failure(ApiError::Kind::RateLimited, 429, 7s);
    (void)recordAnswer(workflow, limited, start);
    PollFacts facts = pollFactsOf(workflow, limited.error, start);
    QCOMPARE(facts.error, ApiError::Kind::RateLimited);
    QCOMPARE(facts.retryAfter, 7s);

    const ApiResult<WorkflowStatus> missing = failure(ApiError::Kind::NoWorkflow, 404);
    (void)recordAnswer(workflow, missing, start.addSecs(20));
    (void)recordAnswer(workflow, missing, start.addSecs(40));
    facts = pollFactsOf(workflow, missing.error, start.addSecs(40));
    QCOMPARE(facts.error, ApiError::Kind::NoWorkflow);
    QCOMPARE(facts.consecutiveErrors, 2);
    QCOMPARE(facts.noWorkflowAnswers, 2);
    QCOMPARE(facts.retryAfter, std::nullopt); // no hint given
}

QTEST_GUILESS_MAIN(TestWorkflowAnswer)
#include "tst_workflowanswer.moc"
