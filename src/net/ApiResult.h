#pragma once

#include "net/ApiError.h"
#include "net/Envelope.h"
#include "net/RateLimit.h"

#include <QUrl>

#include <functional>
#include <optional>

namespace rw {

// The largest answer read: the API's answers are a few KiB; anything bigger is not one of them.
inline constexpr qint64 maxAnswerBytes = 1024 * 1024;

// What came back on the wire, kept so that the details of every answer can be shown exactly.
struct ResponseInfo
{
    QUrl url;           // the URL asked for; URLs never carry credentials
    bool sent = false;  // false when the request was refused before sending
    int httpStatus = 0; // 0 when no HTTP answer arrived
    HttpHeaders headers;
    QByteArray body;         // as received, at most the body size limit
    RateLimitInfo rateLimit; // read from every answer, errors included
    QDateTime receivedAt;
};

// Everything but the typed value: the error, if any, and what the server said.
struct ApiOutcome
{
    std::optional<ApiError> error;
    Envelope envelope;
    ResponseInfo response;

    [[nodiscard]] bool ok() const { return !error; }
};

template<typename T>
struct ApiResult : ApiOutcome
{
    std::optional<T> value; // set exactly when ok()
};

// What a complete HTTP answer means, in one place for every caller: fills outcome.envelope and
// returns the error, if any. `outcome.response` must hold the status, headers and body; a
// successful answer's `result` is handed to readResult, which says why it could not be read.
[[nodiscard]] std::optional<ApiError>
readAnswer(ApiOutcome &outcome, const QString &contentType, const QString &subject,
           const std::function<std::optional<QString>(const Envelope &)> &readResult);

} // namespace rw
