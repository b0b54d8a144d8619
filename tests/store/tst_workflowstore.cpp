// The SQLite store: round trips, history, migrations, a kill -9 in the middle of writing, a full
// disk, a corrupt file set aside, and places where no store can be.

#include "store/RegistrationNotice.h"
#include "store/WorkflowMark.h"
#include "store/WorkflowStore.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QProcess>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

#include <csignal>
#include <signal.h>
#include <tuple>
#include <unistd.h>

using namespace Qt::StringLiterals;
using namespace rw;

namespace {

const QDateTime start(QDate(2026, 3, 1), QTime(12, 0), QTimeZone::utc());

TrackedWorkflow sample()
{
    TrackedWorkflow workflow;
    workflow.ref = {{u"023e105f4ecef8ad9ca31a8372d0c353"_s, true},
                    u"xn--bcher-kva.example"_s,
                    WorkflowKind::TransferIn};
    workflow.selfLink = u"/accounts/x/registrar-sandbox/registrations/xn--bcher-kva.example/"
                        u"transfer-in-status"_s;
    workflow.trackedAt = start;
    workflow.watchingSince = start.addSecs(60);
    workflow.nextPollAt = start.addSecs(300);
    return workflow;
}

WorkflowStatus status(const QString &state)
{
    return WorkflowStatus::fromJson(
               QJsonObject{{u"state"_s, state},
                           {u"completed"_s, false},
                           {u"created_at"_s, u"2026-03-01T11:00:00Z"_s},
                           {u"updated_at"_s, u"2026-03-01T11:30:00Z"_s},
                           {u"links"_s, QJsonObject{{u"self"_s, u"/s"_s}}},
                           {u"context"_s, QJsonObject{{u"waiting_on"_s, u"registry"_s}}}})
        .value();
}

// Checks a database file with a connection of its own.
QString integrity(const QString &path)
{
    QString result;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"check"_s);
        db.setDatabaseName(path);
        if (!db.open())
            return u"cannot open"_s;
        QSqlQuery query(db);
        if (query.exec(u"PRAGMA integrity_check"_s) && query.next())
            result = query.value(0).toString();
        else
            result = u"query failed"_s;
        query.finish();
        db.close();
    }
    QSqlDatabase::removeDatabase(u"check"_s);
    return result;
}

int lastCommitted(const QString &output)
{
    int last = 0;
    const QStringList lines = output.split(u'\n', Qt::SkipEmptyParts);
    for (const QString &line : lines) {
        if (line.startsWith(u"committed "))
            last = line.mid(10).toInt();
    }
    return last;
}

// The sample with every field the store keeps set to something other than its default.
TrackedWorkflow everyFieldSet(qint64 id)
{
    TrackedWorkflow workflow = sample();
    workflow.id = id;
    workflow.watch = WatchState::GaveUp;
    workflow.stopReason = u"blocked for 7d without change"_s;
    workflow.status = status(u"blocked"_s);
    workflow.lastBody = R"({"success":false})";
    workflow.lastError = ApiError::fromHttpAnswer(429, {}, std::chrono::seconds(7), u"x"_s);
    workflow.stateSince = start.addSecs(-1800);
    workflow.lastCheckedAt = start.addSecs(400);
    workflow.lastChangedAt = start.addSecs(200);
    workflow.polls = 12;
    workflow.pollsInState = 3;
    workflow.consecutiveErrors = 2;
    workflow.totalErrors = 5;
    workflow.noWorkflowAnswers = 1;
    workflow.leftActive = true;
    return workflow;
}

// The schema of this version and a later one that adds a column.
QList<WorkflowStore::Migration> withALabelColumn()
{
    QList<WorkflowStore::Migration> migrations = WorkflowStore::migrations();
    migrations.append({migrations.last().version + 1,
                       {u"ALTER TABLE workflows ADD COLUMN label TEXT NOT NULL DEFAULT ''"_s,
                        u"CREATE INDEX workflows_due ON workflows (next_poll_at)"_s}});
    return migrations;
}

} // namespace

class TestWorkflowStore : public QObject
{
    Q_OBJECT
private slots:
    void init() { QVERIFY(m_dir.isValid()); }

    void opensAtTheLatestSchemaInNewDirectories();
    void roundTripsEveryField();
    void writesAheadToALog();
    void keepsHistoryInOrder();
    void removesWithHistory();
    void refusesDuplicates();
    void migratesKeepingTheData();
    void leavesTheStoreAsItWasWhenAMigrationFails();
    void keepsOriginBatchAndWhenAdded();
    void refusesNewerSchema();
    void marksOldWorkflowsAsToldOnUpgrade();
    void leavesNewWorkflowsUntold();
    void keepsMarksAcrossSaves();
    void roundTripsMuted();
    void keepsTheRecentFailedChecks();
    void keepsOnlyTheLastFailedChecks();
    void upgradesToKeepFailedChecks();
    void keepsHowLongStatesLasted();
    void learnsDurationsFromAnOlderHistory();
    void remembersWhatDiscoverySawAcrossARestart();
    void keepsRegistrationNoticesAcrossARestart();
    void opensANewStoreInPlaceOfACorruptOne_data() { corruptions(); }
    void opensANewStoreInPlaceOfACorruptOne();
    void keepsTheCorruptFileAside_data() { corruptions(); }
    void keepsTheCorruptFileAside();
    void recoversWhatCanBeReadOfADamagedStore();
    void aHugeRowidDoesNotHoldUpTheSalvage();
    void reportsAnImpossiblePlace();
    void readsAStoreInAFolderItCannotWrite();
    void leavesABusyStoreAlone();
    void leavesASoundFileOnKill9();
    void losesNothingCommittedOnKill9();
    void reportsAFullDisk();

private:
    QString path(const QString &name) const { return m_dir.filePath(name); }
    // A store at `file` with one workflow, at the schema `migrations` ends with.
    void storeWithOneWorkflow(const QString &file,
                              const QList<WorkflowStore::Migration> &migrations);
    // A store from schema 1, before notifications, with one workflow (id 7), opened by this
    // version.
    void upgradeFromSchema1(const QString &file, std::unique_ptr<WorkflowStore> *upgraded);
    static void corruptions();
    // Damages the store at `file` as the test row says; `original` is what the file then holds.
    void corrupt(const QString &file, bool truncated, QByteArray *original);
    // Kills the store writer well into a burst of writes, once for every test that looks at
    // what it left in `m_killedFile`; returns the last workflow it reported committed.
    [[nodiscard]] int killedWriter();

    QTemporaryDir m_dir;
    QString m_killedFile;
    std::optional<int> m_killedCommitted;
};

