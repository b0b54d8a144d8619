#pragma once

#include "net/Envelope.h"

#include <QNetworkReply>
#include <QObject>

#include <chrono>

namespace rw {

struct ApiError
{
    Q_GADGET
public:
    // Every way a request can fail. Callers switch on it; it is closed on purpose.
    enum class Kind {
        Network,       // no HTTP answer: refused, reset, DNS, proxy
        Timeout,       // no answer within the transfer timeout
        Tls,           // the secure connection could not be set up
        Unauthorized,  // 401: credentials rejected
        Forbidden,     // 403: credentials valid but not allowed here
        NoWorkflow,    // "No workflow found for <domain>"
        NotFound,      // any other 404
        RateLimited,   // 429: wait `retryAfter`
        Server,        // 5xx
        Rejected,      // any other 4xx: the API refused the request itself
        BadPayload,    // an answer we could not read: not JSON, wrong shape, too large
        RefusedOrigin, // not sent (or redirect not followed): not the configured API origin
    };
    Q_ENUM(Kind)

    Kind kind = Kind::Network;
    int httpStatus = 0;                 // 0 when no HTTP answer was received
    QList<ApiMessage> apiErrors;        // the envelope's errors[], when there was one
    QString message;                    // a sentence an operator understands; never holds a secret
    std::chrono::seconds retryAfter{0}; // RateLimited: how long to stay away; Server: a hint

    // "no_workflow", "rate_limited", ...: stable names for JSON output and storage.
    [[nodiscard]] static QString kindName(Kind kind);
    [[nodiscard]] static std::optional<Kind> kindFromName(QStringView name);
    [[nodiscard]] QString kindName() const { return kindName(kind); }
    // 401 and 403: the account's credentials need the operator, not a retry.
    [[nodiscard]] bool isCredentialProblem() const
    {
        return kind == Kind::Unauthorized || kind == Kind::Forbidden;
    }
    // No HTTP answer came back (refused, reset, DNS, timeout, TLS): the API could not be
    // reached. A request refused before it left is not one of these.
    [[nodiscard]] bool isUnanswered() const
    {
        return httpStatus == 0 &&
               (kind == Kind::Network || kind == Kind::Timeout || kind == Kind::Tls);
    }
    [[nodiscard]] QJsonObject toJson() const;
    // Reads what toJson() wrote (for the store); nothing when it is not such an object.
    [[nodiscard]] static std::optional<ApiError> fromJson(const QJsonObject &object);

    // The classification, in one place. `subject` names what was asked for, for sentences:
    // "the update workflow of example.com".
    [[nodiscard]] static ApiError fromHttpAnswer(int httpStatus, const Envelope &envelope,
                                                 std::optional<std::chrono::seconds> retryAfter,
                                                 const QString &subject);
    [[nodiscard]] static ApiError fromNetworkError(QNetworkReply::NetworkError code,
                                                   const QString &detail, const QString &host,
                                                   std::chrono::milliseconds timeout);
    [[nodiscard]] static ApiError badPayload(const QString &detail, const QString &subject,
                                             int httpStatus);
    [[nodiscard]] static ApiError refusedOrigin(const QString &detail, int httpStatus = 0);
};

using ApiErrorKind = ApiError::Kind;

// The default wait when a 429 carries no usable Retry-After: Cloudflare blocks for 5 minutes.
inline constexpr std::chrono::seconds defaultRateLimitWait{300};

} // namespace rw
