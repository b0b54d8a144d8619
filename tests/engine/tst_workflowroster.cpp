// What the engine tracks: found by id, by workflow and by the request on its way; written to the
// store when there is one, tracked in memory when the store fails, each store error told once.

#include "engine/WorkflowRoster.h"
#include "store/WorkflowStore.h"

#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;
using namespace rw;

namespace {

const QDateTime start(QDate(2026, 3, 1), QTime(12, 0), QTimeZone::utc());

TrackedWorkflow fresh(const QString &domain)
{
    TrackedWorkflow workflow;
    workflow.ref = {{u"023e105f4ecef8ad9ca31a8372d0c353"_s, false}, domain, WorkflowKind::Update};
    workflow.trackedAt = start;
    workflow.watchingSince = start;
    return workflow;
}

} // namespace

class TestWorkflowRoster : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void cleanup();

    void findsByIdAndByWorkflow();
    void listsIdsInOrder();
    void withoutAStoreIdsAreLocal();
    void takesTheStoresIds();
    void writesThroughToTheStore();
    void writesFailedChecksThroughToTheStore();
    void takeForgetsEverywhere();
    void loadsWhatIsNotTrackedYet();
    void tellsEachStorageErrorOnce();
    void keepsToldMarks();
    void findsTheEntryByItsRequest();

private:
    [[nodiscard]] std::unique_ptr<WorkflowStore> openStore();

    QTemporaryDir m_dir;
    QStringList m_errors;
    std::unique_ptr<WorkflowRoster> m_roster;
};

void TestWorkflowRoster::init()
{
    QVERIFY(m_dir.isValid());
    m_errors.clear();
    m_roster =
        std::make_unique<WorkflowRoster>([this](const QString &error) { m_errors.append(error); });
}

void TestWorkflowRoster::cleanup()
{
    m_roster.reset();
    QFile::remove(m_dir.filePath(u"store.sqlite"_s));
}

std::unique_ptr<WorkflowStore> TestWorkflowRoster::openStore()
{
    auto store = WorkflowStore::open(m_dir.filePath(u"store.sqlite"_s));
    if (!store)
        qFatal("no store: %s", qPrintable(store.error()));
    return std::move(store).value();
}

void TestWorkflowRoster::findsByIdAndByWorkflow()
{
    const qint64 id = m_roster->add(fresh(u"a.example"_s)).workflow.id;
    QCOMPARE(m_roster->find(fresh(u"a.example"_s).ref), id);
    QCOMPARE(m_roster->find(fresh(u"b.example"_s).ref), std::nullopt);
    QVERIFY(m_roster->find(id));
    QCOMPARE(m_roster->workflow(id)->ref.domain, u"a.example"_s);
    QCOMPARE(m_roster->workflow(id + 100), nullptr);
    QCOMPARE(m_roster->size(), 1);
}

void TestWorkflowRoster::listsIdsInOrder()
{
    auto store = openStore();
    m_roster->setStore(store.get());
    for (const QString &domain : {u"c.example"_s, u"a.example"_s, u"b.example"_s})
        (void)m_roster->add(fresh(domain));
    const QList<qint64> ids = m_roster->ids();
    QCOMPARE(ids.size(), 3);
    QVERIFY(std::is_sorted(ids.begin(), ids.end()));
    const QList<TrackedWorkflow> snapshot = m_roster->snapshot();
    QCOMPARE(snapshot.size(), 3);
    QCOMPARE(snapshot.first().ref.domain, u"c.example"_s); // by id: in the order added
    QCOMPARE(snapshot.first().id, ids.first());
}

void TestWorkflowRoster::withoutAStoreIdsAreLocal()
{
    QVERIFY(!m_roster->hasStore());
    QCOMPARE(m_roster->add(fresh(u"a.example"_s)).workflow.id, -1);
    QCOMPARE(m_roster->add(fresh(u"b.example"_s)).workflow.id, -2);
    QVERIFY(m_errors.isEmpty());
}

void TestWorkflowRoster::takesTheStoresIds()
{
    auto store = openStore();
    m_roster->setStore(store.get());
    QVERIFY(m_roster->hasStore());
    const qint64 id = m_roster->add(fresh(u"a.example"_s)).workflow.id;
    QVERIFY(id > 0);
    const QList<TrackedWorkflow> stored = store->loadAll().value();
    QCOMPARE(stored.size(), 1);
    QCOMPARE(stored.first().id, id);
}

void TestWorkflowRoster::writesThroughToTheStore()
{
    auto store = openStore();
    m_roster->setStore(store.get());
    WorkflowRoster::Entry &entry = m_roster->add(fresh(u"a.example"_s));
    entry.workflow.polls = 4;
    const StateChange change{entry.workflow.id, start, std::nullopt, u"pending"_s, {}};
    m_roster->save(entry.workflow, change);
    QCOMPARE(store->loadAll().value().first().polls, 4);
    QCOMPARE(store->history(entry.workflow.id).value().size(), 1);
}

