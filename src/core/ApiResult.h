#pragma once

#include "ApiError.h"
#include "Envelope.h"
#include "RateLimit.h"

#include <QUrl>

#include <optional>

namespace rw {

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

} // namespace rw
