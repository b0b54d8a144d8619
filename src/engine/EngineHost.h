#pragma once

#include "common/Clock.h"
#include "common/Expected.h"
#include "engine/PollSettings.h"
#include "net/ClientConfig.h"
#include "store/TrackedWorkflow.h"

#include <QNetworkAccessManager>
#include <QObject>

#include <functional>
#include <memory>

namespace rw {

class ClientStatusFetcher;
class GatedFetcher;
class PollEngine;
class RequestLedger;
class WorkflowStore;

// Builds and owns, in the right order, what the engine runs on: the network, the store (when
// one is wanted), the request ledger (RequestLedger: the budget shared with earlier and other
// processes), the HTTP fetcher behind a gate, and the engine; and takes them down
// in the reverse order (the engine first: it cancels what is in flight and may still write). The
// desktop session and `watch` both run on one.
class EngineHost final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EngineHost)
public:
    struct Options
    {
        QString storePath; // empty: nothing is kept
        PollSettings poll;
        // Requests wait until openGate() (the desktop reads its secret first); else they go
        // out at once.
        bool gated = false;
        // The request ledger to count on: the product passes the user's
        // (RequestLedger::defaultPath(), also without a store); empty, the one next to the
        // store, or none without a store (a test's host counts only with its own).
        QString ledgerPath = {};
    };

    // Opens the store and loads what it tracks; an error sentence when the store cannot be
    // opened or read. `accept` picks what to load (all when empty).
    [[nodiscard]] static Expected<std::unique_ptr<EngineHost>>
    open(const Options &options, const Clock &clock = SystemClock::instance(),
         const std::function<bool(const TrackedWorkflow &)> &accept = {});
    ~EngineHost() override;

    [[nodiscard]] PollEngine *engine() const { return m_engine.get(); }
    [[nodiscard]] WorkflowStore *store() const { return m_store.get(); }
    [[nodiscard]] QNetworkAccessManager *network() { return &m_network; }
    // What happened on opening the store (and the request ledger) that the operator should
    // hear about.
    [[nodiscard]] QStringList notices() const;

    // Where and how requests go: the configuration of accounts without one of their own.
    void setDefaultConfig(const ClientConfig &config);
    // Where and how one account's requests go: its own credentials.
    void setAccountConfig(const QString &accountId, const ClientConfig &config);
    // Lets requests go out (a host opened with `gated`).
    void openGate();
    // An account the operator removed: its workflows (history and all) and what watching it
    // whole remembered (the removals just made among them: added again, its workflows are found
    // again, not held back as removed by the operator). Its configuration is the owner's.
    void forgetAccount(const QString &accountId);

private:
    EngineHost(const Options &options, const Clock &clock);

    // Declared in the order they are built; destroyed in reverse.
    QNetworkAccessManager m_network;
    std::unique_ptr<WorkflowStore> m_store;
    std::unique_ptr<RequestLedger> m_ledger;
    QStringList m_notices;
    std::unique_ptr<ClientStatusFetcher> m_fetcher;
    std::unique_ptr<GatedFetcher> m_gate;
    std::unique_ptr<PollEngine> m_engine;
};

} // namespace rw
