// Accounts named by the operator's labels in what is told: with several accounts a workflow's
// notification says whose it is; with one, nothing is added; an account's own hold names it by
// its label. And the NotificationCenter passes the labels it is given to the words.

#include "engine/PollEngine.h"
#include "notify/NotificationCenter.h"
#include "notify/NotificationText.h"
#include "notify/Notifier.h"
#include "report/WorkflowText.h"
#include "support/ManualClock.h"
#include "support/ScenarioFetcher.h"
#include "support/SimulatorFixture.h"

#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using namespace rw;
using namespace rw::test;

namespace {

using Kind = NotificationSettings::Event;

TrackedWorkflow succeeded(const QString &accountId)
{
    TrackedWorkflow workflow;
    workflow.id = 7;
    workflow.ref = {{accountId, false}, u"example.com"_s, WorkflowKind::Update};
    WorkflowStatus status;
    status.state = WorkflowState::Succeeded;
    status.stateText = u"succeeded"_s;
    status.completed = true;
    workflow.status = status;
    workflow.watch = WatchState::Settled;
    return workflow;
}

AccountLabels labels(bool several)
{
    AccountLabels labels;
    labels.set(u"acc1"_s, u"Acme production"_s);
    if (several)
        labels.set(u"acc2"_s, u"Contoso"_s);
    return labels;
}

class Recorder final : public Notifier
{
public:
    using Notifier::Notifier;
    void show(const Notification &notification) override { shown.append(notification); }
    QList<Notification> shown;
};

} // namespace

class TestNotificationLabels : public QObject
{
    Q_OBJECT
private slots:
    void aWorkflowNamesItsAccountOnlyAmongSeveral();
    void anAccountsHoldNamesItsLabel();
    void remindersNameTheAccountAmongSeveral();
    void theDetailsIdentityNamesTheLabel();
    void theCenterTellsWithTheLabelsItIsGiven();
};

void TestNotificationLabels::aWorkflowNamesItsAccountOnlyAmongSeveral()
{
    NotificationEvent event;
    event.kind = Kind::Succeeded;
    event.workflowId = 7;
    const TrackedWorkflow workflow = succeeded(u"acc1"_s);
    QCOMPARE(notificationText::forWorkflow(event, workflow, labels(true)).summary,
             u"example.com (Acme production): update succeeded"_s);
    QCOMPARE(notificationText::forWorkflow(event, workflow, labels(false)).summary,
             u"example.com: update succeeded"_s);
    QCOMPARE(notificationText::forWorkflow(event, workflow).summary,
             u"example.com: update succeeded"_s);
}

void TestNotificationLabels::anAccountsHoldNamesItsLabel()
{
    NotificationEvent event;
    event.kind = Kind::CredentialsRejected;
    event.accountId = u"acc1"_s;
    QCOMPARE(notificationText::forAccount(event, labels(false)).body,
             u"No requests for account Acme production (acc1) until its credentials change in "
             u"Settings."_s);
    event.accountId = u"acc3"_s; // no label: its ID
    QCOMPARE(notificationText::forAccount(event, labels(true)).body,
             u"No requests for account acc3 until its credentials change in Settings."_s);
}

void TestNotificationLabels::remindersNameTheAccountAmongSeveral()
{
    TrackedWorkflow workflow = succeeded(u"acc2"_s);
    workflow.status->state = WorkflowState::ActionRequired;
    workflow.watch = WatchState::NeedsOperator;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    workflow.stateSince = now.addSecs(-3600);
    QCOMPARE(notificationText::reminder({workflow}, now, labels(true)).summary,
             u"example.com (Contoso): update still needs you"_s);
    QCOMPARE(notificationText::reminder({workflow}, now, labels(false)).summary,
             u"example.com: update still needs you"_s);
}

void TestNotificationLabels::theDetailsIdentityNamesTheLabel()
{
    const TrackedWorkflow workflow = succeeded(u"acc1"_s);
    QCOMPARE(workflowText::identity(workflow, labels(false)),
             u"update workflow · account Acme production (acc1)"_s);
    QCOMPARE(workflowText::identity(workflow), u"update workflow · account acc1"_s);
    QCOMPARE(workflowText::accountName({u"acc2"_s, true}, labels(true)), u"Contoso (sandbox)"_s);
}

void TestNotificationLabels::theCenterTellsWithTheLabelsItIsGiven()
{
    QJsonObject json = baseScenario();
    json.insert(u"workflows"_s,
                QJsonArray{scenarioWorkflow(u"done.example"_s, {stepJson(0, u"in_progress"_s),
                                                                stepJson(5, u"succeeded"_s)})});
    ManualClock clock;
    sim::ScenarioFetcher fetcher{sim::Scenario::fromJson(QJsonDocument(json).toJson()).value(),
                                 clock};
    PollEngine engine{&fetcher, clock};
    Recorder notifier;
    NotificationCenter center(&engine, &notifier, clock);
    AccountLabels named;
    named.set(testAccountId, u"Acme production"_s);
    named.set(u"other"_s, u"Contoso"_s);
    center.setAccountLabels(named);
    center.start({});
    engine.track({{testAccountId, false}, u"done.example"_s, WorkflowKind::Update});
    for (int i = 0; i < 20 && notifier.shown.isEmpty(); ++i)
        clock.advance(5s);
    QVERIFY(!notifier.shown.isEmpty());
    QCOMPARE(notifier.shown.last().summary, u"done.example (Acme production): update succeeded"_s);
}

QTEST_GUILESS_MAIN(TestNotificationLabels)
#include "tst_notificationlabels.moc"
