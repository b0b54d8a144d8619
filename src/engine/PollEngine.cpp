#include "engine/PollEngine.h"

#include "common/Duration.h"
#include "common/Logging.h"
#include "store/WorkflowStore.h"

#include <QRandomGenerator>
#include <QTimeZone>

using namespace Qt::StringLiterals;
using namespace std::chrono;

namespace rw {

namespace {

bool isActiveState(WorkflowState state)
{
    return state == WorkflowState::Pending || state == WorkflowState::InProgress;
}

QString holdSentence(RequestBudget::Hold hold, const QDateTime &until)
{
    const QString when = until.isValid() ? until.toLocalTime().toString(u"HH:mm:ss"_s) : QString();
    switch (hold) {
    case RequestBudget::Hold::RateLimited:
        return u"Cloudflare rate-limited the account; no requests until %1."_s.arg(when);
    case RequestBudget::Hold::QuotaLow:
        return u"The account's shared API quota is nearly used up by other clients; waiting "
               u"until %1."_s.arg(when);
    case RequestBudget::Hold::CredentialsRejected:
        return u"Cloudflare rejected the credentials; no requests for this account until they "
               u"change."_s;
    case RequestBudget::Hold::None:
        break;
    }
    return {};
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
{
    connect(m_alarm.get(), &Alarm::rang, this, &PollEngine::service);
    connect(m_fetcher, &StatusFetcher::finished, this, &PollEngine::onFetched);
}

PollEngine::~PollEngine()
{
    for (auto it = m_tickets.cbegin(); it != m_tickets.cend(); ++it)
        m_fetcher->cancel(it.key());
}

std::optional<QString>
PollEngine::loadFromStore(const std::function<bool(const TrackedWorkflow &)> &accept)
{
    if (!m_store)
        return std::nullopt;
    auto loaded = m_store->loadAll();
    if (!loaded)
        return loaded.error();
    const QDateTime now = m_clock.now();
    for (TrackedWorkflow &workflow : loaded.value()) {
        if (m_entries.count(workflow.id) || (accept && !accept(workflow)))
            continue;
        const qint64 id = workflow.id;
        Entry &entry = m_entries[id];
        entry.workflow = std::move(workflow);
        m_ids.insert(entry.workflow.ref, id);
        (void)budgetFor(entry.workflow.ref.account.id);
        if (entry.workflow.watch == WatchState::Watching)
            scheduleAt(entry,
                       entry.workflow.nextPollAt.isValid() ? entry.workflow.nextPollAt : now);
        postAbout(id, [this](const TrackedWorkflow &w) { emit workflowAdded(w); });
    }
    service();
    return std::nullopt;
}

void PollEngine::setSettings(const PollSettings &settings)
{
    m_settings = settings;
    for (auto &[account, budget] : m_budgets)
        budget.reconfigure(settings.budgetRequests, settings.budgetWindow, settings.budgetBurst,
                           settings.maxInFlight, settings.serverQuotaReserve);
    service();
}

RequestBudget &PollEngine::budgetFor(const QString &accountId)
{
    auto it = m_budgets.find(accountId);
    if (it == m_budgets.end())
        it = m_budgets
                 .emplace(accountId,
                          RequestBudget(m_settings.budgetRequests, m_settings.budgetWindow,
                                        m_settings.budgetBurst, m_settings.maxInFlight,
                                        m_settings.serverQuotaReserve))
                 .first;
    return it->second;
}

QStringList PollEngine::accounts() const
{
    QStringList ids;
    for (const auto &[id, budget] : m_budgets)
        ids.append(id);
    return ids;
}

const TrackedWorkflow *PollEngine::workflow(qint64 id) const
{
    const auto it = m_entries.find(id);
    return it == m_entries.end() ? nullptr : &it->second.workflow;
}

std::optional<qint64> PollEngine::find(const WorkflowRef &workflow) const
{
    const auto it = m_ids.constFind(workflow);
    if (it == m_ids.cend())
        return std::nullopt;
    return it.value();
}

QList<qint64> PollEngine::workflowIds() const
{
    QList<qint64> ids;
    ids.reserve(qsizetype(m_entries.size()));
    for (const auto &[id, entry] : m_entries)
        ids.append(id);
    std::sort(ids.begin(), ids.end());
    return ids;
}

QList<TrackedWorkflow> PollEngine::snapshot() const
{
    QList<TrackedWorkflow> workflows;
    workflows.reserve(qsizetype(m_entries.size()));
    for (const qint64 id : workflowIds())
        workflows.append(m_entries.at(id).workflow);
    return workflows;
}

bool PollEngine::isInFlight(qint64 id) const
{
    const auto it = m_entries.find(id);
    return it != m_entries.end() && it->second.queue == Queue::InFlight;
}

QDateTime PollEngine::nextCheck() const
{
    if (!m_ready.empty())
        return m_clock.now();
    if (m_scheduled.empty())
        return {};
    return QDateTime::fromMSecsSinceEpoch(m_scheduled.begin()->first, QTimeZone::utc());
}

PollEngine::AccountStatus PollEngine::accountStatus(const QString &accountId) const
{
    AccountStatus status;
    const auto it = m_budgets.find(accountId);
    if (it == m_budgets.end())
        return status;
    const QDateTime now = m_clock.now();
    const RequestBudget &budget = it->second;
    status.hold = budget.hold(now);
    status.heldUntil = status.hold == RequestBudget::Hold::None ? QDateTime() : budget.heldUntil();
    status.reason = holdSentence(status.hold, status.heldUntil);
    status.sentInWindow = budget.sentInWindow(now);
    status.budget = budget.requests();
    status.window = budget.window();
    status.waiting = m_readyPerAccount.value(accountId);
    return status;
}

qint64 PollEngine::track(const WorkflowRef &workflow, const QString &selfLink)
{
    if (const auto existing = find(workflow))
        return *existing;
    const QDateTime now = m_clock.now();
    TrackedWorkflow tracked;
    tracked.ref = workflow;
    tracked.selfLink = selfLink;
    tracked.trackedAt = now;
    tracked.watchingSince = now;
    const PollDecision first = decideNextPoll(PollFacts{}, m_settings, jitter());
    tracked.nextPollAt = now.addMSecs(first.delay.count());

    qint64 id = m_nextLocalId--;
    if (m_store) {
        auto inserted = m_store->insert(tracked);
        if (inserted)
            id = inserted.value();
        else
            reportStorage(inserted.error());
    }
    tracked.id = id;
    Entry &entry = m_entries[id];
    entry.workflow = std::move(tracked);
    m_ids.insert(workflow, id);
    (void)budgetFor(workflow.account.id);
    scheduleAt(entry, entry.workflow.nextPollAt);
    postAbout(id, [this](const TrackedWorkflow &w) { emit workflowAdded(w); });
    rearm(now);
    flush();
    return id;
}

PollEngine::WatchOutcome PollEngine::watch(const WorkflowRef &workflow, const QString &selfLink)
{
    const auto known = find(workflow);
    if (!known)
        return {track(workflow, selfLink), Watched::Added};
    const WatchState watch = m_entries.at(*known).workflow.watch;
    if (watch == WatchState::Watching || watch == WatchState::Settled) {
        // Asked again: what ended may have been followed by a new workflow of the same kind.
        pollNow(*known);
        return {*known, Watched::Rechecked};
    }
    resume(*known);
    return {*known, Watched::Resumed};
}

void PollEngine::remove(qint64 id)
{
    const auto it = m_entries.find(id);
    if (it == m_entries.end())
        return;
    Entry &entry = it->second;
    if (entry.queue == Queue::InFlight) {
        m_fetcher->cancel(entry.ticket);
        m_tickets.remove(entry.ticket);
        budgetFor(entry.workflow.ref.account.id).recordFinished();
        entry.queue = Queue::None;
    }
    unqueue(entry);
    if (m_store && id > 0)
        reportStorage(m_store->remove(id));
    m_ids.remove(entry.workflow.ref);
    post([this, last = std::move(entry.workflow)] { emit workflowRemoved(last); });
    m_entries.erase(it);
    service();
}

void PollEngine::pollNow(qint64 id)
{
    const auto it = m_entries.find(id);
    if (it == m_entries.end() || it->second.queue == Queue::InFlight)
        return;
    Entry &entry = it->second;
    const QDateTime now = m_clock.now();
    unqueue(entry);
    entry.dueMs = now.toMSecsSinceEpoch();
    makeReady(entry, std::numeric_limits<qint64>::min() / 2 + entry.dueMs); // ahead of all
    postAbout(id, [this](const TrackedWorkflow &w) { emit workflowUpdated(w); });
    service();
}

void PollEngine::pause(qint64 id)
{
    const auto it = m_entries.find(id);
    if (it == m_entries.end() || it->second.workflow.watch != WatchState::Watching)
        return;
    Entry &entry = it->second;
    if (entry.queue != Queue::InFlight) // an answer on its way is still recorded
        unqueue(entry);
    entry.workflow.nextPollAt = {};
    setWatch(entry, WatchState::Paused);
    persist(entry);
    postAbout(id, [this](const TrackedWorkflow &w) { emit workflowUpdated(w); });
    service();
}

void PollEngine::resume(qint64 id)
{
    const auto it = m_entries.find(id);
    if (it == m_entries.end())
        return;
    Entry &entry = it->second;
    const WatchState watch = entry.workflow.watch;
    if (watch == WatchState::Watching || watch == WatchState::Settled)
        return;
    const QDateTime now = m_clock.now();
    entry.workflow.watchingSince = now;
    entry.workflow.stopReason.clear();
    entry.workflow.consecutiveErrors = 0;
    entry.workflow.noWorkflowAnswers = 0;
    setWatch(entry, WatchState::Watching);
    if (entry.queue != Queue::InFlight)
        scheduleAt(entry, now);
    persist(entry);
    postAbout(id, [this](const TrackedWorkflow &w) { emit workflowUpdated(w); });
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
    for (auto &[id, entry] : m_entries) {
        // Due now, in the queue's urgency order: the budget paces them, none jumps the rest.
        if (entry.workflow.watch == WatchState::Watching && entry.queue == Queue::Scheduled)
            scheduleAt(entry, now);
    }
    service();
}

void PollEngine::setMuted(qint64 id, bool muted)
{
    const auto it = m_entries.find(id);
    if (it == m_entries.end() || it->second.workflow.muted == muted)
        return;
    it->second.workflow.muted = muted;
    persist(it->second);
    postAbout(id, [this](const TrackedWorkflow &w) { emit workflowUpdated(w); });
    flush();
}

void PollEngine::setTold(qint64 id, const QString &mark)
{
    const auto it = m_entries.find(id);
    if (it == m_entries.end() || it->second.workflow.toldMark == mark)
        return;
    it->second.workflow.toldMark = mark;
    if (m_store && id > 0)
        reportStorage(m_store->setNotified(id, mark));
    flush();
}

void PollEngine::wake()
{
    const QDateTime now = m_clock.now();
    for (auto &[id, entry] : m_entries) {
        const std::optional<ApiError> &error = entry.workflow.lastError;
        const bool offline =
            error && (error->kind == ApiErrorKind::Network || error->kind == ApiErrorKind::Timeout);
        if (offline && entry.queue == Queue::Scheduled && entry.dueMs > now.toMSecsSinceEpoch())
            scheduleAt(entry, now);
    }
    service(); // also re-arms the alarm on the wall clock, which a suspend left behind
}

void PollEngine::credentialsChanged(const QString &accountId)
{
    RequestBudget &budget = budgetFor(accountId);
    if (budget.hold(m_clock.now()) != RequestBudget::Hold::CredentialsRejected)
        return;
    budget.releaseCredentials();
    m_holdReasons.remove(accountId);
    post([this, accountId] { emit accountReleased(accountId); });
    announceHold(accountId); // a 429 hold may still be running
    service();
}

void PollEngine::countOutsideRequest(const QString &accountId)
{
    RequestBudget &budget = budgetFor(accountId);
    const QDateTime now = m_clock.now();
    budget.recordSent(now);
    budget.recordFinished(); // its answer is not the engine's to wait for
    rearm(now);
}

void PollEngine::unqueue(Entry &entry)
{
    const qint64 id = entry.workflow.id;
    if (entry.queue == Queue::Scheduled) {
        m_scheduled.erase({entry.queueKey, id});
    } else if (entry.queue == Queue::Ready) {
        m_ready.erase({entry.queueKey, id});
        if (--m_readyPerAccount[entry.workflow.ref.account.id] <= 0)
            m_readyPerAccount.remove(entry.workflow.ref.account.id);
    }
    if (entry.queue != Queue::InFlight)
        entry.queue = Queue::None;
}

void PollEngine::scheduleAt(Entry &entry, const QDateTime &due)
{
    unqueue(entry);
    entry.workflow.nextPollAt = due;
    entry.dueMs = due.toMSecsSinceEpoch();
    entry.queueKey = entry.dueMs;
    entry.queue = Queue::Scheduled;
    m_scheduled.insert({entry.queueKey, entry.workflow.id});
}

void PollEngine::makeReady(Entry &entry, qint64 key)
{
    entry.queueKey = key;
    entry.queue = Queue::Ready;
    m_ready.insert({key, entry.workflow.id});
    ++m_readyPerAccount[entry.workflow.ref.account.id];
}

qint64 PollEngine::urgencyKey(const Entry &entry, qint64 dueMs) const
{
    // How late an answer may be before it matters: fresh active work first, long waits last.
    const TrackedWorkflow &workflow = entry.workflow;
    qint64 slack = 0;
    if (workflow.lastError) {
        slack = 60'000;
    } else if (const auto state = workflow.state()) {
        const qint64 inState =
            workflow.stateSince.isValid() ? workflow.stateSince.msecsTo(m_clock.now()) : 0;
        switch (*state) {
        case WorkflowState::Pending:
        case WorkflowState::InProgress:
            slack = inState < 3'600'000 ? 0 : 30'000;
            break;
        case WorkflowState::Blocked:
            slack = 300'000;
            break;
        default:
            slack = 60'000;
            break;
        }
    }
    return dueMs + slack;
}

void PollEngine::service()
{
    if (m_servicing)
        return; // re-entered from a signal handler: the outer pass finishes the work
    m_servicing = true;
    const QDateTime now = m_clock.now();
    const qint64 nowMs = now.toMSecsSinceEpoch();
    while (!m_scheduled.empty() && m_scheduled.begin()->first <= nowMs) {
        const qint64 id = m_scheduled.begin()->second;
        Entry &entry = m_entries.at(id);
        m_scheduled.erase(m_scheduled.begin());
        entry.queue = Queue::None;
        makeReady(entry, urgencyKey(entry, entry.dueMs));
    }
    // Holds that ran out are announced as over.
    for (auto it = m_holdReasons.begin(); it != m_holdReasons.end();) {
        if (budgetFor(it.key()).hold(now) == RequestBudget::Hold::None) {
            const QString account = it.key();
            it = m_holdReasons.erase(it);
            post([this, account] { emit accountReleased(account); });
        } else {
            ++it;
        }
    }
    dispatch(now);
    rearm(now);
    m_servicing = false;
    flush();
}

void PollEngine::dispatch(const QDateTime &now)
{
    // In urgency order; once every account with waiting work is out of budget, stop looking.
    QSet<QString> exhausted;
    const qsizetype accountsWaiting = m_readyPerAccount.size();
    for (auto it = m_ready.begin(); it != m_ready.end() && exhausted.size() < accountsWaiting;) {
        Entry &entry = m_entries.at(it->second);
        const QString &account = entry.workflow.ref.account.id;
        if (exhausted.contains(account)) {
            ++it;
            continue;
        }
        RequestBudget &budget = budgetFor(account);
        if (!budget.canSend(now)) {
            exhausted.insert(account);
            ++it;
            continue;
        }
        it = m_ready.erase(it);
        if (--m_readyPerAccount[account] <= 0)
            m_readyPerAccount.remove(account);
        send(entry, now);
    }
}

void PollEngine::send(Entry &entry, const QDateTime &now)
{
    const qint64 waited = now.toMSecsSinceEpoch() - entry.dueMs;
    m_longestWait = std::max(m_longestWait, milliseconds(waited));
    RequestBudget &budget = budgetFor(entry.workflow.ref.account.id);
    budget.recordSent(now);
    entry.queue = Queue::InFlight;
    entry.ticket = ++m_nextTicket;
    m_tickets.insert(entry.ticket, entry.workflow.id);
    qCDebug(lcEngine).noquote() << "asking about" << kindName(entry.workflow.ref.kind)
                                << entry.workflow.ref.domain << "waited" << waited << "ms";
    m_fetcher->fetch(entry.ticket, entry.workflow.ref.account, entry.workflow.pollPath());
}

void PollEngine::rearm(const QDateTime &now)
{
    QDateTime next;
    if (!m_scheduled.empty())
        next = QDateTime::fromMSecsSinceEpoch(m_scheduled.begin()->first, QTimeZone::utc());
    for (auto it = m_readyPerAccount.cbegin(); it != m_readyPerAccount.cend(); ++it) {
        const RequestBudget &budget = budgetFor(it.key());
        if (budget.inFlightFull())
            continue; // an answer will come and free a slot
        const QDateTime when = budget.nextSendTime(now);
        if (when.isValid() && (!next.isValid() || when < next))
            next = std::max(when, now.addMSecs(1));
    }
    for (auto it = m_holdReasons.cbegin(); it != m_holdReasons.cend(); ++it) {
        const QDateTime until = budgetFor(it.key()).heldUntil();
        if (until.isValid() && (!next.isValid() || until < next))
            next = until; // to announce the end of the hold
    }
    if (next.isValid())
        m_alarm->setAt(next);
    else
        m_alarm->cancel();
}

void PollEngine::onFetched(quint64 ticket, const ApiResult<WorkflowStatus> &result)
{
    const auto found = m_tickets.constFind(ticket);
    if (found == m_tickets.cend())
        return; // cancelled: the workflow was removed
    const qint64 id = found.value();
    m_tickets.erase(found);
    Entry &entry = m_entries.at(id);
    entry.queue = Queue::None;
    entry.ticket = 0;
    const QDateTime now = m_clock.now();
    RequestBudget &budget = budgetFor(entry.workflow.ref.account.id);
    budget.recordFinished();
    const QString account = entry.workflow.ref.account.id;
    if (result.response.httpStatus != 0)
        budget.observe(result.response.rateLimit, now);
    apply(entry, result, now);
    announceHold(account); // the shared quota may be nearly gone
    service();
}

PollFacts PollEngine::factsFor(const TrackedWorkflow &workflow, const ApiError *error,
                               const QDateTime &now) const
{
    const auto since = [&now](const QDateTime &from) {
        return seconds(from.isValid() ? std::max<qint64>(0, from.secsTo(now)) : 0);
    };
    PollFacts facts;
    facts.state = workflow.state();
    facts.pollsInState = workflow.pollsInState;
    facts.timeInState =
        since(workflow.stateSince.isValid() ? workflow.stateSince : workflow.watchingSince);
    // A resume by the operator restarts the clocks of the time limits.
    if (workflow.watchingSince > workflow.trackedAt && workflow.watchingSince > workflow.stateSince)
        facts.timeInStateSinceResume = since(workflow.watchingSince);
    facts.timeWatched = since(workflow.watchingSince);
    facts.leftActive = workflow.leftActive;
    if (error) {
        facts.error = error->kind;
        facts.consecutiveErrors = workflow.consecutiveErrors;
        facts.noWorkflowAnswers = workflow.noWorkflowAnswers;
        if (error->retryAfter.count() > 0) // 429, and 5xx with a Retry-After
            facts.retryAfter = error->retryAfter;
    }
    return facts;
}

void PollEngine::apply(Entry &entry, const ApiResult<WorkflowStatus> &result, const QDateTime &now)
{
    TrackedWorkflow &workflow = entry.workflow;
    const qint64 id = workflow.id;
    workflow.polls += 1;
    workflow.lastCheckedAt = now;
    // The last answer as received: a request that got none (timeout, network, refused before
    // sending) leaves the previous one, which the status fields still describe.
    if (result.response.httpStatus != 0)
        workflow.lastBody = result.response.body;
    std::optional<StateChange> change;

    if (result.ok()) {
        const WorkflowStatus &status = *result.value;
        const std::optional<QString> before =
            workflow.status ? std::optional(workflow.status->stateText) : std::nullopt;
        if (!before || *before != status.stateText) {
            // The API's updated_at says when the state began; never later than now.
            QDateTime began =
                status.updatedAt.isValid() && status.updatedAt <= now ? status.updatedAt : now;
            if (before && workflow.stateSince.isValid() && began < workflow.stateSince)
                began = now;
            workflow.stateSince = began;
            workflow.lastChangedAt = now;
            workflow.pollsInState = 1;
            change = StateChange{id, now, before, status.stateText, status.raw};
        } else {
            ++workflow.pollsInState;
        }
        workflow.status = status;
        if (!status.selfLink.isEmpty())
            workflow.selfLink = status.selfLink;
        if (!isActiveState(status.state))
            workflow.leftActive = true;
        workflow.lastError.reset();
        workflow.consecutiveErrors = 0;
        workflow.noWorkflowAnswers = 0;
    } else {
        const ApiError &error = *result.error;
        workflow.lastError = error;
        ++workflow.totalErrors;
        if (error.kind == ApiErrorKind::NoWorkflow)
            ++workflow.noWorkflowAnswers;
        if (!error.isCredentialProblem() && error.kind != ApiErrorKind::RateLimited)
            ++workflow.consecutiveErrors;
        postAbout(id, [this, error](const TrackedWorkflow &w) { emit pollFailed(w, error); });
    }

    if (change) // heard before any stop it leads to
        postAbout(id, [this, change = *change](const TrackedWorkflow &w) {
            emit stateChanged(w, change);
        });
    const PollDecision decision = decideNextPoll(
        factsFor(workflow, result.error ? &*result.error : nullptr, now), m_settings, jitter());
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
        const QString &account = workflow.ref.account.id;
        if (decision.delay.count() == 0) {
            hold(account, RequestBudget::Hold::CredentialsRejected, {});
            if (!paused)
                scheduleAt(entry, now); // asked again once the credentials change
        } else {
            const QDateTime until = now.addMSecs(decision.delay.count());
            hold(account, RequestBudget::Hold::RateLimited, until);
            if (!paused)
                scheduleAt(entry, until);
        }
        break;
    }
    }
    // Recorded before anyone is told (the outbox is flushed by the caller): a listener that
    // reads the store finds the change there.
    persist(entry, change);
    postAbout(id, [this](const TrackedWorkflow &w) { emit workflowUpdated(w); });
}

void PollEngine::hold(const QString &accountId, RequestBudget::Hold kind, const QDateTime &until)
{
    RequestBudget &budget = budgetFor(accountId);
    if (kind == RequestBudget::Hold::CredentialsRejected)
        budget.holdForCredentials();
    else
        budget.holdUntil(kind, until);
    announceHold(accountId);
}

void PollEngine::announceHold(const QString &accountId)
{
    const RequestBudget &budget = budgetFor(accountId);
    const RequestBudget::Hold now = budget.hold(m_clock.now());
    if (now == RequestBudget::Hold::None)
        return; // the end of a hold is announced by service()
    const QString sentence = holdSentence(now, budget.heldUntil());
    if (m_holdReasons.value(accountId) == sentence)
        return; // said once
    m_holdReasons.insert(accountId, sentence);
    qCInfo(lcEngine).noquote() << accountId << sentence;
    post([this, accountId, sentence, until = budget.heldUntil()] {
        emit accountHeld(accountId, sentence, until);
    });
}

void PollEngine::setWatch(Entry &entry, WatchState watch)
{
    const WatchState before = entry.workflow.watch;
    if (before == watch)
        return;
    entry.workflow.watch = watch;
    postAbout(entry.workflow.id, [this, before, watch](const TrackedWorkflow &w) {
        emit watchChanged(w, before, watch);
    });
}

void PollEngine::stop(Entry &entry, WatchState watch, const QString &reason)
{
    unqueue(entry);
    entry.workflow.nextPollAt = {};
    entry.workflow.stopReason = reason;
    setWatch(entry, watch);
}

void PollEngine::post(std::function<void()> signal)
{
    m_outbox.push_back(std::move(signal));
}

void PollEngine::postAbout(qint64 id, std::function<void(const TrackedWorkflow &)> signal)
{
    m_outbox.push_back([this, id, signal = std::move(signal)] {
        const auto it = m_entries.find(id);
        if (it == m_entries.end())
            return; // removed meanwhile: its removal is told instead
        // A copy: a listener may remove the workflow while the others have yet to hear of it.
        const TrackedWorkflow snapshot = it->second.workflow;
        signal(snapshot);
    });
}

void PollEngine::flush()
{
    // Signals go out only here, after the engine's state is whole again: a slot may call back
    // into the engine (remove the workflow it hears about, say) without pulling anything from
    // under it.
    while (!m_outbox.empty()) {
        std::vector<std::function<void()>> batch;
        batch.swap(m_outbox);
        for (const auto &signal : batch)
            signal();
    }
}

void PollEngine::persist(const Entry &entry, const std::optional<StateChange> &change)
{
    if (m_store && entry.workflow.id > 0)
        reportStorage(m_store->save(entry.workflow, change));
}

void PollEngine::reportStorage(const std::optional<QString> &error)
{
    if (!error) {
        m_lastStorageError.clear();
        return;
    }
    if (*error == m_lastStorageError)
        return; // said once until it changes or heals
    m_lastStorageError = *error;
    qCWarning(lcStore).noquote() << *error;
    post([this, message = *error] { emit storageError(message); });
}

} // namespace rw