void TestWorkflowStore::storeWithOneWorkflow(const QString &file,
                                             const QList<WorkflowStore::Migration> &migrations)
{
    auto store = WorkflowStore::open(file, migrations);
    QVERIFY(store.hasValue());
    QVERIFY(store.value()->insert(sample()).hasValue());
}

void TestWorkflowStore::upgradeFromSchema1(const QString &file,
                                           std::unique_ptr<WorkflowStore> *upgraded)
{
    {
        auto store = WorkflowStore::open(file, {WorkflowStore::migrations().first()});
        QVERIFY(store.hasValue());
        QCOMPARE(store.value()->schemaVersion(), 1);
    }
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"v1"_s);
        db.setDatabaseName(file);
        QVERIFY(db.open());
        QSqlQuery insert(db);
        QVERIFY(insert.exec(u"INSERT INTO workflows (id, account_id, sandbox, domain, kind, "
                            u"watch, tracked_at) VALUES (7, 'a', 0, 'old.example', 'update', "
                            u"'settled', 0)"_s));
        insert.finish();
        db.close();
    }
    QSqlDatabase::removeDatabase(u"v1"_s);
    auto store = WorkflowStore::open(file);
    QVERIFY(store.hasValue());
    *upgraded = std::move(store).value();
}

void TestWorkflowStore::opensAtTheLatestSchemaInNewDirectories()
{
    auto store = WorkflowStore::open(path(u"sub/dir/store.sqlite"_s)); // directories are created
    QVERIFY2(store.hasValue(), qPrintable(store.hasValue() ? QString() : store.error()));
    QCOMPARE(store.value()->schemaVersion(), WorkflowStore::migrations().last().version);
}

void TestWorkflowStore::roundTripsEveryField()
{
    const QString file = path(u"roundtrip.sqlite"_s);
    TrackedWorkflow workflow;
    {
        auto store = WorkflowStore::open(file);
        QVERIFY(store.hasValue());
        auto id = store.value()->insert(sample());
        QVERIFY(id.hasValue());
        workflow = everyFieldSet(id.value());
        QCOMPARE(store.value()->save(workflow), std::nullopt);
    }
    auto store = WorkflowStore::open(file); // as after a restart
    QVERIFY(store.hasValue());
    QVERIFY(store.value()->notices().isEmpty());
    auto loaded = store.value()->loadAll();
    QVERIFY(loaded.hasValue());
    QCOMPARE(loaded->size(), 1);
    const TrackedWorkflow &back = loaded->first();
    QCOMPARE(back.id, workflow.id);
    QCOMPARE(back.ref, workflow.ref);
    QCOMPARE(back.selfLink, workflow.selfLink);
    QCOMPARE(back.watch, WatchState::GaveUp);
    QCOMPARE(back.stopReason, workflow.stopReason);
    QVERIFY(back.status.has_value());
    QCOMPARE(back.status->state, WorkflowState::Blocked);
    QCOMPARE(back.status->raw, workflow.status->raw);
    QCOMPARE(back.lastBody, workflow.lastBody);
    QVERIFY(back.lastError.has_value());
    QCOMPARE(back.lastError->kind, ApiErrorKind::RateLimited);
    QCOMPARE(back.lastError->retryAfter, std::chrono::seconds(7));
    QCOMPARE(back.lastError->message, workflow.lastError->message);
    QCOMPARE(back.trackedAt, workflow.trackedAt);
    QCOMPARE(back.watchingSince, workflow.watchingSince);
    QCOMPARE(back.stateSince, workflow.stateSince);
    QCOMPARE(back.lastCheckedAt, workflow.lastCheckedAt);
    QCOMPARE(back.lastChangedAt, workflow.lastChangedAt);
    QCOMPARE(back.nextPollAt, workflow.nextPollAt);
    QCOMPARE(back.polls, 12);
    QCOMPARE(back.pollsInState, 3);
    QCOMPARE(back.consecutiveErrors, 2);
    QCOMPARE(back.totalErrors, 5);
    QCOMPARE(back.noWorkflowAnswers, 1);
    QVERIFY(back.leftActive);
}

void TestWorkflowStore::writesAheadToALog()
{
    // WAL mode, as promised: what a kill -9 cannot leave half written.
    const QString file = path(u"wal.sqlite"_s);
    auto store = WorkflowStore::open(file);
    QVERIFY(store.hasValue());
    QVERIFY(store.value()->insert(sample()).hasValue());
    QVERIFY(QFile::exists(file + u"-wal"_s));
}

void TestWorkflowStore::keepsHistoryInOrder()
{
    auto store = WorkflowStore::open(path(u"history.sqlite"_s));
    QVERIFY(store.hasValue());
    TrackedWorkflow workflow = sample();
    workflow.id = store.value()->insert(workflow).value();
    const QStringList states = {u"pending"_s, u"in_progress"_s, u"blocked"_s, u"succeeded"_s};
    std::optional<QString> previous;
    for (int i = 0; i < states.size(); ++i) {
        const StateChange change{workflow.id, start.addSecs(i * 10), previous, states.at(i),
                                 QJsonObject{{u"state"_s, states.at(i)}}};
        QCOMPARE(store.value()->save(workflow, change), std::nullopt);
        previous = states.at(i);
    }
    const auto history = store.value()->history(workflow.id);
    QVERIFY(history.hasValue());
    QCOMPARE(history->size(), 4);
    QCOMPARE(history->at(0).fromState, std::nullopt);
    QCOMPARE(history->at(0).toState, u"pending"_s);
    QCOMPARE(history->at(3).fromState, u"blocked"_s);
    QCOMPARE(history->at(3).toState, u"succeeded"_s);
    QCOMPARE(history->at(3).observedAt, start.addSecs(30));
    QCOMPARE(history->at(3).status.value(u"state").toString(), u"succeeded"_s);
}

void TestWorkflowStore::removesWithHistory()
{
    auto store = WorkflowStore::open(path(u"remove.sqlite"_s));
    QVERIFY(store.hasValue());
    TrackedWorkflow workflow = sample();
    workflow.id = store.value()->insert(workflow).value();
    QCOMPARE(store.value()->save(workflow, StateChange{workflow.id, start, {}, u"pending"_s, {}}),
             std::nullopt);
    QCOMPARE(store.value()->remove(workflow.id), std::nullopt);
    QCOMPARE(store.value()->loadAll()->size(), 0);
    QCOMPARE(store.value()->history(workflow.id)->size(), 0);
}

