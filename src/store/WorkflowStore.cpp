#include "store/WorkflowStore.h"

#include "common/FilePrivacy.h"
#include "common/Json.h"
#include "common/Logging.h"
#include "store/RegistrationNotice.h"
#include "store/WorkflowMark.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTimeZone>
#include <QUrl>
#include <QUuid>
#include <QVariant>

#include <algorithm>
#include <functional>

using namespace Qt::StringLiterals;

namespace rw {

namespace {

const QList<WorkflowStore::Migration> schema = {
    {1,
     {uR"(CREATE TABLE workflows (
            id INTEGER PRIMARY KEY,
            account_id TEXT NOT NULL,
            sandbox INTEGER NOT NULL,
            domain TEXT NOT NULL,
            kind TEXT NOT NULL,
            self_link TEXT NOT NULL DEFAULT '',
            watch TEXT NOT NULL,
            stop_reason TEXT NOT NULL DEFAULT '',
            status_json TEXT,
            last_body BLOB,
            last_error_json TEXT,
            tracked_at INTEGER NOT NULL,
            watching_since INTEGER,
            state_since INTEGER,
            last_checked_at INTEGER,
            last_changed_at INTEGER,
            next_poll_at INTEGER,
            polls INTEGER NOT NULL DEFAULT 0,
            polls_in_state INTEGER NOT NULL DEFAULT 0,
            consecutive_errors INTEGER NOT NULL DEFAULT 0,
            total_errors INTEGER NOT NULL DEFAULT 0,
            no_workflow_answers INTEGER NOT NULL DEFAULT 0,
            left_active INTEGER NOT NULL DEFAULT 0,
            UNIQUE (account_id, sandbox, domain, kind))
        )"_s,
      uR"(CREATE TABLE history (
            id INTEGER PRIMARY KEY,
            workflow_id INTEGER NOT NULL REFERENCES workflows (id) ON DELETE CASCADE,
            observed_at INTEGER NOT NULL,
            from_state TEXT,
            to_state TEXT NOT NULL,
            status_json TEXT NOT NULL)
        )"_s,
      u"CREATE INDEX history_by_workflow ON history (workflow_id, id)"_s}},
    // Notifications: a workflow the operator muted, and the condition they were last told of
    // ('*' for rows from before: whatever they show now needs no telling).
    {2,
     {u"ALTER TABLE workflows ADD COLUMN muted INTEGER NOT NULL DEFAULT 0"_s,
      u"ALTER TABLE workflows ADD COLUMN notified TEXT NOT NULL DEFAULT ''"_s,
      u"UPDATE workflows SET notified = '*'"_s}},
    // Where a workflow came from (the operator, or found in the account), the batch it was
    // added in, and when it was last added (rows from before: when they were first tracked).
    {3,
     {u"ALTER TABLE workflows ADD COLUMN origin TEXT NOT NULL DEFAULT 'operator'"_s,
      u"ALTER TABLE workflows ADD COLUMN batch INTEGER NOT NULL DEFAULT 0"_s,
      u"ALTER TABLE workflows ADD COLUMN added_at INTEGER"_s,
      u"UPDATE workflows SET added_at = tracked_at"_s}},
    // The last few checks that failed, per workflow, for the details: the error as the engine
    // classified it (ApiError::toJson), so that what was said then is shown, not re-derived.
    {4,
     {uR"(CREATE TABLE failed_checks (
            id INTEGER PRIMARY KEY,
            workflow_id INTEGER NOT NULL REFERENCES workflows (id) ON DELETE CASCADE,
            checked_at INTEGER NOT NULL,
            error_json TEXT NOT NULL)
        )"_s,
      u"CREATE INDEX failed_checks_by_workflow ON failed_checks (workflow_id, id)"_s}},
    // Watching whole accounts: the last update seen on each domain (so that one is not found
    // twice), the found workflows the operator removed (so that they stay removed until a newer
    // one starts), and the registrations that need the operator, with when they were told.
    {5,
     {uR"(CREATE TABLE seen_updates (
            account_id TEXT NOT NULL,
            sandbox INTEGER NOT NULL,
            domain TEXT NOT NULL,
            started_at INTEGER,
            seen_at INTEGER NOT NULL,
            PRIMARY KEY (account_id, sandbox, domain))
        )"_s,
      uR"(CREATE TABLE removed_found (
            account_id TEXT NOT NULL,
            sandbox INTEGER NOT NULL,
            domain TEXT NOT NULL,
            kind TEXT NOT NULL,
            started_at INTEGER,
            removed_at INTEGER NOT NULL,
            PRIMARY KEY (account_id, sandbox, domain, kind))
        )"_s,
      uR"(CREATE TABLE registration_notices (
            account_id TEXT NOT NULL,
            sandbox INTEGER NOT NULL,
            domain TEXT NOT NULL,
            reason TEXT NOT NULL,
            expires_at INTEGER,
            registration_json TEXT NOT NULL,
            found_at INTEGER,
            told_at INTEGER,
            PRIMARY KEY (account_id, sandbox, domain))
        )"_s}},
    // How long each state lasted, per account and kind, for the engine to learn from: kept apart
    // from the history, so that removing finished workflows does not forget it. What the history
    // already holds is learned from the times the changes were seen.
    {6,
     {uR"(CREATE TABLE state_durations (
            id INTEGER PRIMARY KEY,
            account_id TEXT NOT NULL,
            kind TEXT NOT NULL,
            state TEXT NOT NULL,
            duration_ms INTEGER NOT NULL,
            ended_at INTEGER NOT NULL)
        )"_s,
      u"CREATE INDEX state_durations_by_key ON state_durations (account_id, kind, state, id)"_s,
      uR"(INSERT INTO state_durations (account_id, kind, state, duration_ms, ended_at)
          SELECT w.account_id, w.kind, h.to_state, h.next_at - h.observed_at, h.next_at
          FROM (SELECT workflow_id, to_state, observed_at,
                       LEAD(observed_at) OVER (PARTITION BY workflow_id ORDER BY id) AS next_at
                FROM history) AS h
          JOIN workflows AS w ON w.id = h.workflow_id
          WHERE h.next_at > h.observed_at ORDER BY h.next_at
        )"_s}},
};

