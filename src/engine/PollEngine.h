#pragma once

#include "common/Clock.h"
#include "engine/AccountBudgets.h"
#include "engine/PollPolicy.h"
#include "engine/PollQueue.h"
#include "engine/RequestBudget.h"
#include "engine/SignalOutbox.h"
#include "engine/StateDurations.h"
#include "engine/StatusFetcher.h"
#include "engine/WorkflowRoster.h"
#include "store/TrackedWorkflow.h"

#include <QObject>
#include <QSet>

#include <deque>
#include <functional>
#include <memory>

namespace rw {

class RequestLedger;
class WorkflowStore;

// Decides when to ask about each tracked workflow, asks, and records what it learns.
//
// One alarm, re-armed to the earliest due workflow, drives everything. Due workflows wait in
// one queue ordered by urgency (PollQueue: fresh in_progress before long blocked, none
// starved). Each account has a RequestBudget (AccountBudgets: token bucket, at most N in
// flight, server quota hints and holds for 429 and rejected credentials). The workflows live
// in a WorkflowRoster, which writes them to the store; signals wait in a SignalOutbox until
// the state is whole. Every operation is safe at any moment, also while a request is in flight.
class PollEngine final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PollEngine)
public:
    PollEngine(StatusFetcher *fetcher, const Clock &clock, PollSettings settings = {},
               QObject *parent = nullptr);
    ~PollEngine() override;

    // Where to keep what the engine learns; without one, nothing survives the process.
    // What it learned of how long states last comes from it too.
    void setStore(WorkflowStore *store);
    // Tracks what the store holds (or those of it `accept` takes), each due when it was due
    // before; returns an error sentence.
    [[nodiscard]] std::optional<QString>
    loadFromStore(const std::function<bool(const TrackedWorkflow &)> &accept = {});
    // Where every request is written before it goes out, and where the requests of earlier and
    // other processes on the same credentials are read (at every pass of the scheduler) to count
    // against the budget as spent. Without one, the budget is this process's alone.
    void setLedger(RequestLedger *ledger);
    // Draws the jitter in [-1, 1]; tests make it predictable.
    void setJitterSource(std::function<double()> source) { m_jitter = std::move(source); }
    [[nodiscard]] const PollSettings &settings() const { return m_settings; }
    // New settings for every decision from now on, and new budgets (keeping what is in flight).
    void setSettings(const PollSettings &settings);

    // Workflows the operator adds within this long of the batch's last addition join it: a
    // script's loop of hand-overs, or several pastes, make one batch, told about as one.
    static constexpr std::chrono::minutes batchJoinsWithin{2};

    // Starts watching a workflow (first check after settings().activeFirstDelay) and returns its
    // id; an already tracked workflow keeps its id and state. One the operator adds joins the
    // open batch (or opens one); a found one is in none.
    qint64 track(const WorkflowRef &workflow, const QString &selfLink = {},
                 WorkflowOrigin origin = WorkflowOrigin::Operator);

    // What watch() did with a workflow the operator (or a script) asked to watch.
    enum class Watched {
        Added,     // not tracked before: first check after activeFirstDelay
        Resumed,   // was paused, waiting for the operator or given up: watched again, checked now
        Rechecked, // was watched or had ended: checked now (a new workflow may have started)
    };
    struct WatchOutcome
    {
        qint64 id = 0;
        Watched how = Watched::Added;
    };
    // The one rule for "watch this", for the window, `watch` and anything that hands workflows
    // over: track what is new, resume what was stopped, and ask again about what is known.
    // An operator's "watch this" makes it part of the open batch again, known or not.
    WatchOutcome watch(const WorkflowRef &workflow, const QString &selfLink = {});
    // What watchAll() did with a list: the ids in the order given, and how many of each.
    struct WatchSummary
    {
        QList<qint64> ids;
        int added = 0;
        int resumed = 0;
        int rechecked = 0;
    };
    WatchSummary watchAll(const QList<WorkflowRef> &workflows);
    void remove(qint64 id);
    // Checks as soon as the budget allows, ahead of everything else. On a workflow that waits
    // for the operator or gave up, the answer decides whether watching resumes; a paused one
    // stays paused.
    void pollNow(qint64 id);
    void pause(qint64 id);
    // Watches a paused, gave-up or action_required workflow again, checking it now.
    void resume(qint64 id);
    void pauseAll();
    void resumeAll();
    // Checks every watched workflow as soon as the budget allows, in urgency order.
    void pollAllNow();
    // No desktop notifications for this workflow (kept with it in the store).
    void setMuted(qint64 id, bool muted);
    // What the operator was last told about the workflow (NotificationCenter's mark), kept with
    // it in the store. The engine is the one writer of tracked workflows, marks included.
    void setTold(qint64 id, const QString &mark);
    // The computer woke from sleep or the network came back: what fell due meanwhile is checked
    // now, at the budget's pace, and checks that failed for want of a network are tried again
    // at once instead of at the end of their backoff.
    void wake();
    // New credentials for the account: lifts a hold for rejected or missing credentials.
    void credentialsChanged(const QString &accountId);
    // The account has no secret to send yet: nothing is asked until credentialsChanged(), and
    // requests on their way are taken back, unanswered and not counted as checks. Without a
    // secret it has no credential to share: it leaves a shared budget for one of its own, so
    // the hold stays with it and the other accounts go on.
    void credentialsMissing(const QString &accountId);
    // The budget the account's requests draw on: the key of its credentials (a digest, never the
    // secret), shared by the accounts that use the same ones; Cloudflare limits a user, not an
    // account. Without one, the account has a budget of its own. Requests on their way finish
    // on the budget they were counted on; the account's rows follow the new budget's hold.
    void setBudgetKey(const QString &accountId, const QString &key);
    [[nodiscard]] QString budgetKey(const QString &accountId) const
    {
        return m_budgets.budgetKey(accountId);
    }
    // A turned-off account: nothing is sent for it, spare requests included, and its workflows
    // stay as they are, due as before, until it is turned on again.
    void setAccountEnabled(const QString &accountId, bool enabled);
    // Every request the app makes for no tracked workflow draws on the same budget as the
    // engine's polls, through one slot mechanism: takeSlot() is true, and counts the request as
    // sent, only when the budget could send now; slotFinished() gives back its answer, whose
    // rate-limit headers and 429 hold the account like any poll's. Who asks decides the share:
    enum class SlotUse {
        // Watching a whole account (its registrations list, the sweep of update-status): only
        // what the tracked workflows leave. Never while a due workflow drawing on the same budget
        // waits, and only while half the burst stays in the bucket after it
        // (RequestBudget::canSendSpare), so tracked workflows falling due find tokens at once.
        Spare,
        // The operator's own request (an import's pages): ahead of the spare requests, never
        // over the budget; it waits for the budget, not for the tracked workflows.
        Operator,
    };
    // In both uses a slot in flight stays free for the tracked workflows.
    [[nodiscard]] bool takeSlot(const QString &accountId, SlotUse use);
    // The answer to a request takeSlot() allowed (httpStatus 0: none came): frees its slot;
    // its rate-limit headers and a 429 count as those of any answer.
    void slotFinished(const QString &accountId, const ResponseInfo &response);
    // The earliest time takeSlot() could be true, as far as time alone decides; null while a
    // hold waits for the credentials.
    [[nodiscard]] QDateTime nextSlotAt(const QString &accountId, SlotUse use) const;
    // The spare use of the above, as discovery asks.
    [[nodiscard]] bool takeSpare(const QString &accountId)
    {
        return takeSlot(accountId, SlotUse::Spare);
    }
    void spareFinished(const QString &accountId, const ResponseInfo &response)
    {
        slotFinished(accountId, response);
    }
    [[nodiscard]] QDateTime nextSpareAt(const QString &accountId) const
    {
        return nextSlotAt(accountId, SlotUse::Spare);
    }
    // A request to the account's API sent by someone else in this app outside any slot: it
    // counts against the budget as the engine's own do.
    void countOutsideRequest(const QString &accountId);
    // The same for credentials no account may use yet (Verify in the settings, before they
    // are saved): counted on the budget of their key, where an account given them will draw.
    void countOutsideRequestOnKey(const QString &budgetKey);
    [[nodiscard]] const Clock &clock() const { return m_clock; }

    [[nodiscard]] const TrackedWorkflow *workflow(qint64 id) const { return m_roster.workflow(id); }
    [[nodiscard]] std::optional<qint64> find(const WorkflowRef &workflow) const
    {
        return m_roster.find(workflow);
    }
    [[nodiscard]] QList<qint64> workflowIds() const { return m_roster.ids(); }
    // A copy of every tracked workflow, by id.
    [[nodiscard]] QList<TrackedWorkflow> snapshot() const { return m_roster.snapshot(); }
    [[nodiscard]] int inFlight() const { return m_roster.inFlight(); }
    [[nodiscard]] bool isInFlight(qint64 id) const { return m_roster.isInFlight(id); }

    struct AccountStatus
    {
        RequestBudget::Hold hold = RequestBudget::Hold::None;
        QDateTime heldUntil;
        QString reason;       // the sentence that explains the hold
        int sentInWindow = 0; // our requests in the budget's trailing window
        int budget = 0;
        std::chrono::seconds window{0};
        int waiting = 0;     // due workflows waiting for the budget
        int inFlight = 0;    // our requests on their way now
        int maxInFlight = 0; // and how many may be at once
        bool off = false;    // turned off by the operator: nothing is sent
        // Requests a second the budget sends at once its burst is spent: the pace of a queue.
        double pace = 0;

        // A due check of the account waits for its request budget, not for the operator (off),
        // a hold, or a request of its own to finish (the in-flight cap).
        [[nodiscard]] bool atInFlightCap() const
        {
            return maxInFlight > 0 && inFlight >= maxInFlight;
        }
        [[nodiscard]] bool waitsForBudget() const
        {
            return !off && hold == RequestBudget::Hold::None && !atInFlightCap();
        }
    };
    [[nodiscard]] AccountStatus accountStatus(const QString &accountId) const;
    // One credential's budget and the accounts that draw on it.
    struct BudgetStatus : AccountStatus
    {
        QString key;
        QStringList accounts;
    };
    // Every budget in use, once each, in the order of their first account.
    [[nodiscard]] QList<BudgetStatus> budgetStatuses() const;
    [[nodiscard]] QStringList accounts() const { return m_budgets.accounts(); }
    // The earliest scheduled check, or null.
    [[nodiscard]] QDateTime nextCheck() const;
    // The same for one account's workflows: now while one of them waits for the budget; null
    // when none is scheduled (in flight, stopped or none). An account the API does not answer
    // tries again then, whatever the others do.
    [[nodiscard]] QDateTime nextCheck(const QString &accountId) const;
    // Since when the account's API has not answered at all: set once `unreachableAfter` of its
    // requests in a row got no HTTP answer (connection refused, timeout, DNS, TLS), to the time
    // the first of them failed; null while it answers. An HTTP error status is an answer.
    [[nodiscard]] QDateTime unreachableSince(const QString &accountId) const;
    static constexpr int unreachableAfter = 2;
    // How long a due workflow that waits for its account's budget will wait still, about: the
    // budget's next free moment and, at the budget's rate, the workflows ahead of it. Nothing
    // when it does not wait for the budget. Cheap: the queue's places are counted once per
    // change of the queue, not once per question.
    [[nodiscard]] std::optional<std::chrono::seconds> budgetWait(qint64 id) const;
    // How many due workflows drawing on the same budget go before it (0: it is next); nothing
    // when it does not wait for the budget, as budgetWait().
    [[nodiscard]] std::optional<int> budgetAhead(qint64 id) const;
    // How long states lasted, as learned from the changes seen (and the store's record).
    [[nodiscard]] const StateDurations &stateDurations() const { return m_durations; }
    // The longest time any workflow waited past its due time before its request went out.
    [[nodiscard]] std::chrono::milliseconds longestWait() const { return m_longestWait; }

