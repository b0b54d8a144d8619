// Watching a whole account against the HTTP simulator in virtual time: what the listing shows
// in flight is tracked as found, registrations that need the operator become notices, the
// listing keeps to a tenth of the budget, the sweep finds updates started elsewhere (once),
// what the operator removed stays removed until a newer workflow starts, also after a restart.

#include "discovery/AccountDiscovery.h"
#include "discovery/DiscoveryHost.h"
#include "discovery/RegistrationNotices.h"
#include "store/WorkflowStore.h"
#include "support/DiscoveryRig.h"

#include <QSignalSpy>
#include <QTemporaryDir>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using namespace rw;
using namespace rw::test;

class TestAccountDiscovery : public QObject
{
    Q_OBJECT
private slots:
    void tracksWhatTheListingShowsInFlightAsFound();
    void noticesTheRegistrationsThatNeedTheOperator();
    void listingKeepsToATenthOfTheBudget();
    void sweepFindsAnUpdateStartedElsewhere();
    void aRemovedFoundUpdateStaysRemovedUntilANewerOneStarts();
    void aRemovedFoundTransferStaysRemovedWhileItRuns();
    void aWorkflowTheOperatorAddedAndRemovedIsNotFoundAgain();
    void theTeamWatchersRemovedLineIsFoundAgain();
    void estimatesHowLongAFullSweepTakes();
    void stopsTheRoundWhenTheCredentialsAreRejected();
    void hostStartsAndStopsAccountsAsTheSettingsSay();
};

void TestAccountDiscovery::tracksWhatTheListingShowsInFlightAsFound()
{
    DiscoveryRig rig(discoveryScenario(
        {registrationJson(u"quiet.example"_s)},
        {workflowJson(u"incoming.example"_s, u"transfer-in"_s, {{-600, u"pending"_s}}),
         workflowJson(u"new.example"_s, u"registration"_s, {{-60, u"in_progress"_s}})}));
    RegistrationNotices notices;
    AccountDiscovery discovery(rig.account(), &rig.engine, &rig.network, nullptr, &notices,
                               rig.sim.clock());
    QSignalSpy listed(&discovery, &AccountDiscovery::listed);
    discovery.start();
    rig.run(2s);
    QCOMPARE(listed.count(), 1);
    QCOMPARE(listed.first().first().toInt(), 3);
    const TrackedWorkflow *transfer = rig.tracked(u"incoming.example"_s, WorkflowKind::TransferIn);
    QVERIFY(transfer);
    QCOMPARE(transfer->origin, WorkflowOrigin::Found);
    const TrackedWorkflow *registration = rig.tracked(u"new.example"_s, WorkflowKind::Registration);
    QVERIFY(registration);
    QCOMPARE(registration->origin, WorkflowOrigin::Found);
    QCOMPARE(rig.engine.workflowIds().size(), 2); // nothing runs on quiet.example
}

void TestAccountDiscovery::noticesTheRegistrationsThatNeedTheOperator()
{
    QJsonObject lapsing = registrationJson(u"lapsing.example"_s, u"active"_s, true, 200);
    lapsing.insert(u"steps"_s,
                   QJsonArray{QJsonObject{{u"at_s"_s, 90}, {u"status"_s, u"expired"_s}}});
    DiscoveryRig rig(discoveryScenario({
        registrationJson(u"soon.example"_s, u"active"_s, false, 12),
        registrationJson(u"renews.example"_s, u"active"_s, true, 12),
        registrationJson(u"later.example"_s, u"active"_s, false, 90),
        registrationJson(u"gone.example"_s, u"redemption_period"_s, false, -20),
        lapsing,
    }));
    RegistrationNotices notices;
    AccountDiscovery discovery(rig.account(), &rig.engine, &rig.network, nullptr, &notices,
                               rig.sim.clock());
    discovery.start();
    rig.run(3s);
    QCOMPARE(notices.notices().size(), 2);
    const RegistrationNotice *soon = notices.find({testAccountId, false}, u"soon.example"_s);
    QVERIFY(soon);
    QCOMPARE(soon->attention.reason, RegistrationAttention::Reason::ExpiresSoon);
    QCOMPARE(soon->attention.expiresAt.date(), rig.sim.clock().now().addDays(12).date());
    QVERIFY(!soon->toldAt.isValid());
    const RegistrationNotice *gone = notices.find({testAccountId, false}, u"gone.example"_s);
    QVERIFY(gone);
    QCOMPARE(gone->attention.reason, RegistrationAttention::Reason::RedemptionPeriod);
    // The next listing sees the registration that has lapsed meanwhile.
    QSignalSpy added(&notices, &RegistrationNotices::noticeAdded);
    rig.run(60s);
    QCOMPARE(added.count(), 0); // not lapsed yet at the second listing
    rig.run(70s);
    QCOMPARE(added.count(), 1);
    QCOMPARE(added.first().first().value<RegistrationNotice>().domain, u"lapsing.example"_s);
}

