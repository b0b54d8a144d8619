#pragma once

#include "discovery/RegistrationNotices.h"
#include "engine/PollEngine.h"
#include "net/Credentials.h"
#include "registrar/AccountLabels.h"
#include "registrar/ApiBase.h"
#include "registrar/WorkflowRef.h"
#include "settings/AppSettings.h"
#include "settings/SecretStore.h"

#include <QHash>
#include <QObject>

class QNetworkAccessManager;

#include <functional>
#include <memory>

namespace rw {
class DiscoveryHost;
class EngineHost;
class PollEngine;
class RegistrarClient;
class WorkflowStore;
namespace sim {
class RegistrarSimulator;
}
} // namespace rw

namespace rw::session {

class BatchProgress;

// Everything the desktop app runs on, wired once: settings, the secret store, the network,
// the engine and its store, and in demo mode the built-in registrar simulator. main() and the
// end-to-end test build the same session.
class DesktopSession final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DesktopSession)
public:
    using SecretStores = std::function<SecretStore *(AppSettings::SecretStorage)>;
    struct Options
    {
        bool demo = false;
        QString storePath; // empty: the user's data directory
        QUrl apiBase;      // tests: a simulator of their own (with the settings' account)
    };

    DesktopSession(AppSettings *settings, SecretStores stores, Options options,
                   QObject *parent = nullptr);
    ~DesktopSession() override;

    // Opens the store, starts the simulator in demo mode, and starts watching. An error here
    // means the app cannot run (the store cannot be opened, the simulator cannot listen).
    [[nodiscard]] std::optional<QString> start();
    // Re-reads the accounts and their secrets after the settings changed. An account no longer
    // listed goes with what was kept of it: its workflows and their history, its notices, and
    // its secret.
    void applySettings();
    // Watches what the operator handed over (`registrar-watch add`); a workflow with no account
    // takes the session's first. In the demo nothing real is watched: none.
    [[nodiscard]] std::optional<PollEngine::WatchSummary>
    watchHandedOver(QList<WorkflowRef> workflows);
    // What was handed over while the app was not running, now watched (none in the demo).
    [[nodiscard]] const PollEngine::WatchSummary &handedOverAtStart() const
    {
        return m_pendingAtStart;
    }

    [[nodiscard]] PollEngine *engine() const;
    // How the latest batch the operator added is getting on; null before start().
    [[nodiscard]] BatchProgress *batchProgress() const { return m_batches.get(); }
    [[nodiscard]] WorkflowStore *store() const;
    [[nodiscard]] AppSettings *settings() const { return m_settings; }
    [[nodiscard]] const SecretStores &secretStores() const { return m_stores; }
    [[nodiscard]] QNetworkAccessManager *network();
    [[nodiscard]] bool isDemo() const { return m_options.demo; }
    // The accounts turned on, in the operator's order (the demo's one account in the demo).
    [[nodiscard]] QList<AccountRef> accounts() const;
    // The first of accounts(), or of all accounts when every one is turned off: for what has
    // not yet moved to accounts().
    [[nodiscard]] AccountRef account() const;
    // The operator's names for the session's accounts; accountsChanged() when they change.
    [[nodiscard]] const AccountLabels &accountLabels() const { return m_labels; }
    // The registrations that need the operator, found by watching whole accounts.
    [[nodiscard]] RegistrationNotices *registrationNotices() { return &m_registrationNotices; }
    // What watches whole accounts (those with "Watch the whole account" on and a secret); null
    // before start().
    [[nodiscard]] DiscoveryHost *discovery() const { return m_discovery.get(); }
    [[nodiscard]] ApiBase apiBase() const;
    [[nodiscard]] QStringList notices() const { return m_notices; }
    // Why some account's secret could not be had (what credentialsMissing said), in one
    // sentence for the notice bar, or empty. Until it is had, the engine holds that account
    // (RequestBudget::Hold::CredentialsMissing), and only that one.
    [[nodiscard]] const QString &credentialsProblem() const { return m_credentialsProblem; }
    // Why this account's secret could not be had, or empty.
    [[nodiscard]] QString credentialsProblem(const QString &accountId) const;
    // A client with the account's credentials, for one-off requests (import); its requests count
    // against the account's budget.
    [[nodiscard]] RegistrarClient *newClient(const AccountRef &account, QObject *parent) const;
    // The same for account().
    [[nodiscard]] RegistrarClient *newClient(QObject *parent) const;
    [[nodiscard]] QUrl dashboardUrl(const WorkflowRef &workflow) const;

signals:
    // Some account's secret could not be had: nothing is sent for it until it is entered in
    // Settings. `why` is credentialsProblem().
    void credentialsMissing(const QString &why);
    // Every account turned on has its secret.
    void credentialsReady();
    // The accounts or their labels changed.
    void accountsChanged();

private:
    // What the session knows of one account of the settings.
    struct Account
    {
        AccountSettings settings;
        Credentials credentials;
        QString problem;  // why its secret could not be had
        quint64 read = 0; // the latest read of its secret; earlier answers are ignored
    };

    void readSecret(const AccountSettings &account);
    void configure(const QString &accountId, const Credentials &credentials);
    void reportMissing(const QString &accountId, const QString &why);
    void tellCredentials();
    // The account the settings no longer list: nothing of it is kept.
    void forget(const AccountSettings &account);
    // Accounts the engine tracks workflows of but the settings do not list (handed over with an
    // ID of their own): they go with the first account's credentials, as when there was one.
    [[nodiscard]] QStringList unlistedAccounts() const;
    [[nodiscard]] QString firstId() const;
    void updateLabels();
    // Tells the discovery which accounts to look through, with what credentials and how often:
    // only those turned on, watched whole, and with a secret.
    void updateDiscovery();

    AppSettings *m_settings;
    SecretStores m_stores;
    Options m_options;
    std::unique_ptr<sim::RegistrarSimulator> m_simulator;
    std::unique_ptr<EngineHost> m_host;
    std::unique_ptr<BatchProgress> m_batches;
    Credentials m_demoCredentials;
    QList<QString> m_order; // the ids of m_accounts, in the settings' order
    QHash<QString, Account> m_accounts;
    quint64 m_reads = 0;
    int m_readsWaiting = 0;
    QString m_demoAccount;
    QUrl m_base;
    QStringList m_notices;
    PollEngine::WatchSummary m_pendingAtStart;
    QString m_credentialsProblem;
    AccountLabels m_labels;
    QStringList m_accountsOn; // accounts() when accountsChanged() was last emitted
    RegistrationNotices m_registrationNotices;
    std::unique_ptr<DiscoveryHost> m_discovery; // after the notices: it writes them to the store
};

} // namespace rw::session
