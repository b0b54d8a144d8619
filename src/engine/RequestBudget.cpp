#include "engine/RequestBudget.h"

#include <algorithm>
#include <cmath>

using namespace std::chrono;

namespace rw {

namespace {

// At most half the budget in one burst, so the rest can refill steadily.
int burstFor(int requests, int burst)
{
    return std::clamp(burst, 1, std::max(1, requests / 2));
}

} // namespace

RequestBudget::RequestBudget(int requests, seconds window, int burst, int maxInFlight,
                             double serverQuotaReserve)
    : m_requests(std::max(1, requests))
    , m_window(std::max(window, seconds(1)))
    , m_capacity(burstFor(m_requests, burst))
    , m_ratePerMs(double(std::max(1, m_requests - burstFor(m_requests, burst))) /
                  double(duration_cast<milliseconds>(m_window).count()))
    , m_maxInFlight(std::max(1, maxInFlight))
    , m_reserve(std::clamp(serverQuotaReserve, 0.0, 0.9))
    , m_tokens(m_capacity)
{
    // burst + rate * window == requests: no trailing window can hold more than `requests`.
    // (With a budget of one, the single token refills over the window.)
}

void RequestBudget::reconfigure(int requests, seconds window, int burst, int maxInFlight,
                                double serverQuotaReserve)
{
    RequestBudget fresh(requests, window, burst, maxInFlight, serverQuotaReserve);
    fresh.m_tokens = std::min(m_tokens, fresh.m_capacity);
    fresh.m_refilledAt = m_refilledAt;
    fresh.m_inFlight = m_inFlight;
    fresh.m_lastSentMs = m_lastSentMs;
    fresh.m_hinted = m_hinted;
    fresh.m_spreadMs = m_spreadMs;
    fresh.m_hintLeft = m_hintLeft;
    fresh.m_spreadUntil = m_spreadUntil;
    fresh.m_credentialsHold = m_credentialsHold;
    fresh.m_timeHold = m_timeHold;
    fresh.m_timeHoldUntil = m_timeHoldUntil;
    fresh.m_sent = std::move(m_sent);
    *this = std::move(fresh);
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
    if (m_credentialsHold != Hold::None)
        return m_credentialsHold;
    if (m_timeHold != Hold::None && now < m_timeHoldUntil)
        return m_timeHold;
    return Hold::None;
}

QDateTime RequestBudget::heldUntil() const
{
    return m_credentialsHold != Hold::None || m_timeHold == Hold::None ? QDateTime()
                                                                       : m_timeHoldUntil;
}

bool RequestBudget::canSend(const QDateTime &now) const
{
    return m_inFlight < m_maxInFlight && nextSendTime(now) == now;
}

QDateTime RequestBudget::nextSendTime(const QDateTime &now) const
{
    const Hold held = hold(now);
    if (waitsForCredentials(held))
        return {};
    QDateTime earliest = now;
    if (held != Hold::None)
        earliest = m_timeHoldUntil;
    if (m_hinted) {
        if (m_hintLeft <= 0) {
            // Nothing left that the server granted: wait out the window it named, then send one
            // request at a time, each answer saying whether there is room again.
            if (now < m_spreadUntil)
                earliest = std::max(earliest, m_spreadUntil);
            else if (m_inFlight > 0)
                return {}; // the answers on their way will tell
        } else if (m_spreadMs > 0 && m_lastSentMs > 0 && now < m_spreadUntil) {
            earliest = std::max(earliest,
                                now.addMSecs(m_lastSentMs + m_spreadMs - now.toMSecsSinceEpoch()));
        }
    }
    // Whoever sent them (this process, an earlier one, another on the same credential), no
    // trailing window holds more than the budget: the oldest that must leave it leaves first.
    if (sentInWindow(now) >= m_requests) {
        const qint64 leaves = m_sent.at(m_sent.size() - size_t(m_requests)) +
                              duration_cast<milliseconds>(m_window).count();
        earliest = std::max(earliest, now.addMSecs(leaves - now.toMSecsSinceEpoch()));
    }
    refill(now);
    if (m_tokens < 1.0) {
        // One millisecond more than the arithmetic says, so a token is really there then.
        const qint64 wait = qint64(std::ceil((1.0 - m_tokens) / m_ratePerMs)) + 1;
        earliest = std::max(earliest, now.addMSecs(wait));
    }
    return earliest;
}

bool RequestBudget::canSendSpare(const QDateTime &now) const
{
    return canSend(now) && nextSpareTime(now) == now;
}

QDateTime RequestBudget::nextSpareTime(const QDateTime &now) const
{
    const QDateTime earliest = nextSendTime(now);
    if (!earliest.isValid())
        return earliest;
    refill(now);
    const double wanted = spareReserve() + 1.0;
    if (m_tokens >= wanted)
        return earliest;
    const qint64 wait = qint64(std::ceil((wanted - m_tokens) / m_ratePerMs)) + 1;
    return std::max(earliest, now.addMSecs(wait));
}

void RequestBudget::recordSent(const QDateTime &now)
{
    refill(now);
    m_tokens = std::max(0.0, m_tokens - 1.0);
    ++m_inFlight;
    m_lastSentMs = now.toMSecsSinceEpoch();
    if (m_hinted)
        --m_hintLeft;
    // In order also when another process's request recorded before was stamped later.
    m_sent.insert(std::upper_bound(m_sent.begin(), m_sent.end(), m_lastSentMs), m_lastSentMs);
    (void)sentInWindow(now); // trims
}

void RequestBudget::recordForeign(const QList<qint64> &sentMs, const QDateTime &now)
{
    const qint64 cutoff = now.toMSecsSinceEpoch() - duration_cast<milliseconds>(m_window).count();
    refill(now);
    for (const qint64 at : sentMs) {
        if (at <= cutoff)
            continue;
        m_tokens = std::max(0.0, m_tokens - 1.0);
        m_sent.insert(std::upper_bound(m_sent.begin(), m_sent.end(), at), at);
    }
}

void RequestBudget::recordFinished()
{
    m_inFlight = std::max(0, m_inFlight - 1);
}

void RequestBudget::recordWithdrawn(const QDateTime &now)
{
    recordFinished();
    refill(now);
    m_tokens = std::min(m_capacity, m_tokens + 1.0);
    if (m_hinted)
        ++m_hintLeft;
    // Which one it was does not matter for the count; the latest is still in the window.
    if (!m_sent.empty())
        m_sent.pop_back();
}

void RequestBudget::observe(const RateLimitInfo &info, const QDateTime &now)
{
    if (!info.remaining)
        return;
    // What the server says is left is shared with the dashboard and every other client of the
    // user; leave them a reserve of the quota.
    const int quota = info.limit.value_or(1200);
    const int reserve = int(std::ceil(quota * m_reserve));
    const int left = *info.remaining - reserve;
    const seconds reset = info.resetIn.value_or(m_window);
    m_hinted = true;
    if (left <= 0) {
        m_spreadMs = 0;
        m_hintLeft = 0;
        m_spreadUntil = now.addSecs(std::max<qint64>(1, reset.count()));
        holdUntil(Hold::QuotaLow, now.addSecs(std::max<qint64>(1, reset.count())));
        return;
    }
    if (m_timeHold == Hold::QuotaLow)
        m_timeHold = Hold::None; // room again
    // Spread what is left over the time until the window frees up; never faster than our own
    // budget would go anyway.
    const qint64 spread = duration_cast<milliseconds>(reset).count() / left;
    const qint64 ownPace = qint64(1.0 / m_ratePerMs);
    m_spreadMs = spread > ownPace ? spread : 0;
    // Requests already on their way are not in this count yet.
    m_hintLeft = left - m_inFlight;
    m_spreadUntil = now.addSecs(reset.count());
}

void RequestBudget::holdUntil(Hold reason, const QDateTime &until)
{
    const bool active = m_timeHold != Hold::None && m_timeHoldUntil.isValid();
    if (reason == Hold::QuotaLow && active && m_timeHold == Hold::RateLimited)
        return; // Cloudflare's own word stands
    if (active && m_timeHold == reason && m_timeHoldUntil > until)
        return; // already held longer
    m_timeHold = reason;
    m_timeHoldUntil = until;
}

void RequestBudget::holdForCredentials(Hold reason)
{
    Q_ASSERT(waitsForCredentials(reason));
    m_credentialsHold = reason;
}

void RequestBudget::releaseCredentials()
{
    m_credentialsHold = Hold::None;
}

int RequestBudget::sentInWindow(const QDateTime &now) const
{
    const qint64 cutoff = now.toMSecsSinceEpoch() - duration_cast<milliseconds>(m_window).count();
    while (!m_sent.empty() && m_sent.front() <= cutoff)
        m_sent.pop_front();
    return int(m_sent.size());
}

} // namespace rw
