#pragma once

#include "discovery/RegistrationNotices.h"
#include "engine/PollEngine.h"
#include "net/Credentials.h"
#include "registrar/AccountLabels.h"
#include "registrar/ApiBase.h"
#include "registrar/WorkflowRef.h"
#include "settings/AppSettings.h"
#include "settings/SecretStore.h"

#include <QObject>

class QNetworkAccessManager;

#include <functional>
#include <memory>

namespace rw {
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
    // Re-reads the account and its secret after the settings changed.
    void applySettings();
    // Watches what the operator handed over (`registrar-watch add`); a workflow with no account
    // takes the session's. In the demo nothing real is watched: none.
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
    [[nodiscard]] AccountRef account() const;
    // The operator's names for the session's accounts; accountsChanged() when they change.
    [[nodiscard]] const AccountLabels &accountLabels() const { return m_labels; }
    // The registrations that need the operator, found by watching whole accounts.
    [[nodiscard]] RegistrationNotices *registrationNotices() { return &m_registrationNotices; }
    [[nodiscard]] ApiBase apiBase() const;
    [[nodiscard]] QStringList notices() const { return m_notices; }
    // Why the account's secret could not be had (what credentialsMissing said), or empty. Until
    // it is had, the engine holds the account (RequestBudget::Hold::CredentialsMissing).
    [[nodiscard]] const QString &credentialsProblem() const { return m_credentialsProblem; }
    // A client with the current credentials, for one-off requests (import).
    [[nodiscard]] RegistrarClient *newClient(QObject *parent) const;
    [[nodiscard]] QUrl dashboardUrl(const WorkflowRef &workflow) const;

signals:
    // The account's secret could not be had: nothing is sent until it is entered in Settings.
    void credentialsMissing(const QString &why);
    void credentialsReady();
    // The accounts or their labels changed.
    void accountsChanged();

private:
    void configureClient(const Credentials &credentials);
    void reportMissing(const QString &why);
    // Every account the engine knows and the session's: they all go with the session's secret.
    [[nodiscard]] QStringList accountsInUse() const;
    void updateLabels();

    AppSettings *m_settings;
    SecretStores m_stores;
    Options m_options;
    std::unique_ptr<sim::RegistrarSimulator> m_simulator;
    std::unique_ptr<EngineHost> m_host;
    std::unique_ptr<BatchProgress> m_batches;
    Credentials m_credentials;
    QString m_demoAccount;
    QUrl m_base;
    QStringList m_notices;
    PollEngine::WatchSummary m_pendingAtStart;
    QString m_credentialsProblem;
    AccountLabels m_labels;
    RegistrationNotices m_registrationNotices;
};

} // namespace rw::session
