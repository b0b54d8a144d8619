// Accounts named by the operator's labels in what is told: with several accounts a workflow's
// notification says whose it is; with one, nothing is added; an account's own
// hold names it by its label. Summaries of a batch or of what was found name their one account
// once, or each domain's among several. And the NotificationCenter passes the labels it is given
// to the words.

#include "engine/PollEngine.h"
#include "notify/DiscoveryText.h"
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
    void aBatchNamesItsOneAccountOnce();
    void aBatchOfSeveralAccountsNamesEachDomains();
    void theFloodSummaryNamesEachDomainsAccount();
    void whatWasFoundNamesItsAccount();
    void aRegistrationNoticeNamesItsAccount();
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

namespace {

// `count` workflows of a batch added at `began`, the first in `firstAccount`, the rest in acc1.
QList<TrackedWorkflow> batchOf(int count, const QString &firstAccount)
{
    QList<TrackedWorkflow> members;
    for (int i = 0; i < count; ++i) {
        TrackedWorkflow workflow = succeeded(i == 0 ? firstAccount : u"acc1"_s);
        workflow.id = i + 1;
        workflow.ref.domain = u"d%1.example"_s.arg(i);
        members.append(workflow);
    }
    members[1].status->state = WorkflowState::Failed;
    return members;
}

} // namespace

void TestNotificationLabels::aBatchNamesItsOneAccountOnce()
{
    const QDateTime began = QDateTime::currentDateTime();
    const QString at = began.toString(u"HH:mm"_s);
    const Notification several =
        notificationText::batchSummary(batchOf(12, u"acc1"_s), began, labels(true));
    QCOMPARE(several.summary, u"11 succeeded, 1 failed"_s);
    QVERIFY2(several.body.startsWith(u"Failed: d1.example\n"_s), qPrintable(several.body));
    QVERIFY2(several.body.endsWith(
                 u"\nOf the 12 workflows you added to Acme production at %1."_s.arg(at)),
             qPrintable(several.body));
    const Notification one =
        notificationText::batchSummary(batchOf(12, u"acc1"_s), began, labels(false));
    QVERIFY2(one.body.endsWith(u"\nOf the 12 workflows you added at %1."_s.arg(at)),
             qPrintable(one.body));
    QVERIFY(!one.body.contains(u"Acme"_s));
}

void TestNotificationLabels::aBatchOfSeveralAccountsNamesEachDomains()
{
    const QDateTime began = QDateTime::currentDateTime();
    const Notification mixed =
        notificationText::batchSummary(batchOf(12, u"acc2"_s), began, labels(true));
    QVERIFY2(mixed.body.contains(u"Succeeded: d0.example (Contoso), "
                                 u"d10.example (Acme production)"_s),
             qPrintable(mixed.body));
    QVERIFY2(mixed.body.contains(u"Failed: d1.example (Acme production)\n"_s),
             qPrintable(mixed.body));
    QVERIFY2(mixed.body.endsWith(
                 u"\nOf the 12 workflows you added at %1."_s.arg(began.toString(u"HH:mm"_s))),
             qPrintable(mixed.body));
}

void TestNotificationLabels::theFloodSummaryNamesEachDomainsAccount()
{
    QHash<qint64, TrackedWorkflow> workflows;
    QList<NotificationEvent> events;
    for (const TrackedWorkflow &workflow : batchOf(3, u"acc2"_s)) {
        workflows.insert(workflow.id, workflow);
        NotificationEvent event;
        event.kind = workflow.state() == WorkflowState::Failed ? Kind::Failed : Kind::Succeeded;
        event.workflowId = workflow.id;
        events.append(event);
    }
    const Notification told = notificationText::summary(events, workflows, labels(true));
    QCOMPARE(told.body, u"Failed: d1.example (Acme production)\n"
                        u"Succeeded: d0.example (Contoso), d2.example (Acme production)"_s);
    QCOMPARE(notificationText::summary(events, workflows, labels(false)).body,
             u"Failed: d1.example\nSucceeded: d0.example, d2.example"_s);
}

void TestNotificationLabels::whatWasFoundNamesItsAccount()
{
    QList<TrackedWorkflow> found = batchOf(5, u"acc2"_s);
    for (TrackedWorkflow &workflow : found)
        workflow.origin = WorkflowOrigin::Found;
    QCOMPARE(discoveryText::foundWorkflow(found.at(0), labels(true)).summary,
             u"d0.example (Contoso): an update started elsewhere has succeeded"_s);
    QCOMPARE(discoveryText::foundWorkflow(found.at(0), labels(false)).summary,
             u"d0.example: an update started elsewhere has succeeded"_s);

    const Notification mixed = discoveryText::foundSummary(found, labels(true));
    QCOMPARE(mixed.summary, u"5 workflows started elsewhere were found"_s);
    QVERIFY2(mixed.body.startsWith(u"d0.example (Contoso): update, "_s), qPrintable(mixed.body));
    QVERIFY2(mixed.body.contains(u"\nd1.example (Acme production): update, "_s),
             qPrintable(mixed.body));

    found.removeFirst(); // all in Acme production now
    const Notification one = discoveryText::foundSummary(found, labels(true));
    QCOMPARE(one.summary, u"4 workflows started elsewhere were found in Acme production"_s);
    QVERIFY2(one.body.startsWith(u"d1.example: update, "_s), qPrintable(one.body));
    QCOMPARE(discoveryText::foundSummary(found, labels(false)).summary,
             u"4 workflows started elsewhere were found"_s);
}

void TestNotificationLabels::aRegistrationNoticeNamesItsAccount()
{
    RegistrationNotice notice;
    notice.account = {u"acc2"_s, false};
    notice.domain = u"lapsed.example"_s;
    notice.attention.reason = RegistrationAttention::Reason::Expired;
    QCOMPARE(discoveryText::registrationNotice(notice, labels(true)).summary,
             u"lapsed.example (Contoso) has expired"_s);
    QCOMPARE(discoveryText::registrationNotice(notice, labels(false)).summary,
             u"lapsed.example has expired"_s);
    RegistrationNotice other = notice;
    other.account = {u"acc1"_s, false};
    other.domain = u"other.example"_s;
    QCOMPARE(discoveryText::noticeSummary({notice, other}, labels(true)).body,
             u"lapsed.example (Contoso) has expired\nother.example (Acme production) has "
             u"expired"_s);
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