QString reasonName(RegistrationAttention::Reason reason)
{
    using Reason = RegistrationAttention::Reason;
    switch (reason) {
    case Reason::ExpiresSoon:
        return u"expires_soon"_s;
    case Reason::Expired:
        return u"expired"_s;
    case Reason::RedemptionPeriod:
        return u"redemption_period"_s;
    case Reason::PendingDelete:
        return u"pending_delete"_s;
    case Reason::Suspended:
        return u"suspended"_s;
    }
    return u"expired"_s;
}

std::optional<RegistrationAttention::Reason> reasonFromName(const QString &name)
{
    using Reason = RegistrationAttention::Reason;
    for (const Reason reason : {Reason::ExpiresSoon, Reason::Expired, Reason::RedemptionPeriod,
                                Reason::PendingDelete, Reason::Suspended}) {
        if (reasonName(reason) == name)
            return reason;
    }
    return std::nullopt;
}

QString originName(WorkflowOrigin origin)
{
    return origin == WorkflowOrigin::Found ? u"found"_s : u"operator"_s;
}

QVariant timeValue(const QDateTime &time)
{
    return time.isValid() ? QVariant(time.toMSecsSinceEpoch())
                          : QVariant(QMetaType::fromType<qint64>());
}

QDateTime timeFrom(const QVariant &value)
{
    return value.isNull() ? QDateTime()
                          : QDateTime::fromMSecsSinceEpoch(value.toLongLong(), QTimeZone::utc());
}

QString compactJson(const QJsonObject &object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

QJsonObject objectFrom(const QVariant &value)
{
    return QJsonDocument::fromJson(value.toString().toUtf8()).object();
}

// "file is not a database" and friends: the text SQLite gives, without Qt's prefixes, and for
// write failures what an operator should check.
QString reasonOf(const QSqlError &error)
{
    QString text = error.databaseText().isEmpty() ? error.text() : error.databaseText();
    if (text.isEmpty())
        text = u"unknown error"_s;
    // The primary SQLite result code; Qt leaves it out of commit failures, so fall back on the
    // text.
    int code = error.nativeErrorCode().toInt() & 0xff;
    if (code == 0 && text.contains(u"disk I/O error"))
        code = 10;
    else if (code == 0 && text.contains(u"readonly"))
        code = 8;
    switch (code) {
    case 10: // SQLITE_IOERR: a failed write, as when the disk or a quota is full
        text += u" (the disk may be full, or the file no longer writable)"_s;
        break;
    case 13: // SQLITE_FULL
        text += u" (free some space)"_s;
        break;
    case 5: // SQLITE_BUSY
    case 6: // SQLITE_LOCKED
        text += u" (another program is using it; is Registrar Watch already running?)"_s;
        break;
    case 8: // SQLITE_READONLY
        text += u" (the file or its directory is read-only)"_s;
        break;
    default:
        break;
    }
    return text;
}

// Prepares and runs `sql` with its values bound by name; why it failed, if it did.
std::optional<QString> execute(QSqlQuery &query, const QString &sql,
                               std::initializer_list<std::pair<QString, QVariant>> values)
{
    if (!query.prepare(sql))
        return reasonOf(query.lastError());
    for (const auto &[name, value] : values)
        query.bindValue(name, value);
    if (!query.exec())
        return reasonOf(query.lastError());
    return std::nullopt;
}

// The state the change left, with how long it lasted, kept with the account's last few of
// that state and kind (within the save's transaction); the reason when it could not be.
std::optional<QString> addDuration(const QSqlDatabase &db, const TrackedWorkflow &workflow,
                                   const StateChange &change)
{
    if (!change.fromState || !change.fromDuration || change.fromDuration->count() <= 0)
        return std::nullopt;
    QSqlQuery insert(db);
    insert.prepare(u"INSERT INTO state_durations (account_id, kind, state, duration_ms, ended_at) "
                   u"VALUES (:account_id, :kind, :state, :duration_ms, :ended_at)"_s);
    insert.bindValue(u":account_id"_s, workflow.ref.account.id);
    insert.bindValue(u":kind"_s, kindName(workflow.ref.kind));
    insert.bindValue(u":state"_s, *change.fromState);
    insert.bindValue(u":duration_ms"_s, qint64(change.fromDuration->count()));
    insert.bindValue(u":ended_at"_s, timeValue(change.observedAt));
    if (!insert.exec())
        return reasonOf(insert.lastError());
    QSqlQuery trim(db);
    trim.prepare(u"DELETE FROM state_durations WHERE account_id = :account_id AND kind = :kind "
                 u"AND state = :state AND id NOT IN (SELECT id FROM state_durations "
                 u"WHERE account_id = :same_account AND kind = :same_kind AND state = :same_state "
                 u"ORDER BY id DESC LIMIT :kept)"_s);
    trim.bindValue(u":account_id"_s, workflow.ref.account.id);
    trim.bindValue(u":same_account"_s, workflow.ref.account.id);
    trim.bindValue(u":kind"_s, kindName(workflow.ref.kind));
    trim.bindValue(u":same_kind"_s, kindName(workflow.ref.kind));
    trim.bindValue(u":state"_s, *change.fromState);
    trim.bindValue(u":same_state"_s, *change.fromState);
    trim.bindValue(u":kept"_s, WorkflowStore::durationsKept);
    if (!trim.exec())
        return reasonOf(trim.lastError());
    return std::nullopt;
}

// Why a folder cannot be made: the nearest path above it that exists, and what is wrong there.
QString unwritableAncestor(const QString &folder)
{
    QString at = QDir::cleanPath(folder);
    while (!QFileInfo::exists(at)) {
        const QString up = QFileInfo(at).path();
        if (up == at)
            return u"no folder above it exists"_s;
        at = up;
    }
    const QFileInfo info(at);
    if (!info.isDir())
        return u"%1 is a file, not a folder"_s.arg(at);
    return info.isWritable() ? u"the system refused under %1"_s.arg(at)
                             : u"%1 cannot be written"_s.arg(at);
}

} // namespace

const QList<WorkflowStore::Migration> &WorkflowStore::migrations()
{
    return schema;
}

QString WorkflowStore::defaultPath(const QString &fileName)
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation))
        .filePath(fileName);
}

Expected<std::unique_ptr<WorkflowStore>> WorkflowStore::open(const QString &path)
{
    return open(path, schema);
}

WorkflowStore::WorkflowStore(QString path, QString connection)
    : m_path(std::move(path))
    , m_connection(std::move(connection))
{}

WorkflowStore::~WorkflowStore()
{
    {
        QSqlDatabase db = QSqlDatabase::database(m_connection, false);
        if (db.isOpen())
            db.close();
    }
    QSqlDatabase::removeDatabase(m_connection);
}

