#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QPair>

#include <chrono>
#include <optional>

namespace rw {

using HttpHeaders = QList<QPair<QByteArray, QByteArray>>;

// What a response said about the account's request budget, in whichever header form it used:
// `Ratelimit: "default";r=50;t=30` with `Ratelimit-Policy: "burst";q=1200;w=300`, the older
// `RateLimit-Limit/-Remaining/-Reset`, or `x-ratelimit-limit/-remaining/-reset`.
struct RateLimitInfo
{
    std::optional<int> limit;                       // requests allowed per window
    std::optional<int> remaining;                   // requests left in this window
    std::optional<std::chrono::seconds> resetIn;    // until the window frees capacity
    std::optional<std::chrono::seconds> window;     // the window's length
    std::optional<std::chrono::seconds> retryAfter; // `Retry-After`, on 429 answers
    QDateTime observedAt;

    [[nodiscard]] bool isEmpty() const
    {
        return !limit && !remaining && !resetIn && !window && !retryAfter;
    }

    [[nodiscard]] static RateLimitInfo fromHeaders(const HttpHeaders &headers,
                                                   const QDateTime &now);
};

// `Retry-After` is either delay-seconds or an HTTP-date (RFC 9110 10.2.3).
[[nodiscard]] std::optional<std::chrono::seconds> parseRetryAfter(QByteArrayView value,
                                                                  const QDateTime &now);

} // namespace rw
