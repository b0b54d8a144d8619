#include "store/RequestLedger.h"

#include "common/FilePrivacy.h"
#include "store/PrivateDatabase.h"

#include <QDir>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QUuid>
#include <QVariant>

using namespace Qt::StringLiterals;

namespace rw {

namespace {

QString reasonOf(const QSqlError &error)
{
    const QString text = error.text().trimmed();
    return text.isEmpty() ? u"unknown error"_s : text;
}

} // namespace

RequestLedger::RequestLedger(QString path, QString connection)
    : m_path(std::move(path))
    , m_connection(std::move(connection))
    , m_instance(QUuid::createUuid().toString(QUuid::WithoutBraces))
{}

RequestLedger::~RequestLedger()
{
    {
        QSqlDatabase db = QSqlDatabase::database(m_connection, false);
        db.close();
    }
    QSqlDatabase::removeDatabase(m_connection);
}

QString RequestLedger::defaultPath()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation))
        .filePath(u"requests.sqlite"_s);
}

QString RequestLedger::pathNextTo(const QString &storePath)
{
    return QFileInfo(storePath).absoluteDir().filePath(u"requests.sqlite"_s);
}

Expected<std::unique_ptr<RequestLedger>> RequestLedger::open(const QString &path)
{
    const auto failed = [&path](const QString &why) {
        return Unexpected{
            u"The request ledger %1 cannot be used (%2): each process now counts "
            u"only its own requests against the API budget, so a restart or "
            u"another process on the same credentials may go over it."_s.arg(path, why)};
    };
    if (!QSqlDatabase::isDriverAvailable(u"QSQLITE"_s))
        return failed(u"the SQLite driver for Qt is missing"_s);
    if (const auto problem = FilePrivacy::makeFolders(QFileInfo(path).absolutePath()))
        return failed(*problem);
    // What it holds decides how often this user's processes may ask: others may not change it,
    // nor read when and on which credentials they ask.
    if (const auto refused = privateDatabase::keep(path, false))
        return failed(*refused);
    const QString connection = u"rw-ledger-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces);
    std::unique_ptr<RequestLedger> ledger(new RequestLedger(path, connection));
    QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, connection);
    db.setDatabaseName(path);
    db.setConnectOptions(u"QSQLITE_BUSY_TIMEOUT=5000"_s);
    if (!db.open())
        return failed(reasonOf(db.lastError()));
    QSqlQuery query(db);
    for (const QString &statement :
         {u"PRAGMA journal_mode = WAL"_s, u"PRAGMA synchronous = NORMAL"_s,
          u"CREATE TABLE IF NOT EXISTS sends (id INTEGER PRIMARY KEY, key TEXT NOT NULL, "
          u"at_ms INTEGER NOT NULL, instance TEXT NOT NULL)"_s,
          u"CREATE INDEX IF NOT EXISTS sends_at ON sends (at_ms)"_s}) {
        if (!query.exec(statement))
            return failed(reasonOf(query.lastError()));
    }
    // A file that is no database answers the first statement with an error (above); one that
    // is read-only answers the first write.
    if (!query.exec(u"SELECT COUNT(*) FROM sends"_s) || !query.next())
        return failed(reasonOf(query.lastError()));
    if (const auto refused = privateDatabase::keep(path, true))
        return failed(*refused);
    return ledger;
}

std::optional<QString> RequestLedger::record(const QString &key, qint64 atMs)
{
    QSqlQuery query(QSqlDatabase::database(m_connection, false));
    query.prepare(u"INSERT INTO sends (key, at_ms, instance) VALUES (?, ?, ?)"_s);
    query.addBindValue(key);
    query.addBindValue(atMs);
    query.addBindValue(m_instance);
    if (!query.exec())
        return u"A request could not be written to the request ledger %1: %2"_s.arg(
            m_path, reasonOf(query.lastError()));
    return std::nullopt;
}

Expected<QList<RequestLedger::Send>> RequestLedger::takeForeign(qint64 sinceMs)
{
    QSqlQuery query(QSqlDatabase::database(m_connection, false));
    query.setForwardOnly(true);
    query.prepare(u"SELECT id, key, at_ms, instance FROM sends WHERE id > ? ORDER BY id"_s);
    query.addBindValue(m_lastRow);
    if (!query.exec())
        return Unexpected{
            u"The request ledger %1 cannot be read: %2"_s.arg(m_path, reasonOf(query.lastError()))};
    QList<Send> sends;
    while (query.next()) {
        m_lastRow = std::max(m_lastRow, query.value(0).toLongLong());
        const qint64 at = query.value(2).toLongLong();
        if (query.value(3).toString() != m_instance && at >= sinceMs)
            sends.append(Send{query.value(1).toString(), at});
    }
    return sends;
}

void RequestLedger::prune(qint64 beforeMs)
{
    QSqlQuery query(QSqlDatabase::database(m_connection, false));
    query.prepare(u"DELETE FROM sends WHERE at_ms < ?"_s);
    query.addBindValue(beforeMs);
    (void)query.exec(); // another process may hold the lock; the next prune takes them
}

} // namespace rw
