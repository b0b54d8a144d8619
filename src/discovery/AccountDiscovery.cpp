#include "discovery/AccountDiscovery.h"

#include "common/Logging.h"
#include "discovery/RegistrationNotices.h"
#include "engine/PollEngine.h"
#include "net/RegistrarClient.h"
#include "net/RegistrationLister.h"
#include "registrar/RegistrationAttention.h"
#include "store/RegistrationNotice.h"
#include "store/WorkflowStore.h"

#include <QLocale>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace rw {

namespace {

// The registrations endpoint's largest page, which the lister asks for.
constexpr int perPage = 50;
// When the engine's budget has no spare request now (a tracked workflow waits for it, or the
// slots are taken), try again this soon: the engine has no signal for a freed slot.
constexpr std::chrono::milliseconds spareRetry = 1s;
// While the credentials are missing the engine cannot say when; look again now and then.
constexpr std::chrono::milliseconds heldRetry = 30s;
// A listing or a status request that failed on the way (network, 5xx) is tried again after this.
constexpr std::chrono::milliseconds errorRetry = 1min;

QString aboutDuration(std::chrono::seconds duration)
{
    const qint64 minutes = (duration.count() + 30) / 60;
    if (minutes < 1)
        return u"under a minute"_s;
    if (minutes < 60)
        return u"about %1 min"_s.arg(minutes);
    if (minutes % 60 == 0)
        return u"about %1 h"_s.arg(minutes / 60);
    return u"about %1 h %2 min"_s.arg(minutes / 60).arg(minutes % 60);
}

} // namespace

AccountDiscovery::AccountDiscovery(DiscoveryAccount account, PollEngine *engine,
                                   QNetworkAccessManager *network, WorkflowStore *store,
                                   RegistrationNotices *notices, const Clock &clock,
                                   QObject *parent)
    : QObject(parent)
    , m_account(std::move(account))
    , m_engine(engine)
    , m_store(store)
    , m_notices(notices)
    , m_clock(clock)
    , m_alarm(clock.createAlarm())
    , m_client(new RegistrarClient(network, m_account.config, clock, this))
{
    connect(m_alarm.get(), &Alarm::rang, this, &AccountDiscovery::act);
    connect(engine, &PollEngine::workflowRemoved, this, &AccountDiscovery::onRemoved);
    loadMemory();
}

AccountDiscovery::~AccountDiscovery()
{
    stop();
}

void AccountDiscovery::setAccount(const DiscoveryAccount &account)
{
    const bool paceChanged = account.listEvery != m_account.listEvery;
    m_account = account;
    m_client->setConfig(account.config);
    if (paceChanged && m_phase == Phase::Idle && m_roundStartedAt.isValid()) {
        m_nextListAt = m_roundStartedAt.addSecs(
            std::chrono::duration_cast<std::chrono::seconds>(m_account.listEvery).count());
        act();
    }
}

void AccountDiscovery::start()
{
    if (m_phase != Phase::Stopped)
        return;
    m_phase = Phase::Idle;
    m_nextListAt = m_clock.now();
    act();
}

void AccountDiscovery::runOnce()
{
    m_once = true;
    start();
}

void AccountDiscovery::stop()
{
    m_phase = Phase::Stopped;
    m_alarm->cancel();
    if (m_lister) {
        m_lister->cancel();
        m_lister->deleteLater();
        m_lister.clear();
    }
    if (m_sweepJob) {
        m_sweepJob->cancel();
        m_sweepJob.clear();
    }
    if (std::exchange(m_spareOut, false) && m_engine)
        m_engine->spareFinished(m_account.account.id, ResponseInfo{}); // taken back unanswered
}

void AccountDiscovery::armAt(const QDateTime &when)
{
    m_alarm->setAt(when);
}

std::chrono::milliseconds AccountDiscovery::spacing(double share) const
{
    const PollSettings &settings = m_engine->settings();
    const double requests = std::max(1.0, settings.budgetRequests * share);
    const auto window =
        std::chrono::duration_cast<std::chrono::milliseconds>(settings.budgetWindow);
    return std::chrono::milliseconds(qint64(std::ceil(double(window.count()) / requests)));
}