void TestWorkflowStore::refusesDuplicates()
{
    auto store = WorkflowStore::open(path(u"dup.sqlite"_s));
    QVERIFY(store.hasValue());
    QVERIFY(store.value()->insert(sample()).hasValue());
    const auto second = store.value()->insert(sample());
    QVERIFY(!second.hasValue());
    QVERIFY2(second.error().contains(u"UNIQUE"_s), qPrintable(second.error()));
    QVERIFY(second.error().contains(path(u"dup.sqlite"_s)));
}

void TestWorkflowStore::migratesKeepingTheData()
{
    // A later version adds a column: the data stays, the version moves.
    const QString file = path(u"migrate.sqlite"_s);
    storeWithOneWorkflow(file, WorkflowStore::migrations());
    if (QTest::currentTestFailed())
        return;
    const QList<WorkflowStore::Migration> migrations = withALabelColumn();
    auto store = WorkflowStore::open(file, migrations);
    QVERIFY2(store.hasValue(), qPrintable(store.hasValue() ? QString() : store.error()));
    QCOMPARE(store.value()->schemaVersion(), migrations.last().version);
    QCOMPARE(store.value()->loadAll()->size(), 1);
}

void TestWorkflowStore::leavesTheStoreAsItWasWhenAMigrationFails()
{
    // It stays readable by the version before.
    const QString file = path(u"rollback.sqlite"_s);
    const QList<WorkflowStore::Migration> migrations = withALabelColumn();
    const int next = migrations.last().version;
    storeWithOneWorkflow(file, migrations);
    if (QTest::currentTestFailed())
        return;
    QList<WorkflowStore::Migration> broken = migrations;
    broken.append(
        {next + 1, {u"ALTER TABLE workflows ADD COLUMN extra TEXT"_s, u"THIS IS NOT SQL"_s}});
    const auto failed = WorkflowStore::open(file, broken);
    QVERIFY(!failed.hasValue());
    QVERIFY2(failed.error().contains(u"could not be upgraded to schema %1"_s.arg(next + 1)),
             qPrintable(failed.error()));
    auto store = WorkflowStore::open(file, migrations);
    QVERIFY(store.hasValue());
    QCOMPARE(store.value()->schemaVersion(), next);
    QCOMPARE(store.value()->loadAll()->size(), 1);
}

void TestWorkflowStore::marksOldWorkflowsAsToldOnUpgrade()
{
    // Rows from before notifications were never notified of anything: "*" says so.
    std::unique_ptr<WorkflowStore> store;
    upgradeFromSchema1(path(u"marks-old.sqlite"_s), &store);
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(store->schemaVersion(), WorkflowStore::migrations().last().version);
    QCOMPARE(store->notifiedMarks().value(), (QHash<qint64, QString>{{7, u"*"_s}}));
}

void TestWorkflowStore::leavesNewWorkflowsUntold()
{
    std::unique_ptr<WorkflowStore> store;
    upgradeFromSchema1(path(u"marks-new.sqlite"_s), &store);
    if (QTest::currentTestFailed())
        return;
    TrackedWorkflow fresh = sample();
    fresh.ref.domain = u"fresh.example"_s;
    fresh.id = store->insert(fresh).value();
    QCOMPARE(store->notifiedMarks().value().value(fresh.id), QString());
}

void TestWorkflowStore::keepsMarksAcrossSaves()
{
    // The engine's saves do not know the mark, and leave it alone.
    std::unique_ptr<WorkflowStore> store;
    upgradeFromSchema1(path(u"marks-kept.sqlite"_s), &store);
    if (QTest::currentTestFailed())
        return;
    TrackedWorkflow fresh = sample();
    fresh.id = store->insert(fresh).value();
    QCOMPARE(store->setNotified(fresh.id, u"succeeded@123"_s), std::nullopt);
    fresh.muted = true;
    QCOMPARE(store->save(fresh), std::nullopt);
    QCOMPARE(store->notifiedMarks().value().value(fresh.id), u"succeeded@123"_s);
}

void TestWorkflowStore::roundTripsMuted()
{
    // Muted is the engine's, saved with the workflow; rows from before mutes are not muted.
    std::unique_ptr<WorkflowStore> store;
    upgradeFromSchema1(path(u"muted.sqlite"_s), &store);
    if (QTest::currentTestFailed())
        return;
    TrackedWorkflow fresh = sample();
    fresh.id = store->insert(fresh).value();
    fresh.muted = true;
    QCOMPARE(store->save(fresh), std::nullopt);
    const QList<TrackedWorkflow> loaded = store->loadAll().value();
    QCOMPARE(loaded.size(), 2);
    QCOMPARE(loaded.at(0).muted, false);
    QCOMPARE(loaded.at(1).muted, true);
}

void TestWorkflowStore::keepsTheRecentFailedChecks()
{
    // Written with the workflow it failed for, read back newest first, everything the error
    // said; gone with the workflow.
    const QString file = path(u"failed-checks.sqlite"_s);
    qint64 id = 0;
    {
        auto store = WorkflowStore::open(file);
        QVERIFY(store.hasValue());
        TrackedWorkflow workflow = sample();
        id = workflow.id = store.value()->insert(workflow).value();
        ApiError server = ApiError::fromHttpAnswer(503, {}, std::chrono::seconds(30), u"x"_s);
        server.message = u"Cloudflare had a server error (503)."_s;
        QCOMPARE(store.value()->save(workflow, {}, FailedCheck{id, start.addSecs(5), server}),
                 std::nullopt);
        ApiError network;
        network.kind = ApiErrorKind::Network;
        network.message = u"Could not connect to api.cloudflare.com."_s;
        const StateChange change{id, start.addSecs(9), std::nullopt, u"pending"_s, {}};
        QCOMPARE(store.value()->save(workflow, change, FailedCheck{id, start.addSecs(9), network}),
                 std::nullopt);
        QCOMPARE(store.value()->save(workflow), std::nullopt); // a good answer adds none
    }
    auto store = WorkflowStore::open(file); // as after a restart
    QVERIFY(store.hasValue());
    const auto checks = store.value()->failedChecks(id);
    QVERIFY2(checks.hasValue(), qPrintable(checks.hasValue() ? QString() : checks.error()));
    QCOMPARE(checks->size(), 2);
    QCOMPARE(checks->at(0).workflowId, id);
    QCOMPARE(checks->at(0).checkedAt, start.addSecs(9));
    QCOMPARE(checks->at(0).error.kind, ApiErrorKind::Network);
    QCOMPARE(checks->at(0).error.httpStatus, 0);
    QCOMPARE(checks->at(0).error.message, u"Could not connect to api.cloudflare.com."_s);
    QCOMPARE(checks->at(1).checkedAt, start.addSecs(5));
    QCOMPARE(checks->at(1).error.kind, ApiErrorKind::Server);
    QCOMPARE(checks->at(1).error.httpStatus, 503);
    QCOMPARE(checks->at(1).error.retryAfter, std::chrono::seconds(30));
    QCOMPARE(checks->at(1).error.message, u"Cloudflare had a server error (503)."_s);
    QCOMPARE(store.value()->history(id)->size(), 1); // the change went in beside it

    QCOMPARE(store.value()->remove(id), std::nullopt);
    QCOMPARE(store.value()->failedChecks(id)->size(), 0);
}

