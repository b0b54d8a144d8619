#pragma once

#include "common/Expected.h"
#include "store/TrackedWorkflow.h"

#include <QHash>
#include <QList>

#include <functional>
#include <optional>
#include <unordered_map>

namespace rw {

class WorkflowStore;

// The workflows an engine tracks, found by id, by workflow and by the request on its way, and
// kept in the store when there is one: the engine writes tracked workflows through here and
// nowhere else. A write that fails leaves the workflow tracked in memory; `storageError` hears
// each error sentence once, until it changes or a save, removal or mark succeeds again, which
// `storageRecovered` hears (once after each run of failures).
class WorkflowRoster
{
public:
    struct Entry
    {
        TrackedWorkflow workflow;
        quint64 ticket = 0; // the request on its way, if any
        [[nodiscard]] bool inFlight() const { return ticket != 0; }
    };

    explicit WorkflowRoster(std::function<void(const QString &error)> storageError,
                            std::function<void()> storageRecovered = {});

    void setStore(WorkflowStore *store) { m_store = store; }
    [[nodiscard]] bool hasStore() const { return m_store != nullptr; }
    // Tracks what the store holds and `accept` takes, except what is tracked already; returns
    // the ids added, in the store's order.
    [[nodiscard]] Expected<QList<qint64>>
    load(const std::function<bool(const TrackedWorkflow &)> &accept);
    // Tracks a new workflow, with the id the store gives it or, when the store cannot record
    // it, a negative one of its own.
    Entry &add(TrackedWorkflow workflow);
    // Stops tracking, in the store too, and forgets its request; returns the workflow as it was
    // last.
    TrackedWorkflow take(qint64 id);
    // Writes the workflow and, when given, its change of state and the check that failed.
    void save(const TrackedWorkflow &workflow, const std::optional<StateChange> &change = {},
              const std::optional<FailedCheck> &failed = {});
    // What the operator was last told; true when that is news.
    bool setTold(qint64 id, const QString &mark);

    // A request about the entry went out: its ticket, by which the answer finds the entry.
    quint64 sent(Entry &entry);
    // The entry the answer to `ticket` is about, no longer in flight; null for a request that
    // was forgotten (the workflow was taken).
    [[nodiscard]] Entry *answered(quint64 ticket);
    [[nodiscard]] int inFlight() const { return int(m_tickets.size()); }
    [[nodiscard]] QList<quint64> tickets() const { return m_tickets.keys(); }

    [[nodiscard]] Entry *find(qint64 id);
    [[nodiscard]] const Entry *find(qint64 id) const;
    [[nodiscard]] const TrackedWorkflow *workflow(qint64 id) const
    {
        const Entry *entry = find(id);
        return entry ? &entry->workflow : nullptr;
    }
    [[nodiscard]] bool isInFlight(qint64 id) const
    {
        const Entry *entry = find(id);
        return entry && entry->inFlight();
    }
    [[nodiscard]] std::optional<qint64> find(const WorkflowRef &workflow) const;
    // Ascending.
    [[nodiscard]] QList<qint64> ids() const;
    [[nodiscard]] QList<TrackedWorkflow> snapshot() const;
    [[nodiscard]] qsizetype size() const { return qsizetype(m_entries.size()); }
    // For a pass over every entry, in no particular order; nothing may be added or taken.
    template<typename Visit>
    void forEach(Visit visit)
    {
        for (auto &[id, entry] : m_entries)
            visit(entry);
    }

private:
    void report(const std::optional<QString> &error);

    std::function<void(const QString &)> m_storageError;
    std::function<void()> m_storageRecovered;
    WorkflowStore *m_store = nullptr;
    std::unordered_map<qint64, Entry> m_entries; // node-based: references survive inserts
    QHash<WorkflowRef, qint64> m_ids;            // what is tracked, by workflow
    QHash<quint64, qint64> m_tickets;            // in flight: ticket -> id
    quint64 m_lastTicket = 0;
    qint64 m_nextLocalId = -1; // ids for workflows the store could not record
    QString m_lastError;
};

} // namespace rw