bool AccountDiscovery::takeSpare(const QDateTime &now)
{
    if (!m_engine)
        return false;
    const QString &id = m_account.account.id;
    if (m_engine->takeSpare(id)) {
        m_spareOut = true;
        return true;
    }
    QDateTime at = m_engine->nextSpareAt(id);
    if (!at.isValid())
        at = now.addMSecs(heldRetry.count());
    else if (at <= now)
        at = now.addMSecs(spareRetry.count());
    armAt(at);
    return false;
}

void AccountDiscovery::act()
{
    if (!m_engine)
        return;
    const QDateTime now = m_clock.now();
    switch (m_phase) {
    case Phase::Stopped:
        return;
    case Phase::Idle:
        if (now < m_nextListAt) {
            armAt(m_nextListAt);
            return;
        }
        startListing(now);
        return;
    case Phase::Listing:
        if (m_spareOut || !m_lister)
            return; // a page is on its way
        if (now < m_nextRequestAt) {
            armAt(m_nextRequestAt);
            return;
        }
        if (!takeSpare(now))
            return;
        m_nextRequestAt = now.addMSecs(spacing(listingShare).count());
        if (m_lister->pagesFetched() == 0)
            m_lister->start();
        else
            m_lister->fetchNext();
        return;
    case Phase::Sweeping:
        if (!m_spareOut)
            sendNextSweep(now);
        return;
    }
}

void AccountDiscovery::startListing(const QDateTime &now)
{
    m_phase = Phase::Listing;
    m_roundStartedAt = now;
    m_nextRequestAt = now;
    m_listedSoFar = 0;
    m_lister = new RegistrationLister(m_client, m_account.account, this);
    m_lister->setPaced(true);
    connect(m_lister, &RegistrationLister::pageAnswered, this, &AccountDiscovery::onPageAnswered);
    connect(m_lister, &RegistrationLister::finished, this, &AccountDiscovery::onListed);
    act();
}

void AccountDiscovery::onPageAnswered(const ResponseInfo &response)
{
    m_spareOut = false;
    m_engine->spareFinished(m_account.account.id, response);
    // What a page shows in flight is tracked at once, not after the last page.
    const QList<Registration> &listed = m_lister->registrations();
    for (qsizetype i = m_listedSoFar; i < listed.size(); ++i) {
        const Registration &registration = listed.at(i);
        const auto kind = registration.workflowInFlight();
        if (!kind)
            continue;
        const WorkflowRef ref{m_account.account, registration.domainName.toLower(), *kind};
        // The one the operator removed is still the one in flight: the listing cannot tell
        // a newer one apart until the registration has left this status (onListed()).
        if (m_removed.contains(ref))
            continue;
        trackFound(ref, {}, std::nullopt);
    }
    m_listedSoFar = listed.size();
    if (m_lister->hasMore())
        act();
}

void AccountDiscovery::onListed()
{
    RegistrationLister *lister = m_lister;
    m_lister.clear();
    lister->deleteLater();
    const QDateTime now = m_clock.now();
    if (const auto &error = lister->error()) {
        if (retryable(*error) && !m_once) {
            m_phase = Phase::Idle;
            m_nextListAt = now.addMSecs(errorRetry.count());
            armAt(m_nextListAt);
            return;
        }
        endRound(now, *error);
        return;
    }
    m_registrations = lister->registrations();
    m_registrationCount = int(m_registrations.size());

    QList<RegistrationNotice> notices;
    QSet<WorkflowRef> inFlight;
    for (const Registration &registration : std::as_const(m_registrations)) {
        const QString domain = registration.domainName.toLower();
        if (const auto kind = registration.workflowInFlight())
            inFlight.insert({m_account.account, domain, *kind});
        if (const auto attention =
                RegistrationAttention::of(registration, now, m_account.expiryWarning))
            notices.append({m_account.account, domain, *attention, registration, now, {}});
    }
    if (m_notices)
        m_notices->replaceForAccount(m_account.account, notices);
    // A removed registration or transfer that the listing no longer shows in flight has ended:
    // the next one the listing shows is a newer one.
    for (auto it = m_removed.begin(); it != m_removed.end();) {
        if (it.key().kind != WorkflowKind::Update && !inFlight.contains(it.key())) {
            if (m_store)
                storeError(m_store->clearRemovedFound(it.key()));
            it = m_removed.erase(it);
        } else {
            ++it;
        }
    }
    emit listed(m_registrationCount);

    m_phase = Phase::Sweeping;
    m_sweepQueue.clear();
    for (const Registration &registration : std::as_const(m_registrations)) {
        // A registration or transfer in flight has no update to find.
        if (!registration.workflowInFlight())
            m_sweepQueue.append(registration.domainName.toLower());
    }
    m_sweepRequests = 0;
    m_sweepStartedAt = now;
    m_nextRequestAt = now;
    emit estimateChanged();
    act();
}

