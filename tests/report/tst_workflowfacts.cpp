// What a row says is true under load and after a refused redirect: words made from a live engine
// (WorkflowFacts::about) with a budget that cannot keep up, in virtual time, and from the HTTP
// simulator answering a redirect off the API's origin.

#include "engine/ClientStatusFetcher.h"
#include "engine/PollEngine.h"
#include "report/WorkflowText.h"
#include "support/ConnectionCounter.h"
#include "support/ScenarioFetcher.h"
#include "support/SimulatorFixture.h"

#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QRegularExpression>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace std::chrono;
using namespace std::chrono_literals;
using namespace rw;
using namespace rw::test;

namespace {

WorkflowRef ref(const QString &domain)
{
    return {{testAccountId, false}, domain, WorkflowKind::Update};
}

sim::Scenario scenarioOf(const QJsonArray &workflows)
{
    QJsonObject json = baseScenario();
    json.insert(u"workflows"_s, workflows);
    auto scenario = sim::Scenario::fromJson(QJsonDocument(json).toJson());
    if (!scenario)
        qFatal("bad test scenario: %s", qPrintable(scenario.error()));
    return scenario.value();
}

// 20 requests per 5 minutes, 5 of them a burst: 3 a minute, for many more workflows than that.
PollSettings smallBudget()
{
    PollSettings settings;
    settings.budgetRequests = 20;
    settings.budgetWindow = 300s;
    settings.budgetBurst = 5;
    return settings;
}

struct Rig
{
    Rig(const QJsonArray &workflows, const PollSettings &settings)
        : fetcher(scenarioOf(workflows), clock)
        , engine(&fetcher, clock, settings)
    {
        engine.setJitterSource([] { return 0.0; });
    }
    [[nodiscard]] WorkflowFacts facts(qint64 id) const
    {
        return WorkflowFacts::about(engine, *engine.workflow(id), clock.now());
    }
    ManualClock clock;
    sim::ScenarioFetcher fetcher;
    PollEngine engine;
};

// "about 38 min" in a sentence: the minutes.
std::optional<int> minutesIn(const QString &text)
{
    const auto match = QRegularExpression(u"about (\\d+) min"_s).match(text);
    if (!match.hasMatch())
        return std::nullopt;
    return match.captured(1).toInt();
}

} // namespace

class TestWorkflowFacts : public QObject
{
    Q_OBJECT
private slots:
    void aRowBehindTheBudgetSaysHowLongItWaits();
    void aRowBehindThePaceSaysItWaitsItsTurn();
    void aRowOfATurnedOffAccountWaitsForNoBudget();
    void anOldAnswerSaysHowOldItIs();
    void aRefusedRedirectWasACheck();
};

void TestWorkflowFacts::aRowBehindTheBudgetSaysHowLongItWaits()
{
    // 200 workflows that end at their first answer, all due at once, at 3 requests a minute.
    QJsonArray workflows;
    for (int i = 0; i < 200; ++i)
        workflows.append(workflowJson(u"w%1.example"_s.arg(i), u"update"_s, {{0, u"succeeded"_s}}));
    Rig rig(workflows, smallBudget());
    QList<qint64> ids;
    for (int i = 0; i < 200; ++i)
        ids.append(rig.engine.track(ref(u"w%1.example"_s.arg(i))));
    rig.clock.advance(10min);

    // The one that waits longest: never checked, due for ten minutes.
    qint64 last = 0;
    int lastMinutes = 0;
    int waiting = 0;
    for (const qint64 id : std::as_const(ids)) {
        if (rig.engine.workflow(id)->lastCheckedAt.isValid())
            continue;
        ++waiting;
        const QString next = workflowText::nextStep(rig.facts(id));
        QVERIFY2(!next.contains(u"checked again in"_s), qPrintable(next));
        QVERIFY2(next.contains(u"waiting its turn: "_s), qPrintable(next));
        const auto minutes =
            next.contains(u"under a minute"_s) ? std::optional<int>(0) : minutesIn(next);
        QVERIFY2(minutes, qPrintable(next));
        if (*minutes > lastMinutes) {
            lastMinutes = *minutes;
            last = id;
        }
    }
    QVERIFY2(waiting > 100, qPrintable(QString::number(waiting)));
    // At 3 a minute once the burst of 5 is spent ((20 - 5) per 5 minutes), the last of them
    // waits about a third of a minute per workflow ahead.
    QVERIFY2(lastMinutes >= waiting / 3 - 2 && lastMinutes <= waiting / 3 + 4,
             qPrintable(u"%1 min for %2 waiting"_s.arg(lastMinutes).arg(waiting)));
    // And the estimate holds: not checked well before it, checked soon after it.
    rig.clock.advance(seconds(lastMinutes * 60 * 8 / 10));
    QVERIFY(!rig.engine.workflow(last)->lastCheckedAt.isValid());
    rig.clock.advance(seconds(lastMinutes * 60 * 3 / 10 + 120));
    QVERIFY(rig.engine.workflow(last)->lastCheckedAt.isValid());
}

