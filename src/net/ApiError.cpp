#include "net/ApiError.h"

#include "common/Duration.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QMetaEnum>

using namespace Qt::StringLiterals;

namespace rw {

QString ApiError::kindName(Kind kind)
{
    switch (kind) {
    case ApiErrorKind::Network:
        return u"network"_s;
    case ApiErrorKind::Timeout:
        return u"timeout"_s;
    case ApiErrorKind::Tls:
        return u"tls"_s;
    case ApiErrorKind::Unauthorized:
        return u"unauthorized"_s;
    case ApiErrorKind::Forbidden:
        return u"forbidden"_s;
    case ApiErrorKind::NoWorkflow:
        return u"no_workflow"_s;
    case ApiErrorKind::NotFound:
        return u"not_found"_s;
    case ApiErrorKind::RateLimited:
        return u"rate_limited"_s;
    case ApiErrorKind::Server:
        return u"server"_s;
    case ApiErrorKind::Rejected:
        return u"rejected"_s;
    case ApiErrorKind::BadPayload:
        return u"bad_payload"_s;
    case ApiErrorKind::RefusedOrigin:
        return u"refused_origin"_s;
    }
    Q_UNREACHABLE();
    return {};
}

std::optional<ApiError::Kind> ApiError::kindFromName(QStringView name)
{
    const QMetaEnum meta = QMetaEnum::fromType<Kind>();
    for (int i = 0; i < meta.keyCount(); ++i) {
        const auto kind = Kind(meta.value(i));
        if (kindName(kind) == name)
            return kind;
    }
    return std::nullopt;
}

QJsonObject ApiError::toJson() const
{
    QJsonObject object{{u"error_kind"_s, kindName()},
                       {u"http_status"_s, httpStatus ? QJsonValue(httpStatus) : QJsonValue()},
                       {u"api_errors"_s, Envelope::toJson(apiErrors)},
                       {u"message"_s, message}};
    if (retryAfter.count() > 0)
        object.insert(u"retry_after_s"_s, qint64(retryAfter.count()));
    return object;
}

} // namespace rw

