#pragma once

#include "common/Clock.h"
#include "discovery/DiscoveryAccount.h"

#include <QHash>
#include <QList>
#include <QObject>

class QNetworkAccessManager;

namespace rw {

class AccountDiscovery;
class PollEngine;
class RegistrationNotices;
class WorkflowStore;

// Watches whole accounts: one AccountDiscovery per account that has "Watch the whole account"
// on, made, changed and ended as the settings change (setAccounts()). It also keeps the
// registration notices in the store: loaded into `notices` when made, written as they change,
// so that a notice told once is not told again after a restart.
class DiscoveryHost final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DiscoveryHost)
public:
    // `store` may be null (nothing survives the process).
    DiscoveryHost(PollEngine *engine, QNetworkAccessManager *network, WorkflowStore *store,
                  RegistrationNotices *notices, const Clock &clock, QObject *parent = nullptr);
    ~DiscoveryHost() override;

    // The accounts as the settings have them now: a new enabled one starts watching, a changed
    // one goes on with its new credentials and pace, and one removed or turned off stops, its
    // registration notices gone with it.
    void setAccounts(const QList<DiscoveryAccount> &accounts);

    // Nothing for an account not watched whole.
    [[nodiscard]] AccountDiscovery *discovery(const QString &accountId) const;
    // For the account's settings page: "A full sweep of 5,000 registrations takes about
    // 1 h 20 min at the current budget."; empty for an account not watched whole.
    [[nodiscard]] QString sweepEstimate(const QString &accountId) const;

signals:
    void sweepEstimateChanged(const QString &accountId);
    // A round stopped early for this account (credentials rejected, ...).
    void problem(const QString &accountId, const QString &message);

private:
    void loadNotices();

    PollEngine *m_engine;
    QNetworkAccessManager *m_network;
    WorkflowStore *m_store;
    RegistrationNotices *m_notices;
    const Clock &m_clock;
    QHash<QString, AccountDiscovery *> m_discoveries; // by account id; children
};

} // namespace rw
