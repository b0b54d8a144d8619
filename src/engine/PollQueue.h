#pragma once

#include "store/TrackedWorkflow.h"

#include <QDateTime>
#include <QHash>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>
#include <set>
#include <unordered_map>
#include <utility>

namespace rw {

// Where each workflow waits for its next request: for its due time (scheduled), or, once due,
// for its account's budget (ready). Ready workflows leave in urgency order: the due time plus a
// slack that is larger where a late answer matters less. A waiting workflow's key never
// changes, and what is scheduled later falls due later: only newcomers due within its slack
// can pass it, so none starves. Pure bookkeeping on ids and milliseconds since the epoch; the
// engine decides what is sent and when.
class PollQueue
{
public:
    enum class Place {
        None, // neither: stopped, paused or in flight
        Scheduled,
        Ready,
    };

    // The key that orders `workflow` among the ready when it fell due at `dueMs`: fresh active
    // work first, a long wait (blocked) last. Smaller goes first. With `chance`, how likely its
    // state changed since its last check (StateDurations), the likelier go first instead, each
    // within its state's slack.
    [[nodiscard]] static qint64 urgencyKey(const TrackedWorkflow &workflow, qint64 dueMs,
                                           const QDateTime &now,
                                           std::optional<double> chance = std::nullopt);
    // The most a ready workflow in an active state (pending, in_progress) may be passed by,
    // when likelihood orders them.
    static constexpr qint64 activeSlackMs = 60'000;

    // Waits until `dueMs`, leaving wherever it waited before.
    void schedule(qint64 id, const QString &account, qint64 dueMs);
    // Waits for the budget, ordered by `key`, having fallen due at `dueMs`.
    void makeReady(qint64 id, const QString &account, qint64 dueMs, qint64 key);
    // Waits for the budget ahead of everything ordered by urgency; among those put ahead, the
    // earliest asked goes first.
    void makeReadyAhead(qint64 id, const QString &account, qint64 dueMs);
    void remove(qint64 id);

    // Every scheduled workflow due by `nowMs` becomes ready, ordered by `keyOf(id, dueMs)`.
    void promoteDue(qint64 nowMs, const std::function<qint64(qint64 id, qint64 dueMs)> &keyOf);
    // One pass over the ready, most urgent first: each one whose account `admits` leaves the
    // queue for `take`, with the time it fell due. Once `admits` refuses an account, the
    // account's other workflows wait for the next pass without asking again (and the pass
    // stops early once every waiting account is refused).
    void takeReady(const std::function<bool(const QString &account)> &admits,
                   const std::function<void(qint64 id, qint64 dueMs)> &take);

    [[nodiscard]] Place placeOf(qint64 id) const;
    // How many ready workflows drawing on the same budget leave before it (0: it is next);
    // nothing when it is not ready. `budgetOf` names the budget an account draws on (accounts
    // sharing a credential share one); without it, each account is its own. The places are
    // counted once after each change of the ready or of the budgets, when asked.
    [[nodiscard]] std::optional<int>
    readyPlace(qint64 id,
               const std::function<QString(const QString &account)> &budgetOf = {}) const;
    // When it is due, while it is scheduled.
    [[nodiscard]] std::optional<qint64> scheduledDue(qint64 id) const;
    // The earliest due time of the scheduled.
    [[nodiscard]] std::optional<qint64> earliestDue() const;
    [[nodiscard]] bool hasReady() const { return !m_ready.empty(); }
    // How many of the account's workflows wait for its budget.
    [[nodiscard]] int readyFor(const QString &account) const
    {
        return m_readyPerAccount.value(account);
    }
    // The accounts with workflows waiting for their budget.
    [[nodiscard]] QStringList accountsWaiting() const { return m_readyPerAccount.keys(); }

private:
    struct Slot
    {
        Place place = Place::None;
        qint64 key = 0; // the due time while scheduled, the urgency key while ready
        qint64 dueMs = 0;
        QString account;
    };

    void put(qint64 id, Slot slot);

    std::unordered_map<qint64, Slot> m_slots;        // only what waits
    std::set<std::pair<qint64, qint64>> m_scheduled; // (due ms, id)
    std::set<std::pair<qint64, qint64>> m_ready;     // (urgency key, id)
    QHash<QString, int> m_readyPerAccount;           // no entry for none
    mutable QHash<qint64, int> m_places;             // readyPlace()'s, while m_placesKnown
    mutable QHash<QString, QString> m_placeBudgets;  // the budget of each account they counted
    mutable bool m_placesKnown = false;
};

} // namespace rw
