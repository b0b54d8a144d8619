#include "engine/PollQueue.h"

#include <QSet>

#include <algorithm>
#include <cmath>
#include <limits>

namespace rw {

qint64 PollQueue::urgencyKey(const TrackedWorkflow &workflow, qint64 dueMs, const QDateTime &now,
                             std::optional<double> chance)
{
    // How late an answer may be before it matters: fresh active work first, long waits last.
    // A likelihood takes the whole slack of a state away from what has most likely changed, and
    // leaves it to what most likely has not.
    const auto scaled = [&chance](qint64 slack) {
        return chance ? qint64(std::llround(double(slack) * (1.0 - std::clamp(*chance, 0.0, 1.0))))
                      : slack;
    };
    qint64 slack = 0;
    if (workflow.lastError) {
        slack = 60'000;
    } else if (const auto state = workflow.state()) {
        const qint64 inState = workflow.stateSince.isValid() ? workflow.stateSince.msecsTo(now) : 0;
        switch (*state) {
        case WorkflowState::Pending:
        case WorkflowState::InProgress:
            slack = chance ? scaled(activeSlackMs) : inState < 3'600'000 ? 0 : 30'000;
            break;
        case WorkflowState::Blocked:
            slack = scaled(300'000);
            break;
        default:
            slack = scaled(60'000);
            break;
        }
    } else {
        slack = chance ? scaled(activeSlackMs) : 0; // not answered yet
    }
    return dueMs + slack;
}

void PollQueue::schedule(qint64 id, const QString &account, qint64 dueMs)
{
    put(id, {Place::Scheduled, dueMs, dueMs, account});
}

void PollQueue::makeReady(qint64 id, const QString &account, qint64 dueMs, qint64 key)
{
    put(id, {Place::Ready, key, dueMs, account});
}

void PollQueue::makeReadyAhead(qint64 id, const QString &account, qint64 dueMs)
{
    // Far below any urgency key, and still ordered by the time asked.
    makeReady(id, account, dueMs, std::numeric_limits<qint64>::min() / 2 + dueMs);
}

void PollQueue::put(qint64 id, Slot slot)
{
    remove(id);
    if (slot.place == Place::Scheduled) {
        m_scheduled.insert({slot.key, id});
    } else {
        m_ready.insert({slot.key, id});
        ++m_readyPerAccount[slot.account];
        m_placesKnown = false;
    }
    m_slots.insert_or_assign(id, std::move(slot));
}

void PollQueue::remove(qint64 id)
{
    const auto it = m_slots.find(id);
    if (it == m_slots.end())
        return;
    const Slot &slot = it->second;
    if (slot.place == Place::Scheduled) {
        m_scheduled.erase({slot.key, id});
    } else {
        m_ready.erase({slot.key, id});
        if (--m_readyPerAccount[slot.account] <= 0)
            m_readyPerAccount.remove(slot.account);
        m_placesKnown = false;
    }
    m_slots.erase(it);
}

void PollQueue::promoteDue(qint64 nowMs,
                           const std::function<qint64(qint64 id, qint64 dueMs)> &keyOf)
{
    while (!m_scheduled.empty() && m_scheduled.begin()->first <= nowMs) {
        const auto [dueMs, id] = *m_scheduled.begin();
        m_scheduled.erase(m_scheduled.begin());
        Slot &slot = m_slots.at(id);
        slot.place = Place::Ready;
        slot.key = keyOf(id, dueMs);
        m_ready.insert({slot.key, id});
        ++m_readyPerAccount[slot.account];
        m_placesKnown = false;
    }
}

void PollQueue::takeReady(const std::function<bool(const QString &account)> &admits,
                          const std::function<void(qint64 id, qint64 dueMs)> &take)
{
    QSet<QString> refused;
    const qsizetype accountsWaiting = m_readyPerAccount.size();
    for (auto it = m_ready.begin(); it != m_ready.end() && refused.size() < accountsWaiting;) {
        const qint64 id = it->second;
        const auto slot = m_slots.find(id);
        const QString account = slot->second.account;
        if (refused.contains(account)) {
            ++it;
            continue;
        }
        if (!admits(account)) {
            refused.insert(account);
            ++it;
            continue;
        }
        const std::pair<qint64, qint64> taken = *it;
        const qint64 dueMs = slot->second.dueMs;
        m_ready.erase(it);
        m_slots.erase(slot);
        m_placesKnown = false;
        if (--m_readyPerAccount[account] <= 0)
            m_readyPerAccount.remove(account);
        take(id, dueMs);
        // Found again: `take` may have queued anything meanwhile.
        it = m_ready.upper_bound(taken);
    }
}

std::optional<int>
PollQueue::readyPlace(qint64 id,
                      const std::function<QString(const QString &account)> &budgetOf) const
{
    const auto it = m_slots.find(id);
    if (it == m_slots.end() || it->second.place != Place::Ready)
        return std::nullopt;
    const auto budgetOfAccount = [&budgetOf](const QString &account) {
        return budgetOf ? budgetOf(account) : account;
    };
    // The budgets change without the ready changing (an account given another credential):
    // the few waiting accounts are asked again each time.
    if (m_placesKnown) {
        for (auto account = m_readyPerAccount.cbegin(); account != m_readyPerAccount.cend();
             ++account) {
            if (m_placeBudgets.value(account.key()) != budgetOfAccount(account.key())) {
                m_placesKnown = false;
                break;
            }
        }
    }
    if (!m_placesKnown) {
        // Once per change, however many rows ask: one walk in leaving order.
        m_places.clear();
        m_places.reserve(qsizetype(m_ready.size()));
        m_placeBudgets.clear();
        for (auto account = m_readyPerAccount.cbegin(); account != m_readyPerAccount.cend();
             ++account)
            m_placeBudgets.insert(account.key(), budgetOfAccount(account.key()));
        QHash<QString, int> ahead; // by budget
        for (const auto &[key, readyId] : m_ready)
            m_places.insert(readyId, ahead[m_placeBudgets.value(m_slots.at(readyId).account)]++);
        m_placesKnown = true;
    }
    return m_places.value(id);
}

PollQueue::Place PollQueue::placeOf(qint64 id) const
{
    const auto it = m_slots.find(id);
    return it == m_slots.end() ? Place::None : it->second.place;
}

std::optional<qint64> PollQueue::scheduledDue(qint64 id) const
{
    const auto it = m_slots.find(id);
    if (it == m_slots.end() || it->second.place != Place::Scheduled)
        return std::nullopt;
    return it->second.dueMs;
}

std::optional<qint64> PollQueue::earliestDue() const
{
    if (m_scheduled.empty())
        return std::nullopt;
    return m_scheduled.begin()->first;
}

} // namespace rw
