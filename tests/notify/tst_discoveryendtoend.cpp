// Watching a whole account end to end, as the desktop wires it: the HTTP simulator on a virtual
// clock, the engine asking it, DiscoveryHost, NotificationCenter and the D-Bus notifier talking
// to a fake notification daemon on a private session bus, and the store on disk. What starts
// elsewhere during the test is found and told without the operator adding it; transfers in are
// tracked as such; an expiring registration is told once, across a restart too; and what the
// operator removed stays removed until a newer workflow starts.

#include "discovery/AccountDiscovery.h"
#include "discovery/DiscoveryHost.h"
#include "discovery/RegistrationNotices.h"
#include "notify/DBusNotifier.h"
#include "notify/NotificationCenter.h"
#include "store/WorkflowStore.h"
#include "support/DiscoveryRig.h"
#include "support/FakeNotificationServer.h"

#include <QSignalSpy>
#include <QTemporaryDir>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using namespace rw;
using namespace rw::test;

namespace {

const DBusNotifier::Identity identity{u"Registrar Watch"_s, u"org.registrarwatch.RegistrarWatch"_s,
                                      u"org.registrarwatch.RegistrarWatch"_s};

// The app's side over one store file: what a start builds and a quit ends.
struct Desk
{
    Desk(DiscoveryRig &rig, const QString &file)
        : store(WorkflowStore::open(file).value())
        , notifier(QDBusConnection::sessionBus(), identity)
        , center(&rig.engine, &notifier, rig.sim.clock())
        , host(&rig.engine, &rig.network, store.get(), &notices, rig.sim.clock())
        , engine(rig.engine)
    {
        rig.engine.setStore(store.get());
        center.setRegistrationNotices(&notices);
        center.start(rig.engine.snapshot());
        host.setAccounts({rig.account()});
    }
    ~Desk() { engine.setStore(nullptr); }
    Q_DISABLE_COPY_MOVE(Desk)

    std::unique_ptr<WorkflowStore> store;
    DBusNotifier notifier;
    NotificationCenter center;
    RegistrationNotices notices;
    DiscoveryHost host;
    PollEngine &engine;
};

} // namespace

class TestDiscoveryEndToEnd : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void cleanup() { m_server.reset(); }
    void anUpdateStartedElsewhereIsFoundAndTold();
    void aPendingTransferIsTrackedAsTransferIn();
    void anExpiringRegistrationIsToldOnceAcrossARestart();
    void aRemovedFoundWorkflowComesBackOnlyWhenANewerOneStarts();

private:
    [[nodiscard]] QStringList summaries() const;
    void expectCalls(qsizetype count);

    std::unique_ptr<FakeNotificationServer> m_server;
    QTemporaryDir m_dir;
};

void TestDiscoveryEndToEnd::init()
{
    QVERIFY(m_dir.isValid());
    m_server = std::make_unique<FakeNotificationServer>();
    QVERIFY(m_server->start());
}

QStringList TestDiscoveryEndToEnd::summaries() const
{
    QStringList list;
    for (const auto &call : std::as_const(m_server->calls))
        list.append(call.summary);
    return list;
}

void TestDiscoveryEndToEnd::expectCalls(qsizetype count)
{
    QTRY_COMPARE_WITH_TIMEOUT(m_server->calls.size(), count, 5000);
    QVERIFY(FakeNotificationServer::sync()); // none more on its way
    QCOMPARE(m_server->calls.size(), count);
}

void TestDiscoveryEndToEnd::anUpdateStartedElsewhereIsFoundAndTold()
{
    DiscoveryRig rig(discoveryScenario(
        {registrationJson(u"quiet.example"_s), registrationJson(u"busy.example"_s)},
        {workflowJson(u"busy.example"_s, u"update"_s,
                      {{5, u"in_progress"_s}, {400, u"succeeded"_s}})}));
    Desk desk(rig, m_dir.filePath(u"update.sqlite"_s));
    rig.run(4s); // the first sweep: no workflow on either domain yet
    QVERIFY(rig.engine.workflowIds().isEmpty());
    rig.run(70s); // the next sweep finds it; nobody added it
    const TrackedWorkflow *found = rig.tracked(u"busy.example"_s, WorkflowKind::Update);
    QVERIFY(found);
    QCOMPARE(found->origin, WorkflowOrigin::Found);
    expectCalls(1);
    QCOMPARE(m_server->calls.first().summary,
             u"busy.example: an update started elsewhere is in progress"_s);
    rig.run(400s); // followed to its end like any other
    expectCalls(2);
    QCOMPARE(m_server->calls.last().summary, u"busy.example: update succeeded"_s);
}

