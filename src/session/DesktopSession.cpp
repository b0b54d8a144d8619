#include "session/DesktopSession.h"

#include "engine/ClientStatusFetcher.h"
#include "engine/PollEngine.h"
#include "net/RegistrarClient.h"
#include "sim/RegistrarSimulator.h"
#include "store/WorkflowStore.h"

#include <QFile>
#include <QPointer>

#include <algorithm>
#include <utility>

using namespace Qt::StringLiterals;

namespace rw::ui {

// Holds the engine's requests back until the account's secret has been read. The secret store
// answers later, while the engine asks at once about workflows that fell due while the app was
// closed: without the gate those requests would go out without credentials, be refused, and
// hold the account as if Cloudflare had rejected it.
class GatedFetcher final : public StatusFetcher
{
    Q_DISABLE_COPY_MOVE(GatedFetcher)
public:
    GatedFetcher(StatusFetcher *target, QObject *parent)
        : StatusFetcher(parent)
        , m_target(target)
    {
        connect(target, &StatusFetcher::finished, this, &StatusFetcher::finished);
    }

    // From now on requests go out; those held back go first, in the order they came.
    void open()
    {
        m_open = true;
        for (const Waiting &waiting : std::exchange(m_waiting, {}))
            m_target->fetch(waiting.ticket, waiting.account, waiting.statusPath);
    }

    void fetch(quint64 ticket, const AccountRef &account, const QString &statusPath) override
    {
        if (m_open)
            m_target->fetch(ticket, account, statusPath);
        else
            m_waiting.append({ticket, account, statusPath});
    }

    void cancel(quint64 ticket) override
    {
        const auto waiting =
            std::find_if(m_waiting.begin(), m_waiting.end(),
                         [ticket](const Waiting &w) { return w.ticket == ticket; });
        if (waiting != m_waiting.end())
            m_waiting.erase(waiting);
        else
            m_target->cancel(ticket);
    }

private:
    struct Waiting
    {
        quint64 ticket;
        AccountRef account;
        QString statusPath;
    };
    StatusFetcher *m_target;
    bool m_open = false;
    QList<Waiting> m_waiting;
};

DesktopSession::DesktopSession(AppSettings *settings, SecretStores stores, Options options,
                               QObject *parent)
    : QObject(parent)
    , m_settings(settings)
    , m_stores(std::move(stores))
    , m_options(std::move(options))
{}

DesktopSession::~DesktopSession()
{
    delete m_engine; // before the store and the fetcher
    m_engine = nullptr;
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
    auto store = WorkflowStore::open(storePath);
    if (!store)
        return store.error();
    m_store = std::move(store).value();
    m_notices = m_store->notices();

    m_fetcher = new ClientStatusFetcher(&m_network, SystemClock::instance(), this);
    m_gate = new GatedFetcher(m_fetcher, this);
    m_engine = new PollEngine(m_gate, SystemClock::instance(), m_settings->pollSettings());
    m_engine->setStore(m_store.get());
    if (const auto error = m_engine->loadFromStore())
        return error;

    if (m_options.demo) {
        configureClient(Credentials::apiToken(m_simulator->scenario().tokens.first().value));
        for (const sim::ScenarioWorkflow &workflow : m_simulator->scenario().workflows)
            m_engine->track({{m_demoAccount, workflow.sandbox}, workflow.domain, workflow.kind});
    } else {
        applySettings();
    }
    return std::nullopt;
}

void DesktopSession::configureClient(const Credentials &credentials)
{
    m_credentials = credentials;
    ClientConfig config;
    config.base = apiBase();
    config.credentials = credentials;
    m_fetcher->setDefaultConfig(config);
    m_credentialsProblem.clear();
    m_gate->open();
    m_engine->credentialsChanged(account().id);
    emit credentialsReady();
}

void DesktopSession::reportMissing(const QString &why)
{
    m_credentialsProblem = why;
    // Not the previous account's or scheme's secret either. Requests are refused without
    // credentials, which holds the account: nothing is asked until the settings are fixed.
    m_credentials = {};
    ClientConfig config;
    config.base = apiBase();
    m_fetcher->setDefaultConfig(config);
    m_gate->open();
    emit credentialsMissing(why);
}

void DesktopSession::applySettings()
{
    if (m_options.demo || !m_engine)
        return;
    m_engine->setSettings(m_settings->pollSettings());
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
                reportMissing(
                    result.status == SecretStore::Status::NotFound
                        ? u"No %1 is stored in %2 for account %3: open Settings to enter it."_s.arg(
                              key ? u"Global API Key"_s : u"API token"_s, store->describe(),
                              m_settings->accountId())
                        : result.message);
                return;
            }
            configureClient(key ? Credentials::globalApiKey(m_settings->email(), result.secret)
                                : Credentials::apiToken(result.secret));
        });
}

RegistrarClient *DesktopSession::newClient(QObject *parent) const
{
    ClientConfig config;
    config.base = apiBase();
    config.credentials = m_credentials;
    auto *client = new RegistrarClient(const_cast<QNetworkAccessManager *>(&m_network), config,
                                       SystemClock::instance(), parent);
    client->setSentObserver([engine = QPointer<PollEngine>(m_engine), account = account().id] {
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

} // namespace rw::ui
