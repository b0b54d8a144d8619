#pragma once

#include "common/Clock.h"
#include "engine/StatusFetcher.h"
#include "sim/ScenarioPlayer.h"
#include "sim/SlidingWindowLimiter.h"

#include <chrono>
#include <map>
#include <memory>

namespace rw::sim {

// Plays a scenario in-process, behind the engine's StatusFetcher interface, on the engine's own
// clock: for tests and benchmarks that run days of virtual time, where real HTTP would take
// hours. The answers are the simulator's (ScenarioPlayer, the same rate limit and headers) and
// are read by the client's own readAnswer(); what it does not play is HTTP itself and the
// credential checks, which the HTTP simulator's tests cover.
class ScenarioFetcher final : public StatusFetcher
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ScenarioFetcher)
public:
    ScenarioFetcher(Scenario scenario, const Clock &clock, QObject *parent = nullptr);
    ~ScenarioFetcher() override;

    // Time from request to answer (virtual); faults' delay_ms add to it.
    void setLatency(std::chrono::milliseconds latency) { m_latency = latency; }
    // Answers slower than this arrive as a timeout, like the client's transfer timeout.
    void setTimeout(std::chrono::milliseconds timeout) { m_timeout = timeout; }

    void fetch(quint64 ticket, const AccountRef &account, const QString &statusPath) override;
    void cancel(quint64 ticket) override;

    [[nodiscard]] ScenarioPlayer &player() { return m_player; }
    [[nodiscard]] qint64 requests() const { return m_requests; }
    [[nodiscard]] qint64 rateLimited() const { return m_rateLimited; }
    [[nodiscard]] int maxRequestsInWindow() const { return m_limiter.maxInAnyWindow(); }

private:
    struct Pending;
    void deliver(quint64 ticket);

    ScenarioPlayer m_player;
    const Clock &m_clock;
    SlidingWindowLimiter m_limiter;
    std::chrono::milliseconds m_latency{0};
    std::chrono::milliseconds m_timeout{30000};
    std::map<quint64, std::unique_ptr<Pending>> m_pending;
    qint64 m_requests = 0;
    qint64 m_rateLimited = 0;
};

} // namespace rw::sim
