#include "session/DesktopSession.h"

#include "common/Logging.h"
#include "discovery/DiscoveryHost.h"
#include "engine/EngineHost.h"
#include "engine/PollEngine.h"
#include "net/RegistrarClient.h"
#include "session/BatchProgress.h"
#include "sim/RegistrarSimulator.h"
#include "store/PendingWorkflows.h"
#include "store/RequestLedger.h"
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
    m_discovery.reset(); // it asks the engine and writes the store
    m_batches.reset();   // it listens to the engine
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

QList<AccountRef> DesktopSession::accounts() const
{
    QList<AccountRef> refs;
    if (m_options.demo) {
        // The demo's second account is found by watching it whole, not by pasting.
        if (m_simulator)
            for (const QString &id : m_simulator->scenario().accounts())
                refs.append({id, false});
        return refs;
    }
    for (const AccountSettings &account : m_settings->accounts()) {
        if (account.enabled)
            refs.append({account.id, account.sandbox});
    }
    return refs;
}

AccountRef DesktopSession::account() const
{
    if (m_options.demo)
        return {m_demoAccount, false};
    if (const QList<AccountRef> on = accounts(); !on.isEmpty())
        return on.first();
    const QList<AccountSettings> all = m_settings->accounts();
    return all.isEmpty() ? AccountRef() : AccountRef{all.first().id, all.first().sandbox};
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
    const PollSettingsRead poll = m_settings->readPollSettings();
    auto host = EngineHost::open({storePath, poll.settings, true, RequestLedger::defaultPath()});
    QString withoutStore;
    if (!host && m_options.demo) {
        // The demo needs nothing kept: it runs without a store, and says why.
        withoutStore = u"The demo keeps nothing on disk this time. %1"_s.arg(host.error());
        host = EngineHost::open({QString(), poll.settings, true, RequestLedger::defaultPath()});
    }
    if (!host)
        return host.error();
    m_host = std::move(host).value();
    m_notices = m_host->notices();
    if (!withoutStore.isEmpty())
        m_notices.prepend(withoutStore);
    // Once a run: a session started again (the demo and back) does not say it again.
    if (const QString problem = m_settings->untoldProblem(); !problem.isEmpty())
        m_notices.prepend(problem);
    // Told once, at start: the settings file asked for values that are not used.
    m_notices.append(poll.ignored);
    // The log keeps what the window says once (the store does not log its own notices).
    for (const QString &notice : std::as_const(m_notices))
        qCWarning(lcSession).noquote() << notice;
    m_batches = std::make_unique<BatchProgress>(engine(), SystemClock::instance());
    // A store that can only be read keeps nothing of what discovery finds either.
    WorkflowStore *writable = store() && !store()->isReadOnly() ? store() : nullptr;
    m_discovery = std::make_unique<DiscoveryHost>(engine(), m_host->network(), writable,
                                                  &m_registrationNotices, SystemClock::instance());
    // A workflow of an account not seen before waits for its secret like the others.
    connect(engine(), &PollEngine::workflowAdded, this, [this](const TrackedWorkflow &workflow) {
        const QString &id = workflow.ref.account.id;
        const auto listed = m_accounts.constFind(id);
        const QString problem = listed != m_accounts.cend() ? listed->problem
                                : m_accounts.contains(firstId())
                                    ? m_accounts.value(firstId()).problem
                                    : m_credentialsProblem;
        if (!problem.isEmpty() &&
            engine()->accountStatus(id).hold != RequestBudget::Hold::CredentialsMissing)
            engine()->credentialsMissing(id);
    });

    if (m_options.demo) {
        m_demoCredentials = Credentials::apiToken(m_simulator->scenario().tokens.first().value);
        ClientConfig config;
        config.base = apiBase();
        config.credentials = m_demoCredentials;
        m_host->setDefaultConfig(config);
        for (const AccountRef &account : accounts()) // one token: one budget for them all
            engine()->setBudgetKey(account.id, m_demoCredentials.budgetKey());
        m_host->openGate();
        emit credentialsReady();
        // The first account's workflows as if pasted; the others' are found by themselves.
        for (const sim::ScenarioWorkflow &workflow : m_simulator->scenario().workflows) {
            if (workflow.account.isEmpty() || workflow.account == m_demoAccount)
                engine()->track(
                    {{m_demoAccount, workflow.sandbox}, workflow.domain, workflow.kind});
        }
        updateDiscovery();
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
    if (m_options.demo) {
        const QList<AccountRef> demo = accounts();
        for (qsizetype i = 0; i < demo.size(); ++i)
            labels.set(demo.at(i).id, i == 0 ? u"Demo"_s : u"Demo %1"_s.arg(i + 1));
    } else {
        for (const AccountSettings &account : m_settings->accounts())
            labels.set(account.id, account.label);
    }
    QStringList on;
    for (const AccountRef &account : accounts())
        on.append(account.registrarPath());
    if (labels == m_labels && on == m_accountsOn)
        return;
    m_labels = labels;
    m_accountsOn = on;
    emit accountsChanged();
}

void DesktopSession::updateDiscovery()
{
    if (!m_discovery)
        return;
    QList<DiscoveryAccount> watched;
    if (m_options.demo) {
        for (const AccountRef &account : accounts()) {
            DiscoveryAccount demo;
            demo.account = account;
            demo.config = ClientConfig{apiBase(), m_demoCredentials};
            demo.listEvery = std::chrono::minutes(2); // a demo shows what it finds in minutes
            watched.append(demo);
        }
    }
    for (const QString &id : std::as_const(m_order)) {
        const Account &account = m_accounts[id];
        if (!account.settings.enabled || account.credentials.isEmpty())
            continue;
        DiscoveryAccount discovery;
        discovery.account = {id, account.settings.sandbox};
        discovery.config = ClientConfig{apiBase(), account.credentials};
        discovery.enabled = account.settings.watchWholeAccount;
        discovery.listEvery = account.settings.listEvery;
        discovery.expiryWarning = account.settings.expiryWarning;
        watched.append(discovery);
    }
    m_discovery->setAccounts(watched);
}

QString DesktopSession::firstId() const
{
    return account().id;
}

QStringList DesktopSession::unlistedAccounts() const
{
    QStringList ids;
    for (const QString &id : engine()->accounts()) {
        if (!m_accounts.contains(id))
            ids.append(id);
    }
    return ids;
}

QString DesktopSession::credentialsProblem(const QString &accountId) const
{
    const auto listed = m_accounts.constFind(accountId);
    return listed != m_accounts.cend() ? listed->problem : QString();
}

void DesktopSession::configure(const QString &accountId, const Credentials &credentials)
{
    Account &account = m_accounts[accountId];
    account.credentials = credentials;
    account.problem.clear();
    ClientConfig config;
    config.base = apiBase();
    config.credentials = credentials;
    m_host->setAccountConfig(accountId, config);
    // Accounts signed in as the same Cloudflare user share its limit.
    const QString key = credentials.budgetKey();
    QStringList ids{accountId};
    if (accountId == firstId()) {
        m_host->setDefaultConfig(config);
        ids.append(unlistedAccounts());
    }
    for (const QString &id : std::as_const(ids)) {
        engine()->setBudgetKey(id, key);
        engine()->credentialsChanged(id);
    }
    updateDiscovery();
}

void DesktopSession::reportMissing(const QString &accountId, const QString &why)
{
    Account &account = m_accounts[accountId];
    account.problem = why;
    // Not the previous scheme's secret either. Sent without one, a request would be refused
    // here and count as a failed check: the account is held instead, what waits at the gate is
    // taken back, and nothing goes out for it. The other accounts carry on.
    account.credentials = {};
    ClientConfig config;
    config.base = apiBase();
    m_host->setAccountConfig(accountId, config);
    QStringList ids{accountId};
    if (accountId == firstId()) {
        m_host->setDefaultConfig(config);
        ids.append(unlistedAccounts());
    }
    for (const QString &id : std::as_const(ids))
        engine()->credentialsMissing(id);
    updateDiscovery();
}

void DesktopSession::tellCredentials()
{
    QStringList problems;
    int on = 0;
    for (const QString &id : std::as_const(m_order)) {
        const Account &account = m_accounts[id];
        if (!account.settings.enabled)
            continue;
        ++on;
        if (!account.problem.isEmpty())
            problems.append(u"%1: %2"_s.arg(account.settings.label, account.problem));
    }
    // With one account the sentence is its own, as when there was only one.
    if (on == 1 && problems.size() == 1)
        m_credentialsProblem = m_accounts[firstId()].problem;
    else
        m_credentialsProblem = problems.join(u' ');
    if (m_credentialsProblem.isEmpty())
        emit credentialsReady();
    else
        emit credentialsMissing(m_credentialsProblem);
}

void DesktopSession::forget(const AccountSettings &account)
{
    qCInfo(lcSession).noquote() << "Removing what was kept of account" << account.label;
    m_host->forgetAccount(account.id);
    m_registrationNotices.removeAccount(account.id);
    m_host->setAccountConfig(account.id, ClientConfig{apiBase(), {}});
    SecretStore *store = m_stores(account.storage);
    store->remove(account.secretKey(), store, [](const SecretStore::Result &removed) {
        if (removed.status != SecretStore::Status::Ok &&
            removed.status != SecretStore::Status::NotFound)
            qCWarning(lcSession) << "The removed account's secret stays in its store:"
                                 << removed.message;
    });
}

void DesktopSession::applySettings()
{
    if (m_options.demo || !m_host)
        return;
    engine()->setSettings(m_settings->pollSettings());
    const QList<AccountSettings> listed = m_settings->accounts();
    QHash<QString, Account> accounts;
    QList<QString> order;
    for (const AccountSettings &settings : listed) {
        Account account = m_accounts.value(settings.id);
        account.settings = settings;
        accounts.insert(settings.id, account);
        order.append(settings.id);
    }
    for (const QString &id : std::as_const(m_order)) {
        if (!accounts.contains(id))
            forget(m_accounts.value(id).settings);
    }
    m_accounts = accounts;
    m_order = order;
    updateLabels();
    updateDiscovery(); // a removed or turned-off account stops at once
    if (listed.isEmpty()) {
        m_credentialsProblem = u"No account is set up yet."_s;
        m_host->setDefaultConfig(ClientConfig{apiBase(), {}});
        for (const QString &id : unlistedAccounts())
            engine()->credentialsMissing(id);
        emit credentialsMissing(m_credentialsProblem);
        return;
    }
    for (const AccountSettings &account : listed) {
        // An account whose secret was never read (turned on just now, or added) waits for it:
        // sent before, its requests would go with another account's credentials.
        const bool waits = m_accounts[account.id].credentials.isEmpty();
        engine()->setAccountEnabled(account.id, account.enabled && !waits);
        if (account.enabled)
            readSecret(account);
        else
            m_accounts[account.id].problem.clear(); // nothing is sent for it: none is needed
    }
    if (m_readsWaiting == 0)
        tellCredentials();
}

void DesktopSession::readSecret(const AccountSettings &account)
{
    const quint64 read = ++m_reads;
    m_accounts[account.id].read = read;
    ++m_readsWaiting;
    SecretStore *store = m_stores(account.storage);
    store->read(
        account.secretKey(), this, [this, account, read, store](const SecretStore::Result &result) {
            --m_readsWaiting;
            const auto current = m_accounts.constFind(account.id);
            // Not what the settings say now (they changed, or the account went): a later read
            // tells.
            if (current != m_accounts.cend() && current->read == read) {
                const QString secret =
                    account.usesGlobalKey() ? u"Global API Key"_s : u"API token"_s;
                if (result.status == SecretStore::Status::Ok)
                    configure(account.id,
                              account.usesGlobalKey()
                                  ? Credentials::globalApiKey(account.email, result.secret)
                                  : Credentials::apiToken(result.secret));
                else if (result.status != SecretStore::Status::NotFound)
                    reportMissing(account.id, result.message);
                else if (account.storage == AppSettings::SecretStorage::SessionOnly)
                    // What the operator chose, not a fault: said so, lest it look like one.
                    reportMissing(account.id, u"The %1 was kept for one session only, as chosen in "
                                              u"Settings."_s.arg(secret));
                else
                    reportMissing(account.id, u"No %1 for account %2 is in %3."_s.arg(
                                                  secret, account.id, store->describe()));
                engine()->setAccountEnabled(account.id, true);
            }
            if (m_readsWaiting > 0)
                return;
            // Every account's secret is had, or held: what waited at the gate may go.
            m_host->openGate();
            tellCredentials();
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

RegistrarClient *DesktopSession::newClient(const AccountRef &account, QObject *parent) const
{
    ClientConfig config;
    config.base = apiBase();
    if (m_options.demo)
        config.credentials = m_demoCredentials;
    else if (const auto listed = m_accounts.constFind(account.id); listed != m_accounts.cend())
        config.credentials = listed->credentials;
    else
        config.credentials = m_accounts.value(firstId()).credentials;
    auto *client = new RegistrarClient(m_host->network(), config, SystemClock::instance(), parent);
    client->setSentObserver([engine = QPointer<PollEngine>(engine()), id = account.id] {
        if (engine)
            engine->countOutsideRequest(id);
    });
    return client;
}

RegistrarClient *DesktopSession::newClient(QObject *parent) const
{
    return newClient(account(), parent);
}

QUrl DesktopSession::dashboardUrl(const WorkflowRef &workflow) const
{
    // The domain's page in the dashboard, where registration settings and pending actions are.
    return QUrl(u"https://dash.cloudflare.com/%1/%2"_s.arg(workflow.account.id, workflow.domain));
}

} // namespace rw::session
