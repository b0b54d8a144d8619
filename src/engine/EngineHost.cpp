#include "engine/EngineHost.h"

#include "common/Logging.h"
#include "engine/ClientStatusFetcher.h"
#include "engine/GatedFetcher.h"
#include "engine/PollEngine.h"
#include "store/PrivateDatabase.h"
#include "store/RequestLedger.h"
#include "store/WorkflowStore.h"

using namespace Qt::StringLiterals;

namespace rw {

EngineHost::EngineHost(const Options &options, const Clock &clock)
    : m_fetcher(std::make_unique<ClientStatusFetcher>(&m_network, clock))
    , m_gate(std::make_unique<GatedFetcher>(m_fetcher.get()))
    , m_engine(std::make_unique<PollEngine>(m_gate.get(), clock, options.poll))
{
    if (!options.gated)
        m_gate->open();
}

EngineHost::~EngineHost() = default; // the members' order takes the engine down first

Expected<std::unique_ptr<EngineHost>>
EngineHost::open(const Options &options, const Clock &clock,
                 const std::function<bool(const TrackedWorkflow &)> &accept)
{
    std::unique_ptr<EngineHost> host(new EngineHost(options, clock));
    if (!options.storePath.isEmpty()) {
        if (const auto refused = privateDatabase::keep(options.storePath, false))
            return Unexpected{u"The store is not opened: "_s + *refused};
        auto store = WorkflowStore::open(options.storePath);
        if (!store)
            return Unexpected{store.error()};
        if (const auto refused = privateDatabase::keep(options.storePath, true))
            return Unexpected{u"The store is not opened: "_s + *refused};
        host->m_store = std::move(store).value();
        host->m_engine->setStore(host->m_store.get());
    }
    // Read before the store's workflows are scheduled: what earlier and other processes sent
    // on the same credentials is spent. Without it the app goes on, and says so.
    const QString ledgerPath = !options.ledgerPath.isEmpty() ? options.ledgerPath
                               : options.storePath.isEmpty()
                                   ? QString()
                                   : RequestLedger::pathNextTo(options.storePath);
    if (!ledgerPath.isEmpty()) {
        auto ledger = RequestLedger::open(ledgerPath);
        if (ledger) {
            host->m_ledger = std::move(ledger).value();
            host->m_engine->setLedger(host->m_ledger.get());
        } else {
            host->m_notices.append(ledger.error());
        }
    }
    if (host->m_store) {
        if (const auto error = host->m_engine->loadFromStore(accept))
            return Unexpected{*error};
        // A store that can only be read (its notice says so once): the engine works in memory
        // from here, rather than fail at every write.
        if (host->m_store->isReadOnly())
            host->m_engine->setStore(nullptr);
    }
    return host;
}

QStringList EngineHost::notices() const
{
    return (m_store ? m_store->notices() : QStringList()) + m_notices;
}

void EngineHost::setDefaultConfig(const ClientConfig &config)
{
    m_fetcher->setDefaultConfig(config);
}

void EngineHost::setAccountConfig(const QString &accountId, const ClientConfig &config)
{
    m_fetcher->setAccountConfig(accountId, config);
}

void EngineHost::openGate()
{
    m_gate->open();
}

void EngineHost::forgetAccount(const QString &accountId)
{
    for (const TrackedWorkflow &workflow : m_engine->snapshot()) {
        if (workflow.ref.account.id == accountId)
            m_engine->remove(workflow.id);
    }
    if (m_store && !m_store->isReadOnly()) {
        // A convenience, as discovery's memory is: logged, not shown.
        if (const auto error = m_store->forgetDiscovery(accountId))
            qCWarning(lcStore).noquote() << *error;
    }
}

} // namespace rw
