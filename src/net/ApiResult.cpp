#include "net/ApiResult.h"

using namespace Qt::StringLiterals;

namespace rw {

std::optional<ApiError>
readAnswer(ApiOutcome &outcome, const QString &contentType, const QString &subject,
           const std::function<std::optional<QString>(const Envelope &)> &readResult)
{
    const ResponseInfo &response = outcome.response;
    if (response.httpStatus < 200 || response.httpStatus >= 300) {
        outcome.envelope = Envelope::parseLenient(response.body);
        return ApiError::fromHttpAnswer(response.httpStatus, outcome.envelope,
                                        response.rateLimit.retryAfter, subject);
    }
    if (response.body.size() > maxAnswerBytes)
        return ApiError::badPayload(u"the body is larger than %1 KiB"_s.arg(maxAnswerBytes / 1024),
                                    subject, response.httpStatus);
    auto envelope = Envelope::parse(response.body);
    if (!envelope) {
        const bool json = contentType.isEmpty() || contentType.startsWith(u"application/json");
        return ApiError::badPayload(
            json ? envelope.error() : u"%1 (Content-Type %2)"_s.arg(envelope.error(), contentType),
            subject, response.httpStatus);
    }
    outcome.envelope = envelope.value();
    if (!outcome.envelope.success) {
        ApiError error =
            ApiError::badPayload(u"HTTP %1 with `success` false (%2)"_s.arg(response.httpStatus)
                                     .arg(outcome.envelope.errorSummary()),
                                 subject, response.httpStatus);
        error.apiErrors = outcome.envelope.errors;
        return error;
    }
    if (!readResult)
        return std::nullopt;
    if (auto problem = readResult(outcome.envelope))
        return ApiError::badPayload(*problem, subject, response.httpStatus);
    return std::nullopt;
}

} // namespace rw