void TestWorkflowStore::keepsOnlyTheLastFailedChecks()
{
    // A workflow failing for days keeps the most recent few, not every one.
    auto store = WorkflowStore::open(path(u"failed-bound.sqlite"_s));
    QVERIFY(store.hasValue());
    TrackedWorkflow workflow = sample();
    workflow.id = store.value()->insert(workflow).value();
    TrackedWorkflow other = sample();
    other.ref.domain = u"other.example"_s;
    other.id = store.value()->insert(other).value();
    ApiError error;
    error.kind = ApiErrorKind::Timeout;
    const int kept = WorkflowStore::failedChecksKept;
    QCOMPARE(kept, 20);
    for (int i = 0; i < kept + 15; ++i) {
        error.message = u"check %1"_s.arg(i);
        QCOMPARE(
            store.value()->save(workflow, {}, FailedCheck{workflow.id, start.addSecs(i), error}),
            std::nullopt);
        if (i < 3)
            QCOMPARE(store.value()->save(other, {}, FailedCheck{other.id, start.addSecs(i), error}),
                     std::nullopt);
    }
    const auto checks = store.value()->failedChecks(workflow.id);
    QVERIFY(checks.hasValue());
    QCOMPARE(checks->size(), kept);
    QCOMPARE(checks->first().error.message, u"check %1"_s.arg(kept + 14));
    QCOMPARE(checks->last().error.message, u"check 15"_s);
    QCOMPARE(store.value()->failedChecks(other.id)->size(), 3); // each workflow its own
}

void TestWorkflowStore::upgradesToKeepFailedChecks()
{
    // A store from schema 3 gains the table and keeps its workflows, with no failed checks.
    const QString file = path(u"failed-upgrade.sqlite"_s);
    storeWithOneWorkflow(file, WorkflowStore::migrations().mid(0, 3));
    if (QTest::currentTestFailed())
        return;
    auto store = WorkflowStore::open(file);
    QVERIFY(store.hasValue());
    QCOMPARE(store.value()->schemaVersion(), WorkflowStore::migrations().last().version);
    const QList<TrackedWorkflow> loaded = store.value()->loadAll().value();
    QCOMPARE(loaded.size(), 1);
    QCOMPARE(store.value()->failedChecks(loaded.first().id)->size(), 0);
}

void TestWorkflowStore::keepsHowLongStatesLasted()
{
    // A change that knows how long the state before lasted keeps it, also once the workflow is
    // removed; only the newest durationsKept of an account, kind and state stay.
    auto store = WorkflowStore::open(path(u"durations.sqlite"_s));
    QVERIFY(store.hasValue());
    TrackedWorkflow workflow = sample();
    workflow.id = store.value()->insert(workflow).value();
    StateChange first{workflow.id, start, {}, u"pending"_s, {}};
    first.fromDuration = std::chrono::milliseconds(5000); // no state before: nothing to keep
    QCOMPARE(store.value()->save(workflow, first), std::nullopt);
    for (int i = 1; i <= WorkflowStore::durationsKept + 5; ++i) {
        StateChange change{workflow.id, start.addSecs(i), u"in_progress"_s, u"blocked"_s, {}};
        change.fromDuration = std::chrono::milliseconds(i * 1000);
        QCOMPARE(store.value()->save(workflow, change), std::nullopt);
    }
    StateChange unknown{workflow.id, start.addSecs(999), u"blocked"_s, u"succeeded"_s, {}};
    QCOMPARE(store.value()->save(workflow, unknown), std::nullopt); // how long: not known
    QCOMPARE(store.value()->remove(workflow.id), std::nullopt);

    const auto durations = store.value()->stateDurations();
    QVERIFY(durations.hasValue());
    QCOMPARE(durations->size(), WorkflowStore::durationsKept);
    QCOMPARE(durations->first().duration, std::chrono::milliseconds(6000)); // the oldest kept
    const StateDuration &last = durations->last();
    QCOMPARE(last.accountId, workflow.ref.account.id);
    QCOMPARE(last.kind, WorkflowKind::TransferIn);
    QCOMPARE(last.state, u"in_progress"_s);
    QCOMPARE(last.duration, std::chrono::milliseconds((WorkflowStore::durationsKept + 5) * 1000));
    QCOMPARE(last.endedAt, start.addSecs(WorkflowStore::durationsKept + 5));
}