void TestAccountDiscovery::listingKeepsToATenthOfTheBudget()
{
    QJsonArray registrations;
    for (int i = 0; i < 160; ++i) // four pages
        registrations.append(registrationJson(u"d%1.example"_s.arg(i, 3, 10, QChar(u'0'))));
    DiscoveryRig rig(discoveryScenario(registrations));
    AccountDiscovery discovery(rig.account(), &rig.engine, &rig.network, nullptr, nullptr,
                               rig.sim.clock());
    QSignalSpy listed(&discovery, &AccountDiscovery::listed);
    discovery.start();
    // Ten requests a second in all: a page a second for the listing, pages at 0, 1, 2 and 3 s.
    rig.run(2500ms);
    QCOMPARE(rig.sim.simulator().stats().value(u"requests_total").toInteger(), 3);
    QCOMPARE(listed.count(), 0);
    rig.run(1s);
    QCOMPARE(listed.count(), 1);
    QCOMPARE(listed.first().first().toInt(), 160);
}

void TestAccountDiscovery::sweepFindsAnUpdateStartedElsewhere()
{
    DiscoveryRig rig(
        discoveryScenario({registrationJson(u"a.example"_s), registrationJson(u"b.example"_s)},
                          {workflowJson(u"b.example"_s, u"update"_s,
                                        {{20, u"in_progress"_s}, {900, u"succeeded"_s}})}));
    AccountDiscovery discovery(rig.account(), &rig.engine, &rig.network, nullptr, nullptr,
                               rig.sim.clock());
    QSignalSpy finished(&discovery, &AccountDiscovery::finished);
    discovery.start();
    rig.run(10s);
    QCOMPARE(finished.count(), 1); // swept: "No workflow found" on both, nothing to track
    QVERIFY(rig.engine.workflowIds().isEmpty());
    rig.run(60s); // the next round, after the update started
    QCOMPARE(finished.count(), 2);
    const TrackedWorkflow *update = rig.tracked(u"b.example"_s, WorkflowKind::Update);
    QVERIFY(update);
    QCOMPARE(update->origin, WorkflowOrigin::Found);
    QVERIFY(update->selfLink.endsWith(u"/registrations/b.example/update-status"_s));
    QCOMPARE(rig.engine.workflowIds().size(), 1);
}