signals:
    // Each carries a copy of the workflow as it is once the engine's state is whole again, so
    // that listeners never ask back by id; none is sent about a workflow removed meanwhile.
    void workflowAdded(const rw::TrackedWorkflow &workflow);
    // As it was last.
    void workflowRemoved(const rw::TrackedWorkflow &workflow);
    // Anything about the workflow changed: one signal per change, for one row update.
    void workflowUpdated(const rw::TrackedWorkflow &workflow);
    // A state seen for the first time, or a new one (the history's row).
    void stateChanged(const rw::TrackedWorkflow &workflow, const rw::StateChange &change);
    void watchChanged(const rw::TrackedWorkflow &workflow, rw::WatchState from, rw::WatchState to);
    void pollFailed(const rw::TrackedWorkflow &workflow, const rw::ApiError &error);
    // For every account whose rows a hold marks: each account of a held budget, and one that
    // joins it while it is held.
    void accountHeld(const QString &accountId, const QString &reason, const QDateTime &until);
    void accountReleased(const QString &accountId);
    // Once per hold of a credential's budget, whichever of its accounts ran into it, and once
    // for its end: what the operator is told.
    void budgetHeld(const QString &key, const QStringList &accounts, const QString &reason,
                    const QDateTime &until);
    void budgetReleased(const QString &key, const QStringList &accounts);
    // The account's API stopped answering (`reachable` false; `since` the first request that
    // got no answer) or answered again (true; `since` the answer's time). Once each way.
    void reachabilityChanged(const QString &accountId, bool reachable, const QDateTime &since);
    void storageError(const QString &message);
    // A write went through again after storageError: the store takes what the engine learns.
    void storageRecovered();

