#include "sim/SlidingWindowLimiter.h"

#include <algorithm>

namespace rw::sim {

namespace {

qint64 ceilSeconds(qint64 ms)
{
    return (std::max<qint64>(ms, 0) + 999) / 1000;
}

} // namespace

SlidingWindowLimiter::SlidingWindowLimiter(int requests, qint64 windowMs, qint64 blockMs)
    : m_requests(requests)
    , m_windowMs(windowMs)
    , m_blockMs(blockMs)
{}

SlidingWindowLimiter::Decision SlidingWindowLimiter::admit(const QDateTime &now)
{
    const qint64 t = now.toMSecsSinceEpoch();
    // Every request counts, refused ones too: that is how the budget is spent in practice.
    m_times.push_back(t);
    while (!m_times.empty() && m_times.front() <= t - m_windowMs)
        m_times.pop_front();
    m_maxInWindow = std::max(m_maxInWindow, int(m_times.size()));

    Decision decision;
    if (t < m_blockedUntil) {
        decision.allowed = false;
        decision.resetSeconds = ceilSeconds(m_blockedUntil - t);
        return decision;
    }
    if (int(m_times.size()) > m_requests) {
        m_blockedUntil = t + m_blockMs;
        decision.allowed = false;
        decision.resetSeconds = ceilSeconds(m_blockMs);
        return decision;
    }
    decision.remaining = m_requests - int(m_times.size());
    decision.resetSeconds = ceilSeconds(m_times.front() + m_windowMs - t);
    return decision;
}

HttpHeaders SlidingWindowLimiter::headers(const Decision &decision) const
{
    return {{"Ratelimit", "\"default\";r=" + QByteArray::number(decision.remaining) +
                              ";t=" + QByteArray::number(decision.resetSeconds)},
            {"Ratelimit-Policy", "\"burst\";q=" + QByteArray::number(m_requests) +
                                     ";w=" + QByteArray::number(windowSeconds())}};
}

} // namespace rw::sim