void TestAccountDiscovery::aRemovedFoundUpdateStaysRemovedUntilANewerOneStarts()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString file = dir.filePath(u"store.sqlite"_s);
    DiscoveryRig rig(
        discoveryScenario({registrationJson(u"a.example"_s)},
                          {workflowJson(u"a.example"_s, u"update"_s, {{-30, u"in_progress"_s}})}));
    auto opened = WorkflowStore::open(file);
    QVERIFY(opened.hasValue());
    std::unique_ptr<WorkflowStore> store = std::move(opened).value();
    rig.engine.setStore(store.get());
    auto discovery = std::make_unique<AccountDiscovery>(rig.account(), &rig.engine, &rig.network,
                                                        store.get(), nullptr, rig.sim.clock());
    discovery->start();
    rig.run(5s);
    const TrackedWorkflow *found = rig.tracked(u"a.example"_s, WorkflowKind::Update);
    QVERIFY(found);
    rig.engine.remove(found->id);
    rig.run(70s); // the next round sees the same update in flight
    QVERIFY(!rig.tracked(u"a.example"_s, WorkflowKind::Update));

    // After a restart, too.
    discovery.reset();
    rig.engine.setStore(nullptr);
    store.reset();
    opened = WorkflowStore::open(file);
    QVERIFY(opened.hasValue());
    store = std::move(opened).value();
    rig.engine.setStore(store.get());
    discovery = std::make_unique<AccountDiscovery>(rig.account(), &rig.engine, &rig.network,
                                                   store.get(), nullptr, rig.sim.clock());
    discovery->start();
    rig.run(5s);
    QVERIFY(!rig.tracked(u"a.example"_s, WorkflowKind::Update));

    rig.sim.clock().advance(10s);
    rig.startUpdate(u"a.example"_s); // a newer update
    rig.run(70s);
    const TrackedWorkflow *newer = rig.tracked(u"a.example"_s, WorkflowKind::Update);
    QVERIFY(newer);
    QCOMPARE(newer->origin, WorkflowOrigin::Found);
}

void TestAccountDiscovery::aRemovedFoundTransferStaysRemovedWhileItRuns()
{
    DiscoveryRig rig(discoveryScenario(
        {}, {workflowJson(u"incoming.example"_s, u"transfer-in"_s, {{-600, u"blocked"_s}})}));
    AccountDiscovery discovery(rig.account(), &rig.engine, &rig.network, nullptr, nullptr,
                               rig.sim.clock());
    discovery.start();
    rig.run(2s);
    const TrackedWorkflow *found = rig.tracked(u"incoming.example"_s, WorkflowKind::TransferIn);
    QVERIFY(found);
    rig.engine.remove(found->id);
    rig.run(130s); // two more listings show it transfer_pending still
    QVERIFY(!rig.tracked(u"incoming.example"_s, WorkflowKind::TransferIn));
}

// The operator added a transfer, then removed it while it ran: the listing, which shows it
// transfer_pending still, must not bring it back as "started elsewhere".
void TestAccountDiscovery::aWorkflowTheOperatorAddedAndRemovedIsNotFoundAgain()
{
    DiscoveryRig rig(discoveryScenario(
        {}, {workflowJson(u"incoming.example"_s, u"transfer-in"_s, {{-600, u"blocked"_s}})}));
    const qint64 added =
        rig.engine.track({rig.account().account, u"incoming.example"_s, WorkflowKind::TransferIn});
    AccountDiscovery discovery(rig.account(), &rig.engine, &rig.network, nullptr, nullptr,
                               rig.sim.clock());
    discovery.start();
    rig.run(2s);
    QCOMPARE(rig.engine.workflow(added)->origin, WorkflowOrigin::Operator);
    rig.engine.remove(added);
    rig.run(130s); // two more listings show it transfer_pending still
    QVERIFY(!rig.tracked(u"incoming.example"_s, WorkflowKind::TransferIn));
}

// The team watcher's domains file only adds to what is found (docs/TEAM.md): a line taken out
// while its workflow runs leaves it to be found.
void TestAccountDiscovery::theTeamWatchersRemovedLineIsFoundAgain()
{
    DiscoveryRig rig(discoveryScenario(
        {}, {workflowJson(u"incoming.example"_s, u"transfer-in"_s, {{-600, u"blocked"_s}})}));
    const qint64 added =
        rig.engine.track({rig.account().account, u"incoming.example"_s, WorkflowKind::TransferIn});
    DiscoveryAccount team = rig.account();
    team.heldBackWhenRemoved = false;
    AccountDiscovery discovery(team, &rig.engine, &rig.network, nullptr, nullptr, rig.sim.clock());
    discovery.start();
    rig.run(2s);
    rig.engine.remove(added);
    rig.run(130s);
    const TrackedWorkflow *found = rig.tracked(u"incoming.example"_s, WorkflowKind::TransferIn);
    QVERIFY(found);
    QCOMPARE(found->origin, WorkflowOrigin::Found);
}