QSqlDatabase WorkflowStore::database() const
{
    return QSqlDatabase::database(m_connection, false);
}

QString WorkflowStore::failure(const QString &doing, const QString &why) const
{
    return u"The store at %1 could not %2: %3."_s.arg(QDir::toNativeSeparators(m_path), doing, why);
}

Expected<std::unique_ptr<WorkflowStore>> WorkflowStore::open(const QString &path,
                                                             const QList<Migration> &migrations)
{
    if (!QSqlDatabase::isDriverAvailable(u"QSQLITE"_s))
        return Unexpected{
            u"The SQLite driver for Qt is missing (Debian package libqt6sql6-sqlite); "
            u"the store at %1 cannot be opened."_s.arg(path)};
    const QFileInfo info(path);
    if (FilePrivacy::makeFolders(info.absolutePath()))
        return Unexpected{
            u"The store at %1 could not be created: the folder %2 cannot be made "
            u"(%3)."_s.arg(path, info.absolutePath(), unwritableAncestor(info.absolutePath()))};
    // SQLite writes beside the store (its -wal and -shm files) even to read it: in a folder
    // that cannot be written, or from a file that cannot, the store can only be read.
    const QString folder = info.absolutePath();
    const bool folderWritable = QFileInfo(folder).isWritable();
    if (!folderWritable || (info.exists() && !info.isWritable())) {
        const QString why =
            folderWritable
                ? u"the file cannot be written"_s
                : u"the folder %1 cannot be written, and SQLite keeps its -wal and -shm files "
                  u"there"_s.arg(folder);
        if (!info.exists())
            return Unexpected{u"The store at %1 could not be created: %2. Make the folder "
                              u"writable for you, or choose another place."_s.arg(path, why)};
        return openReadOnly(path, why, migrations);
    }

    QStringList notices;
    QString setAside; // where a damaged store went
    for (int attempt = 0; attempt < 2; ++attempt) {
        const QString connection =
            u"rw-store-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces);
        std::unique_ptr<WorkflowStore> store(new WorkflowStore(path, connection));
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, connection);
        db.setDatabaseName(path);
        db.setConnectOptions(u"QSQLITE_BUSY_TIMEOUT=5000"_s);
        if (!db.open())
            return Unexpected{store->failure(u"be opened"_s, reasonOf(db.lastError()))};

        // A file that is not a database, or is damaged, is set aside once and a new one started.
        QString problem;
        {
            QSqlQuery check(db);
            if (!check.exec(u"PRAGMA quick_check"_s)) {
                // Only a file that is not a database, or a damaged one, is set aside; a store
                // another process holds (busy, locked) or an I/O error is reported as it is.
                const int code = check.lastError().nativeErrorCode().toInt() & 0xff;
                const QString why = reasonOf(check.lastError());
                if (code != 26 && code != 11 && !why.contains(u"not a database") &&
                    !why.contains(u"malformed"))
                    return Unexpected{store->failure(u"be read"_s, why)};
                problem = why;
            } else {
                QStringList findings;
                while (check.next() && findings.size() < 2) {
                    const QStringList lines = check.value(0).toString().split(u'\n');
                    for (const QString &line : lines) {
                        if (!line.isEmpty() && line != u"ok" && !line.startsWith(u"***") &&
                            findings.size() < 2)
                            findings.append(line.trimmed());
                    }
                }
                if (!findings.isEmpty())
                    problem = findings.join(u"; ");
            }
        }
        if (!problem.isEmpty()) {
            db.close();
            db = QSqlDatabase(); // the connection must be unused before it is removed
            store.reset();
            if (attempt > 0)
                return Unexpected{u"The store at %1 is unreadable even after it was set aside: "
                                  u"%2."_s.arg(path, problem)};
            const QString aside = path + u".corrupt-"_s +
                                  QDateTime::currentDateTimeUtc().toString(u"yyyyMMdd-HHmmss"_s);
            for (const QString &suffix : {QString(), u"-wal"_s, u"-shm"_s}) {
                if (QFile::exists(path + suffix) && !QFile::rename(path + suffix, aside + suffix))
                    return Unexpected{
                        u"The store at %1 is unreadable (%2) and could not be moved "
                        u"aside to %3; move or delete it by hand."_s.arg(path, problem, aside)};
            }
            // Said by whoever opened the store (the window, `watch` on stderr, the log of
            // `serve`), once: not logged here as well.
            notices.append(u"The store at %1 was damaged (%2). It was moved to %3"_s.arg(
                path, problem, aside));
            setAside = aside;
            continue;
        }

        for (const QString &pragma :
             {u"PRAGMA journal_mode = WAL"_s, u"PRAGMA synchronous = NORMAL"_s,
              u"PRAGMA foreign_keys = ON"_s}) {
            QSqlQuery query(db);
            if (!query.exec(pragma))
                return Unexpected{store->failure(u"be prepared"_s, reasonOf(query.lastError()))};
        }
        if (auto error = store->migrate(migrations))
            return Unexpected{*error};
        if (!setAside.isEmpty())
            notices.last() += u"; "_s + store->salvage(setAside);
        store->m_notices = notices;
        return store;
    }
    Q_UNREACHABLE();
    return Unexpected{QString()};
}

