// Two accounts and Cloudflare's limit per user, end to end: the engine asks the HTTP simulator
// over real HTTP, on the simulator's virtual clock, with each account's own client. Accounts
// that use one token share one budget (the simulator sees one credential within its limit, and
// a 429 holds both accounts, told once); accounts with a token each get a budget each.

#include "engine/ClientStatusFetcher.h"
#include "engine/PollEngine.h"
#include "net/Credentials.h"
#include "support/SimulatorFixture.h"

#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace std::chrono;
using namespace std::chrono_literals;
using namespace rw;
using namespace rw::test;

namespace {

const QString accountA = testAccountId;
const QString accountB = u"0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b"_s;
constexpr int workflowsPerAccount = 30;
constexpr int budget = 20; // requests per 10 s: small, so that the demand is far beyond it

// The budget key the session gives credentials: a digest, never the token.
QString keyOf(const QString &token)
{
    return rw::Credentials::apiToken(token).budgetKey();
}

// Both accounts, 30 workflows each that stay in progress; tokens reach only the accounts named.
// The simulator allows 25 requests per credential per 10 s: one budget of 20 fits, two would
// not. With `limited`, the fifth request about the first workflow of account A is a 429.
QJsonObject scenario(const QJsonArray &tokens, bool limited = false)
{
    QJsonObject json = baseScenario();
    json.insert(u"other_accounts"_s, QJsonArray{accountB});
    json.insert(u"tokens"_s, tokens);
    json.insert(u"rate_limit"_s,
                QJsonObject{{u"requests"_s, 25}, {u"window_s"_s, 10}, {u"block_s"_s, 60}});
    QJsonArray workflows;
    for (const QString &account : {accountA, accountB}) {
        for (int i = 0; i < workflowsPerAccount; ++i) {
            QJsonObject workflow = workflowJson(u"%1-%2.example"_s.arg(account.left(4)).arg(i),
                                                u"update"_s, {{0, u"in_progress"_s}});
            workflow.insert(u"account"_s, account);
            if (limited && account == accountA && i == 0)
                workflow.insert(u"faults"_s, QJsonArray{QJsonObject{{u"on_request"_s, 2},
                                                                    {u"status"_s, 429},
                                                                    {u"retry_after_s"_s, 120}}});
            workflows.append(workflow);
        }
    }
    json.insert(u"workflows"_s, workflows);
    return json;
}

QJsonObject tokenFor(const QString &token, const QStringList &accounts)
{
    return {{u"token"_s, token}, {u"accounts"_s, QJsonArray::fromStringList(accounts)}};
}

PollSettings smallBudget()
{
    PollSettings settings;
    settings.budgetRequests = budget;
    settings.budgetWindow = 10s;
    settings.budgetBurst = 4;
    settings.maxActiveTime = hours(24); // all stay watched
    return settings;
}

// The engine and its per-account clients against the simulator, on the simulator's clock.
struct Desk
{
    explicit Desk(const QJsonObject &json)
        : sim(json)
        , fetcher(&network, sim.clock())
        , engine(&fetcher, sim.clock(), smallBudget())
    {
        engine.setJitterSource([] { return 0.0; });
        QObject::connect(&fetcher, &StatusFetcher::finished, &engine,
                         [this] { sentTimes.append(sim.clock().now()); });
    }
    void useToken(const QString &account, const QString &token)
    {
        ClientConfig config;
        config.base = ApiBase::fromUrl(sim.baseUrl()).value();
        config.credentials = Credentials::apiToken(token);
        fetcher.setAccountConfig(account, config);
        engine.setBudgetKey(account, keyOf(token));
    }
    void trackAll()
    {
        for (const QString &account : {accountA, accountB}) {
            for (int i = 0; i < workflowsPerAccount; ++i)
                engine.track({{account, false},
                              u"%1-%2.example"_s.arg(account.left(4)).arg(i),
                              WorkflowKind::Update});
        }
    }
    // Moves the virtual clock on by `span`, letting every request come back over the wire
    // before the next alarm: the answers take no virtual time.
    bool run(seconds span)
    {
        ManualClock &clock = sim.clock();
        const QDateTime until = clock.now().addSecs(span.count());
        while (true) {
            if (!QTest::qWaitFor([this] { return engine.inFlight() == 0; }, 10000))
                return false;
            const QDateTime next = clock.nextAlarm();
            if (!next.isValid() || next > until)
                break;
            clock.advanceTo(next);
        }
        clock.advanceTo(until);
        return QTest::qWaitFor([this] { return engine.inFlight() == 0; }, 10000);
    }
    [[nodiscard]] QJsonArray byCredential()
    {
        return sim.simulator().stats().value(u"by_credential").toArray();
    }
    // The most of our answered requests in any trailing `window`, across both accounts.
    [[nodiscard]] int mostInAnyWindow(seconds window) const
    {
        int most = 0;
        for (qsizetype first = 0, last = 0; last < sentTimes.size(); ++last) {
            while (sentTimes[first].msecsTo(sentTimes[last]) >=
                   duration_cast<milliseconds>(window).count())
                ++first;
            most = std::max(most, int(last - first + 1));
        }
        return most;
    }
    SimulatorFixture sim;
    QNetworkAccessManager network;
    ClientStatusFetcher fetcher;
    PollEngine engine;
    QList<QDateTime> sentTimes; // answers arrive with no virtual time passing: when sent
};

} // namespace