private:
    using Entry = WorkflowRoster::Entry;

    void onFetched(quint64 ticket, const ApiResult<WorkflowStatus> &result);
    // Whether the account's API answered at all: tells the start and the end of an outage.
    void noteReach(const QString &accountId, const ApiResult<WorkflowStatus> &result,
                   const QDateTime &now);
    // The account stopped sending (turned off, its last workflow removed): an outage it was
    // in is over as far as anyone can tell, and is said to be.
    void forgetReach(const QString &accountId);
    void apply(Entry &entry, const ApiResult<WorkflowStatus> &result, const QDateTime &now);
    void scheduleAt(Entry &entry, const QDateTime &due);
    void stop(Entry &entry, WatchState watch, const QString &reason);
    void setWatch(Entry &entry, WatchState watch);
    void service();
    // Reads the ledger and sets the alarm, which serves what is due on the next pass of the
    // event loop: what opens the engine (its store, its ledger) sends nothing before its owner
    // has set the credentials and budget keys, which it does right after.
    void serviceSoon();
    void dispatch(const QDateTime &now);
    void send(Entry &entry, qint64 dueMs, const QDateTime &now);
    void rearm(const QDateTime &now);
    void announceHold(const QString &accountId);
    void announceRelease(const AccountBudgets::Release &release);
    // Gives the account the budget with `key`, telling its rows (and a budget nobody draws on
    // any more) that the old budget's hold is no longer theirs.
    void moveToBudget(const QString &accountId, const QString &key);
    // The budget the request with this ticket was counted on, forgetting the ticket.
    [[nodiscard]] RequestBudget &takeBudgetOf(quint64 ticket, const QString &accountId);
    [[nodiscard]] AccountStatus statusOf(const RequestBudget &budget, int waiting) const;
    // A request on the budget with this key goes out: written to the ledger first.
    void countSent(RequestBudget &budget, const QString &key);
    void noteSent(const QString &key, const QDateTime &now);
    // The ledger's news: the requests others sent since the last look, spent in their budgets.
    void readLedger(const QDateTime &now);
    // Budget-aware pacing: how often each active workflow of the account may be asked on the
    // budget's room for speed now (PollFacts::pace); none when there is no room.
    [[nodiscard]] std::optional<std::chrono::milliseconds> paceFor(const QString &accountId,
                                                                   const QDateTime &now);
    // How likely the workflow's state changed since its last check (StateDurations), for
    // ordering the due checks; none when the operator turned that off or it has no state to
    // judge by (a failed check).
    [[nodiscard]] std::optional<double> chanceOfChange(const TrackedWorkflow &workflow,
                                                       const QDateTime &now) const;
    // The workflows watched while pending or in progress (or not answered yet) on the budget
    // with this key; counted at most once a second.
    [[nodiscard]] int activeOn(const QString &key, const QDateTime &now);
    // Records the workflow (and its change of state, or the check that failed), then tells of
    // it as one update.
    void changed(const Entry &entry, const std::optional<StateChange> &change = {},
                 const std::optional<FailedCheck> &failed = {});
    [[nodiscard]] double jitter() const { return m_jitter(); }
    // The batch an operator's addition at `now` joins.
    [[nodiscard]] qint64 batchAt(const QDateTime &now);

    StatusFetcher *m_fetcher;
    const Clock &m_clock;
    PollSettings m_settings;
    std::unique_ptr<Alarm> m_alarm;
    std::function<double()> m_jitter;

    SignalOutbox m_outbox; // first: the others tell through it
    WorkflowRoster m_roster;
    PollQueue m_queue;
    AccountBudgets m_budgets;
    QHash<quint64, QString> m_ticketKeys; // the budget each request on its way was counted on
    QHash<QString, QStringList>
        m_spareKeys;            // the same for spare requests, by account, oldest first
    QSet<QString> m_off;        // accounts turned off
    StateDurations m_durations; // how long states last, learned from the changes seen
    struct ActiveCount
    {
        qint64 atMs = 0;
        int count = 0;
    };
    QHash<QString, ActiveCount> m_active; // by budget key: activeOn()'s last count
    QSet<qint64> m_paced;                 // workflows whose next check pacing brought forward
    QHash<QString, std::deque<qint64>> m_pacedSent; // by budget key: those sent, ms, in the window
    struct Reach
    {
        QDateTime firstFailure; // of the requests in a row that got no answer
        int failures = 0;
        bool told = false; // reachabilityChanged(false) was sent
    };
    QHash<QString, Reach> m_reach; // accounts whose last request got no answer
    RequestLedger *m_ledger = nullptr;
    bool m_ledgerFailed = false; // a failure of the ledger was said
    QDateTime m_ledgerPrunedAt;
    std::chrono::milliseconds m_longestWait{0};
    qint64 m_batch = 0; // the open batch
    QDateTime m_batchLastAdded;
    bool m_servicing = false;
};

} // namespace rw
