// The scenario format: the demo is complete and valid, and every mistake is named by its path.

#include "sim/Scenario.h"
#include "support/SimulatorFixture.h"

#include <QHash>
#include <QJsonDocument>
#include <QSet>
#include <QTest>

using namespace Qt::StringLiterals;
using rw::sim::Scenario;
using rw::sim::ScenarioRegistration;

class TestScenario : public QObject
{
    Q_OBJECT
private slots:
    void demoShowsEveryState();
    void defaultsApply();
    void readsEveryField();
    void readsAccountsAndRegistrationTimelines();
    void generatesManyRegistrations();
    void refusesMistakes_data();
    void refusesMistakes();
};

void TestScenario::demoShowsEveryState()
{
    const auto demo = Scenario::fromFile(u":/scenarios/demo.json"_s);
    QVERIFY2(demo.hasValue(), qPrintable(demo.hasValue() ? QString() : demo.error()));
    QSet<QString> states;
    bool actionWithText = false;
    bool failedWithError = false;
    double longestBlock = 0;
    for (const auto &workflow : demo->workflows) {
        for (qsizetype i = 0; i < workflow.steps.size(); ++i) {
            const auto &step = workflow.steps.at(i);
            states.insert(step.state);
            actionWithText =
                actionWithText || (step.state == u"action_required" &&
                                   !step.context.value(u"action").toString().isEmpty());
            failedWithError = failedWithError || (step.state == u"failed" &&
                                                  step.error.toObject().contains(u"message"));
            if (step.state == u"blocked" && i + 1 < workflow.steps.size())
                longestBlock =
                    std::max(longestBlock, workflow.steps.at(i + 1).atSeconds - step.atSeconds);
        }
    }
    for (const rw::WorkflowState state : rw::allKnownWorkflowStates)
        QVERIFY2(states.contains(rw::stateName(state)), qPrintable(rw::stateName(state)));
    QVERIFY(actionWithText);
    QVERIFY(failedWithError);
    QVERIFY2(longestBlock >= 3600, "the demo needs a long blocked spell");
    QSet<rw::WorkflowKind> kinds;
    for (const auto &workflow : demo->workflows)
        kinds.insert(workflow.kind);
    QCOMPARE(kinds.size(), 3);
    QVERIFY(!demo->tokens.isEmpty());
    QVERIFY(!demo->keys.isEmpty());
    QCOMPARE(Scenario::demo().workflows.size(), demo->workflows.size());
}

void TestScenario::defaultsApply()
{
    const auto scenario = Scenario::fromJson(QJsonDocument(rw::test::baseScenario()).toJson());
    QVERIFY(scenario.hasValue());
    QCOMPARE(scenario->timeScale, 1.0);
    QCOMPARE(scenario->rateLimit.requests, 1200);
    QCOMPARE(scenario->rateLimit.windowSeconds, 300);
    QCOMPARE(scenario->rateLimit.blockSeconds, 300);
    QCOMPARE(scenario->updateSteps.size(), 3);
    QCOMPARE(scenario->updateSteps.last().state, u"succeeded"_s);
}