class TestSharedCredential : public QObject
{
    Q_OBJECT
private slots:
    void accountsWithOneTokenShareOneBudget();
    void aRateLimitHoldsBothAccountsToldOnce();
    void accountsWithATokenEachHaveABudgetEach();
};

void TestSharedCredential::accountsWithOneTokenShareOneBudget()
{
    Desk desk(scenario({tokenFor(u"shared-token"_s, {accountA, accountB})}));
    QVERIFY2(desk.sim.isListening(), qPrintable(desk.sim.error()));
    desk.useToken(accountA, u"shared-token"_s);
    desk.useToken(accountB, u"shared-token"_s);
    desk.trackAll();
    QVERIFY(desk.run(2min));

    const QList<PollEngine::BudgetStatus> budgets = desk.engine.budgetStatuses();
    QCOMPARE(budgets.size(), 1);
    QCOMPARE(budgets.first().accounts, (QStringList{accountA, accountB}));
    QCOMPARE(budgets.first().hold, RequestBudget::Hold::None);

    // Both accounts were asked about, and together they kept to one budget.
    int askedA = 0;
    int askedB = 0;
    for (const TrackedWorkflow &workflow : desk.engine.snapshot()) {
        QVERIFY2(!workflow.lastError, qPrintable(workflow.ref.domain));
        (workflow.ref.account.id == accountA ? askedA : askedB) += workflow.polls;
    }
    QVERIFY2(askedA > 30 && askedB > 30, qPrintable(u"%1 %2"_s.arg(askedA).arg(askedB)));
    QVERIFY2(desk.mostInAnyWindow(10s) <= budget,
             qPrintable(QString::number(desk.mostInAnyWindow(10s))));
    QVERIFY(desk.mostInAnyWindow(10s) >= budget - 2); // and used it

    const QJsonArray credentials = desk.byCredential();
    QCOMPARE(credentials.size(), 1);
    const QJsonObject credential = credentials.first().toObject();
    QCOMPARE(credential.value(u"rate_limited_responses").toInt(), 0);
    QVERIFY(credential.value(u"max_requests_in_window").toInt() <= budget);
    QCOMPARE(credential.value(u"requests").toInt(), askedA + askedB);
}

