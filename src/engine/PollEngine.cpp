#include "engine/PollEngine.h"

#include "common/Logging.h"
#include "engine/WorkflowAnswer.h"
#include "store/RequestLedger.h"
#include "store/WorkflowStore.h"

#include <QRandomGenerator>
#include <QTimeZone>

using namespace std::chrono;

namespace rw {

namespace {

// Requests a second the budget goes on sending once its burst is spent: (requests - burst) per
// window. What a queue of due workflows moves at.
double steadyRate(const RequestBudget &budget, int burst)
{
    const int steady = budget.requests() - std::clamp(burst, 0, budget.requests() - 1);
    return double(steady) / double(std::max<qint64>(1, budget.window().count()));
}

} // namespace

PollEngine::PollEngine(StatusFetcher *fetcher, const Clock &clock, PollSettings settings,
                       QObject *parent)
    : QObject(parent)
    , m_fetcher(fetcher)
    , m_clock(clock)
    , m_settings(settings)
    , m_alarm(clock.createAlarm())
    , m_jitter([] { return QRandomGenerator::global()->generateDouble() * 2.0 - 1.0; })
    , m_outbox([this](qint64 id) { return m_roster.workflow(id); })
    , m_roster(
          [this](const QString &error) {
              m_outbox.post([this, error] { emit storageError(error); });
          },
          [this] { m_outbox.post([this] { emit storageRecovered(); }); })
    , m_budgets(settings)
{
    connect(m_alarm.get(), &Alarm::rang, this, &PollEngine::service);
    connect(m_fetcher, &StatusFetcher::finished, this, &PollEngine::onFetched);
}

PollEngine::~PollEngine()
{
    for (const quint64 ticket : m_roster.tickets())
        m_fetcher->cancel(ticket);
}

void PollEngine::setStore(WorkflowStore *store)
{
    m_roster.setStore(store);
    if (!store)
        return;
    const auto durations = store->stateDurations();
    if (!durations) {
        m_outbox.post([this, error = durations.error()] { emit storageError(error); });
        return;
    }
    for (const StateDuration &seen : durations.value())
        m_durations.add(seen.accountId, seen.kind, stateFromName(seen.state), seen.duration);
}

std::optional<QString>
PollEngine::loadFromStore(const std::function<bool(const TrackedWorkflow &)> &accept)
{
    if (!m_roster.hasStore())
        return std::nullopt;
    const auto loaded = m_roster.load(accept);
    if (!loaded)
        return loaded.error();
    const QDateTime now = m_clock.now();
    for (const qint64 id : loaded.value()) {
        Entry &entry = *m_roster.find(id);
        (void)m_budgets.budgetFor(entry.workflow.ref.account.id);
        if (entry.workflow.watch == WatchState::Watching)
            scheduleAt(entry,
                       entry.workflow.nextPollAt.isValid() ? entry.workflow.nextPollAt : now);
        m_outbox.postAbout(id, [this](const TrackedWorkflow &w) { emit workflowAdded(w); });
    }
    serviceSoon(); // what is due goes out once the owner has set the credentials
    return std::nullopt;
}

void PollEngine::setLedger(RequestLedger *ledger)
{
    m_ledger = ledger;
    m_ledgerFailed = false;
    // Not at once: a send now would be counted under the budget key the account has before
    // its owner sets the credentials' key, where the next process would not look for it.
    serviceSoon();
}

void PollEngine::serviceSoon()
{
    const QDateTime now = m_clock.now();
    readLedger(now);
    rearm(now); // what is due rings the alarm on the next pass of the event loop
}

void PollEngine::noteSent(const QString &key, const QDateTime &now)
{
    if (!m_ledger)
        return;
    if (const auto error = m_ledger->record(key, now.toMSecsSinceEpoch());
        error && !std::exchange(m_ledgerFailed, true))
        qCWarning(lcEngine).noquote() << *error;
}

void PollEngine::readLedger(const QDateTime &now)
{
    if (!m_ledger)
        return;
    // Nothing older than the longest window that matters is kept or read.
    const qint64 keepMs =
        std::max<qint64>(duration_cast<milliseconds>(hours(1)).count(),
                         duration_cast<milliseconds>(m_settings.budgetWindow).count());
    const qint64 since = now.toMSecsSinceEpoch() - keepMs;
    const auto sends = m_ledger->takeForeign(since);
    if (!sends) {
        if (!std::exchange(m_ledgerFailed, true))
            qCWarning(lcEngine).noquote() << sends.error();
        return;
    }
    QHash<QString, QList<qint64>> byKey;
    for (const RequestLedger::Send &send : sends.value())
        byKey[send.key].append(send.atMs);
    for (auto it = byKey.cbegin(); it != byKey.cend(); ++it)
        m_budgets.budgetOfKey(it.key()).recordForeign(it.value(), now);
    if (!m_ledgerPrunedAt.isValid() || m_ledgerPrunedAt.secsTo(now) >= 60 ||
        now < m_ledgerPrunedAt) {
        m_ledger->prune(since);
        m_ledgerPrunedAt = now;
    }
}

void PollEngine::setSettings(const PollSettings &settings)
{
    m_settings = settings;
    m_budgets.reconfigure(settings);
    service();
}

QDateTime PollEngine::nextCheck() const
{
    if (m_queue.hasReady())
        return m_clock.now();
    const auto due = m_queue.earliestDue();
    return due ? QDateTime::fromMSecsSinceEpoch(*due, QTimeZone::utc()) : QDateTime();
}

QDateTime PollEngine::nextCheck(const QString &accountId) const
{
    if (m_queue.readyFor(accountId) > 0)
        return m_clock.now();
    std::optional<qint64> earliest;
    for (const qint64 id : m_roster.ids()) {
        if (m_roster.workflow(id)->ref.account.id != accountId)
            continue;
        if (const auto due = m_queue.scheduledDue(id); due && (!earliest || *due < *earliest))
            earliest = due;
    }
    return earliest ? QDateTime::fromMSecsSinceEpoch(*earliest, QTimeZone::utc()) : QDateTime();
}

PollEngine::AccountStatus PollEngine::statusOf(const RequestBudget &budget, int waiting) const
{
    AccountStatus status;
    const QDateTime now = m_clock.now();
    status.hold = budget.hold(now);
    status.heldUntil = status.hold == RequestBudget::Hold::None ? QDateTime() : budget.heldUntil();
    status.reason = AccountBudgets::holdSentence(status.hold, status.heldUntil);
    status.sentInWindow = budget.sentInWindow(now);
    status.budget = budget.requests();
    status.window = budget.window();
    status.waiting = waiting;
    status.inFlight = budget.inFlight();
    status.maxInFlight = budget.maxInFlight();
    status.pace = steadyRate(budget, m_settings.budgetBurst);
    return status;
}

PollEngine::AccountStatus PollEngine::accountStatus(const QString &accountId) const
{
    const RequestBudget *budget = m_budgets.find(accountId);
    AccountStatus status;
    if (budget)
        status = statusOf(*budget, m_queue.readyFor(accountId));
    status.off = m_off.contains(accountId);
    return status;
}

QList<PollEngine::BudgetStatus> PollEngine::budgetStatuses() const
{
    QList<BudgetStatus> statuses;
    // A budget is made on its first request; until then it is a fresh one.
    const RequestBudget fresh(m_settings.budgetRequests, m_settings.budgetWindow,
                              m_settings.budgetBurst, m_settings.maxInFlight,
                              m_settings.serverQuotaReserve);
    for (const QString &key : m_budgets.keys()) {
        const RequestBudget *budget = m_budgets.findKey(key);
        const QStringList accounts = m_budgets.accountsOf(key);
        int waiting = 0;
        for (const QString &account : accounts)
            waiting += m_queue.readyFor(account);
        BudgetStatus status;
        static_cast<AccountStatus &>(status) = statusOf(budget ? *budget : fresh, waiting);
        status.key = key;
        status.accounts = accounts;
        statuses.append(status);
    }
    return statuses;
}

QDateTime PollEngine::unreachableSince(const QString &accountId) const
{
    const auto reach = m_reach.constFind(accountId);
    return reach != m_reach.cend() && reach->told ? reach->firstFailure : QDateTime();
}

std::optional<int> PollEngine::budgetAhead(qint64 id) const
{
    const TrackedWorkflow *workflow = m_roster.workflow(id);
    if (!workflow)
        return std::nullopt;
    // What whyDueWaits() says waits for the budget, and nothing else: not a row held back by
    // the operator, a hold or the in-flight cap.
    if (!accountStatus(workflow->ref.account.id).waitsForBudget())
        return std::nullopt;
    // Its place among every ready row that draws on the same budget (a shared credential).
    // A turned-off account's rows hold no one back (takeSpare()).
    return m_queue.readyPlace(id, [this](const QString &account) {
        return m_off.contains(account) ? QStringLiteral("off:") + account
                                       : m_budgets.budgetKey(account);
    });
}

std::optional<seconds> PollEngine::budgetWait(qint64 id) const
{
    const auto place = budgetAhead(id);
    if (!place)
        return std::nullopt;
    const RequestBudget *budget = m_budgets.find(m_roster.workflow(id)->ref.account.id);
    if (!budget || budget->requests() <= 0)
        return std::nullopt;
    // The budget's next free moment, then one request at the bucket's steady rate for each one
    // ahead: (requests - burst) per window, the burst being spent by then.
    const QDateTime now = m_clock.now();
    const QDateTime next = budget->nextSendTime(now);
    qint64 ms = next.isValid() ? std::max<qint64>(0, now.msecsTo(next)) : 0;
    ms += qint64(double(*place) * 1000.0 / steadyRate(*budget, m_settings.budgetBurst));
    return duration_cast<seconds>(milliseconds(ms + 999));
}

void PollEngine::forgetReach(const QString &accountId)
{
    const Reach reach = m_reach.take(accountId);
    if (!reach.told)
        return;
    qCInfo(lcEngine).noquote() << accountId << "no longer asks the API: its outage is over";
    const QDateTime now = m_clock.now();
    m_outbox.post([this, accountId, now] { emit reachabilityChanged(accountId, true, now); });
}

void PollEngine::noteReach(const QString &accountId, const ApiResult<WorkflowStatus> &result,
                           const QDateTime &now)
{
    const bool answered = result.response.httpStatus != 0 || result.ok();
    const bool unanswered = !answered && result.error && result.error->isUnanswered();
    if (answered) {
        const Reach reach = m_reach.take(accountId);
        if (reach.told) {
            qCInfo(lcEngine).noquote() << accountId << "reached the API again";
            m_outbox.post(
                [this, accountId, now] { emit reachabilityChanged(accountId, true, now); });
        }
        return;
    }
    if (!unanswered)
        return; // not sent (refused before it left): says nothing of the API
    Reach &reach = m_reach[accountId];
    if (reach.failures++ == 0)
        reach.firstFailure =
            result.response.receivedAt.isValid() ? std::min(result.response.receivedAt, now) : now;
    if (reach.told || reach.failures < unreachableAfter)
        return;
    reach.told = true;
    qCInfo(lcEngine).noquote() << accountId << "cannot reach the API";
    m_outbox.post([this, accountId, since = reach.firstFailure] {
        emit reachabilityChanged(accountId, false, since);
    });
}

qint64 PollEngine::batchAt(const QDateTime &now)
{
    if (!m_batch || !m_batchLastAdded.isValid() ||
        m_batchLastAdded.msecsTo(now) > duration_cast<milliseconds>(batchJoinsWithin).count())
        m_batch = now.toMSecsSinceEpoch();
    m_batchLastAdded = now;
    return m_batch;
}

qint64 PollEngine::track(const WorkflowRef &workflow, const QString &selfLink,
                         WorkflowOrigin origin)
{
    if (const auto existing = find(workflow))
        return *existing;
    const QDateTime now = m_clock.now();
    TrackedWorkflow tracked;
    tracked.ref = workflow;
    tracked.selfLink = selfLink;
    tracked.trackedAt = now;
    tracked.watchingSince = now;
    tracked.origin = origin;
    if (origin == WorkflowOrigin::Operator) {
        tracked.batch = batchAt(now);
        tracked.addedAt = now;
    }
    const PollDecision first = decideNextPoll(PollFacts{}, m_settings, jitter());
    tracked.nextPollAt = now.addMSecs(first.delay.count());

    Entry &entry = m_roster.add(std::move(tracked));
    const qint64 id = entry.workflow.id;
    (void)m_budgets.budgetFor(workflow.account.id);
    scheduleAt(entry, entry.workflow.nextPollAt);
    m_outbox.postAbout(id, [this](const TrackedWorkflow &w) { emit workflowAdded(w); });
    rearm(now);
    m_outbox.flush();
    return id;
}

PollEngine::WatchOutcome PollEngine::watch(const WorkflowRef &workflow, const QString &selfLink)
{
    const auto known = find(workflow);
    if (!known)
        return {track(workflow, selfLink), Watched::Added};
    Entry &entry = *m_roster.find(*known);
    // The operator's now, whoever found it first: what it comes to is news to them again.
    const QDateTime now = m_clock.now();
    entry.workflow.origin = WorkflowOrigin::Operator;
    entry.workflow.batch = batchAt(now);
    entry.workflow.addedAt = now;
    m_roster.save(entry.workflow);
    const WatchState watch = entry.workflow.watch;
    if (watch == WatchState::Watching || watch == WatchState::Settled) {
        // Asked again: what ended may have been followed by a new workflow of the same kind.
        pollNow(*known);
        return {*known, Watched::Rechecked};
    }
    resume(*known);
    return {*known, Watched::Resumed};
}

PollEngine::WatchSummary PollEngine::watchAll(const QList<WorkflowRef> &workflows)
{
    WatchSummary summary;
    for (const WorkflowRef &workflow : workflows) {
        const WatchOutcome outcome = watch(workflow);
        summary.ids.append(outcome.id);
        switch (outcome.how) {
        case Watched::Added:
            ++summary.added;
            break;
        case Watched::Resumed:
            ++summary.resumed;
            break;
        case Watched::Rechecked:
            ++summary.rechecked;
            break;
        }
    }
    return summary;
}

void PollEngine::remove(qint64 id)
{
    Entry *entry = m_roster.find(id);
    if (!entry)
        return;
    if (entry->inFlight()) {
        m_fetcher->cancel(entry->ticket);
        takeBudgetOf(entry->ticket, entry->workflow.ref.account.id).recordFinished();
    }
    m_queue.remove(id);
    const QString accountId = entry->workflow.ref.account.id;
    m_outbox.post([this, last = m_roster.take(id)] { emit workflowRemoved(last); });
    if (m_reach.contains(accountId)) {
        const QList<qint64> ids = m_roster.ids();
        const bool last = std::none_of(ids.cbegin(), ids.cend(), [&](qint64 other) {
            const TrackedWorkflow *workflow = m_roster.workflow(other);
            return workflow && workflow->ref.account.id == accountId;
        });
        if (last)
            forgetReach(accountId);
    }
    service();
}

void PollEngine::pollNow(qint64 id)
{
    const Entry *entry = m_roster.find(id);
    if (!entry || entry->inFlight())
        return;
    m_queue.makeReadyAhead(id, entry->workflow.ref.account.id, m_clock.now().toMSecsSinceEpoch());
    m_outbox.postAbout(id, [this](const TrackedWorkflow &w) { emit workflowUpdated(w); });
    service();
}

void PollEngine::pause(qint64 id)
{
    Entry *entry = m_roster.find(id);
    if (!entry || entry->workflow.watch != WatchState::Watching)
        return;
    m_queue.remove(id); // an answer on its way is still recorded
    entry->workflow.nextPollAt = {};
    setWatch(*entry, WatchState::Paused);
    changed(*entry);
    service();
}

void PollEngine::resume(qint64 id)
{
    Entry *entry = m_roster.find(id);
    if (!entry)
        return;
    TrackedWorkflow &workflow = entry->workflow;
    if (workflow.watch == WatchState::Watching || workflow.watch == WatchState::Settled)
        return;
    const QDateTime now = m_clock.now();
    workflow.watchingSince = now;
    workflow.stopReason.clear();
    workflow.consecutiveErrors = 0;
    workflow.noWorkflowAnswers = 0;
    setWatch(*entry, WatchState::Watching);
    if (!entry->inFlight())
        scheduleAt(*entry, now);
    changed(*entry);
    service();
}

void PollEngine::pauseAll()
{
    for (const qint64 id : workflowIds())
        pause(id);
}

void PollEngine::resumeAll()
{
    for (const qint64 id : workflowIds()) {
        if (workflow(id)->watch == WatchState::Paused)
            resume(id);
    }
}

void PollEngine::pollAllNow()
{
    const QDateTime now = m_clock.now();
    m_roster.forEach([this, &now](Entry &entry) {
        // Due now, in the queue's urgency order: the budget paces them, none jumps the rest.
        if (entry.workflow.watch == WatchState::Watching &&
            m_queue.placeOf(entry.workflow.id) == PollQueue::Place::Scheduled)
            scheduleAt(entry, now);
    });
    service();
}

void PollEngine::setMuted(qint64 id, bool muted)
{
    Entry *entry = m_roster.find(id);
    if (!entry || entry->workflow.muted == muted)
        return;
    entry->workflow.muted = muted;
    changed(*entry);
    m_outbox.flush();
}

void PollEngine::setTold(qint64 id, const QString &mark)
{
    if (m_roster.setTold(id, mark))
        m_outbox.flush();
}

void PollEngine::wake()
{
    const QDateTime now = m_clock.now();
    m_roster.forEach([this, &now](Entry &entry) {
        const std::optional<ApiError> &error = entry.workflow.lastError;
        const bool offline =
            error && (error->kind == ApiErrorKind::Network || error->kind == ApiErrorKind::Timeout);
        const auto due = m_queue.scheduledDue(entry.workflow.id);
        if (offline && due && *due > now.toMSecsSinceEpoch())
            scheduleAt(entry, now);
    });
    service(); // also re-arms the alarm on the wall clock, which a suspend left behind
}

void PollEngine::credentialsChanged(const QString &accountId)
{
    const auto released = m_budgets.releaseCredentials(accountId, m_clock.now());
    if (!released)
        return;
    announceRelease(*released);
    announceHold(accountId); // a 429 hold may still be running
    service();
}

void PollEngine::credentialsMissing(const QString &accountId)
{
    const QDateTime now = m_clock.now();
    // Sent without a secret they would be refused here and counted as failures: not sent at
    // all, they are asked once the secret is there, as if they had waited for the budget.
    m_roster.forEach([&](Entry &entry) {
        if (!entry.inFlight() || entry.workflow.ref.account.id != accountId)
            return;
        m_fetcher->cancel(entry.ticket);
        takeBudgetOf(entry.ticket, accountId).recordWithdrawn(now);
        (void)m_roster.answered(entry.ticket);
        const qint64 id = entry.workflow.id;
        if (entry.workflow.watch == WatchState::Watching)
            scheduleAt(entry,
                       entry.workflow.nextPollAt.isValid() ? entry.workflow.nextPollAt : now);
        else if (entry.workflow.watch != WatchState::Paused) // the operator's "check now"
            m_queue.makeReadyAhead(id, accountId, now.toMSecsSinceEpoch());
        m_outbox.postAbout(id, [this](const TrackedWorkflow &w) { emit workflowUpdated(w); });
    });
    if (m_budgets.budgetKey(accountId) != accountId)
        moveToBudget(accountId, accountId);
    m_budgets.hold(accountId, RequestBudget::Hold::CredentialsMissing, now);
    announceHold(accountId);
    service();
}

void PollEngine::setBudgetKey(const QString &accountId, const QString &key)
{
    moveToBudget(accountId, key);
    announceHold(accountId); // the new budget may be held
    service();
}

void PollEngine::moveToBudget(const QString &accountId, const QString &key)
{
    const AccountBudgets::KeyChange change = m_budgets.setBudgetKey(accountId, key);
    if (change.leftHold)
        m_outbox.post([this, accountId] { emit accountReleased(accountId); });
    if (change.ended) {
        const AccountBudgets::Release ended = *change.ended;
        m_outbox.post([this, ended] { emit budgetReleased(ended.key, ended.accounts); });
    }
}

void PollEngine::setAccountEnabled(const QString &accountId, bool enabled)
{
    if (enabled == !m_off.contains(accountId))
        return;
    if (enabled) {
        m_off.remove(accountId);
    } else {
        m_off.insert(accountId);
        forgetReach(accountId);
    }
    service();
}

bool PollEngine::takeSlot(const QString &accountId, SlotUse use)
{
    if (m_off.contains(accountId))
        return false;
    const QString key = m_budgets.budgetKey(accountId);
    if (use == SlotUse::Spare) {
        const QStringList waiting = m_queue.accountsWaiting();
        // A turned-off account's workflows wait for nothing: they hold no one back.
        const bool tracked =
            std::any_of(waiting.cbegin(), waiting.cend(), [&](const QString &account) {
                return !m_off.contains(account) && m_budgets.budgetKey(account) == key &&
                       m_queue.readyFor(account) > 0;
            });
        if (tracked)
            return false;
    }
    const QDateTime now = m_clock.now();
    readLedger(now);
    RequestBudget &budget = m_budgets.budgetFor(accountId);
    // One slot stays for the tracked workflows (with a cap of one, these requests wait for it
    // to be free).
    const int openSlots = std::max(1, budget.maxInFlight() - 1);
    const bool room = use == SlotUse::Spare ? budget.canSendSpare(now) : budget.canSend(now);
    if (!room || budget.inFlight() >= openSlots)
        return false;
    budget.recordSent(now);
    noteSent(key, now);
    m_spareKeys[accountId].append(key);
    return true;
}

void PollEngine::slotFinished(const QString &accountId, const ResponseInfo &response)
{
    QStringList &keys = m_spareKeys[accountId];
    if (keys.isEmpty()) {
        m_spareKeys.remove(accountId);
        return; // none was allowed: nothing to give back
    }
    RequestBudget &budget = m_budgets.budgetOfKey(keys.takeFirst());
    if (keys.isEmpty())
        m_spareKeys.remove(accountId);
    const QDateTime now = m_clock.now();
    budget.recordFinished();
    if (response.httpStatus != 0)
        budget.observe(response.rateLimit, now);
    if (response.httpStatus == 429) {
        const seconds wait = response.rateLimit.retryAfter.value_or(m_settings.rateLimitWait);
        budget.holdUntil(RequestBudget::Hold::RateLimited, now.addSecs(wait.count()));
    }
    announceHold(accountId);
    service();
}

QDateTime PollEngine::nextSlotAt(const QString &accountId, SlotUse use) const
{
    const RequestBudget *budget = m_budgets.find(accountId);
    const QDateTime now = m_clock.now();
    if (!budget)
        return now;
    return use == SlotUse::Spare ? budget->nextSpareTime(now) : budget->nextSendTime(now);
}

void PollEngine::countOutsideRequest(const QString &accountId)
{
    countSent(m_budgets.budgetFor(accountId), m_budgets.budgetKey(accountId));
}

void PollEngine::countOutsideRequestOnKey(const QString &budgetKey)
{
    if (!budgetKey.isEmpty())
        countSent(m_budgets.budgetOfKey(budgetKey), budgetKey);
}

void PollEngine::countSent(RequestBudget &budget, const QString &key)
{
    const QDateTime now = m_clock.now();
    budget.recordSent(now);
    noteSent(key, now);
    budget.recordFinished(); // its answer is not the engine's to wait for
    rearm(now);
}

void PollEngine::scheduleAt(Entry &entry, const QDateTime &due)
{
    entry.workflow.nextPollAt = due;
    m_queue.schedule(entry.workflow.id, entry.workflow.ref.account.id, due.toMSecsSinceEpoch());
}

void PollEngine::service()
{
    if (m_servicing)
        return; // re-entered from a signal handler: the outer pass finishes the work
    m_servicing = true;
    const QDateTime now = m_clock.now();
    readLedger(now);
    m_queue.promoteDue(now.toMSecsSinceEpoch(), [this, &now](qint64 id, qint64 dueMs) {
        const TrackedWorkflow &workflow = m_roster.find(id)->workflow;
        return PollQueue::urgencyKey(workflow, dueMs, now, chanceOfChange(workflow, now));
    });
    for (const AccountBudgets::Release &release : m_budgets.takeEndedHolds(now))
        announceRelease(release);
    dispatch(now);
    rearm(now);
    m_servicing = false;
    m_outbox.flush();
}

void PollEngine::dispatch(const QDateTime &now)
{
    m_queue.takeReady(
        [this, &now](const QString &account) {
            return !m_off.contains(account) && m_budgets.budgetFor(account).canSend(now);
        },
        [this, &now](qint64 id, qint64 dueMs) { send(*m_roster.find(id), dueMs, now); });
}

void PollEngine::send(Entry &entry, qint64 dueMs, const QDateTime &now)
{
    const qint64 waited = now.toMSecsSinceEpoch() - dueMs;
    m_longestWait = std::max(m_longestWait, milliseconds(waited));
    const QString &account = entry.workflow.ref.account.id;
    m_budgets.budgetFor(account).recordSent(now);
    noteSent(m_budgets.budgetKey(account), now);
    if (m_paced.remove(entry.workflow.id))
        m_pacedSent[m_budgets.budgetKey(account)].push_back(now.toMSecsSinceEpoch());
    const quint64 ticket = m_roster.sent(entry);
    m_ticketKeys.insert(ticket, m_budgets.budgetKey(account));
    qCDebug(lcEngine).noquote() << "asking about" << kindName(entry.workflow.ref.kind)
                                << entry.workflow.ref.domain << "waited" << waited << "ms";
    m_fetcher->fetch(ticket, entry.workflow.ref.account, entry.workflow.pollPath());
}

RequestBudget &PollEngine::takeBudgetOf(quint64 ticket, const QString &accountId)
{
    const auto key = m_ticketKeys.constFind(ticket);
    if (key == m_ticketKeys.cend())
        return m_budgets.budgetFor(accountId);
    RequestBudget &budget = m_budgets.budgetOfKey(*key);
    m_ticketKeys.erase(key);
    return budget;
}

void PollEngine::rearm(const QDateTime &now)
{
    QDateTime next;
    if (const auto due = m_queue.earliestDue())
        next = QDateTime::fromMSecsSinceEpoch(*due, QTimeZone::utc());
    for (const QString &account : m_queue.accountsWaiting()) {
        if (m_off.contains(account))
            continue; // setAccountEnabled() services again
        const RequestBudget &budget = m_budgets.budgetFor(account);
        if (budget.inFlightFull())
            continue; // an answer will come and free a slot
        const QDateTime when = budget.nextSendTime(now);
        if (when.isValid() && (!next.isValid() || when < next))
            next = std::max(when, now.addMSecs(1));
    }
    const QDateTime holdEnd = m_budgets.nextHoldEnd();
    if (holdEnd.isValid() && (!next.isValid() || holdEnd < next))
        next = holdEnd; // to announce the end of the hold
    if (next.isValid())
        m_alarm->setAt(next);
    else
        m_alarm->cancel();
}

void PollEngine::onFetched(quint64 ticket, const ApiResult<WorkflowStatus> &result)
{
    Entry *entry = m_roster.answered(ticket);
    if (!entry)
        return; // cancelled: the workflow was removed
    const QDateTime now = m_clock.now();
    const QString account = entry->workflow.ref.account.id;
    RequestBudget &budget = takeBudgetOf(ticket, account);
    budget.recordFinished();
    if (result.response.httpStatus != 0)
        budget.observe(result.response.rateLimit, now);
    noteReach(account, result, now);
    apply(*entry, result, now);
    announceHold(account); // the shared quota may be nearly gone
    service();
}

void PollEngine::apply(Entry &entry, const ApiResult<WorkflowStatus> &result, const QDateTime &now)
{
    TrackedWorkflow &workflow = entry.workflow;
    const qint64 id = workflow.id;
    const std::optional<StateChange> change = recordAnswer(workflow, result, now);
    if (change && change->fromState && change->fromDuration)
        m_durations.add(workflow.ref.account.id, workflow.ref.kind,
                        stateFromName(*change->fromState), *change->fromDuration);
    const std::optional<FailedCheck> failed = failedCheckOf(workflow, result, now);
    if (const std::optional<ApiError> &error = result.error)
        m_outbox.postAbout(
            id, [this, error = *error](const TrackedWorkflow &w) { emit pollFailed(w, error); });
    if (change) // heard before any stop it leads to
        m_outbox.postAbout(id, [this, change = *change](const TrackedWorkflow &w) {
            emit stateChanged(w, change);
        });
    PollFacts facts = pollFactsOf(workflow, result.error, now);
    const double jitterUnit = jitter();
    const PollDecision frugal = decideNextPoll(facts, m_settings, jitterUnit);
    facts.pace = paceFor(workflow.ref.account.id, now);
    const PollDecision decision =
        facts.pace ? decideNextPoll(facts, m_settings, jitterUnit) : frugal;
    // A check brought forward by pacing is counted as the speed share's when it goes out.
    if (decision.kind == PollDecision::Kind::PollAfter && decision.delay < frugal.delay)
        m_paced.insert(id);
    else
        m_paced.remove(id);
    const bool paused = workflow.watch == WatchState::Paused;
    switch (decision.kind) {
    case PollDecision::Kind::PollAfter:
        if (!paused) {
            setWatch(entry, WatchState::Watching);
            scheduleAt(entry, now.addMSecs(decision.delay.count()));
        }
        break;
    case PollDecision::Kind::Settled:
        stop(entry, WatchState::Settled, {});
        break;
    case PollDecision::Kind::NeedsOperator:
        if (!paused)
            stop(entry, WatchState::NeedsOperator,
                 workflow.status ? workflow.status->action() : QString());
        break;
    case PollDecision::Kind::GiveUp:
        if (!paused)
            stop(entry, WatchState::GaveUp, decision.reason);
        break;
    case PollDecision::Kind::HoldAccount: {
        // No delay: until the credentials change, and asked again once they do.
        const bool credentials = decision.delay.count() == 0;
        const QDateTime until = credentials ? now : now.addMSecs(decision.delay.count());
        m_budgets.hold(workflow.ref.account.id,
                       credentials ? RequestBudget::Hold::CredentialsRejected
                                   : RequestBudget::Hold::RateLimited,
                       until);
        announceHold(workflow.ref.account.id);
        if (!paused)
            scheduleAt(entry, until);
        break;
    }
    }
    changed(entry, change, failed);
}

// The room for speed is what the rest of the budget's window leaves: the budget, less a tenth
// kept free, less what was sent in the window for anything but speed (the frugal policy's
// checks, other processes, the sweep of an account), at most the share; spread evenly over the
// active workflows. So speed only spends what the frugal policy does not need, and nothing
// sooner while the budget is held or its bucket empty: then due checks already wait their turn.
std::optional<milliseconds> PollEngine::paceFor(const QString &accountId, const QDateTime &now)
{
    if (!m_settings.pacing || m_settings.speedShare <= 0)
        return std::nullopt;
    const RequestBudget &budget = m_budgets.budgetFor(accountId);
    if (budget.hold(now) != RequestBudget::Hold::None)
        return std::nullopt;
    const QDateTime next = budget.nextSendTime(now);
    if (!next.isValid() || next > now)
        return std::nullopt;
    const QString key = m_budgets.budgetKey(accountId);
    std::deque<qint64> &paced = m_pacedSent[key];
    const qint64 windowStart =
        now.toMSecsSinceEpoch() - duration_cast<milliseconds>(budget.window()).count();
    while (!paced.empty() && paced.front() <= windowStart)
        paced.pop_front();
    const int others = budget.sentInWindow(now) - int(paced.size());
    const int free = budget.requests() - budget.requests() / 10 - others;
    const int room = std::min(m_settings.speedShare, free);
    if (room <= 0)
        return std::nullopt;
    const int active = std::max(1, activeOn(key, now));
    return milliseconds(duration_cast<milliseconds>(budget.window()).count() * active / room);
}

std::optional<double> PollEngine::chanceOfChange(const TrackedWorkflow &workflow,
                                                 const QDateTime &now) const
{
    if (!m_settings.likelihood || workflow.lastError)
        return std::nullopt;
    // Not answered yet: it has been pending (as far as anyone knows) since it was watched.
    const std::optional<WorkflowState> state = workflow.state();
    const QDateTime began =
        state && workflow.stateSince.isValid() ? workflow.stateSince : workflow.watchingSince;
    const QDateTime checked =
        state && workflow.lastCheckedAt.isValid() ? workflow.lastCheckedAt : began;
    if (!began.isValid() || !checked.isValid())
        return std::nullopt;
    return m_durations.chanceOfChange(workflow.ref.account.id, workflow.ref.kind,
                                      state.value_or(WorkflowState::Pending),
                                      milliseconds(std::max<qint64>(0, began.msecsTo(checked))),
                                      milliseconds(std::max<qint64>(0, checked.msecsTo(now))));
}

int PollEngine::activeOn(const QString &key, const QDateTime &now)
{
    const qint64 nowMs = now.toMSecsSinceEpoch();
    const auto cached = m_active.constFind(key);
    if (cached != m_active.cend() && nowMs >= cached->atMs && nowMs - cached->atMs < 1000)
        return cached->count;
    int count = 0;
    m_roster.forEach([&](const Entry &entry) {
        const TrackedWorkflow &workflow = entry.workflow;
        if (workflow.watch != WatchState::Watching || m_off.contains(workflow.ref.account.id))
            return;
        const std::optional<WorkflowState> state = workflow.state();
        if (state && *state != WorkflowState::Pending && *state != WorkflowState::InProgress)
            return;
        if (m_budgets.budgetKey(workflow.ref.account.id) == key)
            ++count;
    });
    m_active.insert(key, {nowMs, count});
    return count;
}

void PollEngine::changed(const Entry &entry, const std::optional<StateChange> &change,
                         const std::optional<FailedCheck> &failed)
{
    // Recorded before anyone is told (the outbox is flushed later): a listener that reads the
    // store finds the change there.
    m_roster.save(entry.workflow, change, failed);
    m_outbox.postAbout(entry.workflow.id,
                       [this](const TrackedWorkflow &w) { emit workflowUpdated(w); });
}

void PollEngine::announceHold(const QString &accountId)
{
    const auto held = m_budgets.untoldHold(accountId, m_clock.now());
    if (!held)
        return;
    if (held->news) {
        qCInfo(lcEngine).noquote() << held->accounts.join(u", ") << held->reason;
        m_outbox.post([this, held = *held] {
            emit budgetHeld(held.key, held.accounts, held.reason, held.until);
        });
    }
    for (const QString &account : held->newlyHeld)
        m_outbox.post(
            [this, account, held = *held] { emit accountHeld(account, held.reason, held.until); });
}

void PollEngine::announceRelease(const AccountBudgets::Release &release)
{
    m_outbox.post([this, release] { emit budgetReleased(release.key, release.accounts); });
    for (const QString &account : release.accounts)
        m_outbox.post([this, account] { emit accountReleased(account); });
}

void PollEngine::setWatch(Entry &entry, WatchState watch)
{
    const WatchState before = entry.workflow.watch;
    if (before == watch)
        return;
    entry.workflow.watch = watch;
    m_outbox.postAbout(entry.workflow.id, [this, before, watch](const TrackedWorkflow &w) {
        emit watchChanged(w, before, watch);
    });
}

void PollEngine::stop(Entry &entry, WatchState watch, const QString &reason)
{
    m_queue.remove(entry.workflow.id);
    entry.workflow.nextPollAt = {};
    entry.workflow.stopReason = reason;
    setWatch(entry, watch);
}

} // namespace rw
