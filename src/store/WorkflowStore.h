#pragma once

#include "common/Expected.h"
#include "store/TrackedWorkflow.h"

#include <QHash>
#include <QSqlDatabase>
#include <QStringList>

#include <memory>

namespace rw {

struct RegistrationNotice;
struct WorkflowMark;

// The durable record: tracked workflows, the append-only history of their state changes and
// their last few failed checks, in SQLite (WAL mode) through QtSql. Every write is one transaction,
// so a killed process loses nothing that was committed and never leaves the file unreadable. Errors
// come back as sentences naming the file and what went wrong.
class WorkflowStore
{
public:
    struct Migration
    {
        int version;
        QStringList statements;
    };

    // Opens (creating it and its directory if needed) and migrates the store at `path`. A file
    // that is not a readable database is moved aside, not overwritten: see notices().
    [[nodiscard]] static Expected<std::unique_ptr<WorkflowStore>> open(const QString &path);
    // For tests of the migration machinery.
    [[nodiscard]] static Expected<std::unique_ptr<WorkflowStore>>
    open(const QString &path, const QList<Migration> &migrations);
    // `<AppDataLocation>/<fileName>`.
    [[nodiscard]] static QString defaultPath(const QString &fileName);
    [[nodiscard]] static const QList<Migration> &migrations();
    // Failed checks kept per workflow: enough to see a pattern, bounded for a workflow that
    // fails for weeks.
    static constexpr int failedChecksKept = 20;

    ~WorkflowStore();
    WorkflowStore(const WorkflowStore &) = delete;
    WorkflowStore &operator=(const WorkflowStore &) = delete;

    [[nodiscard]] const QString &path() const { return m_path; }
    [[nodiscard]] int schemaVersion() const { return m_version; }
    // What happened on open that the operator should hear about (a corrupt file set aside,
    // a store that can only be read).
    [[nodiscard]] const QStringList &notices() const { return m_notices; }
    // The store's folder or file cannot be written: it was opened to be read, and every write
    // fails. Its owner should not try (the engine works in memory then).
    [[nodiscard]] bool isReadOnly() const { return m_readOnly; }

    [[nodiscard]] Expected<QList<TrackedWorkflow>> loadAll();
    // Adds a workflow; returns its id. An existing (account, sandbox, domain, kind) is an error.
    [[nodiscard]] Expected<qint64> insert(const TrackedWorkflow &workflow);
    // Writes the workflow's row and, when given, appends a state change and a failed check
    // (dropping the workflow's oldest beyond failedChecksKept), in one transaction.
    [[nodiscard]] std::optional<QString> save(const TrackedWorkflow &workflow,
                                              const std::optional<StateChange> &change = {},
                                              const std::optional<FailedCheck> &failed = {});
    [[nodiscard]] std::optional<QString> remove(qint64 id);
    [[nodiscard]] Expected<QList<StateChange>> history(qint64 workflowId);
    // How long each state lasted, oldest first: the last durationsKept of each account, kind
    // and state, also of workflows removed since (a change's fromDuration, written with it).
    [[nodiscard]] Expected<QList<StateDuration>> stateDurations();
    static constexpr int durationsKept = 200;
    // The workflow's last failed checks, newest first.
    [[nodiscard]] Expected<QList<FailedCheck>> failedChecks(qint64 workflowId);

    // What each workflow's operator was last notified of (NotificationCenter's marks; saving
    // a workflow leaves them alone). Empty for nothing yet.
    [[nodiscard]] Expected<QHash<qint64, QString>> notifiedMarks();
    [[nodiscard]] std::optional<QString> setNotified(qint64 id, const QString &mark);

    // What watching whole accounts remembers (discovery/AccountDiscovery). The last update seen
    // on a domain replaces the one before.
    [[nodiscard]] std::optional<QString> setSeenUpdate(const WorkflowMark &mark);
    [[nodiscard]] Expected<QList<WorkflowMark>> seenUpdates(const AccountRef &account);
    // A workflow the operator removed while it ran (found, or added by them) in an account
    // watched whole: it is not found again until a newer one starts.
    [[nodiscard]] std::optional<QString> setRemovedFound(const WorkflowMark &mark);
    [[nodiscard]] std::optional<QString> clearRemovedFound(const WorkflowRef &ref);
    [[nodiscard]] Expected<QList<WorkflowMark>> removedFound(const AccountRef &account);
    // Both of the above, of an account the operator removed (live and sandbox): added again
    // later, it starts afresh.
    [[nodiscard]] std::optional<QString> forgetDiscovery(const QString &accountId);
    // The registrations that need the operator, kept with when they were told, so that a
    // restart tells nothing twice. One per (account, domain).
    [[nodiscard]] std::optional<QString> saveRegistrationNotice(const RegistrationNotice &notice);
    [[nodiscard]] std::optional<QString> removeRegistrationNotice(const AccountRef &account,
                                                                  const QString &domain);
    [[nodiscard]] Expected<QList<RegistrationNotice>> registrationNotices();

private:
    WorkflowStore(QString path, QString connection);
    [[nodiscard]] QSqlDatabase database() const;
    [[nodiscard]] QString failure(const QString &doing, const QString &why) const;
    // Values bound to a statement's `:name` placeholders.
    using Bindings = std::initializer_list<std::pair<QString, QVariant>>;
    // Runs one statement; failure(doing, ...) when it fails.
    [[nodiscard]] std::optional<QString> run(const QString &sql, Bindings values,
                                             const QString &doing);
    // Runs a query and keeps what `row` makes of each row it answers (std::nullopt: a row of a
    // later version, left out); failure(doing, ...) when it fails.
    template<typename T, typename Row>
    [[nodiscard]] Expected<QList<T>> readAll(const QString &sql, Bindings values,
                                             const QString &doing, Row row);
    [[nodiscard]] std::optional<QString> migrate(const QList<Migration> &migrations);
    [[nodiscard]] static Expected<std::unique_ptr<WorkflowStore>>
    openReadOnly(const QString &path, const QString &why, const QList<Migration> &migrations);
    // Reads what can be read of the damaged store set aside at `aside` into this (new) one;
    // says how much, as the end of a sentence.
    [[nodiscard]] QString salvage(const QString &aside);

    QString m_path;
    QString m_connection;
    int m_version = 0;
    QStringList m_notices;
    bool m_readOnly = false;
};

} // namespace rw
