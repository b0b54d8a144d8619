#pragma once

#include "RateLimit.h"

#include <QDateTime>

#include <chrono>
#include <deque>

namespace rw {

// One account's request budget: a token bucket sized so that no trailing window ever holds more
// than `requests` of our requests (burst + rate * window = requests), a cap on requests in
// flight, what the server last said about the shared quota, and holds (429, rejected
// credentials). Pure bookkeeping on times handed in; the scheduler asks and obeys.
class RequestBudget
{
public:
    enum class Hold {
        None,
        RateLimited,         // until a time
        QuotaLow,            // the server reports the shared quota nearly used up, until a time
        CredentialsRejected, // until the credentials change
    };

    RequestBudget(int requests, std::chrono::seconds window, int burst, int maxInFlight,
                  double serverQuotaReserve);

    // True when a request may start now.
    [[nodiscard]] bool canSend(const QDateTime &now) const;
    // The earliest time a request could start, ignoring requests in flight; null while held
    // until the credentials change.
    [[nodiscard]] QDateTime nextSendTime(const QDateTime &now) const;
    [[nodiscard]] bool inFlightFull() const { return m_inFlight >= m_maxInFlight; }
    [[nodiscard]] int inFlight() const { return m_inFlight; }

    void recordSent(const QDateTime &now);
    void recordFinished();
    // Every answer's rate-limit headers: a low remaining quota slows us down further.
    void observe(const RateLimitInfo &info, const QDateTime &now);

    void holdUntil(Hold reason, const QDateTime &until);
    void holdForCredentials();
    void release();
    [[nodiscard]] Hold hold(const QDateTime &now) const;
    [[nodiscard]] QDateTime heldUntil() const { return m_heldUntil; }

    // Our own requests in the trailing window, for display ("requests in the last 5 minutes").
    [[nodiscard]] int sentInWindow(const QDateTime &now) const;
    [[nodiscard]] int requests() const { return m_requests; }
    [[nodiscard]] std::chrono::seconds window() const { return m_window; }

private:
    void refill(const QDateTime &now) const;

    int m_requests;
    std::chrono::seconds m_window;
    double m_capacity;
    double m_ratePerMs;
    int m_maxInFlight;
    double m_reserve;

    mutable double m_tokens;
    mutable qint64 m_refilledAt = 0; // ms since epoch
    int m_inFlight = 0;

    // From the server's headers: at most m_hintLeft more requests until m_hintUntil.
    std::optional<int> m_hintLeft;
    QDateTime m_hintUntil;

    Hold m_hold = Hold::None;
    QDateTime m_heldUntil;

    mutable std::deque<qint64> m_sent; // ms since epoch, trailing window only
};

} // namespace rw
