#pragma once

#include "common/Expected.h"

#include <QList>
#include <QString>

#include <memory>
#include <optional>

namespace rw {

// The requests sent per credential (its budget key, never the secret), in one SQLite file per
// user shared by every process that asks Cloudflare: the app, `watch`, the team watcher. Each
// send is written before it goes out, so that a restart, a kill -9 or another process on the
// same credential sees it and the budget stays the account's, not the process's. WAL, a busy
// timeout, one row per send; rows older than an hour are pruned.
class RequestLedger
{
public:
    // Opens (creating) the ledger; an error sentence when it cannot be (the caller goes on with
    // the budget of its own process and says so).
    [[nodiscard]] static Expected<std::unique_ptr<RequestLedger>> open(const QString &path);
    // The user's ledger, in the data folder next to the default stores: the one every
    // process of the user opens (the app, `watch` with any store, `status`, `discover`, the
    // team watcher), so that they all count the requests of each other.
    [[nodiscard]] static QString defaultPath();
    // The ledger next to a store: one file for every store of the same folder.
    [[nodiscard]] static QString pathNextTo(const QString &storePath);
    ~RequestLedger();
    RequestLedger(const RequestLedger &) = delete;
    RequestLedger &operator=(const RequestLedger &) = delete;

    [[nodiscard]] const QString &path() const { return m_path; }
    // This process's instance (a fresh id each open).
    [[nodiscard]] const QString &instance() const { return m_instance; }

    // One request on its way on this credential; an error sentence when it could not be written.
    [[nodiscard]] std::optional<QString> record(const QString &key, qint64 atMs);

    struct Send
    {
        QString key;
        qint64 atMs = 0;
    };
    // The sends of other instances recorded since the last call (on the first, all of them)
    // that are not older than `sinceMs`.
    [[nodiscard]] Expected<QList<Send>> takeForeign(qint64 sinceMs);
    // Forgets the sends older than `beforeMs`.
    void prune(qint64 beforeMs);

private:
    RequestLedger(QString path, QString connection);

    QString m_path;
    QString m_connection;
    QString m_instance;
    qint64 m_lastRow = 0;
};

} // namespace rw