namespace rw {

std::optional<ApiError> ApiError::fromJson(const QJsonObject &object)
{
    const auto kind = kindFromName(object.value(u"error_kind").toString());
    if (!kind)
        return std::nullopt;
    ApiError error;
    error.kind = *kind;
    error.httpStatus = object.value(u"http_status").toInt();
    error.message = object.value(u"message").toString();
    error.retryAfter = std::chrono::seconds(object.value(u"retry_after_s").toInteger());
    const QJsonArray errors = object.value(u"api_errors").toArray();
    for (const QJsonValue &item : errors) {
        const QJsonObject message = item.toObject();
        error.apiErrors.append({message.value(u"code").toInt(),
                                message.value(u"message").toString(),
                                message.value(u"documentation_url").toString(),
                                message.value(u"source").toObject().value(u"pointer").toString()});
    }
    return error;
}

namespace {

// "HTTP 403: 10000: Authentication error" or "HTTP 403" when the body said nothing.
QString statusAndMessages(int httpStatus, const Envelope &envelope)
{
    const QString summary = envelope.errorSummary();
    return summary.isEmpty() ? u"HTTP %1"_s.arg(httpStatus)
                             : u"HTTP %1: %2"_s.arg(httpStatus).arg(summary);
}

bool saysNoWorkflow(const Envelope &envelope)
{
    for (const ApiMessage &error : envelope.errors) {
        if (error.message.startsWith(u"No workflow found", Qt::CaseInsensitive))
            return true;
    }
    return false;
}

} // namespace

ApiError ApiError::fromHttpAnswer(int httpStatus, const Envelope &envelope,
                                  std::optional<std::chrono::seconds> retryAfter,
                                  const QString &subject)
{
    ApiError error;
    error.httpStatus = httpStatus;
    error.apiErrors = envelope.errors;
    const QString said = statusAndMessages(httpStatus, envelope);
    // Code 10000 means both "No workflow found" and "Authentication error": the status and the
    // message tell them apart, never the code alone.
    if (httpStatus == 429) {
        error.kind = ApiErrorKind::RateLimited;
        error.retryAfter = retryAfter.value_or(defaultRateLimitWait);
        error.message = u"Cloudflare's rate limit was reached (%1); no requests for this account "
                        u"for %2."_s.arg(said, formatDuration(error.retryAfter));
    } else if (httpStatus == 401) {
        error.kind = ApiErrorKind::Unauthorized;
        error.message = u"Cloudflare rejected the credentials (%1). Check the API token, or the "
                        u"email and Global API Key."_s.arg(said);
    } else if (httpStatus == 403) {
        error.kind = ApiErrorKind::Forbidden;
        error.message = u"Cloudflare refused access (%1). The credentials may lack Registrar "
                        u"permission for this account, or the account ID is wrong."_s.arg(said);
    } else if (httpStatus >= 400 && httpStatus < 500 && saysNoWorkflow(envelope)) {
        error.kind = ApiErrorKind::NoWorkflow;
        error.message = u"Cloudflare has no %1 (%2)."_s.arg(subject, said);
    } else if (httpStatus == 404) {
        error.kind = ApiErrorKind::NotFound;
        error.message = u"Cloudflare found nothing at the address of %1 (%2). Check the account "
                        u"ID and the domain."_s.arg(subject, said);
    } else if (httpStatus >= 500) {
        error.kind = ApiErrorKind::Server;
        error.retryAfter = retryAfter.value_or(std::chrono::seconds(0)); // the server's hint
        error.message = u"Cloudflare had a server error while answering for %1 (%2); this is "
                        u"usually temporary."_s.arg(subject, said);
    } else {
        error.kind = ApiErrorKind::Rejected;
        error.message = u"Cloudflare rejected the request for %1 (%2)."_s.arg(subject, said);
    }
    return error;
}

ApiError ApiError::fromNetworkError(QNetworkReply::NetworkError code, const QString &detail,
                                    const QString &host, std::chrono::milliseconds timeout)
{
    ApiError error;
    switch (code) {
    case QNetworkReply::OperationCanceledError:
    case QNetworkReply::TimeoutError:
        error.kind = ApiErrorKind::Timeout;
        error.message = u"%1 did not answer within %2."_s.arg(
            host, formatDuration(std::chrono::duration_cast<std::chrono::seconds>(timeout)));
        break;
    case QNetworkReply::TooManyRedirectsError:
        error.kind = ApiErrorKind::Network;
        error.message = u"%1 kept redirecting the request; giving up (%2)."_s.arg(host, detail);
        break;
    case QNetworkReply::SslHandshakeFailedError:
    case QNetworkReply::UnknownNetworkError:
        if (code == QNetworkReply::SslHandshakeFailedError ||
            detail.contains(u"SSL", Qt::CaseInsensitive) ||
            detail.contains(u"TLS", Qt::CaseInsensitive)) {
            error.kind = ApiErrorKind::Tls;
            error.message = u"The secure connection to %1 failed: %2. Check the system clock and "
                            u"any proxy that inspects HTTPS."_s.arg(host, detail);
            break;
        }
        [[fallthrough]];
    default:
        error.kind = ApiErrorKind::Network;
        error.message = u"Could not reach %1: %2."_s.arg(host, detail);
        break;
    }
    return error;
}

ApiError ApiError::badPayload(const QString &detail, const QString &subject, int httpStatus)
{
    ApiError error;
    error.kind = ApiErrorKind::BadPayload;
    error.httpStatus = httpStatus;
    error.message = u"Cloudflare's answer about %1 could not be read: %2."_s.arg(subject, detail);
    return error;
}

ApiError ApiError::refusedOrigin(const QString &detail, int httpStatus)
{
    ApiError error;
    error.kind = ApiErrorKind::RefusedOrigin;
    error.httpStatus = httpStatus;
    error.message = detail.isEmpty() ? detail : detail.at(0).toUpper() + detail.mid(1) + u'.';
    return error;
}

} // namespace rw