void TestWorkflowStore::learnsDurationsFromAnOlderHistory()
{
    // A store from before the durations: what its history holds is learned from the times the
    // changes were seen.
    const QString file = path(u"durations-upgrade.sqlite"_s);
    {
        auto store = WorkflowStore::open(file, WorkflowStore::migrations().mid(0, 5));
        QVERIFY(store.hasValue());
        TrackedWorkflow workflow = sample();
        workflow.id = store.value()->insert(workflow).value();
        for (const auto &[at, from, to] : {std::tuple{0, QString(), u"pending"_s},
                                           std::tuple{12, u"pending"_s, u"in_progress"_s},
                                           std::tuple{312, u"in_progress"_s, u"succeeded"_s}}) {
            const StateChange change{workflow.id,
                                     start.addSecs(at),
                                     from.isEmpty() ? std::nullopt : std::optional(from),
                                     to,
                                     {}};
            QCOMPARE(store.value()->save(workflow, change), std::nullopt);
        }
    }
    auto store = WorkflowStore::open(file);
    QVERIFY(store.hasValue());
    const auto durations = store.value()->stateDurations();
    QVERIFY(durations.hasValue());
    QCOMPARE(durations->size(), 2);
    QCOMPARE(durations->at(0).state, u"pending"_s);
    QCOMPARE(durations->at(0).duration, std::chrono::milliseconds(12'000));
    QCOMPARE(durations->at(1).state, u"in_progress"_s);
    QCOMPARE(durations->at(1).duration, std::chrono::milliseconds(300'000));
    QCOMPARE(durations->at(1).kind, WorkflowKind::TransferIn);
}

void TestWorkflowStore::keepsOriginBatchAndWhenAdded()
{
    const QString file = path(u"origin.sqlite"_s);
    // A store from schema 2: its rows were added by the operator, when they were tracked.
    {
        auto store = WorkflowStore::open(file, WorkflowStore::migrations().mid(0, 2));
        QVERIFY(store.hasValue());
        QCOMPARE(store.value()->schemaVersion(), 2);
    }
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"v2"_s);
        db.setDatabaseName(file);
        QVERIFY(db.open());
        QSqlQuery insert(db);
        QVERIFY(insert.exec(u"INSERT INTO workflows (id, account_id, sandbox, domain, kind, "
                            u"watch, tracked_at) VALUES (7, 'a', 0, 'old.example', 'update', "
                            u"'settled', 1000)"_s));
        db.close();
    }
    QSqlDatabase::removeDatabase(u"v2"_s);
    auto store = WorkflowStore::open(file);
    QVERIFY(store.hasValue());
    QCOMPARE(store.value()->schemaVersion(), WorkflowStore::migrations().last().version);
    const TrackedWorkflow old = store.value()->loadAll().value().first();
    QCOMPARE(old.origin, WorkflowOrigin::Operator);
    QCOMPARE(old.batch, 0);
    QCOMPARE(old.addedAt.toMSecsSinceEpoch(), 1000);

    TrackedWorkflow found = sample();
    found.ref.domain = u"found.example"_s;
    found.origin = WorkflowOrigin::Found;
    found.batch = 1234;
    found.addedAt = QDateTime::fromMSecsSinceEpoch(5000, QTimeZone::utc());
    found.id = store.value()->insert(found).value();
    TrackedWorkflow back = store.value()->loadAll().value().last();
    QCOMPARE(back.origin, WorkflowOrigin::Found);
    QCOMPARE(back.batch, 1234);
    QCOMPARE(back.addedAt, found.addedAt);
    found.batch = 5678; // added again, in a later batch
    QCOMPARE(store.value()->save(found), std::nullopt);
    QCOMPARE(store.value()->loadAll().value().last().batch, 5678);
}

void TestWorkflowStore::refusesNewerSchema()
{
    const QString file = path(u"newer.sqlite"_s);
    {
        auto store = WorkflowStore::open(file);
        QVERIFY(store.hasValue());
    }
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"bump"_s);
        db.setDatabaseName(file);
        QVERIFY(db.open());
        QSqlQuery(db).exec(u"PRAGMA user_version = 99"_s);
        db.close();
    }
    QSqlDatabase::removeDatabase(u"bump"_s);
    const auto store = WorkflowStore::open(file);
    QVERIFY(!store.hasValue());
    QVERIFY2(store.error().contains(u"newer version of Registrar Watch (schema 99"_s),
             qPrintable(store.error()));
    QVERIFY(QFile::exists(file)); // left alone
}

void TestWorkflowStore::corruptions()
{
    QTest::addColumn<bool>("truncated");
    QTest::newRow("not a database") << false;
    QTest::newRow("a database cut short") << true;
}

void TestWorkflowStore::corrupt(const QString &file, bool truncated, QByteArray *original)
{
    if (!truncated) {
        *original = "this was never a database\n";
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(*original);
        return;
    }
    {
        auto store = WorkflowStore::open(file);
        QVERIFY(store.hasValue());
        for (int i = 0; i < 200; ++i) {
            TrackedWorkflow workflow = sample();
            workflow.ref.domain = u"d%1.example"_s.arg(i);
            workflow.lastBody = QByteArray(2000, 'z');
            QVERIFY(store.value()->insert(workflow).hasValue());
        }
    }
    QFile::remove(file + u"-wal"_s);
    QFile::remove(file + u"-shm"_s);
    QFile f(file);
    QVERIFY(f.open(QIODevice::ReadWrite));
    QVERIFY(f.readAll().size() > 100000);
    // Keep the header, damage the pages: what a bad disk or a half copy leaves.
    QVERIFY(f.seek(4096 * 3));
    f.write(QByteArray(4096 * 20, '\xAB'));
    f.close();
    QFile reread(file);
    QVERIFY(reread.open(QIODevice::ReadOnly));
    *original = reread.readAll();
}

void TestWorkflowStore::opensANewStoreInPlaceOfACorruptOne()
{
    QFETCH(bool, truncated);
    const QString file = path(truncated ? u"cut.sqlite"_s : u"garbage.sqlite"_s);
    QByteArray original;
    corrupt(file, truncated, &original);
    if (QTest::currentTestFailed())
        return;
    auto store = WorkflowStore::open(file);
    QVERIFY2(store.hasValue(), qPrintable(store.hasValue() ? QString() : store.error()));
    QCOMPARE(store.value()->notices().size(), 1);
    const QString notice = store.value()->notices().first();
    QVERIFY2(notice.contains(u"was damaged"_s) && notice.contains(u"was moved to"_s),
             qPrintable(notice));
    // A new store, with what could be read of the old one: nothing of a file that never was a
    // database; of damaged pages, the rows on the others.
    const qsizetype recovered = store.value()->loadAll()->size();
    if (truncated) {
        QVERIFY2(recovered > 0 && recovered < 200, qPrintable(notice));
        QVERIFY2(notice.contains(
                     QRegularExpression(u"; %1 (of its \\d+ )?workflows and "_s.arg(recovered))),
                 qPrintable(notice));
    } else {
        QCOMPARE(recovered, 0);
        QVERIFY2(notice.contains(u"nothing in it could be read"_s), qPrintable(notice));
    }
    QVERIFY(store.value()->insert(sample()).hasValue());
}

void TestWorkflowStore::keepsTheCorruptFileAside()
{
    // The old file is kept, byte for byte, beside the new one.
    QFETCH(bool, truncated);
    const QString file = path(truncated ? u"cut-kept.sqlite"_s : u"garbage-kept.sqlite"_s);
    QByteArray original;
    corrupt(file, truncated, &original);
    if (QTest::currentTestFailed())
        return;
    QVERIFY(WorkflowStore::open(file).hasValue());
    const QStringList aside =
        QDir(m_dir.path()).entryList({QFileInfo(file).fileName() + u".corrupt-*"_s});
    QCOMPARE(aside.size(), 1);
    QFile kept(m_dir.filePath(aside.first()));
    QVERIFY(kept.open(QIODevice::ReadOnly));
    QCOMPARE(kept.readAll(), original);
}