namespace {

// The columns of `table` in a database, in their order; empty when it cannot be read.
QStringList columnsOf(const QSqlDatabase &db, const QString &table)
{
    QSqlQuery query(db);
    QStringList columns;
    if (!query.exec(u"PRAGMA table_info(%1)"_s.arg(table)))
        return columns;
    while (query.next())
        columns.append(query.value(1).toString());
    return columns;
}

struct TableSalvage
{
    int read = 0;              // rows that could be read
    int recovered = 0;         // of those, rows now in the new store
    std::optional<int> before; // how many the damaged table held, when that can be known
};

// Copies every row of `table` that can be read from `from` into `to`. SQLite stops a scan at the
// first damaged page, so rows are read by ranges of rowids, and a range that fails row by row.
// `keep` may refuse a row (its workflow was lost); `kept` learns the rowids recovered.
TableSalvage
salvageTable(const QSqlDatabase &from, const QSqlDatabase &to, const QString &table,
             const std::function<bool(const QVariantList &, const QStringList &)> &keep,
             QSet<qint64> *kept)
{
    TableSalvage result;
    const QStringList target = columnsOf(to, table);
    const QStringList source = columnsOf(from, table);
    QStringList columns;
    for (const QString &column : target) {
        if (source.contains(column))
            columns.append(column);
    }
    if (columns.isEmpty())
        return result;
    {
        QSqlQuery count(from);
        if (count.exec(u"SELECT count(*) FROM %1"_s.arg(table)) && count.next() &&
            !count.lastError().isValid())
            result.before = count.value(0).toInt();
    }
    std::optional<qint64> last; // the largest rowid, when the end of the table can be read
    {
        QSqlQuery max(from);
        if (max.exec(u"SELECT max(rowid) FROM %1"_s.arg(table)) && max.next() &&
            !max.lastError().isValid()) {
            if (max.value(0).isNull())
                return result; // empty
            last = max.value(0).toLongLong();
        }
    }
    const QString list = columns.join(u", "_s);
    QStringList marks;
    for (qsizetype i = 0; i < columns.size(); ++i)
        marks.append(u"?"_s);
    QSqlQuery insert(to);
    insert.prepare(
        u"INSERT OR IGNORE INTO %1 (%2) VALUES (%3)"_s.arg(table, list, marks.join(u", "_s)));
    const auto take = [&](qint64 rowid, const QVariantList &values) {
        ++result.read;
        if (keep && !keep(values, columns))
            return;
        for (qsizetype i = 0; i < values.size(); ++i)
            insert.bindValue(int(i), values.at(i));
        if (insert.exec() && insert.numRowsAffected() > 0) {
            ++result.recovered;
            if (kept)
                kept->insert(rowid);
        }
    };
    const auto readRow = [&](QSqlQuery &query) {
        QVariantList values;
        for (qsizetype i = 0; i < columns.size(); ++i)
            values.append(query.value(int(i) + 1));
        return values;
    };
    // The next rowid at or after `from`, as far as the table's index can be read.
    const auto nextRowid = [&from, &table](qint64 at) -> std::optional<qint64> {
        QSqlQuery seek(from);
        seek.prepare(u"SELECT min(rowid) FROM %1 WHERE rowid >= ?"_s.arg(table));
        seek.addBindValue(at);
        if (!seek.exec() || !seek.next() || seek.lastError().isValid() || seek.value(0).isNull())
            return std::nullopt;
        return seek.value(0).toLongLong();
    };
    // Reading goes on this far past the last row found; beyond, only to a row the index says is
    // further on. So a gap is skipped, and a damaged page that reports a huge rowid (or none)
    // cannot make start-up walk ranges for ever.
    constexpr qint64 range = 256;
    constexpr qint64 beyond = 4096;
    qint64 found = 0;
    for (qint64 first = 0;; first += range) {
        if (first > found + beyond) {
            const auto next = nextRowid(first);
            if (!next || (last && *next > *last))
                break;
            first = *next - *next % range;
        }
        if (last && first > *last)
            break;
        QSqlQuery query(from);
        query.setForwardOnly(true);
        query.prepare(
            u"SELECT rowid, %1 FROM %2 WHERE rowid >= ? AND rowid < ? ORDER BY rowid"_s.arg(list,
                                                                                            table));
        query.addBindValue(first);
        query.addBindValue(first + range);
        QList<std::pair<qint64, QVariantList>> rows;
        bool whole = query.exec();
        while (whole && query.next())
            rows.append({query.value(0).toLongLong(), readRow(query)});
        if (query.lastError().isValid())
            whole = false;
        if (whole) {
            for (const auto &[rowid, values] : std::as_const(rows)) {
                take(rowid, values);
                found = std::max(found, rowid);
            }
            continue;
        }
        for (qint64 rowid = first; rowid < first + range; ++rowid) {
            QSqlQuery one(from);
            one.prepare(u"SELECT rowid, %1 FROM %2 WHERE rowid = ?"_s.arg(list, table));
            one.addBindValue(rowid);
            if (one.exec() && one.next() && !one.lastError().isValid()) {
                take(rowid, readRow(one));
                found = std::max(found, rowid);
            }
        }
    }
    return result;
}

QString rowsText(const TableSalvage &table, const QString &what)
{
    return table.before ? u"%1 of its %2 %3"_s.arg(table.recovered).arg(*table.before).arg(what)
                        : u"%1 %2"_s.arg(table.recovered).arg(what);
}

} // namespace

QString WorkflowStore::salvage(const QString &aside)
{
    // Read from a copy: SQLite may write to what it opens (a log replayed), and the file set
    // aside stays as it was found.
    QTemporaryDir scratch;
    const QString copy = scratch.filePath(u"salvage.sqlite"_s);
    for (const QString &suffix : {QString(), u"-wal"_s}) {
        if (QFile::exists(aside + suffix) && !QFile::copy(aside + suffix, copy + suffix))
            return u"nothing in it could be recovered: it could not be copied to be read "
                   u"(%1 is as it was found). A new store was started."_s.arg(
                       QDir::toNativeSeparators(aside + suffix));
    }
    const QString connection =
        u"rw-salvage-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces);
    TableSalvage workflows;
    TableSalvage history;
    TableSalvage checks;
    int others = 0;
    {
        QSqlDatabase from = QSqlDatabase::addDatabase(u"QSQLITE"_s, connection);
        from.setDatabaseName(copy);
        QSqlDatabase to = database();
        // Without it SQLite refuses a file shorter than its header says, which is what a store
        // cut short is; nothing is written through this connection.
        const auto tolerant = [&from] {
            QSqlQuery pragma(from);
            return pragma.exec(u"PRAGMA writable_schema = ON"_s);
        };
        if (from.open() && tolerant() && to.transaction()) {
            QSet<qint64> kept;
            workflows = salvageTable(from, to, u"workflows"_s, {}, &kept);
            // What belonged to a workflow that was lost goes with it: a new workflow may take
            // its id.
            const auto ofKept = [&kept](const QVariantList &values, const QStringList &columns) {
                const qsizetype at = columns.indexOf(u"workflow_id"_s);
                return at >= 0 && kept.contains(values.at(at).toLongLong());
            };
            history = salvageTable(from, to, u"history"_s, ofKept, nullptr);
            checks = salvageTable(from, to, u"failed_checks"_s, ofKept, nullptr);
            for (const QString &table : {u"seen_updates"_s, u"removed_found"_s,
                                         u"registration_notices"_s, u"state_durations"_s})
                others += salvageTable(from, to, table, {}, nullptr).recovered;
            if (!to.commit()) {
                qCWarning(lcStore).noquote()
                    << "What was recovered could not be kept:" << reasonOf(to.lastError());
                to.rollback();
                workflows = history = checks = {};
                others = 0;
            }
        }
        from.close();
    }
    QSqlDatabase::removeDatabase(connection);
    qCInfo(lcStore) << "recovered from" << aside << ":" << workflows.recovered << "workflows,"
                    << history.recovered << "history rows," << checks.recovered << "failed checks,"
                    << others << "other rows";
    if (workflows.recovered == 0 && history.recovered == 0 && others == 0)
        return u"nothing in it could be read. A new store was started."_s;
    const bool counted = workflows.before && history.before;
    return u"%1 and %2 %3 into a new store."_s.arg(
        rowsText(workflows, u"workflows"_s), rowsText(history, u"history rows"_s),
        counted ? u"were recovered"_s : u"could be read and were recovered"_s);
}