void TestScenario::readsEveryField()
{
    const QByteArray json = R"({
      "account_id": "abc123", "time_scale": 60,
      "tokens": ["t1", {"token": "t2", "status": "disabled", "expires_on": "2030-01-01T00:00:00Z",
                        "registrar": false}],
      "keys": [{"email": "a@example.com", "key": "k"}],
      "rate_limit": {"requests": 10, "window_s": 60, "block_s": 30},
      "workflows": [{"domain": "Bücher.example", "kind": "transfer-in", "sandbox": true,
        "steps": [{"at_s": -5, "state": "pending"},
                  {"at_s": 10, "state": "failed", "context": {"x": 1},
                   "error": {"code": "c", "message": "m"}}],
        "faults": [{"on_request": 2, "status": 302, "headers": {"Location": "/elsewhere"},
                    "delay_ms": 10, "retry_after_s": 3, "body": "moved"}]}],
      "registrations": [{"domain": "b.example", "status": "expired", "auto_renew": false,
                         "locked": false, "privacy_mode": "off", "sandbox": true}],
      "update_steps": [{"at_s": 0, "state": "succeeded"}]
    })";
    const auto scenario = Scenario::fromJson(json);
    QVERIFY2(scenario.hasValue(), qPrintable(scenario.hasValue() ? QString() : scenario.error()));
    QCOMPARE(scenario->timeScale, 60.0);
    QCOMPARE(scenario->tokens.size(), 2);
    QCOMPARE(scenario->tokens.at(1).status, u"disabled"_s);
    QVERIFY(!scenario->tokens.at(1).registrarPermission);
    QCOMPARE(scenario->rateLimit.blockSeconds, 30);
    const auto &workflow = scenario->workflows.first();
    QCOMPARE(workflow.domain, u"xn--bcher-kva.example"_s);
    QCOMPARE(workflow.kind, rw::WorkflowKind::TransferIn);
    QVERIFY(workflow.sandbox);
    QCOMPARE(workflow.steps.first().atSeconds, -5.0);
    QCOMPARE(workflow.steps.last().error.toObject().value(u"code").toString(), u"c"_s);
    const auto &fault = workflow.faults.first();
    QCOMPARE(fault.onRequest, 2);
    QCOMPARE(fault.status, 302);
    QCOMPARE(fault.retryAfterSeconds, 3);
    QCOMPARE(fault.body, QByteArray("moved"));
    QCOMPARE(fault.delayMs, 10);
    QCOMPARE(fault.headers.first().second, QByteArray("/elsewhere"));
    QCOMPARE(scenario->registrations.first().privacyMode, u"off"_s);
    QCOMPARE(scenario->updateSteps.size(), 1);
}

void TestScenario::readsAccountsAndRegistrationTimelines()
{
    const QByteArray json = R"({
      "account_id": "first", "other_accounts": ["second"],
      "tokens": ["both", {"token": "one", "accounts": ["second"]}],
      "workflows": [{"account": "second", "domain": "a.example", "kind": "update",
                     "steps": [{"at_s": 0, "state": "pending"}]},
                    {"domain": "a.example", "kind": "update",
                     "steps": [{"at_s": 0, "state": "pending"}]}],
      "registrations": [{"domain": "b.example", "account": "second", "auto_renew": false,
                         "expires_in_days": 20.5,
                         "steps": [{"at_s": 60, "status": "expired"},
                                   {"at_s": 120, "status": "redemption_period"}]},
                        {"domain": "c.example"}]
    })";
    const auto scenario = Scenario::fromJson(json);
    QVERIFY2(scenario.hasValue(), qPrintable(scenario.hasValue() ? QString() : scenario.error()));
    QCOMPARE(scenario->accounts(), (QStringList{u"first"_s, u"second"_s}));
    QVERIFY(scenario->tokens.at(0).accounts.isEmpty());
    QCOMPARE(scenario->tokens.at(1).accounts, QStringList{u"second"_s});
    // The same domain and kind in two accounts are two workflows; without "account", the first.
    QCOMPARE(scenario->workflows.at(0).account, u"second"_s);
    QCOMPARE(scenario->workflows.at(1).account, u"first"_s);
    const auto &registration = scenario->registrations.first();
    QCOMPARE(registration.account, u"second"_s);
    QCOMPARE(registration.expiresInDays, 20.5);
    QCOMPARE(registration.steps.size(), 2);
    QCOMPARE(registration.steps.last().atSeconds, 120.0);
    QCOMPARE(registration.steps.last().status, u"redemption_period"_s);
    QCOMPARE(scenario->registrations.last().account, u"first"_s);
    QVERIFY(!scenario->registrations.last().expiresInDays);
}