// The window has room (a few dozen of its 900 requests used), yet rows wait: the burst of 30 is
// spent, and the due leave one after the other at the budget's pace, about 3 a second. That is
// what each says, with how many go before it; not "waiting for the API budget (33 of 900
// requests …)", which reads as a contradiction.
void TestWorkflowFacts::aRowBehindThePaceSaysItWaitsItsTurn()
{
    QJsonArray workflows;
    for (int i = 0; i < 200; ++i)
        workflows.append(workflowJson(u"w%1.example"_s.arg(i), u"update"_s, {{0, u"succeeded"_s}}));
    Rig rig(workflows, PollSettings{});
    QList<qint64> ids;
    for (int i = 0; i < 200; ++i)
        ids.append(rig.engine.track(ref(u"w%1.example"_s.arg(i))));
    rig.clock.advance(3s); // all due after 2 s: the burst goes at once, then about 3 a second

    const QRegularExpression turn(
        u"^Not checked yet; due since [^,]+, waiting its turn: (it is next|1 check is due before "
        u"it|(\\d+) checks are due before it) at the budget's pace \\(3 a second\\), "
        u"(under a minute|about (\\d+) min)\\.$"_s);
    QList<int> aheads;
    for (const qint64 id : std::as_const(ids)) {
        if (rig.engine.workflow(id)->lastCheckedAt.isValid())
            continue;
        const WorkflowFacts facts = rig.facts(id);
        QVERIFY2(facts.account.sentInWindow < facts.account.budget / 10,
                 qPrintable(QString::number(facts.account.sentInWindow)));
        const QString next = workflowText::nextStep(facts);
        const auto match = turn.match(next);
        QVERIFY2(match.hasMatch(), qPrintable(next));
        const QString ahead = match.captured(1);
        aheads.append(ahead == u"it is next"_s                 ? 0
                      : ahead == u"1 check is due before it"_s ? 1
                                                               : match.captured(2).toInt());
        // At 3 a second, a hundred ahead wait about half a minute: not "about 1 min".
        if (aheads.last() <= 100)
            QCOMPARE(match.captured(3), u"under a minute"_s);
    }
    QVERIFY2(aheads.size() > 150, qPrintable(QString::number(aheads.size())));
    // Each has its own place in the queue: 0, 1, … as many as wait.
    std::sort(aheads.begin(), aheads.end());
    for (int place = 0; place < int(aheads.size()); ++place)
        QCOMPARE(aheads.at(place), place);
}

// The table's "due, about …" and the details pane's sentence agree: a row that waits for the
// operator, not for the budget, has no budget wait.
void TestWorkflowFacts::aRowOfATurnedOffAccountWaitsForNoBudget()
{
    QJsonArray workflows;
    for (int i = 0; i < 40; ++i)
        workflows.append(workflowJson(u"w%1.example"_s.arg(i), u"update"_s, {{0, u"succeeded"_s}}));
    Rig rig(workflows, smallBudget());
    QList<qint64> ids;
    for (int i = 0; i < 40; ++i)
        ids.append(rig.engine.track(ref(u"w%1.example"_s.arg(i))));
    rig.clock.advance(1min);
    qint64 waiting = 0;
    for (const qint64 id : std::as_const(ids)) {
        if (!rig.engine.workflow(id)->lastCheckedAt.isValid())
            waiting = id;
    }
    QVERIFY(waiting != 0);
    QVERIFY(rig.engine.budgetWait(waiting).has_value()); // behind the budget

    rig.engine.setAccountEnabled(testAccountId, false);
    QVERIFY(rig.facts(waiting).account.off);
    QCOMPARE(rig.engine.budgetWait(waiting), std::nullopt);
    QVERIFY(!rig.facts(waiting).budgetWait);
}