Expected<std::unique_ptr<WorkflowStore>>
WorkflowStore::openReadOnly(const QString &path, const QString &why,
                            const QList<Migration> &migrations)
{
    // Read-only first, which sees what a log beside the file still holds; when SQLite cannot
    // even do that without writing, as immutable: the file as it is, without its log.
    std::unique_ptr<WorkflowStore> store;
    QString failure;
    for (const bool immutable : {false, true}) {
        const QString connection =
            u"rw-store-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces);
        store.reset(new WorkflowStore(path, connection));
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, connection);
        if (immutable) {
            db.setDatabaseName(QUrl::fromLocalFile(path).toString(QUrl::FullyEncoded) +
                               u"?immutable=1"_s);
            db.setConnectOptions(u"QSQLITE_OPEN_READONLY;QSQLITE_OPEN_URI"_s);
        } else {
            db.setDatabaseName(path);
            db.setConnectOptions(u"QSQLITE_BUSY_TIMEOUT=5000;QSQLITE_OPEN_READONLY"_s);
        }
        bool opened = db.open();
        if (opened) {
            QSqlQuery version(db);
            opened = version.exec(u"PRAGMA user_version"_s) && version.next();
            if (opened)
                store->m_version = version.value(0).toInt();
            else
                failure = reasonOf(version.lastError());
        } else {
            failure = reasonOf(db.lastError());
        }
        if (opened) {
            failure.clear();
            break;
        }
        db.close();
        db = QSqlDatabase(); // the connection must be unused before it is removed
        store.reset();
    }
    if (!store)
        return Unexpected{u"The store at %1 could not be read: %2 (%3)."_s.arg(path, why, failure)};
    const int latest = migrations.isEmpty() ? 0 : migrations.last().version;
    if (store->m_version != latest)
        return Unexpected{u"The store at %1 cannot be used: %2, and this version of Registrar "
                          u"Watch would have to upgrade it (schema %3 to %4)."_s.arg(path, why)
                              .arg(store->m_version)
                              .arg(latest)};
    store->m_readOnly = true;
    store->m_notices.append(u"The store at %1 can only be read: %2. Every workflow in it is "
                            u"shown, but nothing new will be saved until it can be written "
                            u"(then restart Registrar Watch)."_s.arg(path, why));
    return store;
}

std::optional<QString> WorkflowStore::migrate(const QList<Migration> &migrations)
{
    QSqlDatabase db = database();
    QSqlQuery version(db);
    if (!version.exec(u"PRAGMA user_version"_s) || !version.next())
        return failure(u"be read"_s, reasonOf(version.lastError()));
    m_version = version.value(0).toInt();
    const int latest = migrations.isEmpty() ? 0 : migrations.last().version;
    if (m_version > latest)
        return u"The store at %1 was written by a newer version of Registrar Watch (schema %2; "
               u"this version knows up to %3). Use the newer version, or another store."_s
                   .arg(m_path)
                   .arg(m_version)
                   .arg(latest);
    for (const Migration &migration : migrations) {
        if (migration.version <= m_version)
            continue;
        if (!db.transaction())
            return failure(u"be upgraded"_s, reasonOf(db.lastError()));
        for (const QString &statement : migration.statements) {
            QSqlQuery query(db);
            if (!query.exec(statement)) {
                const QString why = reasonOf(query.lastError());
                db.rollback();
                return failure(u"be upgraded to schema %1"_s.arg(migration.version), why);
            }
        }
        QSqlQuery bump(db);
        if (!bump.exec(u"PRAGMA user_version = %1"_s.arg(migration.version)) || !db.commit()) {
            const QString why =
                reasonOf(bump.lastError().isValid() ? bump.lastError() : db.lastError());
            db.rollback();
            return failure(u"be upgraded to schema %1"_s.arg(migration.version), why);
        }
        qCInfo(lcStore) << "store migrated to schema" << migration.version;
        m_version = migration.version;
    }
    return std::nullopt;
}

Expected<QList<TrackedWorkflow>> WorkflowStore::loadAll()
{
    QSqlQuery query(database());
    query.setForwardOnly(true);
    if (!query.exec(
            u"SELECT id, account_id, sandbox, domain, kind, self_link, watch, stop_reason, "
            u"status_json, last_body, last_error_json, tracked_at, watching_since, state_since, "
            u"last_checked_at, last_changed_at, next_poll_at, polls, polls_in_state, "
            u"consecutive_errors, total_errors, no_workflow_answers, left_active, muted, notified, "
            u"origin, batch, added_at "
            u"FROM workflows ORDER BY id"_s))
        return Unexpected{failure(u"be read"_s, reasonOf(query.lastError()))};
    QList<TrackedWorkflow> workflows;
    while (query.next()) {
        TrackedWorkflow workflow;
        workflow.id = query.value(0).toLongLong();
        workflow.ref.account = {query.value(1).toString(), query.value(2).toBool()};
        workflow.ref.domain = query.value(3).toString();
        const auto kind = kindFromName(query.value(4).toString());
        const auto watch = watchStateFromName(query.value(6).toString());
        if (!kind || !watch) {
            qCWarning(lcStore) << "skipping a workflow row with an unknown kind or watch state:"
                               << workflow.id;
            continue;
        }
        workflow.ref.kind = *kind;
        workflow.selfLink = query.value(5).toString();
        workflow.watch = *watch;
        workflow.stopReason = query.value(7).toString();
        if (!query.value(8).isNull()) {
            auto status = WorkflowStatus::fromJson(objectFrom(query.value(8)));
            if (status)
                workflow.status = std::move(status).value();
        }
        workflow.lastBody = query.value(9).toByteArray();
        if (!query.value(10).isNull())
            workflow.lastError = ApiError::fromJson(objectFrom(query.value(10)));
        workflow.trackedAt = timeFrom(query.value(11));
        workflow.watchingSince = timeFrom(query.value(12));
        workflow.stateSince = timeFrom(query.value(13));
        workflow.lastCheckedAt = timeFrom(query.value(14));
        workflow.lastChangedAt = timeFrom(query.value(15));
        workflow.nextPollAt = timeFrom(query.value(16));
        workflow.polls = query.value(17).toInt();
        workflow.pollsInState = query.value(18).toInt();
        workflow.consecutiveErrors = query.value(19).toInt();
        workflow.totalErrors = query.value(20).toInt();
        workflow.noWorkflowAnswers = query.value(21).toInt();
        workflow.leftActive = query.value(22).toBool();
        workflow.muted = query.value(23).toBool();
        workflow.toldMark = query.value(24).toString();
        workflow.origin = query.value(25).toString() == u"found" ? WorkflowOrigin::Found
                                                                 : WorkflowOrigin::Operator;
        workflow.batch = query.value(26).toLongLong();
        workflow.addedAt = timeFrom(query.value(27));
        workflows.append(std::move(workflow));
    }
    if (query.lastError().isValid())
        return Unexpected{failure(u"be read"_s, reasonOf(query.lastError()))};
    return workflows;
}