void TestWorkflowRoster::writesFailedChecksThroughToTheStore()
{
    auto store = openStore();
    m_roster->setStore(store.get());
    WorkflowRoster::Entry &entry = m_roster->add(fresh(u"a.example"_s));
    ApiError error;
    error.kind = ApiErrorKind::Server;
    error.httpStatus = 502;
    error.message = u"Cloudflare had a server error (502)."_s;
    m_roster->save(entry.workflow, std::nullopt, FailedCheck{entry.workflow.id, start, error});
    const QList<FailedCheck> checks = store->failedChecks(entry.workflow.id).value();
    QCOMPARE(checks.size(), 1);
    QCOMPARE(checks.first().error.httpStatus, 502);
    QCOMPARE(checks.first().checkedAt, start);
    QVERIFY(m_errors.isEmpty());
}

void TestWorkflowRoster::takeForgetsEverywhere()
{
    auto store = openStore();
    m_roster->setStore(store.get());
    WorkflowRoster::Entry &entry = m_roster->add(fresh(u"a.example"_s));
    entry.workflow.polls = 2;
    const qint64 id = entry.workflow.id;
    const quint64 ticket = m_roster->sent(entry);
    const TrackedWorkflow last = m_roster->take(id);
    QCOMPARE(last.polls, 2); // as it was last
    QCOMPARE(m_roster->find(id), nullptr);
    QCOMPARE(m_roster->find(last.ref), std::nullopt);
    QCOMPARE(m_roster->inFlight(), 0);
    QCOMPARE(m_roster->answered(ticket), nullptr);
    QVERIFY(store->loadAll().value().isEmpty());
}

void TestWorkflowRoster::loadsWhatIsNotTrackedYet()
{
    auto store = openStore();
    m_roster->setStore(store.get());
    const qint64 a = m_roster->add(fresh(u"a.example"_s)).workflow.id;
    const qint64 b = store->insert(fresh(u"b.example"_s)).value();
    const qint64 c = store->insert(fresh(u"c.example"_s)).value();
    const auto loaded = m_roster->load(
        [](const TrackedWorkflow &workflow) { return workflow.ref.domain != u"c.example"; });
    QVERIFY(loaded.hasValue());
    QCOMPARE(loaded.value(), QList<qint64>{b}); // a is tracked already, c was not accepted
    QCOMPARE(m_roster->ids(), (QList<qint64>{a, b}));
    QCOMPARE(m_roster->find(fresh(u"b.example"_s).ref), b);
    QCOMPARE(m_roster->find(c), nullptr);
}

void TestWorkflowRoster::tellsEachStorageErrorOnce()
{
    auto store = openStore();
    m_roster->setStore(store.get());
    // Someone else wrote the workflow: each insert of ours fails the same way.
    QVERIFY(store->insert(fresh(u"a.example"_s)).hasValue());
    const qint64 first = m_roster->add(fresh(u"a.example"_s)).workflow.id;
    QVERIFY(first < 0); // tracked anyway, in memory
    QCOMPARE(m_errors.size(), 1);
    QVERIFY2(m_errors.first().contains(u"UNIQUE"_s), qPrintable(m_errors.first()));
    (void)m_roster->take(first);
    const qint64 second = m_roster->add(fresh(u"a.example"_s)).workflow.id;
    QVERIFY(second < 0);
    QCOMPARE(m_errors.size(), 1); // the same sentence: said once
    // A save that works heals it: the same error later is news again.
    const WorkflowRoster::Entry &other = m_roster->add(fresh(u"c.example"_s));
    QVERIFY(other.workflow.id > 0);
    m_roster->save(other.workflow);
    (void)m_roster->take(second);
    (void)m_roster->add(fresh(u"a.example"_s));
    QCOMPARE(m_errors.size(), 2);
    QCOMPARE(m_errors.last(), m_errors.first());
}

void TestWorkflowRoster::keepsToldMarks()
{
    auto store = openStore();
    m_roster->setStore(store.get());
    const qint64 id = m_roster->add(fresh(u"a.example"_s)).workflow.id;
    QVERIFY(m_roster->setTold(id, u"succeeded@1"_s));
    QVERIFY(!m_roster->setTold(id, u"succeeded@1"_s)); // not news
    QVERIFY(!m_roster->setTold(id + 100, u"succeeded@1"_s));
    QCOMPARE(m_roster->workflow(id)->toldMark, u"succeeded@1"_s);
    QCOMPARE(store->notifiedMarks().value().value(id), u"succeeded@1"_s);
}

void TestWorkflowRoster::findsTheEntryByItsRequest()
{
    WorkflowRoster::Entry &a = m_roster->add(fresh(u"a.example"_s));
    WorkflowRoster::Entry &b = m_roster->add(fresh(u"b.example"_s));
    const quint64 first = m_roster->sent(a);
    const quint64 second = m_roster->sent(b);
    QVERIFY(first != 0 && second != first);
    QVERIFY(m_roster->isInFlight(a.workflow.id));
    QCOMPARE(m_roster->inFlight(), 2);
    QList<quint64> tickets = m_roster->tickets();
    std::sort(tickets.begin(), tickets.end());
    QCOMPARE(tickets, (QList<quint64>{first, second}));

    QCOMPARE(m_roster->answered(second), &b);
    QVERIFY(!b.inFlight());
    QCOMPARE(m_roster->answered(second), nullptr); // answered once
    QCOMPARE(m_roster->inFlight(), 1);
    const quint64 third = m_roster->sent(b);
    QVERIFY(third != first && third != second); // a ticket is never used again
}

QTEST_GUILESS_MAIN(TestWorkflowRoster)
#include "tst_workflowroster.moc"