// A store cut in half (a half copy, a disk that lost its end): what can still be read comes
// back into the new store, with its history, and the notice says how much.
void TestWorkflowStore::recoversWhatCanBeReadOfADamagedStore()
{
    const QString file = path(u"halved.sqlite"_s);
    QHash<QString, QStringList> written; // domain: its history's states, in order
    {
        auto store = WorkflowStore::open(file);
        QVERIFY(store.hasValue());
        for (int i = 0; i < 150; ++i) {
            TrackedWorkflow workflow = sample();
            workflow.ref.domain = u"d%1.example"_s.arg(i);
            workflow.lastBody = QByteArray(1500, 'z');
            workflow.polls = i;
            auto id = store.value()->insert(workflow);
            QVERIFY(id.hasValue());
            workflow.id = id.value();
            for (int step = 0; step < 1 + i % 6; ++step) {
                const QString state = u"s%1"_s.arg(step);
                QVERIFY(!store.value()->save(workflow, StateChange{workflow.id,
                                                                   start.addSecs(step),
                                                                   std::nullopt,
                                                                   state,
                                                                   {{u"state"_s, state}}}));
                written[workflow.ref.domain].append(state);
            }
        }
    }
    QVERIFY(!QFile::exists(file + u"-wal"_s)); // all in the file itself
    {
        QFile f(file);
        QVERIFY(f.open(QIODevice::ReadWrite));
        QVERIFY(f.resize(f.size() / 2));
    }

    auto store = WorkflowStore::open(file);
    QVERIFY2(store.hasValue(), qPrintable(store.hasValue() ? QString() : store.error()));
    QCOMPARE(store.value()->notices().size(), 1);
    const QString notice = store.value()->notices().first();
    const QRegularExpression said(
        uR"(The store at .* was damaged \(.+\)\. It was moved to .*halved\.sqlite\.corrupt-\d{8}-\d{6}; (\d+) (?:of its \d+ )?workflows and (\d+) (?:of its \d+ )?history rows (?:were recovered|could be read))"_s);
    const QRegularExpressionMatch match = said.match(notice);
    QVERIFY2(match.hasMatch(), qPrintable(notice));

    const auto loaded = store.value()->loadAll();
    QVERIFY(loaded.hasValue());
    QVERIFY2(loaded->size() > 0 && loaded->size() < 150, qPrintable(notice));
    QCOMPARE(match.captured(1).toInt(), loaded->size());
    int historyRows = 0;
    for (const TrackedWorkflow &workflow : *loaded) {
        QVERIFY(written.contains(workflow.ref.domain));
        QCOMPARE(workflow.lastBody, QByteArray(1500, 'z'));
        QCOMPARE(workflow.polls, workflow.ref.domain.mid(1).section(u'.', 0, 0).toInt());
        const auto history = store.value()->history(workflow.id);
        QVERIFY(history.hasValue());
        QStringList states;
        for (const StateChange &change : *history)
            states.append(change.toState);
        // What is read is what was written, in order, though the end may be lost.
        QCOMPARE(states, written[workflow.ref.domain].mid(0, states.size()));
        historyRows += int(history->size());
    }
    QVERIFY(historyRows > 0);
    QCOMPARE(match.captured(2).toInt(), historyRows);
    // The new store takes new workflows, and their ids do not collide with recovered ones.
    auto added = store.value()->insert(sample());
    QVERIFY(added.hasValue());
    const auto history = store.value()->history(added.value());
    QVERIFY(history.hasValue());
    QVERIFY(history->isEmpty());
}

// A table whose largest rowid is huge (as a damaged page may report): the salvage skips the gap
// to it instead of walking every range up to it, so start-up does not hang.
void TestWorkflowStore::aHugeRowidDoesNotHoldUpTheSalvage()
{
    const QString file = path(u"huge-rowid.sqlite"_s);
    {
        auto store = WorkflowStore::open(file);
        QVERIFY(store.hasValue());
        for (int i = 0; i < 150; ++i) {
            TrackedWorkflow workflow = sample();
            workflow.ref.domain = u"d%1.example"_s.arg(i);
            workflow.lastBody = QByteArray(1500, 'z');
            QVERIFY(store.value()->insert(workflow).hasValue());
        }
    }
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"huge"_s);
        db.setDatabaseName(file);
        QVERIFY(db.open());
        QSqlQuery query(db);
        QVERIFY(query.exec(u"INSERT INTO seen_updates (rowid, account_id, sandbox, domain, "
                           u"started_at, seen_at) VALUES (1, 'a', 0, 'one.example', 0, 0), "
                           u"(4611686018427387904, 'a', 0, 'huge.example', 0, 0)"_s));
        query.finish();
        db.close();
    }
    QSqlDatabase::removeDatabase(u"huge"_s);
    QVERIFY(!QFile::exists(file + u"-wal"_s));
    {
        QFile f(file);
        QVERIFY(f.open(QIODevice::ReadWrite));
        QVERIFY(f.resize(f.size() / 2));
    }
    auto store = WorkflowStore::open(file);
    QVERIFY2(store.hasValue(), qPrintable(store.hasValue() ? QString() : store.error()));
    QCOMPARE(store.value()->notices().size(), 1);
    QVERIFY2(store.value()->notices().first().contains(u"recovered"_s),
             qPrintable(store.value()->notices().first()));
    store.value().reset();
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"recovered"_s);
        db.setDatabaseName(file);
        QVERIFY(db.open());
        QSqlQuery query(db);
        QVERIFY(query.exec(u"SELECT domain FROM seen_updates ORDER BY rowid"_s));
        QStringList domains;
        while (query.next())
            domains.append(query.value(0).toString());
        QCOMPARE(domains, (QStringList{u"one.example"_s, u"huge.example"_s}));
        query.finish();
        db.close();
    }
    QSqlDatabase::removeDatabase(u"recovered"_s);
}