void TestSharedCredential::aRateLimitHoldsBothAccountsToldOnce()
{
    Desk desk(scenario({tokenFor(u"shared-token"_s, {accountA, accountB})}, true));
    QVERIFY2(desk.sim.isListening(), qPrintable(desk.sim.error()));
    QSignalSpy budgetHeld(&desk.engine, &PollEngine::budgetHeld);
    QSignalSpy accountHeld(&desk.engine, &PollEngine::accountHeld);
    QSignalSpy budgetReleased(&desk.engine, &PollEngine::budgetReleased);
    QSignalSpy accountReleased(&desk.engine, &PollEngine::accountReleased);
    desk.useToken(accountA, u"shared-token"_s);
    desk.useToken(accountB, u"shared-token"_s);
    desk.trackAll();
    // Until the 429: its Retry-After (two minutes) outlasts each step.
    for (int step = 0; step < 20 && budgetHeld.isEmpty(); ++step)
        QVERIFY(desk.run(30s));

    const QStringList both{accountA, accountB};
    QCOMPARE(budgetHeld.size(), 1);
    QCOMPARE(budgetHeld.first().at(0).toString(), keyOf(u"shared-token"_s));
    QCOMPARE(budgetHeld.first().at(1).toStringList(), both);
    QVERIFY2(budgetHeld.first().at(2).toString().contains(u"rate-limited"_s),
             qPrintable(budgetHeld.first().at(2).toString()));
    QCOMPARE(accountHeld.size(), 2);
    QCOMPARE((QStringList{accountHeld.at(0).at(0).toString(), accountHeld.at(1).at(0).toString()}),
             both);
    for (const QString &account : both)
        QCOMPARE(desk.engine.accountStatus(account).hold, RequestBudget::Hold::RateLimited);

    // Nothing for either account while the hold lasts; then both go on, the end told once.
    const QDateTime heldUntil = desk.engine.accountStatus(accountB).heldUntil;
    const qint64 before = desk.sim.simulator().stats().value(u"requests_total").toInteger();
    QVERIFY(desk.run(seconds(desk.sim.clock().now().secsTo(heldUntil) - 1)));
    QCOMPARE(desk.sim.simulator().stats().value(u"requests_total").toInteger(), before);
    QVERIFY(desk.run(30s));
    QCOMPARE(budgetReleased.size(), 1);
    QCOMPARE(budgetReleased.first().at(1).toStringList(), both);
    QCOMPARE(accountReleased.size(), 2);
    QCOMPARE(budgetHeld.size(), 1);
    QVERIFY(desk.sim.simulator().stats().value(u"requests_total").toInteger() > before);
    QCOMPARE(desk.byCredential().size(), 1);
}

void TestSharedCredential::accountsWithATokenEachHaveABudgetEach()
{
    Desk desk(scenario({tokenFor(u"token-a"_s, {accountA}), tokenFor(u"token-b"_s, {accountB})}));
    QVERIFY2(desk.sim.isListening(), qPrintable(desk.sim.error()));
    desk.useToken(accountA, u"token-a"_s);
    desk.useToken(accountB, u"token-b"_s);
    desk.trackAll();
    QVERIFY(desk.run(2min));

    const QList<PollEngine::BudgetStatus> budgets = desk.engine.budgetStatuses();
    QCOMPARE(budgets.size(), 2);
    QCOMPARE(budgets.at(0).accounts, QStringList{accountA});
    QCOMPARE(budgets.at(1).accounts, QStringList{accountB});
    // Each credential within its own budget, and together up to twice one budget.
    const QJsonArray credentials = desk.byCredential();
    QCOMPARE(credentials.size(), 2);
    for (const QJsonValue &value : credentials) {
        const QJsonObject credential = value.toObject();
        QCOMPARE(credential.value(u"rate_limited_responses").toInt(), 0);
        QVERIFY(credential.value(u"max_requests_in_window").toInt() <= budget);
    }
    const int most = desk.mostInAnyWindow(10s);
    QVERIFY2(most > budget && most <= 2 * budget, qPrintable(QString::number(most)));
}

QTEST_GUILESS_MAIN(TestSharedCredential)
#include "tst_sharedcredential.moc"