void TestAccountDiscovery::estimatesHowLongAFullSweepTakes()
{
    QJsonArray registrations;
    for (int i = 0; i < 1200; ++i)
        registrations.append(registrationJson(u"d%1.example"_s.arg(i, 4, 10, QChar(u'0'))));
    DiscoveryRig rig(discoveryScenario(registrations), PollSettings{}); // the operator's budget
    AccountDiscovery discovery(rig.account(30min), &rig.engine, &rig.network, nullptr, nullptr,
                               rig.sim.clock());
    QCOMPARE(discovery.sweepEstimate(),
             u"The first look through the account will tell how long a full sweep takes."_s);
    QSignalSpy listed(&discovery, &AccountDiscovery::listed);
    discovery.start();
    rig.run(90s); // 24 pages at a tenth of 900 requests in 5 minutes
    QCOMPARE(listed.count(), 1);
    // Half of 3 requests a second for 1,200 registrations, and 24 pages: about 15 minutes.
    QCOMPARE(discovery.sweepEstimate(),
             u"A full sweep of 1,200 registrations takes about 15 min at the current budget."_s);
}

void TestAccountDiscovery::stopsTheRoundWhenTheCredentialsAreRejected()
{
    QJsonArray registrations;
    for (int i = 0; i < 20; ++i)
        registrations.append(registrationJson(u"d%1.example"_s.arg(i)));
    DiscoveryRig rig(discoveryScenario(registrations));
    AccountDiscovery discovery(rig.account(), &rig.engine, &rig.network, nullptr, nullptr,
                               rig.sim.clock());
    QSignalSpy problem(&discovery, &AccountDiscovery::problem);
    discovery.start();
    rig.run(1s); // listed
    DiscoveryAccount revoked = rig.account();
    revoked.config.credentials = Credentials::apiToken(u"revoked-token"_s);
    discovery.setAccount(revoked);
    const qint64 before = rig.sim.simulator().stats().value(u"requests_total").toInteger();
    rig.run(20s);
    QCOMPARE(problem.count(), 1);
    // One rejected answer stops the sweep; the other domains are not asked in vain.
    QCOMPARE(rig.sim.simulator().stats().value(u"requests_total").toInteger(), before + 1);
}

void TestAccountDiscovery::hostStartsAndStopsAccountsAsTheSettingsSay()
{
    DiscoveryRig rig(
        discoveryScenario({registrationJson(u"soon.example"_s, u"active"_s, false, 12)}));
    RegistrationNotices notices;
    DiscoveryHost host(&rig.engine, &rig.network, nullptr, &notices, rig.sim.clock());
    QSignalSpy estimate(&host, &DiscoveryHost::sweepEstimateChanged);
    DiscoveryAccount account = rig.account();
    host.setAccounts({account});
    QVERIFY(host.discovery(testAccountId));
    rig.run(3s);
    QCOMPARE(notices.notices().size(), 1);
    QVERIFY(host.sweepEstimate(testAccountId).startsWith(u"A full sweep of 1 registration"_s));
    QVERIFY(!estimate.isEmpty());
    account.enabled = false; // "Watch the whole account" off: its notices go with it
    host.setAccounts({account});
    QVERIFY(!host.discovery(testAccountId));
    QVERIFY(notices.notices().isEmpty());
    QVERIFY(host.sweepEstimate(testAccountId).isEmpty());
}

QTEST_GUILESS_MAIN(TestAccountDiscovery)
#include "tst_accountdiscovery.moc"
