#include "engine/EngineHost.h"

#include "common/FilePrivacy.h"
#include "common/Logging.h"
#include "engine/ClientStatusFetcher.h"
#include "engine/GatedFetcher.h"
#include "engine/PollEngine.h"
#include "store/RequestLedger.h"
#include "store/WorkflowStore.h"

namespace rw {

namespace {

const QStringList storeFiles = {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")};

// The store holds no secret, but the operator's domain names and account IDs, and what the
// engine trusts: one that others can change (or replace) is not opened; one that others can only
// read is made private (0600) without a word, as a new one is after opening (SQLite creates it
// with the umask's mode).
// Before the store is opened, what cannot be checked (a path through a file, say) is left to
// the opening, which says it in the store's own words; once open, everything is checked.
std::optional<QString> keepPrivate(const QString &path, bool opened)
{
    for (const QString &suffix : storeFiles) {
        const auto problem = FilePrivacy::check(path + suffix);
        if (!problem || (!opened && problem->kind == FilePrivacy::Kind::CannotCheck))
            continue;
        if (!problem->onlyReadable())
            return QStringLiteral("The store is not opened: %1").arg(problem->sentence);
        if (const auto error = FilePrivacy::makePrivate(path + suffix))
            return QStringLiteral("The store is not opened: %1 %2").arg(problem->sentence, *error);
        qCInfo(lcStore).noquote() << "Made private:" << problem->sentence;
    }
    return std::nullopt;
}

} // namespace

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
        if (const auto refused = keepPrivate(options.storePath, false))
            return Unexpected{*refused};
        auto store = WorkflowStore::open(options.storePath);
        if (!store)
            return Unexpected{store.error()};
        if (const auto refused = keepPrivate(options.storePath, true))
            return Unexpected{*refused};
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

} // namespace rw
