#pragma once

#include "common/Clock.h"
#include "discovery/DiscoveryAccount.h"
#include "net/ApiError.h"
#include "net/ApiResult.h"
#include "registrar/Registration.h"
#include "registrar/WorkflowStatus.h"
#include "store/TrackedWorkflow.h"
#include "store/WorkflowMark.h"

#include <QHash>
#include <QObject>
#include <QPointer>

#include <memory>
#include <optional>

class QNetworkAccessManager;

namespace rw {

class ApiJob;
class PollEngine;
class RegistrarClient;
class RegistrationLister;
class RegistrationNotices;
class WorkflowStore;

// Watches one whole account: pages through its registrations every `listEvery` and sweeps the
// update-status of each, tracking in the engine what it finds in flight (origin Found) and
// putting the registrations that need the operator in RegistrationNotices.
//
// Every request draws on the engine's spare budget (PollEngine::takeSpare), so the tracked
// workflows always come first; on top of that, the listing keeps to a tenth of the budget and
// the sweep to half of it, so that a workflow that falls due finds the budget ready. What it
// saw (the last update per domain) and what the operator removed survive in the store.
class AccountDiscovery final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AccountDiscovery)
public:
    // Shares of the budget's rate the listing and the sweep may use at most.
    static constexpr double listingShare = 0.1;
    static constexpr double sweepShare = 0.5;

    AccountDiscovery(DiscoveryAccount account, PollEngine *engine, QNetworkAccessManager *network,
                     WorkflowStore *store, RegistrationNotices *notices, const Clock &clock,
                     QObject *parent = nullptr);
    ~AccountDiscovery() override;

    [[nodiscard]] const DiscoveryAccount &account() const { return m_account; }
    // New credentials, pace or warning period; a round under way goes on with them.
    void setAccount(const DiscoveryAccount &account);

    // Watching: the first listing as soon as the spare budget allows, then every listEvery.
    void start();
    // One listing and one sweep, then finished(); for `registrar-watch discover`. An error
    // that would be tried again later ends it instead (see lastError()).
    void runOnce();
    // Stops at once; a request on its way is taken back.
    void stop();
    // Without tracking, what is found in flight is only told (found()), not handed to the
    // engine: `discover` prints it and watches nothing.
    void setTracking(bool tracking) { m_tracking = tracking; }

    [[nodiscard]] bool isRunning() const { return m_phase != Phase::Stopped; }
    // Registrations in the latest full listing; -1 before the first.
    [[nodiscard]] int registrationCount() const { return m_registrationCount; }
    // How long a full listing and sweep takes at the current size and budget (the rate the
    // last sweep observed, if slower); nothing before the first listing.
    [[nodiscard]] std::optional<std::chrono::seconds> sweepDuration() const;
    // "A full sweep of 5,000 registrations takes about 1 h 20 min at the current budget."
    [[nodiscard]] QString sweepEstimate() const;
    // What ended the latest round early; nothing when it went through.
    [[nodiscard]] const std::optional<ApiError> &lastError() const { return m_lastError; }
    // The registrations of the latest full listing.
    [[nodiscard]] const QList<Registration> &registrations() const { return m_registrations; }

signals:
    // A workflow in flight, from the listing (no status) or the sweep; emitted each time it is
    // seen in flight and not held back by the operator's removal.
    void found(const rw::WorkflowRef &workflow, const std::optional<rw::WorkflowStatus> &status);
    // A full listing arrived (the notices are updated).
    void listed(int registrations);
    // A listing and its sweep are done (the next follows after listEvery; runOnce: the end).
    void finished();
    // A round stopped early: credentials rejected, the account unreachable, ... The sentence
    // names the account; the next round is tried after listEvery.
    void problem(const QString &message);
    void estimateChanged();

private:
    enum class Phase {
        Stopped,
        Idle,
        Listing,
        Sweeping
    };

    void act();
    void armAt(const QDateTime &when);
    // Takes a spare request from the engine, or arms the retry and says no.
    [[nodiscard]] bool takeSpare(const QDateTime &now);
    void startListing(const QDateTime &now);
    void onPageAnswered(const ResponseInfo &response);
    void onListed();
    void sendNextSweep(const QDateTime &now);
    void onSwept(const QString &domain, const ApiResult<WorkflowStatus> &result);
    void endRound(const QDateTime &now, const std::optional<ApiError> &error = {});
    void trackFound(const WorkflowRef &ref, const QString &selfLink,
                    const std::optional<WorkflowStatus> &status);
    void onRemoved(const TrackedWorkflow &workflow);
    void loadMemory();
    void storeError(const std::optional<QString> &error) const;
    [[nodiscard]] std::chrono::milliseconds spacing(double share) const;
    [[nodiscard]] bool retryable(const ApiError &error) const;

    DiscoveryAccount m_account;
    QPointer<PollEngine> m_engine; // the session may end it first
    WorkflowStore *m_store;
    RegistrationNotices *m_notices;
    const Clock &m_clock;
    std::unique_ptr<Alarm> m_alarm;
    RegistrarClient *m_client;
    bool m_tracking = true;
    bool m_once = false;

    Phase m_phase = Phase::Stopped;
    QDateTime m_nextListAt;
    QDateTime m_roundStartedAt;
    QDateTime m_nextRequestAt; // the pace of the listing or the sweep
    QPointer<RegistrationLister> m_lister;
    qsizetype m_listedSoFar = 0; // of the lister's registrations, those already looked at
    QPointer<ApiJob> m_sweepJob;
    bool m_spareOut = false; // a request counted by takeSpare() is on its way

    QList<Registration> m_registrations;
    int m_registrationCount = -1;
    QStringList m_sweepQueue;
    // The sweep's observed pace: requests and the time they took.
    int m_sweepRequests = 0;
    QDateTime m_sweepStartedAt;
    std::optional<double> m_observedRate; // requests per second of the last full sweep
    std::optional<ApiError> m_lastError;

    QHash<QString, QDateTime> m_seenUpdates;    // domain -> the start of the last update seen
    QHash<WorkflowRef, WorkflowMark> m_removed; // found workflows the operator removed
};

} // namespace rw
