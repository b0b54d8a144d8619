#include "session/DesktopSession.h"

#include "engine/EngineHost.h"
#include "engine/PollEngine.h"
#include "net/RegistrarClient.h"
#include "session/BatchProgress.h"
#include "sim/RegistrarSimulator.h"
#include "store/PendingWorkflows.h"
#include "store/WorkflowStore.h"

#include <QFile>
#include <QPointer>

#include <utility>

using namespace Qt::StringLiterals;

namespace rw::session {

DesktopSession::DesktopSession(AppSettings *settings, SecretStores stores, Options options,
                               QObject *parent)
    : QObject(parent)
    , m_settings(settings)
    , m_stores(std::move(stores))
    , m_options(std::move(options))
{}

DesktopSession::~DesktopSession()
{
    m_batches.reset(); // it listens to the engine
}

PollEngine *DesktopSession::engine() const
{
    return m_host ? m_host->engine() : nullptr;
}

WorkflowStore *DesktopSession::store() const
{
    return m_host ? m_host->store() : nullptr;
}

QNetworkAccessManager *DesktopSession::network()
{
    return m_host ? m_host->network() : nullptr;
}

AccountRef DesktopSession::account() const
{
    if (m_options.demo)
        return {m_demoAccount, false};
    return {m_settings->accountId(), m_settings->sandbox()};
}

ApiBase DesktopSession::apiBase() const
{
    if (m_base.isValid())
        return ApiBase::fromUrl(m_base).value();
    if (auto base = ApiBase::fromString(m_settings->apiBase()))
        return base.value();
    return ApiBase::fromString(ApiBase::defaultUrl).value();
}

std::optional<QString> DesktopSession::start()
{
    QString storePath = m_options.storePath;
    if (m_options.demo) {
        // The demo starts afresh each time, in a store of its own, against a simulator on this
        // computer: nothing real is touched.
        m_simulator = std::make_unique<sim::RegistrarSimulator>(sim::Scenario::demo());
        if (!m_simulator->listen(0))
            return u"The demo's simulated registrar could not listen on 127.0.0.1."_s;
        m_base = m_simulator->baseUrl();
        m_demoAccount = m_simulator->scenario().accountId;
        updateLabels();
        if (storePath.isEmpty())
            storePath = WorkflowStore::defaultPath(u"demo.sqlite"_s);
        for (const QString &suffix : {QString(), u"-wal"_s, u"-shm"_s})
            QFile::remove(storePath + suffix);
    } else {
        if (m_options.apiBase.isValid())
            m_base = m_options.apiBase;
        if (storePath.isEmpty())
            storePath = WorkflowStore::defaultPath(u"registrar-watch.sqlite"_s);
    }
    // Requests wait for the account's secret, which the keychain gives later.
    auto host = EngineHost::open({storePath, m_settings->pollSettings(), true});
    if (!host)
        return host.error();
    m_host = std::move(host).value();
    m_notices = m_host->notices();
    m_batches = std::make_unique<BatchProgress>(engine(), SystemClock::instance());
    // A workflow of an account not seen before waits for the secret like the others.
    connect(engine(), &PollEngine::workflowAdded, this, [this](const TrackedWorkflow &workflow) {
        const QString &id = workflow.ref.account.id;
        if (!m_credentialsProblem.isEmpty() &&
            engine()->accountStatus(id).hold != RequestBudget::Hold::CredentialsMissing)
            engine()->credentialsMissing(id);
    });

    if (m_options.demo) {
        configureClient(Credentials::apiToken(m_simulator->scenario().tokens.first().value));
        for (const sim::ScenarioWorkflow &workflow : m_simulator->scenario().workflows)
            engine()->track({{m_demoAccount, workflow.sandbox}, workflow.domain, workflow.kind});
    } else {
        applySettings();
        // What `registrar-watch add` recorded while the app was not running.
        auto pending = PendingWorkflows().take();
        if (!pending)
            m_notices.append(pending.error());
        else if (!pending->isEmpty())
            m_pendingAtStart = *watchHandedOver(std::move(pending).value());
    }
    return std::nullopt;
}

void DesktopSession::updateLabels()
{
    AccountLabels labels;
    if (const AccountRef current = account(); !current.id.isEmpty())
        labels.set(current.id, m_options.demo ? u"Demo"_s : current.id);
    if (labels == m_labels)
        return;
    m_labels = labels;
    emit accountsChanged();
}

void DesktopSession::configureClient(const Credentials &credentials)
{
    m_credentials = credentials;
    ClientConfig config;
    config.base = apiBase();
    config.credentials = credentials;
    m_host->setDefaultConfig(config);
    m_credentialsProblem.clear();
    m_host->openGate();
    for (const QString &id : accountsInUse())
        engine()->credentialsChanged(id);
    emit credentialsReady();
}

void DesktopSession::reportMissing(const QString &why)
{
    m_credentialsProblem = why;
    // Not the previous account's or scheme's secret either. Sent without one, a request would
    // be refused here and count as a failed check: the accounts are held instead, what waits
    // at the gate (closed until a secret is read) is taken back, and nothing goes out.
    m_credentials = {};
    ClientConfig config;
    config.base = apiBase();
    m_host->setDefaultConfig(config);
    for (const QString &id : accountsInUse())
        engine()->credentialsMissing(id);
    emit credentialsMissing(why);
}

QStringList DesktopSession::accountsInUse() const
{
    QStringList ids = engine()->accounts();
    if (const QString id = account().id; !id.isEmpty() && !ids.contains(id))
        ids.append(id);
    return ids;
}

void DesktopSession::applySettings()
{
    if (m_options.demo || !m_host)
        return;
    engine()->setSettings(m_settings->pollSettings());
    updateLabels();
    if (!m_settings->isConfigured()) {
        reportMissing(u"No account is set up yet."_s);
        return;
    }
    const bool key = m_settings->authScheme() == AppSettings::AuthScheme::GlobalApiKey;
    SecretStore *store = m_stores(m_settings->secretStorage());
    store->read(
        SecretStore::keyFor(m_settings->accountId(), key), this,
        [this, key, store](const SecretStore::Result &result) {
            if (result.status != SecretStore::Status::Ok) {
                const QString secret = key ? u"Global API Key"_s : u"API token"_s;
                if (result.status != SecretStore::Status::NotFound)
                    reportMissing(result.message);
                else if (m_settings->secretStorage() == AppSettings::SecretStorage::SessionOnly)
                    // What the operator chose, not a fault: said so, lest it look like one.
                    reportMissing(u"The %1 was kept for one session only, as chosen in "
                                  u"Settings."_s.arg(secret));
                else
                    reportMissing(u"No %1 for account %2 is in %3."_s.arg(
                        secret, m_settings->accountId(), store->describe()));
                return;
            }
            configureClient(key ? Credentials::globalApiKey(m_settings->email(), result.secret)
                                : Credentials::apiToken(result.secret));
        });
}

std::optional<PollEngine::WatchSummary>
DesktopSession::watchHandedOver(QList<WorkflowRef> workflows)
{
    if (m_options.demo || !m_host)
        return std::nullopt;
    for (WorkflowRef &workflow : workflows) {
        if (workflow.account.id.isEmpty())
            workflow.account = account();
    }
    return engine()->watchAll(workflows);
}

RegistrarClient *DesktopSession::newClient(QObject *parent) const
{
    ClientConfig config;
    config.base = apiBase();
    config.credentials = m_credentials;
    auto *client = new RegistrarClient(m_host->network(), config, SystemClock::instance(), parent);
    client->setSentObserver([engine = QPointer<PollEngine>(engine()), account = account().id] {
        if (engine)
            engine->countOutsideRequest(account);
    });
    return client;
}

QUrl DesktopSession::dashboardUrl(const WorkflowRef &workflow) const
{
    // The domain's page in the dashboard, where registration settings and pending actions are.
    return QUrl(u"https://dash.cloudflare.com/%1/%2"_s.arg(workflow.account.id, workflow.domain));
}

} // namespace rw::session