void AccountDiscovery::sendNextSweep(const QDateTime &now)
{
    // An update the engine already watches is asked about by the engine.
    while (!m_sweepQueue.isEmpty()) {
        const auto id =
            m_engine->find({m_account.account, m_sweepQueue.first(), WorkflowKind::Update});
        if (!id || m_engine->workflow(*id)->watch != WatchState::Watching)
            break;
        m_sweepQueue.removeFirst();
    }
    if (m_sweepQueue.isEmpty()) {
        endRound(now);
        return;
    }
    if (now < m_nextRequestAt) {
        armAt(m_nextRequestAt);
        return;
    }
    if (!takeSpare(now))
        return;
    m_nextRequestAt = now.addMSecs(spacing(sweepShare).count());
    const QString domain = m_sweepQueue.takeFirst();
    ++m_sweepRequests;
    StatusCall *call = m_client->fetchStatus({m_account.account, domain, WorkflowKind::Update});
    m_sweepJob = call;
    connect(call, &ApiJob::finished, this,
            [this, call, domain] { onSwept(domain, call->result()); });
}

void AccountDiscovery::onSwept(const QString &domain, const ApiResult<WorkflowStatus> &result)
{
    m_sweepJob.clear();
    m_spareOut = false;
    m_engine->spareFinished(m_account.account.id, result.response);
    const QDateTime now = m_clock.now();
    const WorkflowRef ref{m_account.account, domain, WorkflowKind::Update};
    if (result.ok()) {
        const WorkflowStatus &status = *result.value;
        const QDateTime started = status.createdAt;
        const bool seen = started.isValid() && m_seenUpdates.value(domain) == started;
        const auto removed = m_removed.constFind(ref);
        // A workflow is newer than the one removed when it started after it (or, when the API
        // did not say when that one started, after it was removed).
        const bool heldBack =
            removed != m_removed.cend() &&
            !(started.isValid() &&
              started > (removed->startedAt.isValid() ? removed->startedAt : removed->markedAt));
        if (!isTerminal(status.state) && (!seen || !m_tracking) && !heldBack)
            trackFound(ref, status.selfLink, status);
        if (!seen) {
            m_seenUpdates.insert(domain, started);
            if (m_store)
                storeError(m_store->setSeenUpdate({ref, started, now}));
        }
    } else {
        const ApiError &error = *result.error;
        switch (error.kind) {
        case ApiError::Kind::NoWorkflow:
        case ApiError::Kind::NotFound:
        case ApiError::Kind::Rejected:
        case ApiError::Kind::BadPayload:
            break; // nothing to track on this domain this time
        case ApiError::Kind::Network:
        case ApiError::Kind::Timeout:
        case ApiError::Kind::Server:
        case ApiError::Kind::RateLimited:
            if (m_once) {
                endRound(now, error); // a one-shot sweep says so rather than wait
                return;
            }
            // Asked again later; a 429 holds the budget, so takeSpare() waits for the end.
            m_sweepQueue.prepend(domain);
            if (error.kind != ApiError::Kind::RateLimited)
                m_nextRequestAt = now.addMSecs(errorRetry.count());
            break;
        case ApiError::Kind::Tls:
        case ApiError::Kind::Unauthorized:
        case ApiError::Kind::Forbidden:
        case ApiError::Kind::RefusedOrigin:
            // Every other domain would get the same answer.
            endRound(now, error);
            return;
        }
    }
    act();
}

bool AccountDiscovery::retryable(const ApiError &error) const
{
    switch (error.kind) {
    case ApiError::Kind::Network:
    case ApiError::Kind::Timeout:
    case ApiError::Kind::Server:
    case ApiError::Kind::RateLimited:
        return true;
    default:
        return false;
    }
}

