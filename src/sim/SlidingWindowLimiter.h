#pragma once

#include "net/RateLimit.h"

#include <QDateTime>

#include <deque>

namespace rw::sim {

// Cloudflare's account limit as the simulator plays it: at most `requests` in any trailing
// `window`; one more and every request is refused for `block`. Also remembers the most requests
// ever seen in one window, which is what the scale benchmark reports.
class SlidingWindowLimiter
{
public:
    struct Decision
    {
        bool allowed = true;
        int remaining = 0;       // requests left in the current window
        qint64 resetSeconds = 0; // until the window frees capacity (or the block ends)
    };

    SlidingWindowLimiter(int requests, qint64 windowMs, qint64 blockMs);

    Decision admit(const QDateTime &now);
    // `Ratelimit` and `Ratelimit-Policy`, as Cloudflare sends them with every answer.
    [[nodiscard]] HttpHeaders headers(const Decision &decision) const;

    [[nodiscard]] int maxInAnyWindow() const { return m_maxInWindow; }
    [[nodiscard]] int requests() const { return m_requests; }
    [[nodiscard]] qint64 windowSeconds() const { return m_windowMs / 1000; }

private:
    int m_requests;
    qint64 m_windowMs;
    qint64 m_blockMs;
    std::deque<qint64> m_times; // ms since epoch of every request in the trailing window
    qint64 m_blockedUntil = 0;
    int m_maxInWindow = 0;
};

} // namespace rw::sim
