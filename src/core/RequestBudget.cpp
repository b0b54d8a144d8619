#include "RequestBudget.h"

#include <algorithm>
#include <cmath>

using namespace std::chrono;

namespace rw {

RequestBudget::RequestBudget(int requests, seconds window, int burst, int maxInFlight,
                             double serverQuotaReserve)
    : m_requests(std::max(1, requests))
    , m_window(std::max(window, seconds(1)))
    , m_capacity(std::clamp(burst, 1, m_requests))
    , m_ratePerMs(double(m_requests - std::clamp(burst, 1, m_requests)) /
                  double(duration_cast<milliseconds>(m_window).count()))
    , m_maxInFlight(std::max(1, maxInFlight))
    , m_reserve(std::clamp(serverQuotaReserve, 0.0, 0.9))
    , m_tokens(m_capacity)
{
    // burst + rate * window == requests: no trailing window can hold more than `requests`.
}

void RequestBudget::refill(const QDateTime &now) const
{
    const qint64 t = now.toMSecsSinceEpoch();
    if (m_refilledAt == 0 || t < m_refilledAt) {
        m_refilledAt = t;
        return;
    }
    m_tokens = std::min(m_capacity, m_tokens + double(t - m_refilledAt) * m_ratePerMs);
    m_refilledAt = t;
}

RequestBudget::Hold RequestBudget::hold(const QDateTime &now) const
{
    if (m_hold == Hold::CredentialsRejected)
        return m_hold;
    if (m_hold != Hold::None && now < m_heldUntil)
        return m_hold;
    return Hold::None;
}

bool RequestBudget::canSend(const QDateTime &now) const
{
    if (m_inFlight >= m_maxInFlight || hold(now) != Hold::None)
        return false;
    if (m_hintLeft && *m_hintLeft <= 0 && now < m_hintUntil)
        return false;
    refill(now);
    return m_tokens >= 1.0;
}

QDateTime RequestBudget::nextSendTime(const QDateTime &now) const
{
    const Hold held = hold(now);
    if (held == Hold::CredentialsRejected)
        return {};
    QDateTime earliest = now;
    if (held != Hold::None)
        earliest = m_heldUntil;
    if (m_hintLeft && *m_hintLeft <= 0 && now < m_hintUntil)
        earliest = std::max(earliest, m_hintUntil);
    refill(now);
    if (m_tokens < 1.0) {
        const double missing = 1.0 - m_tokens;
        const qint64 wait = m_ratePerMs > 0 ? qint64(std::ceil(missing / m_ratePerMs))
                                            : duration_cast<milliseconds>(m_window).count();
        earliest = std::max(earliest, now.addMSecs(wait));
    }
    return earliest;
}

void RequestBudget::recordSent(const QDateTime &now)
{
    refill(now);
    m_tokens = std::max(0.0, m_tokens - 1.0);
    ++m_inFlight;
    if (m_hintLeft)
        --*m_hintLeft;
    m_sent.push_back(now.toMSecsSinceEpoch());
    (void)sentInWindow(now); // trims
}

void RequestBudget::recordFinished()
{
    m_inFlight = std::max(0, m_inFlight - 1);
}

void RequestBudget::observe(const RateLimitInfo &info, const QDateTime &now)
{
    if (!info.remaining)
        return;
    // What the server says is left is shared with the dashboard and every other client of the
    // user; leave them a reserve of the quota.
    const int quota = info.limit.value_or(1200);
    const int reserve = int(std::ceil(quota * m_reserve));
    m_hintLeft = *info.remaining - reserve;
    m_hintUntil = now.addSecs(info.resetIn.value_or(m_window).count());
    if (*m_hintLeft <= 0 && m_hold == Hold::None)
        holdUntil(Hold::QuotaLow, m_hintUntil);
    else if (*m_hintLeft > 0 && m_hold == Hold::QuotaLow)
        release();
}

void RequestBudget::holdUntil(Hold reason, const QDateTime &until)
{
    if (m_hold == Hold::CredentialsRejected)
        return; // only new credentials lift that one
    if (m_hold != Hold::None && m_heldUntil.isValid() && m_heldUntil > until && reason != m_hold)
        return; // a longer hold of another kind stands
    m_hold = reason;
    m_heldUntil = until;
}

void RequestBudget::holdForCredentials()
{
    m_hold = Hold::CredentialsRejected;
    m_heldUntil = {};
}

void RequestBudget::release()
{
    m_hold = Hold::None;
    m_heldUntil = {};
}

int RequestBudget::sentInWindow(const QDateTime &now) const
{
    const qint64 cutoff = now.toMSecsSinceEpoch() - duration_cast<milliseconds>(m_window).count();
    while (!m_sent.empty() && m_sent.front() <= cutoff)
        m_sent.pop_front();
    return int(m_sent.size());
}

} // namespace rw