void AccountDiscovery::endRound(const QDateTime &now, const std::optional<ApiError> &error)
{
    m_lastError = error;
    const QString problem = error ? error->message : QString();
    if (problem.isEmpty()) {
        const double elapsed = double(m_sweepStartedAt.msecsTo(now)) / 1000.0;
        if (m_sweepRequests > 0 && elapsed > 0)
            m_observedRate = m_sweepRequests / elapsed;
    } else {
        qCWarning(lcEngine) << "watching the whole account" << m_account.account.id
                            << "stopped for this round:" << problem;
    }
    m_sweepQueue.clear();
    if (m_once) {
        m_phase = Phase::Stopped;
        if (!problem.isEmpty())
            emit this->problem(problem);
        emit estimateChanged();
        emit finished();
        return;
    }
    m_phase = Phase::Idle;
    m_nextListAt =
        std::max(m_roundStartedAt.addSecs(
                     std::chrono::duration_cast<std::chrono::seconds>(m_account.listEvery).count()),
                 now.addMSecs(spareRetry.count()));
    armAt(m_nextListAt);
    if (!problem.isEmpty())
        emit this->problem(problem);
    emit estimateChanged();
    emit finished();
}

void AccountDiscovery::trackFound(const WorkflowRef &ref, const QString &selfLink,
                                  const std::optional<WorkflowStatus> &status)
{
    emit found(ref, status);
    if (!m_tracking)
        return;
    if (m_removed.contains(ref)) {
        // A newer workflow than the one the operator removed: the mark has done its work.
        m_removed.remove(ref);
        if (m_store)
            storeError(m_store->clearRemovedFound(ref));
    }
    if (const auto id = m_engine->find(ref)) {
        // Known, and no longer asked about (it ended, or gave up): a newer one has started.
        const TrackedWorkflow *known = m_engine->workflow(*id);
        if (known->watch != WatchState::Watching && status &&
            (!known->status || known->status->createdAt != status->createdAt))
            m_engine->pollNow(*id);
        return;
    }
    m_engine->track(ref, selfLink, WorkflowOrigin::Found);
}

void AccountDiscovery::onRemoved(const TrackedWorkflow &workflow)
{
    const AccountRef &mine = m_account.account;
    if (workflow.ref.account.id != mine.id || workflow.ref.account.sandbox != mine.sandbox)
        return;
    // Found or added by the operator, one removed while it runs is not found again (it would
    // come back as "started elsewhere"); one that had ended is not found anyway.
    if (workflow.origin != WorkflowOrigin::Found &&
        (!m_account.heldBackWhenRemoved || (workflow.status && isTerminal(workflow.status->state))))
        return;
    const WorkflowMark mark{
        workflow.ref, workflow.status ? workflow.status->createdAt : QDateTime(), m_clock.now()};
    m_removed.insert(workflow.ref, mark);
    if (m_store)
        storeError(m_store->setRemovedFound(mark));
}

void AccountDiscovery::loadMemory()
{
    if (!m_store)
        return;
    if (const auto seen = m_store->seenUpdates(m_account.account)) {
        for (const WorkflowMark &mark : *seen)
            m_seenUpdates.insert(mark.ref.domain, mark.startedAt);
    } else {
        storeError(seen.error());
    }
    if (const auto removed = m_store->removedFound(m_account.account)) {
        for (const WorkflowMark &mark : *removed)
            m_removed.insert(mark.ref, mark);
    } else {
        storeError(removed.error());
    }
}

void AccountDiscovery::storeError(const std::optional<QString> &error) const
{
    // What the discovery remembers is a convenience: without it a found workflow may be
    // tracked twice, nothing is lost. Logged, not shown.
    if (error)
        qCWarning(lcStore) << *error;
}

std::optional<std::chrono::seconds> AccountDiscovery::sweepDuration() const
{
    if (m_registrationCount < 0 || !m_engine)
        return std::nullopt;
    double rate = 1000.0 / double(spacing(sweepShare).count()); // requests per second
    if (m_observedRate)
        rate = std::min(rate, *m_observedRate);
    const int pages = std::max(1, (m_registrationCount + perPage - 1) / perPage);
    const double listing = pages * double(spacing(listingShare).count()) / 1000.0;
    return std::chrono::seconds(qint64(std::ceil(listing + m_registrationCount / rate)));
}

QString AccountDiscovery::sweepEstimate() const
{
    const auto duration = sweepDuration();
    if (!duration)
        return u"The first look through the account will tell how long a full sweep takes."_s;
    const QString count = QLocale(QLocale::English).toString(m_registrationCount);
    const QString what =
        m_registrationCount == 1 ? u"1 registration"_s : u"%1 registrations"_s.arg(count);
    return u"A full sweep of %1 takes %2 at the current budget."_s.arg(what,
                                                                       aboutDuration(*duration));
}

} // namespace rw