namespace {

void bindRow(QSqlQuery &query, const TrackedWorkflow &workflow)
{
    // Empty, not NULL: the columns are NOT NULL.
    query.bindValue(u":self_link"_s, workflow.selfLink.isNull() ? u""_s : workflow.selfLink);
    query.bindValue(u":watch"_s, watchStateName(workflow.watch));
    query.bindValue(u":stop_reason"_s, workflow.stopReason.isNull() ? u""_s : workflow.stopReason);
    query.bindValue(u":status_json"_s, workflow.status ? QVariant(compactJson(workflow.status->raw))
                                                       : QVariant(QMetaType::fromType<QString>()));
    query.bindValue(u":last_body"_s, workflow.lastBody);
    query.bindValue(u":last_error_json"_s, workflow.lastError
                                               ? QVariant(compactJson(workflow.lastError->toJson()))
                                               : QVariant(QMetaType::fromType<QString>()));
    query.bindValue(u":tracked_at"_s, timeValue(workflow.trackedAt));
    query.bindValue(u":watching_since"_s, timeValue(workflow.watchingSince));
    query.bindValue(u":state_since"_s, timeValue(workflow.stateSince));
    query.bindValue(u":last_checked_at"_s, timeValue(workflow.lastCheckedAt));
    query.bindValue(u":last_changed_at"_s, timeValue(workflow.lastChangedAt));
    query.bindValue(u":next_poll_at"_s, timeValue(workflow.nextPollAt));
    query.bindValue(u":polls"_s, workflow.polls);
    query.bindValue(u":polls_in_state"_s, workflow.pollsInState);
    query.bindValue(u":consecutive_errors"_s, workflow.consecutiveErrors);
    query.bindValue(u":total_errors"_s, workflow.totalErrors);
    query.bindValue(u":no_workflow_answers"_s, workflow.noWorkflowAnswers);
    query.bindValue(u":left_active"_s, workflow.leftActive);
    query.bindValue(u":muted"_s, workflow.muted);
    query.bindValue(u":origin"_s, originName(workflow.origin));
    query.bindValue(u":batch"_s, workflow.batch);
    query.bindValue(u":added_at"_s, timeValue(workflow.addedAt));
}

} // namespace

Expected<qint64> WorkflowStore::insert(const TrackedWorkflow &workflow)
{
    QSqlQuery query(database());
    query.prepare(
        u"INSERT INTO workflows (account_id, sandbox, domain, kind, self_link, watch, "
        u"stop_reason, status_json, last_body, last_error_json, tracked_at, watching_since, "
        u"state_since, "
        u"last_checked_at, last_changed_at, next_poll_at, polls, polls_in_state, "
        u"consecutive_errors, total_errors, no_workflow_answers, left_active, muted, origin, "
        u"batch, added_at) "
        u"VALUES (:account_id, :sandbox, :domain, :kind, :self_link, :watch, "
        u":stop_reason, :status_json, :last_body, :last_error_json, :tracked_at, "
        u":watching_since, "
        u":state_since, :last_checked_at, :last_changed_at, :next_poll_at, :polls, "
        u":polls_in_state, :consecutive_errors, :total_errors, :no_workflow_answers, "
        u":left_active, :muted, :origin, :batch, :added_at)"_s);
    query.bindValue(u":account_id"_s, workflow.ref.account.id);
    query.bindValue(u":sandbox"_s, workflow.ref.account.sandbox);
    query.bindValue(u":domain"_s, workflow.ref.domain);
    query.bindValue(u":kind"_s, kindName(workflow.ref.kind));
    bindRow(query, workflow);
    if (!query.exec())
        return Unexpected{
            failure(u"record %1 %2"_s.arg(kindName(workflow.ref.kind), workflow.ref.domain),
                    reasonOf(query.lastError()))};
    return query.lastInsertId().toLongLong();
}