void TestDiscoveryEndToEnd::aPendingTransferIsTrackedAsTransferIn()
{
    DiscoveryRig rig(
        discoveryScenario({registrationJson(u"quiet.example"_s)},
                          {workflowJson(u"incoming.example"_s, u"transfer-in"_s,
                                        {{-3600, u"pending"_s}, {-1800, u"blocked"_s}})}));
    Desk desk(rig, m_dir.filePath(u"transfer.sqlite"_s));
    rig.run(10s);
    const TrackedWorkflow *transfer = rig.tracked(u"incoming.example"_s, WorkflowKind::TransferIn);
    QVERIFY(transfer);
    QCOMPARE(transfer->origin, WorkflowOrigin::Found);
    QCOMPARE(transfer->state(), WorkflowState::Blocked);
    QCOMPARE(rig.engine.workflowIds().size(), 1);
    expectCalls(1);
    QCOMPARE(m_server->calls.first().summary,
             u"incoming.example: a transfer in started elsewhere is blocked, waiting on a third "
             u"party"_s);
}

void TestDiscoveryEndToEnd::anExpiringRegistrationIsToldOnceAcrossARestart()
{
    const QString file = m_dir.filePath(u"notice.sqlite"_s);
    DiscoveryRig rig(
        discoveryScenario({registrationJson(u"lapsing.example"_s, u"active"_s, false, 12),
                           registrationJson(u"fine.example"_s, u"active"_s, true, 12)}));
    const QString expected = u"lapsing.example expires on %1 and auto-renew is off"_s.arg(
        QLocale(QLocale::English)
            .toString(rig.sim.clock().now().addDays(12).toLocalTime().date(), u"d MMMM yyyy"_s));
    {
        Desk desk(rig, file);
        rig.run(10s);
        QCOMPARE(desk.notices.notices().size(), 1);
        const RegistrationNotice *notice =
            desk.notices.find({testAccountId, false}, u"lapsing.example"_s);
        QVERIFY(notice);
        QCOMPARE(notice->attention.reason, RegistrationAttention::Reason::ExpiresSoon);
        expectCalls(1);
        QCOMPARE(m_server->calls.first().summary, expected);
        QCOMPARE(m_server->calls.first().hints.value(u"urgency"_s).value<uchar>(), uchar(1));
        rig.run(130s); // two more listings: still so, told already
        expectCalls(1);
    }
    Desk restarted(rig, file);
    QCOMPARE(restarted.notices.notices().size(), 1); // as the store kept it
    rig.run(130s);
    expectCalls(1);
}

void TestDiscoveryEndToEnd::aRemovedFoundWorkflowComesBackOnlyWhenANewerOneStarts()
{
    DiscoveryRig rig(discoveryScenario(
        {registrationJson(u"busy.example"_s)},
        {workflowJson(u"busy.example"_s, u"update"_s, {{-60, u"in_progress"_s}})}));
    Desk desk(rig, m_dir.filePath(u"removed.sqlite"_s));
    rig.run(10s);
    const TrackedWorkflow *found = rig.tracked(u"busy.example"_s, WorkflowKind::Update);
    QVERIFY(found);
    rig.engine.remove(found->id); // the operator: not interested
    rig.run(130s);                // two more sweeps see it still running
    QVERIFY(!rig.tracked(u"busy.example"_s, WorkflowKind::Update));
    expectCalls(1); // told once, when found

    rig.startUpdate(u"busy.example"_s); // someone starts another one in the dashboard
    rig.run(70s);
    const TrackedWorkflow *newer = rig.tracked(u"busy.example"_s, WorkflowKind::Update);
    QVERIFY(newer);
    QCOMPARE(newer->origin, WorkflowOrigin::Found);
    expectCalls(2);
    QCOMPARE(m_server->calls.last().summary,
             u"busy.example: an update started elsewhere is in progress"_s);
}

QTEST_GUILESS_MAIN(TestDiscoveryEndToEnd)
#include "tst_discoveryendtoend.moc"
