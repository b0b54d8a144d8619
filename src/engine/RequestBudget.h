#pragma once

#include "net/RateLimit.h"

#include <QDateTime>
#include <QList>

#include <chrono>
#include <cmath>
#include <deque>

namespace rw {

// One account's request budget: a token bucket sized so that no trailing window ever holds more
// than `requests` of our requests (burst + rate * window = requests), a cap on requests in
// flight, what the server last said about the shared quota, and holds (429, rejected or missing
// credentials). Pure bookkeeping on times handed in; the scheduler asks and obeys.
class RequestBudget
{
public:
    enum class Hold {
        None,
        RateLimited,         // Cloudflare answered 429: until a time
        QuotaLow,            // the server reports the shared quota used up: until it resets
        CredentialsRejected, // until the credentials change
        CredentialsMissing,  // until there is a secret to send: nothing was sent
    };
    // The holds that only the operator lifts, by giving the account credentials that work.
    [[nodiscard]] static bool waitsForCredentials(Hold hold)
    {
        return hold == Hold::CredentialsRejected || hold == Hold::CredentialsMissing;
    }

    RequestBudget(int requests, std::chrono::seconds window, int burst, int maxInFlight,
                  double serverQuotaReserve);

    // New limits; what is in flight, held or already spent stays as it is.
    void reconfigure(int requests, std::chrono::seconds window, int burst, int maxInFlight,
                     double serverQuotaReserve);

    // True when a request may start now.
    [[nodiscard]] bool canSend(const QDateTime &now) const;
    // The earliest time a request could start, ignoring the cap on requests in flight; null
    // when it is not a matter of time (a credentials hold, or an answer on its way must say
    // whether the server's quota has room again).
    [[nodiscard]] QDateTime nextSendTime(const QDateTime &now) const;
    // A request for no tracked workflow (watching a whole account) may start now: as canSend(),
    // and only while half the burst stays in the bucket after it, so that tracked workflows
    // falling due find tokens at once instead of waiting behind a sweep for the refill.
    [[nodiscard]] bool canSendSpare(const QDateTime &now) const;
    // The earliest time canSendSpare() could be true; null as nextSendTime().
    [[nodiscard]] QDateTime nextSpareTime(const QDateTime &now) const;
    [[nodiscard]] bool inFlightFull() const { return m_inFlight >= m_maxInFlight; }
    [[nodiscard]] int inFlight() const { return m_inFlight; }
    [[nodiscard]] int maxInFlight() const { return m_maxInFlight; }

    void recordSent(const QDateTime &now);
    // Requests sent on this credential by another process (or before a restart), as the
    // request ledger tells them: each takes a token and its place in the window, so that all
    // of them together stay within the budget. Times outside the window are ignored.
    void recordForeign(const QList<qint64> &sentMs, const QDateTime &now);
    void recordFinished();
    // A request counted by recordSent() was taken back before it went out: its slot, its token
    // and its place in the window are given back.
    void recordWithdrawn(const QDateTime &now);
    // Every answer's rate-limit headers: when the shared quota runs low, requests are spread
    // over what is left of the window (keeping a reserve for the account's other users), and
    // stop when nothing is left.
    void observe(const RateLimitInfo &info, const QDateTime &now);

    // RateLimited replaces a QuotaLow hold (Cloudflare's word is final); the later end wins.
    void holdUntil(Hold reason, const QDateTime &until);
    // CredentialsRejected or CredentialsMissing, until releaseCredentials(); a missing secret
    // replaces a rejected one (what was rejected is gone).
    void holdForCredentials(Hold reason = Hold::CredentialsRejected);
    void releaseCredentials();
    [[nodiscard]] Hold hold(const QDateTime &now) const;
    // The end of the current time hold; null for none or for a credentials hold.
    [[nodiscard]] QDateTime heldUntil() const;

    // The requests in the trailing window, ours and those recordForeign() told of, for display
    // ("requests in the last 5 minutes"). No request starts while `requests` are in it.
    [[nodiscard]] int sentInWindow(const QDateTime &now) const;
    [[nodiscard]] int requests() const { return m_requests; }
    [[nodiscard]] std::chrono::seconds window() const { return m_window; }

private:
    void refill(const QDateTime &now) const;
    [[nodiscard]] double spareReserve() const { return std::floor(m_capacity / 2.0); }

    int m_requests;
    std::chrono::seconds m_window;
    double m_capacity;
    double m_ratePerMs;
    int m_maxInFlight;
    double m_reserve;

    mutable double m_tokens;
    mutable qint64 m_refilledAt = 0; // ms since epoch
    int m_inFlight = 0;
    qint64 m_lastSentMs = 0;

    // From the server's headers: at most m_hintLeft more requests until the next answer, at
    // least m_spreadMs apart until m_spreadUntil; after that, one at a time.
    bool m_hinted = false;
    qint64 m_spreadMs = 0;
    int m_hintLeft = 0;
    QDateTime m_spreadUntil;

    Hold m_credentialsHold = Hold::None;
    Hold m_timeHold = Hold::None;
    QDateTime m_timeHoldUntil;

    mutable std::deque<qint64> m_sent; // ms since epoch, trailing window only, oldest first
};

} // namespace rw
