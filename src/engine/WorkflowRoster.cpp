#include "engine/WorkflowRoster.h"

#include "common/Logging.h"
#include "store/WorkflowStore.h"

#include <algorithm>

namespace rw {

WorkflowRoster::WorkflowRoster(std::function<void(const QString &error)> storageError,
                               std::function<void()> storageRecovered)
    : m_storageError(std::move(storageError))
    , m_storageRecovered(std::move(storageRecovered))
{}

Expected<QList<qint64>>
WorkflowRoster::load(const std::function<bool(const TrackedWorkflow &)> &accept)
{
    if (!m_store)
        return QList<qint64>();
    auto loaded = m_store->loadAll();
    if (!loaded)
        return Unexpected{loaded.error()};
    QList<qint64> added;
    for (TrackedWorkflow &workflow : loaded.value()) {
        if (m_entries.count(workflow.id) || (accept && !accept(workflow)))
            continue;
        const qint64 id = workflow.id;
        m_ids.insert(workflow.ref, id);
        m_entries[id].workflow = std::move(workflow);
        added.append(id);
    }
    return added;
}

WorkflowRoster::Entry &WorkflowRoster::add(TrackedWorkflow workflow)
{
    qint64 id = m_nextLocalId--;
    if (m_store) {
        auto inserted = m_store->insert(workflow);
        if (inserted)
            id = inserted.value();
        else
            report(inserted.error());
    }
    workflow.id = id;
    m_ids.insert(workflow.ref, id);
    Entry &entry = m_entries[id];
    entry.workflow = std::move(workflow);
    return entry;
}

TrackedWorkflow WorkflowRoster::take(qint64 id)
{
    const auto it = m_entries.find(id);
    if (m_store && id > 0)
        report(m_store->remove(id));
    if (it->second.inFlight())
        m_tickets.remove(it->second.ticket);
    TrackedWorkflow last = std::move(it->second.workflow);
    m_ids.remove(last.ref);
    m_entries.erase(it);
    return last;
}

void WorkflowRoster::save(const TrackedWorkflow &workflow, const std::optional<StateChange> &change,
                          const std::optional<FailedCheck> &failed)
{
    if (m_store && workflow.id > 0)
        report(m_store->save(workflow, change, failed));
}

bool WorkflowRoster::setTold(qint64 id, const QString &mark)
{
    Entry *entry = find(id);
    if (!entry || entry->workflow.toldMark == mark)
        return false;
    entry->workflow.toldMark = mark;
    if (m_store && id > 0)
        report(m_store->setNotified(id, mark));
    return true;
}

quint64 WorkflowRoster::sent(Entry &entry)
{
    entry.ticket = ++m_lastTicket;
    m_tickets.insert(entry.ticket, entry.workflow.id);
    return entry.ticket;
}

WorkflowRoster::Entry *WorkflowRoster::answered(quint64 ticket)
{
    const auto found = m_tickets.constFind(ticket);
    if (found == m_tickets.cend())
        return nullptr;
    Entry &entry = m_entries.at(found.value());
    m_tickets.erase(found);
    entry.ticket = 0;
    return &entry;
}

WorkflowRoster::Entry *WorkflowRoster::find(qint64 id)
{
    const auto it = m_entries.find(id);
    return it == m_entries.end() ? nullptr : &it->second;
}

const WorkflowRoster::Entry *WorkflowRoster::find(qint64 id) const
{
    const auto it = m_entries.find(id);
    return it == m_entries.end() ? nullptr : &it->second;
}

std::optional<qint64> WorkflowRoster::find(const WorkflowRef &workflow) const
{
    const auto it = m_ids.constFind(workflow);
    if (it == m_ids.cend())
        return std::nullopt;
    return it.value();
}

QList<qint64> WorkflowRoster::ids() const
{
    QList<qint64> ids;
    ids.reserve(size());
    for (const auto &[id, entry] : m_entries)
        ids.append(id);
    std::sort(ids.begin(), ids.end());
    return ids;
}

QList<TrackedWorkflow> WorkflowRoster::snapshot() const
{
    QList<TrackedWorkflow> workflows;
    workflows.reserve(size());
    for (const qint64 id : ids())
        workflows.append(m_entries.at(id).workflow);
    return workflows;
}

void WorkflowRoster::report(const std::optional<QString> &error)
{
    if (!error) {
        if (!m_lastError.isEmpty() && m_storageRecovered)
            m_storageRecovered();
        m_lastError.clear();
        return;
    }
    if (*error == m_lastError)
        return; // said once until it changes or heals
    m_lastError = *error;
    qCWarning(lcStore).noquote() << *error;
    m_storageError(*error);
}

} // namespace rw