void TestWorkflowFacts::anOldAnswerSaysHowOldItIs()
{
    // 60 workflows in progress for hours, each wanting a check a minute, at 3 requests a minute.
    QJsonArray workflows;
    for (int i = 0; i < 60; ++i)
        workflows.append(workflowJson(u"w%1.example"_s.arg(i), u"update"_s,
                                      {{0, u"in_progress"_s}, {100000, u"succeeded"_s}}));
    Rig rig(workflows, smallBudget());
    QList<qint64> ids;
    for (int i = 0; i < 60; ++i)
        ids.append(rig.engine.track(ref(u"w%1.example"_s.arg(i))));
    rig.clock.advance(40min);

    int old = 0;
    int fresh = 0;
    for (const qint64 id : std::as_const(ids)) {
        const TrackedWorkflow &workflow = *rig.engine.workflow(id);
        if (!workflow.status)
            continue;
        const qint64 age = workflow.lastCheckedAt.secsTo(rig.clock.now());
        const QString state = workflowText::stateLabel(rig.facts(id));
        if (age >= 6 * 60) {
            ++old;
            QCOMPARE(state, u"in progress, as of %1 min ago"_s.arg(age / 60));
        } else if (age < 2 * 60) {
            ++fresh;
            QCOMPARE(state, u"in progress"_s);
        }
    }
    QVERIFY2(old > 10, qPrintable(QString::number(old)));
    QVERIFY2(fresh > 0, qPrintable(QString::number(fresh)));
}

void TestWorkflowFacts::aRefusedRedirectWasACheck()
{
    ConnectionCounter elsewhere;
    const QString path =
        u"/client/v4/accounts/%1/registrar/registrations/moving.example/update-status"_s.arg(
            testAccountId);
    QJsonObject moving = workflowJson(u"moving.example"_s, u"update"_s, {{0, u"pending"_s}});
    moving.insert(
        u"faults"_s,
        QJsonArray{QJsonObject{
            {u"on_request"_s, 1},
            {u"status"_s, 307},
            {u"headers"_s, QJsonObject{{u"Location"_s, elsewhere.url(path).toString()}}}}});
    QJsonObject scenario = baseScenario();
    scenario.insert(u"workflows"_s, QJsonArray{moving});
    SimulatorFixture sim(scenario);
    QVERIFY(sim.isListening());
    QNetworkAccessManager network;
    ClientStatusFetcher fetcher(&network, sim.clock());
    ClientConfig config;
    config.base = ApiBase::fromUrl(sim.baseUrl()).value();
    config.credentials = Credentials::apiToken(testToken);
    fetcher.setDefaultConfig(config);
    PollEngine engine(&fetcher, sim.clock());
    const qint64 id = engine.track(ref(u"moving.example"_s));
    sim.clock().advance(3s);
    QTRY_VERIFY(engine.workflow(id)->lastCheckedAt.isValid() && engine.inFlight() == 0);
    const TrackedWorkflow &workflow = *engine.workflow(id);
    QVERIFY(workflow.lastError);
    QCOMPARE(workflow.lastError->kind, ApiErrorKind::RefusedOrigin);
    QCOMPARE(elsewhere.connections(), 0);

    const WorkflowFacts facts = WorkflowFacts::about(engine, workflow, sim.clock().now());
    const QString state = workflowText::stateLabel(facts);
    QCOMPARE(state, u"redirect refused"_s);
    QCOMPARE(workflowText::stateLabel(workflow), u"redirect refused"_s);
    const QString meaning = workflowText::meaning(workflow);
    QVERIFY2(meaning.contains(u"asked"_s) && meaning.contains(u"not followed"_s),
             qPrintable(meaning));
    const QString next = workflowText::nextStep(facts);
    QVERIFY2(!next.contains(u"not checked yet"_s, Qt::CaseInsensitive), qPrintable(next));
    // Watching stops (the policy gives up on a link off the origin), saying when it checked.
    QCOMPARE(workflow.watch, WatchState::GaveUp);
    QVERIFY2(
        next.contains(u"checking it at %1"_s.arg(workflowText::timeOfDay(workflow.lastCheckedAt))),
        qPrintable(next));
    QVERIFY2(next.contains(workflow.lastError->message), qPrintable(next));
}

QTEST_GUILESS_MAIN(TestWorkflowFacts)
#include "tst_workflowfacts.moc"