// Root ignores the modes of folders: the store is opened by another user (rwtest, made if
// need be), through a helper.
void TestWorkflowStore::readsAStoreInAFolderItCannotWrite()
{
    QStringList runAs;
    if (::geteuid() == 0) {
        QProcess id;
        id.start(u"sh"_s, {u"-c"_s, u"id rwtest || useradd -M rwtest"_s});
        if (!id.waitForFinished(30000) || id.exitCode() != 0)
            QSKIP("Running as root, and no other user (rwtest) to open the store as.");
        runAs = {u"runuser"_s, u"-u"_s, u"rwtest"_s, u"--"_s};
    }
    const auto open = [&runAs](const QString &file) {
        QProcess helper;
        const QStringList command = runAs + QStringList{QStringLiteral(RW_STORE_OPEN), file};
        helper.start(command.first(), command.mid(1));
        helper.waitForFinished(60000);
        return QString::fromUtf8(helper.readAllStandardOutput() + helper.readAllStandardError());
    };
    const QString folder = path(u"read-only"_s);
    const QString file = folder + u"/store.sqlite"_s;
    {
        auto store = WorkflowStore::open(file);
        QVERIFY(store.hasValue());
        for (int i = 0; i < 3; ++i) {
            TrackedWorkflow workflow = sample();
            workflow.ref.domain = u"kept%1.example"_s.arg(i);
            QVERIFY(store.value()->insert(workflow).hasValue());
        }
    }
    QVERIFY(!QFile::exists(file + u"-wal"_s));
    // Writable again however the test ends: a failed check must not leave a folder that the
    // temporary directory (run by a user other than root) cannot remove.
    const auto writable = qScopeGuard([&folder, &file] {
        QFile::setPermissions(folder, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        QFile::setPermissions(file, QFile::ReadOwner | QFile::WriteOwner);
    });
    // Readable by all, written by none but root; the way there open to all.
    QVERIFY(QFile::setPermissions(m_dir.path(), QFile::ReadOwner | QFile::WriteOwner |
                                                    QFile::ExeOwner | QFile::ReadOther |
                                                    QFile::ExeOther));
    QVERIFY(QFile::setPermissions(file, QFile::ReadOwner | QFile::ReadOther));
    QVERIFY(QFile::setPermissions(folder, QFile::ReadOwner | QFile::ExeOwner | QFile::ReadOther |
                                              QFile::ExeOther));
    const QStringList before = QDir(folder).entryList(QDir::Files);

    const QString opened = open(file);
    QVERIFY2(opened.contains(u"readonly 1"_s) && opened.contains(u"workflows 3"_s),
             qPrintable(opened));
    QVERIFY2(opened.contains(u"notice: The store at %1 can only be read: the folder %2 cannot "
                             u"be written"_s.arg(file, folder)) &&
                 opened.contains(u"nothing new will be saved"_s),
             qPrintable(opened));
    QVERIFY2(opened.contains(u"insert: The store at"_s), qPrintable(opened)); // refused, said
    QCOMPARE(QDir(folder).entryList(QDir::Files), before);

    // No store there yet: it cannot be made, and the sentence names the folder.
    const QString created = open(folder + u"/new.sqlite"_s);
    QVERIFY2(created.contains(u"error: The store at %1/new.sqlite could not be created: the "
                              u"folder %1 cannot be written"_s.arg(folder)),
             qPrintable(created));
}

void TestWorkflowStore::reportsAnImpossiblePlace()
{
    // A directory cannot be made where a file already is (root can write anywhere else).
    QFile blocker(path(u"a-file"_s));
    QVERIFY(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    const auto store = WorkflowStore::open(path(u"a-file/store.sqlite"_s));
    QVERIFY(!store.hasValue());
    QVERIFY2(store.error().contains(u"could not be created"_s) &&
                 store.error().contains(path(u"a-file"_s)),
             qPrintable(store.error()));
}

void TestWorkflowStore::leavesABusyStoreAlone()
{
    // Another process holds the store exclusively: that is not damage, and nothing is moved.
    const QString file = path(u"busy.sqlite"_s);
    {
        auto store = WorkflowStore::open(file);
        QVERIFY(store.hasValue());
        QVERIFY(store.value()->insert(sample()).hasValue());
    }
    QProcess holder;
    holder.start(u"/usr/bin/python3"_s, {u"-c"_s,
                                         u"import sqlite3, sys, time\n"
                                         u"c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
                                         u"c.execute('PRAGMA locking_mode=EXCLUSIVE')\n"
                                         u"c.execute('BEGIN EXCLUSIVE')\n"
                                         u"print('locked', flush=True)\n"
                                         u"time.sleep(30)\n"_s,
                                         file});
    QVERIFY(holder.waitForStarted());
    QTRY_VERIFY_WITH_TIMEOUT(holder.canReadLine(), 10000);
    const auto store = WorkflowStore::open(file);
    holder.kill();
    holder.waitForFinished();
    QVERIFY(!store.hasValue());
    QVERIFY2(store.error().contains(u"locked"_s) && store.error().contains(u"another program"_s),
             qPrintable(store.error()));
    QVERIFY(QDir(m_dir.path()).entryList({u"busy.sqlite.corrupt-*"_s}).isEmpty());
    auto again = WorkflowStore::open(file); // once free, it is all there
    QVERIFY(again.hasValue());
    QCOMPARE(again.value()->loadAll()->size(), 1);
}

int TestWorkflowStore::killedWriter()
{
    if (m_killedCommitted)
        return *m_killedCommitted;
    m_killedCommitted = 0;
    m_killedFile = path(u"killed.sqlite"_s);
    QProcess writer;
    writer.setProgram(QStringLiteral(RW_STORE_WRITER));
    writer.setArguments({m_killedFile});
    writer.start();
    if (!writer.waitForStarted()) {
        qWarning("the store writer did not start");
        return 0;
    }
    QString output;
    // Let it get well into a burst of writes, then kill it without warning.
    const bool wellInto = QTest::qWaitFor(
        [&] {
            output += QString::fromUtf8(writer.readAllStandardOutput());
            return lastCommitted(output) >= 300;
        },
        60000);
    ::kill(pid_t(writer.processId()), SIGKILL);
    if (!writer.waitForFinished() || !wellInto) {
        qWarning("the store writer did not commit 300 workflows, or did not die: %s",
                 qPrintable(output.right(200)));
        return 0;
    }
    output += QString::fromUtf8(writer.readAllStandardOutput());
    m_killedCommitted = lastCommitted(output);
    return *m_killedCommitted;
}

void TestWorkflowStore::leavesASoundFileOnKill9()
{
    QVERIFY(killedWriter() >= 300);
    QCOMPARE(integrity(m_killedFile), u"ok"_s);
    auto store = WorkflowStore::open(m_killedFile);
    QVERIFY2(store.hasValue(), qPrintable(store.hasValue() ? QString() : store.error()));
    QVERIFY(store.value()->notices().isEmpty());
}

void TestWorkflowStore::losesNothingCommittedOnKill9()
{
    const int committed = killedWriter();
    QVERIFY(committed >= 300);
    auto store = WorkflowStore::open(m_killedFile);
    QVERIFY2(store.hasValue(), qPrintable(store.hasValue() ? QString() : store.error()));
    const auto loaded = store.value()->loadAll();
    QVERIFY(loaded.hasValue());
    QVERIFY2(loaded->size() >= committed,
             qPrintable(u"%1 rows, %2 committed"_s.arg(loaded->size()).arg(committed)));
    QSet<QString> domains;
    for (const TrackedWorkflow &workflow : *loaded)
        domains.insert(workflow.ref.domain);
    for (int i = 1; i <= committed; ++i) {
        QVERIFY2(domains.contains(u"w%1.example"_s.arg(i)), qPrintable(QString::number(i)));
    }
    // Every committed workflow has its history row and its saved poll count.
    for (const TrackedWorkflow &workflow : *loaded) {
        const int number = workflow.ref.domain.mid(1).section(u'.', 0, 0).toInt();
        if (number > committed)
            continue;
        QCOMPARE(workflow.polls, 1);
        QCOMPARE(store.value()->history(workflow.id)->size(), 1);
    }
}

void TestWorkflowStore::reportsAFullDisk()
{
    const QString file = path(u"full.sqlite"_s);
    QProcess writer;
    // Room for the schema's tables and a dozen workflows, then the disk is full.
    writer.start(QStringLiteral(RW_STORE_WRITER), {file, u"--fsize-limit"_s, u"400000"_s});
    QVERIFY(writer.waitForFinished(120000));
    QCOMPARE(writer.exitStatus(), QProcess::NormalExit);
    QCOMPARE(writer.exitCode(), 0); // it carried on after the errors and ended normally
    const QString output = QString::fromUtf8(writer.readAllStandardOutput());
    const int committed = lastCommitted(output);
    QVERIFY(committed > 10);
    const qsizetype at = output.indexOf(u"error: "_s);
    QVERIFY2(at >= 0, qPrintable(output.right(500)));
    const QString error = output.mid(at, output.indexOf(u'\n', at) - at);
    // EFBIG reaches SQLite as an I/O error, ENOSPC as "database or disk is full": both say so.
    QVERIFY2((error.contains(u"disk may be full"_s) || error.contains(u"disk is full"_s)) &&
                 error.contains(file),
             qPrintable(error));

    // Afterwards, with room again, everything committed is there and the file is sound.
    QCOMPARE(integrity(file), u"ok"_s);
    auto store = WorkflowStore::open(file);
    QVERIFY(store.hasValue());
    QVERIFY(store.value()->loadAll()->size() >= committed);
}

QTEST_GUILESS_MAIN(TestWorkflowStore)
void TestWorkflowStore::remembersWhatDiscoverySawAcrossARestart()
{
    const QString file = path(u"discovery.sqlite"_s);
    const AccountRef account{u"023e105f4ecef8ad9ca31a8372d0c353"_s, false};
    const WorkflowRef update{account, u"example.com"_s, WorkflowKind::Update};
    const WorkflowRef transfer{account, u"example.net"_s, WorkflowKind::TransferIn};
    {
        auto store = WorkflowStore::open(file);
        QVERIFY(store.hasValue());
        QCOMPARE(store.value()->setSeenUpdate({update, start, start.addSecs(5)}), std::nullopt);
        // The later of two updates on one domain is the one remembered.
        QCOMPARE(store.value()->setSeenUpdate({update, start.addDays(1), start.addDays(1)}),
                 std::nullopt);
        QCOMPARE(store.value()->setRemovedFound({transfer, start, start.addSecs(60)}),
                 std::nullopt);
        QCOMPARE(store.value()->setRemovedFound({update, start.addDays(1), start.addDays(2)}),
                 std::nullopt);
        QCOMPARE(store.value()->clearRemovedFound(update), std::nullopt);
    }
    auto reopened = WorkflowStore::open(file);
    QVERIFY(reopened.hasValue());
    const auto seen = reopened.value()->seenUpdates(account);
    QVERIFY(seen.hasValue());
    QCOMPARE(seen->size(), 1);
    QVERIFY(seen->first().ref == update);
    QCOMPARE(seen->first().startedAt, start.addDays(1));
    const auto removed = reopened.value()->removedFound(account);
    QVERIFY(removed.hasValue());
    QCOMPARE(removed->size(), 1);
    QVERIFY(removed->first().ref == transfer);
    QCOMPARE(removed->first().startedAt, start);
    QCOMPARE(removed->first().markedAt, start.addSecs(60));
    // Another account's memory is its own.
    QVERIFY(reopened.value()->seenUpdates({u"other"_s, false})->isEmpty());
}

void TestWorkflowStore::keepsRegistrationNoticesAcrossARestart()
{
    const QString file = path(u"notices.sqlite"_s);
    const AccountRef account{u"023e105f4ecef8ad9ca31a8372d0c353"_s, false};
    RegistrationNotice expiring;
    expiring.account = account;
    expiring.domain = u"example.com"_s;
    expiring.attention = {RegistrationAttention::Reason::ExpiresSoon, start.addDays(12)};
    expiring.registration.domainName = u"example.com"_s;
    expiring.registration.status = u"active"_s;
    expiring.registration.raw = QJsonObject{{u"domain_name"_s, u"example.com"_s},
                                            {u"status"_s, u"active"_s},
                                            {u"auto_renew"_s, false},
                                            {u"expires_at"_s, u"2026-03-13T12:00:00Z"_s}};
    expiring.foundAt = start;
    expiring.toldAt = start.addSecs(3);
    RegistrationNotice lapsed = expiring;
    lapsed.domain = u"example.net"_s;
    lapsed.attention = {RegistrationAttention::Reason::Expired, start.addDays(-2)};
    lapsed.toldAt = {};
    {
        auto store = WorkflowStore::open(file);
        QVERIFY(store.hasValue());
        QCOMPARE(store.value()->saveRegistrationNotice(expiring), std::nullopt);
        QCOMPARE(store.value()->saveRegistrationNotice(lapsed), std::nullopt);
        QCOMPARE(store.value()->removeRegistrationNotice(account, u"example.net"_s), std::nullopt);
    }
    auto reopened = WorkflowStore::open(file);
    QVERIFY(reopened.hasValue());
    const auto notices = reopened.value()->registrationNotices();
    QVERIFY(notices.hasValue());
    QCOMPARE(notices->size(), 1);
    const RegistrationNotice &kept = notices->first();
    QCOMPARE(kept.account.id, account.id);
    QCOMPARE(kept.domain, u"example.com"_s);
    QVERIFY(kept.attention == expiring.attention);
    QCOMPARE(kept.foundAt, start);
    QCOMPARE(kept.toldAt, start.addSecs(3)); // told once: not again after a restart
    QCOMPARE(kept.registration.domainName, u"example.com"_s);
    QCOMPARE(kept.registration.autoRenew, false);
}

#include "tst_workflowstore.moc"