void TestScenario::generatesManyRegistrations()
{
    const auto scenario = Scenario::fromJson(R"({"account_id": "first", "tokens": ["t"],
        "other_accounts": ["second"],
        "registrations": [{"domain": "kept.example"}],
        "generate_registrations": [
            {"count": 5000, "account": "second", "domain": "Shop{n}.Example",
             "expiring_without_auto_renew": 20,
             "statuses": {"expired": 3, "redemption_period": 2}},
            {"count": 10}]})");
    if (!scenario)
        QFAIL(qPrintable(scenario.error()));
    const QList<ScenarioRegistration> &all = scenario->registrations;
    QCOMPARE(all.size(), 1 + 5000 + 10);
    QCOMPARE(all.first().domain, u"kept.example"_s); // what is listed comes first
    const ScenarioRegistration &first = all.at(1);
    QCOMPARE(first.account, u"second"_s);
    QCOMPARE(first.domain, u"shop1.example"_s);
    QCOMPARE(all.at(5000).domain, u"shop5000.example"_s);
    int expiring = 0;
    QHash<QString, int> statuses;
    for (qsizetype i = 1; i <= 5000; ++i) {
        const ScenarioRegistration &registration = all.at(i);
        if (!registration.autoRenew) {
            ++expiring;
            QVERIFY(registration.expiresInDays);
            QVERIFY(*registration.expiresInDays >= 1 && *registration.expiresInDays < 30);
            QCOMPARE(registration.status, u"active"_s);
        } else {
            QVERIFY(!registration.expiresInDays);
        }
        ++statuses[registration.status];
    }
    QCOMPARE(expiring, 20);
    QCOMPARE(statuses.value(u"expired"_s), 3);
    QCOMPARE(statuses.value(u"redemption_period"_s), 2);
    QCOMPARE(statuses.value(u"active"_s), 4995);
    // Without a pattern or an account: the first account, generated<n>.example.
    QCOMPARE(all.last().account, u"first"_s);
    QCOMPARE(all.last().domain, u"generated10.example"_s);
    QVERIFY(all.last().autoRenew);
}