std::optional<QString> WorkflowStore::save(const TrackedWorkflow &workflow,
                                           const std::optional<StateChange> &change,
                                           const std::optional<FailedCheck> &failed)
{
    QSqlDatabase db = database();
    const QString doing = u"save %1 %2"_s.arg(kindName(workflow.ref.kind), workflow.ref.domain);
    if (!db.transaction())
        return failure(doing, reasonOf(db.lastError()));
    QSqlQuery query(db);
    query.prepare(
        u"UPDATE workflows SET self_link = :self_link, watch = :watch, "
        u"stop_reason = :stop_reason, status_json = :status_json, last_body = :last_body, "
        u"last_error_json = :last_error_json, tracked_at = :tracked_at, "
        u"watching_since = :watching_since, "
        u"state_since = :state_since, last_checked_at = :last_checked_at, "
        u"last_changed_at = :last_changed_at, next_poll_at = :next_poll_at, "
        u"polls = :polls, polls_in_state = :polls_in_state, "
        u"consecutive_errors = :consecutive_errors, total_errors = :total_errors, "
        u"no_workflow_answers = :no_workflow_answers, left_active = :left_active, "
        u"muted = :muted, origin = :origin, batch = :batch, added_at = :added_at "
        u"WHERE id = :id"_s);
    bindRow(query, workflow);
    query.bindValue(u":id"_s, workflow.id);
    if (!query.exec()) {
        const QString why = reasonOf(query.lastError());
        db.rollback();
        return failure(doing, why);
    }
    if (change) {
        QSqlQuery history(db);
        history.prepare(u"INSERT INTO history (workflow_id, observed_at, from_state, to_state, "
                        u"status_json) VALUES (:workflow_id, :observed_at, :from_state, :to_state, "
                        u":status_json)"_s);
        history.bindValue(u":workflow_id"_s, workflow.id);
        history.bindValue(u":observed_at"_s, timeValue(change->observedAt));
        history.bindValue(u":from_state"_s, change->fromState
                                                ? QVariant(*change->fromState)
                                                : QVariant(QMetaType::fromType<QString>()));
        history.bindValue(u":to_state"_s, change->toState);
        history.bindValue(u":status_json"_s, compactJson(change->status));
        if (!history.exec()) {
            const QString why = reasonOf(history.lastError());
            db.rollback();
            return failure(doing, why);
        }
        if (const auto why = addDuration(db, workflow, *change)) {
            db.rollback();
            return failure(doing, *why);
        }
    }
    if (failed) {
        QSqlQuery insert(db);
        insert.prepare(u"INSERT INTO failed_checks (workflow_id, checked_at, error_json) "
                       u"VALUES (:workflow_id, :checked_at, :error_json)"_s);
        insert.bindValue(u":workflow_id"_s, workflow.id);
        insert.bindValue(u":checked_at"_s, timeValue(failed->checkedAt));
        insert.bindValue(u":error_json"_s, compactJson(failed->error.toJson()));
        QSqlQuery trim(db);
        trim.prepare(u"DELETE FROM failed_checks WHERE workflow_id = :workflow_id AND id NOT IN "
                     u"(SELECT id FROM failed_checks WHERE workflow_id = :same_workflow "
                     u"ORDER BY id DESC LIMIT :kept)"_s);
        trim.bindValue(u":workflow_id"_s, workflow.id);
        trim.bindValue(u":same_workflow"_s, workflow.id);
        trim.bindValue(u":kept"_s, failedChecksKept);
        if (!insert.exec() || !trim.exec()) {
            const QString why =
                reasonOf(insert.lastError().isValid() ? insert.lastError() : trim.lastError());
            db.rollback();
            return failure(doing, why);
        }
    }
    if (!db.commit()) {
        const QString why = reasonOf(db.lastError());
        db.rollback();
        return failure(doing, why);
    }
    return std::nullopt;
}

std::optional<QString> WorkflowStore::run(const QString &sql, Bindings values, const QString &doing)
{
    QSqlQuery query(database());
    if (const auto why = execute(query, sql, values))
        return failure(doing, *why);
    return std::nullopt;
}

template<typename T, typename Row>
Expected<QList<T>> WorkflowStore::readAll(const QString &sql, Bindings values, const QString &doing,
                                          Row row)
{
    QSqlQuery query(database());
    query.setForwardOnly(true);
    if (const auto why = execute(query, sql, values))
        return Unexpected{failure(doing, *why)};
    QList<T> items;
    while (query.next()) {
        if (std::optional<T> item = row(query))
            items.append(std::move(*item));
    }
    return items;
}

std::optional<QString> WorkflowStore::remove(qint64 id)
{
    return run(u"DELETE FROM workflows WHERE id = :id"_s, {{u":id"_s, id}}, u"remove a workflow"_s);
}

Expected<QHash<qint64, QString>> WorkflowStore::notifiedMarks()
{
    QSqlQuery query(database());
    query.setForwardOnly(true);
    if (!query.exec(u"SELECT id, notified FROM workflows"_s))
        return Unexpected{failure(u"be read"_s, reasonOf(query.lastError()))};
    QHash<qint64, QString> marks;
    while (query.next())
        marks.insert(query.value(0).toLongLong(), query.value(1).toString());
    return marks;
}

std::optional<QString> WorkflowStore::setNotified(qint64 id, const QString &mark)
{
    return run(u"UPDATE workflows SET notified = :mark WHERE id = :id"_s,
               {{u":mark"_s, mark.isNull() ? u""_s : mark}, {u":id"_s, id}},
               u"record a notification"_s);
}

Expected<QList<FailedCheck>> WorkflowStore::failedChecks(qint64 workflowId)
{
    return readAll<FailedCheck>(
        u"SELECT checked_at, error_json FROM failed_checks WHERE workflow_id = :id "
        u"ORDER BY id DESC"_s,
        {{u":id"_s, workflowId}}, u"read the failed checks"_s,
        [workflowId](const QSqlQuery &row) -> std::optional<FailedCheck> {
            const auto error = ApiError::fromJson(objectFrom(row.value(1)));
            if (!error)
                return std::nullopt; // an error kind from a newer version: nothing to say of it
            return FailedCheck{workflowId, timeFrom(row.value(0)), *error};
        });
}

Expected<QList<StateChange>> WorkflowStore::history(qint64 workflowId)
{
    return readAll<StateChange>(
        u"SELECT observed_at, from_state, to_state, status_json FROM history "
        u"WHERE workflow_id = :id ORDER BY id"_s,
        {{u":id"_s, workflowId}}, u"read the history"_s,
        [workflowId](const QSqlQuery &row) -> std::optional<StateChange> {
            StateChange change;
            change.workflowId = workflowId;
            change.observedAt = timeFrom(row.value(0));
            if (!row.value(1).isNull())
                change.fromState = row.value(1).toString();
            change.toState = row.value(2).toString();
            change.status = objectFrom(row.value(3));
            return change;
        });
}

Expected<QList<StateDuration>> WorkflowStore::stateDurations()
{
    return readAll<StateDuration>(
        u"SELECT account_id, kind, state, duration_ms, ended_at FROM state_durations "
        u"ORDER BY id"_s,
        {}, u"read how long states lasted"_s,
        [](const QSqlQuery &row) -> std::optional<StateDuration> {
            const auto kind = kindFromName(row.value(1).toString());
            if (!kind)
                return std::nullopt; // a kind of a later version
            return StateDuration{row.value(0).toString(), *kind, row.value(2).toString(),
                                 std::chrono::milliseconds(row.value(3).toLongLong()),
                                 timeFrom(row.value(4))};
        });
}