void TestScenario::refusesMistakes_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("message");
    const auto withWorkflow = [](const char *workflow) -> QByteArray {
        return QByteArray(R"({"account_id": "abc", "tokens": ["t"], "workflows": [)") + workflow +
               "]}";
    };
    QTest::newRow("not JSON") << QByteArray("{oops") << u"not valid JSON"_s;
    QTest::newRow("not an object") << QByteArray("[]") << u"must be a JSON object"_s;
    QTest::newRow("no account") << QByteArray(R"({"tokens": ["t"]})")
                                << u"account_id: expected a string, got nothing"_s;
    QTest::newRow("bad account") << QByteArray(R"({"account_id": "a-b", "tokens": ["t"]})")
                                 << u"account_id: the account ID may contain only letters"_s;
    QTest::newRow("no credentials")
        << QByteArray(R"({"account_id": "abc"})") << u"give at least one token or key"_s;
    QTest::newRow("zero time scale") << QByteArray(R"({"account_id": "abc", "tokens": ["t"],
                                                       "time_scale": 0})")
                                     << u"time_scale: must be greater than 0"_s;
    QTest::newRow("typo at the top") << QByteArray(R"({"account_id": "abc", "tokens": ["t"],
                                                       "workflow": []})")
                                     << u"workflow: unknown field"_s;
    QTest::newRow("bad rate limit")
        << QByteArray(R"({"account_id": "abc", "tokens": ["t"],
                                                      "rate_limit": {"requests": 0}})")
        << u"rate_limit.requests: expected a whole number of at least 1"_s;
    QTest::newRow("bad domain")
        << withWorkflow(R"({"domain": "not a domain", "kind": "update",
                            "steps": [{"at_s": 0, "state": "pending"}]})")
        << u"workflows[0].domain: \u201cnot a domain\u201d contains a space"_s;
    QTest::newRow("bad kind")
        << withWorkflow(R"({"domain": "a.example", "kind": "renewal",
                            "steps": [{"at_s": 0, "state": "pending"}]})")
        << u"workflows[0].kind: \"renewal\" is not update, registration or transfer-in"_s;
    QTest::newRow("no steps") << withWorkflow(R"({"domain": "a.example", "kind": "update"})")
                              << u"workflows[0].steps: a workflow needs at least one step"_s;
    QTest::newRow("steps out of order")
        << withWorkflow(R"({"domain": "a.example", "kind": "update",
                            "steps": [{"at_s": 5, "state": "pending"}, {"at_s": 1, "state": "blocked"}]})")
        << u"workflows[0].steps[1].at_s: steps must be in time order"_s;
    QTest::newRow("typo in a step")
        << withWorkflow(R"({"domain": "a.example", "kind": "update",
                            "steps": [{"at": 0, "state": "pending"}]})")
        << u"workflows[0].steps[0].at_s: expected a number, got nothing"_s;
    QTest::newRow("empty state") << withWorkflow(R"({"domain": "a.example", "kind": "update",
                            "steps": [{"at_s": 0, "state": ""}]})")
                                 << u"workflows[0].steps[0].state: the state is empty"_s;
    QTest::newRow("error not an object")
        << withWorkflow(R"({"domain": "a.example", "kind": "update",
                            "steps": [{"at_s": 0, "state": "failed", "error": "boom"}]})")
        << u"workflows[0].steps[0].error: expected an object, got string"_s;
    QTest::newRow("empty fault")
        << withWorkflow(R"({"domain": "a.example", "kind": "update",
                            "steps": [{"at_s": 0, "state": "pending"}], "faults": [{"on_request": 1}]})")
        << u"workflows[0].faults[0]: a fault needs a status, a body, a delay_ms or headers"_s;
    QTest::newRow("fault status out of range")
        << withWorkflow(R"({"domain": "a.example", "kind": "update",
                            "steps": [{"at_s": 0, "state": "pending"}],
                            "faults": [{"on_request": 1, "status": 999}]})")
        << u"workflows[0].faults[0].status: 999 is not an HTTP status"_s;
    QTest::newRow("fault on request 0")
        << withWorkflow(R"({"domain": "a.example", "kind": "update",
                            "steps": [{"at_s": 0, "state": "pending"}],
                            "faults": [{"on_request": 0, "status": 500}]})")
        << u"workflows[0].faults[0].on_request: expected a whole number of at least 1"_s;
    QTest::newRow("a step beyond ten years")
        << withWorkflow(R"({"domain": "a.example", "kind": "update",
                            "steps": [{"at_s": 1e300, "state": "pending"}]})")
        << u"workflows[0].steps[0].at_s: must be within ten years"_s;
    QTest::newRow("an update that does not begin at once")
        << QByteArray(R"({"account_id": "abc", "tokens": ["t"],
                          "update_steps": [{"at_s": 5, "state": "pending"}]})")
        << u"update_steps[0].at_s: the update a PATCH starts exists at once"_s;
    QTest::newRow("bad other account")
        << QByteArray(R"({"account_id": "abc", "other_accounts": ["x y"], "tokens": ["t"]})")
        << u"other_accounts[0]: the account ID may contain only letters"_s;
    QTest::newRow("an account twice")
        << QByteArray(R"({"account_id": "abc", "other_accounts": ["abc"], "tokens": ["t"]})")
        << u"other_accounts[0]: abc is listed twice"_s;
    QTest::newRow("workflow of an unknown account")
        << withWorkflow(R"({"account": "nobody", "domain": "a.example", "kind": "update",
                            "steps": [{"at_s": 0, "state": "pending"}]})")
        << u"workflows[0].account: nobody is not account_id or one of other_accounts"_s;
    QTest::newRow("token for an unknown account")
        << QByteArray(R"({"account_id": "abc", "tokens": [{"token": "t", "accounts": ["zz"]}]})")
        << u"tokens[0].accounts: zz is not one of the scenario's accounts"_s;
    QTest::newRow("registration steps out of order")
        << QByteArray(R"({"account_id": "abc", "tokens": ["t"], "registrations": [
               {"domain": "a.example", "steps": [{"at_s": 9, "status": "expired"},
                                                 {"at_s": 1, "status": "active"}]}]})")
        << u"registrations[0].steps[1].at_s: steps must be in time order"_s;
    QTest::newRow("registration step without status")
        << QByteArray(R"({"account_id": "abc", "tokens": ["t"], "registrations": [
               {"domain": "a.example", "steps": [{"at_s": 9, "state": "expired"}]}]})")
        << u"registrations[0].steps[0].status: expected a string, got nothing"_s;
    QTest::newRow("expiry beyond ten years")
        << QByteArray(R"({"account_id": "abc", "tokens": ["t"], "registrations": [
               {"domain": "a.example", "expires_in_days": 99999}]})")
        << u"registrations[0].expires_in_days: must be within ten years"_s;
    const auto generating = [](const char *batch) -> QByteArray {
        return QByteArray(R"({"account_id": "abc", "tokens": ["t"],
                              "registrations": [{"domain": "site1.example"}],
                              "generate_registrations": [)") +
               batch + "]}";
    };
    QTest::newRow("generated without a count")
        << generating(R"({"domain": "x{n}.example"})")
        << u"generate_registrations[0].count: expected a number, got nothing"_s;
    QTest::newRow("generated beyond the limit")
        << generating(R"({"count": 100001})") << u"generate_registrations[0].count: at most"_s;
    QTest::newRow("generated without {n}")
        << generating(R"({"count": 2, "domain": "same.example"})")
        << u"generate_registrations[0].domain: the pattern needs {n} once"_s;
    QTest::newRow("generated bad domain")
        << generating(R"({"count": 2, "domain": "a b{n}.example"})")
        << u"generate_registrations[0].domain: “a b1.example” contains a space"_s;
    QTest::newRow("generated more special than count")
        << generating(R"({"count": 5, "domain": "x{n}.example",
                          "expiring_without_auto_renew": 4, "statuses": {"expired": 2}})")
        << u"generate_registrations[0]: expiring_without_auto_renew and statuses come to 6, "
           u"more than count (5)"_s;
    QTest::newRow("generated bad status count")
        << generating(R"({"count": 5, "statuses": {"expired": 1.5}})")
        << u"generate_registrations[0].statuses.expired: expected a whole number"_s;
    QTest::newRow("generated typo") << generating(R"({"count": 5, "expiring": 1})")
                                    << u"generate_registrations[0].expiring: unknown field"_s;
    QTest::newRow("generated twice")
        << generating(R"({"count": 5, "domain": "site{n}.example"})")
        << u"generate_registrations[0]: site1.example is listed twice"_s;
    QTest::newRow("generated for an unknown account")
        << generating(R"({"count": 1, "account": "nobody"})")
        << u"generate_registrations[0].account: nobody is not account_id"_s;
    QTest::newRow("duplicate workflow")
        << withWorkflow(
               R"({"domain": "a.example", "kind": "update", "steps": [{"at_s": 0, "state": "pending"}]},
                           {"domain": "A.example.", "kind": "update", "steps": [{"at_s": 0, "state": "pending"}]})")
        << u"workflows[1]: a second update workflow for a.example"_s;
}

void TestScenario::refusesMistakes()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, message);
    const auto scenario = Scenario::fromJson(json);
    QVERIFY(!scenario.hasValue());
    QVERIFY2(scenario.error().contains(message),
             qPrintable(u"\"%1\" does not say \"%2\""_s.arg(scenario.error(), message)));
}

QTEST_GUILESS_MAIN(TestScenario)
#include "tst_scenario.moc"