std::optional<QString> WorkflowStore::setSeenUpdate(const WorkflowMark &mark)
{
    return run(u"INSERT OR REPLACE INTO seen_updates (account_id, sandbox, domain, started_at, "
               u"seen_at) VALUES (:account_id, :sandbox, :domain, :started_at, :seen_at)"_s,
               {{u":account_id"_s, mark.ref.account.id},
                {u":sandbox"_s, mark.ref.account.sandbox ? 1 : 0},
                {u":domain"_s, mark.ref.domain},
                {u":started_at"_s, timeValue(mark.startedAt)},
                {u":seen_at"_s, timeValue(mark.markedAt)}},
               u"record an update it found"_s);
}

Expected<QList<WorkflowMark>> WorkflowStore::seenUpdates(const AccountRef &account)
{
    return readAll<WorkflowMark>(
        u"SELECT domain, started_at, seen_at FROM seen_updates "
        u"WHERE account_id = :account_id AND sandbox = :sandbox"_s,
        {{u":account_id"_s, account.id}, {u":sandbox"_s, account.sandbox ? 1 : 0}},
        u"read the updates it found"_s,
        [&account](const QSqlQuery &row) -> std::optional<WorkflowMark> {
            return WorkflowMark{{account, row.value(0).toString(), WorkflowKind::Update},
                                timeFrom(row.value(1)),
                                timeFrom(row.value(2))};
        });
}

std::optional<QString> WorkflowStore::setRemovedFound(const WorkflowMark &mark)
{
    return run(u"INSERT OR REPLACE INTO removed_found (account_id, sandbox, domain, kind, "
               u"started_at, removed_at) VALUES (:account_id, :sandbox, :domain, :kind, "
               u":started_at, :removed_at)"_s,
               {{u":account_id"_s, mark.ref.account.id},
                {u":sandbox"_s, mark.ref.account.sandbox ? 1 : 0},
                {u":domain"_s, mark.ref.domain},
                {u":kind"_s, kindName(mark.ref.kind)},
                {u":started_at"_s, timeValue(mark.startedAt)},
                {u":removed_at"_s, timeValue(mark.markedAt)}},
               u"record a removed workflow"_s);
}

std::optional<QString> WorkflowStore::clearRemovedFound(const WorkflowRef &ref)
{
    return run(u"DELETE FROM removed_found WHERE account_id = :account_id AND sandbox = "
               u":sandbox AND domain = :domain AND kind = :kind"_s,
               {{u":account_id"_s, ref.account.id},
                {u":sandbox"_s, ref.account.sandbox ? 1 : 0},
                {u":domain"_s, ref.domain},
                {u":kind"_s, kindName(ref.kind)}},
               u"forget a removed workflow"_s);
}

Expected<QList<WorkflowMark>> WorkflowStore::removedFound(const AccountRef &account)
{
    return readAll<WorkflowMark>(
        u"SELECT domain, kind, started_at, removed_at FROM removed_found "
        u"WHERE account_id = :account_id AND sandbox = :sandbox"_s,
        {{u":account_id"_s, account.id}, {u":sandbox"_s, account.sandbox ? 1 : 0}},
        u"read the removed workflows"_s,
        [&account](const QSqlQuery &row) -> std::optional<WorkflowMark> {
            const auto kind = kindFromName(row.value(1).toString());
            if (!kind)
                return std::nullopt; // a kind from a newer version
            return WorkflowMark{{account, row.value(0).toString(), *kind},
                                timeFrom(row.value(2)),
                                timeFrom(row.value(3))};
        });
}

std::optional<QString> WorkflowStore::forgetDiscovery(const QString &accountId)
{
    for (const QString &table : {u"seen_updates"_s, u"removed_found"_s}) {
        if (auto error = run(u"DELETE FROM %1 WHERE account_id = :account_id"_s.arg(table),
                             {{u":account_id"_s, accountId}},
                             u"forget what was found in a removed account"_s))
            return error;
    }
    return std::nullopt;
}

std::optional<QString> WorkflowStore::saveRegistrationNotice(const RegistrationNotice &notice)
{
    return run(u"INSERT OR REPLACE INTO registration_notices (account_id, sandbox, domain, "
               u"reason, expires_at, registration_json, found_at, told_at) VALUES "
               u"(:account_id, :sandbox, :domain, :reason, :expires_at, :registration_json, "
               u":found_at, :told_at)"_s,
               {{u":account_id"_s, notice.account.id},
                {u":sandbox"_s, notice.account.sandbox ? 1 : 0},
                {u":domain"_s, notice.domain},
                {u":reason"_s, reasonName(notice.attention.reason)},
                {u":expires_at"_s, timeValue(notice.attention.expiresAt)},
                {u":registration_json"_s, compactJson(notice.registration.raw)},
                {u":found_at"_s, timeValue(notice.foundAt)},
                {u":told_at"_s, timeValue(notice.toldAt)}},
               u"record a registration that needs the operator"_s);
}

std::optional<QString> WorkflowStore::removeRegistrationNotice(const AccountRef &account,
                                                               const QString &domain)
{
    return run(u"DELETE FROM registration_notices WHERE account_id = :account_id AND "
               u"sandbox = :sandbox AND domain = :domain"_s,
               {{u":account_id"_s, account.id},
                {u":sandbox"_s, account.sandbox ? 1 : 0},
                {u":domain"_s, domain}},
               u"forget a registration that needed the operator"_s);
}

Expected<QList<RegistrationNotice>> WorkflowStore::registrationNotices()
{
    return readAll<RegistrationNotice>(
        u"SELECT account_id, sandbox, domain, reason, expires_at, registration_json, "
        u"found_at, told_at FROM registration_notices ORDER BY rowid"_s,
        {}, u"read the registrations that need the operator"_s,
        [](const QSqlQuery &row) -> std::optional<RegistrationNotice> {
            const auto reason = reasonFromName(row.value(3).toString());
            if (!reason)
                return std::nullopt; // a reason from a newer version
            RegistrationNotice notice;
            notice.account = {row.value(0).toString(), row.value(1).toInt() != 0};
            notice.domain = row.value(2).toString();
            notice.attention = {*reason, timeFrom(row.value(4))};
            if (auto registration = Registration::fromJson(objectFrom(row.value(5))))
                notice.registration = std::move(registration).value();
            notice.foundAt = timeFrom(row.value(6));
            notice.toldAt = timeFrom(row.value(7));
            return notice;
        });
}

} // namespace rw
