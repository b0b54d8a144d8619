#include "ApiJob.h"

#include "Logging.h"

#include <QElapsedTimer>
#include <QNetworkAccessManager>
#include <QNetworkRequest>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace rw {

ApiJob::ApiJob(Setup setup, QObject *parent)
    : QObject(parent)
    , m_setup(std::move(setup))
    , m_subject(m_setup.subject)
{}

ApiJob::~ApiJob()
{
    if (m_reply) {
        m_abortReason = AbortReason::Cancelled;
        m_reply->disconnect(this);
        m_reply->abort();
        m_reply->deleteLater();
    }
}

void ApiJob::start(QNetworkAccessManager *manager, const QNetworkRequest &request,
                   const QByteArray &verb, const QByteArray &body)
{
    ResponseInfo &response = mutableOutcome().response;
    response.url = request.url();
    response.sent = true;
    m_reply = body.isEmpty() && verb == "GET" ? manager->get(request)
                                              : manager->sendCustomRequest(request, verb, body);
    qCDebug(lcNet) << verb.constData() << request.url().toDisplayString();
    connect(m_reply, &QNetworkReply::metaDataChanged, this, &ApiJob::onMetaDataChanged);
    connect(m_reply, &QNetworkReply::readyRead, this, &ApiJob::onReadyRead);
    connect(m_reply, &QNetworkReply::redirected, this, &ApiJob::onRedirected);
    connect(m_reply, &QNetworkReply::finished, this, &ApiJob::onFinished);
}

void ApiJob::refuse(ApiError error)
{
    mutableOutcome().response.sent = false;
    qCInfo(lcNet).noquote() << "not sent:" << error.message;
    QTimer::singleShot(0, this, [this, error = std::move(error)] { finish(error); });
}

void ApiJob::cancel()
{
    if (m_finished)
        return;
    m_finished = true; // no finished() from here on
    if (m_reply) {
        m_abortReason = AbortReason::Cancelled;
        m_reply->abort();
    }
    deleteLater();
}

void ApiJob::onMetaDataChanged()
{
    const QVariant length = m_reply->header(QNetworkRequest::ContentLengthHeader);
    if (length.isValid() && length.toLongLong() > maxBodyBytes) {
        m_abortReason = AbortReason::TooLarge;
        m_reply->abort();
    }
}

void ApiJob::onReadyRead()
{
    QByteArray &body = mutableOutcome().response.body;
    body += m_reply->read(maxBodyBytes + 1 - body.size());
    if (body.size() > maxBodyBytes) {
        body.truncate(maxBodyBytes);
        m_abortReason = AbortReason::TooLarge;
        m_reply->abort();
    }
}

void ApiJob::onRedirected(const QUrl &target)
{
    // Credentials must never leave the configured origin, not even through a redirect.
    if (m_setup.base.isSameOrigin(target)) {
        emit m_reply->redirectAllowed();
        return;
    }
    m_refusedRedirect = target;
    m_abortReason = AbortReason::RefusedRedirect;
    m_reply->abort();
}

void ApiJob::onFinished()
{
    if (m_abortReason == AbortReason::None && m_reply->isOpen())
        onReadyRead(); // whatever arrived with the last packet
    QNetworkReply *reply = m_reply;
    m_reply.clear();
    reply->deleteLater();

    ApiOutcome &outcome = mutableOutcome();
    ResponseInfo &response = outcome.response;
    response.receivedAt = m_setup.clock->now();
    const QVariant status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    response.httpStatus = status.isValid() ? status.toInt() : 0;
    response.headers = reply->rawHeaderPairs();
    response.rateLimit = RateLimitInfo::fromHeaders(response.headers, response.receivedAt);
    const QString host = response.url.host();

    switch (m_abortReason) {
    case AbortReason::Cancelled:
        return;
    case AbortReason::TooLarge:
        finish(ApiError::badPayload(u"the body is larger than %1 KiB"_s.arg(maxBodyBytes / 1024),
                                    m_subject, response.httpStatus));
        return;
    case AbortReason::RefusedRedirect:
        finish(ApiError::refusedOrigin(
            u"the API redirected to %1, outside the configured API origin %2; the redirect was "
            u"not followed"_s.arg(m_refusedRedirect.toDisplayString(), m_setup.base.origin()),
            response.httpStatus));
        return;
    case AbortReason::None:
        break;
    }

    const QNetworkReply::NetworkError code = reply->error();
    // Qt reports HTTP error statuses as network errors too; those are answered below. What is
    // left are failures that happened before (or while) an answer arrived.
    const bool transportFailure =
        code != QNetworkReply::NoError &&
        (response.httpStatus == 0 || code == QNetworkReply::OperationCanceledError ||
         code == QNetworkReply::RemoteHostClosedError);
    if (transportFailure) {
        // On Qt 6.4 the transfer timeout finishes the reply as "canceled"; every abort of our
        // own has a reason recorded above, so a bare cancel here is the timeout.
        finish(ApiError::fromNetworkError(code, reply->errorString(), host, m_setup.timeout));
        return;
    }
    if (response.httpStatus < 200 || response.httpStatus >= 300) {
        finish(interpretHttpAnswer());
        return;
    }
    auto envelope = Envelope::parse(response.body);
    if (!envelope) {
        const QString type = reply->header(QNetworkRequest::ContentTypeHeader).toString();
        finish(ApiError::badPayload(type.isEmpty() || type.startsWith(u"application/json")
                                        ? envelope.error()
                                        : u"%1 (Content-Type %2)"_s.arg(envelope.error(), type),
                                    m_subject, response.httpStatus));
        return;
    }
    outcome.envelope = envelope.value();
    if (!outcome.envelope.success) {
        finish(ApiError::badPayload(u"HTTP %1 with `success` false (%2)"_s.arg(response.httpStatus)
                                        .arg(outcome.envelope.errorSummary()),
                                    m_subject, response.httpStatus));
        return;
    }
    if (auto problem = readResult(outcome.envelope)) {
        finish(ApiError::badPayload(*problem, m_subject, response.httpStatus));
        return;
    }
    finish(std::nullopt);
}

ApiError ApiJob::interpretHttpAnswer()
{
    ApiOutcome &outcome = mutableOutcome();
    outcome.envelope = Envelope::parseLenient(outcome.response.body);
    return ApiError::fromHttpAnswer(outcome.response.httpStatus, outcome.envelope,
                                    outcome.response.rateLimit.retryAfter, m_subject);
}

void ApiJob::finish(std::optional<ApiError> error)
{
    if (m_finished)
        return;
    m_finished = true;
    ApiOutcome &outcome = mutableOutcome();
    outcome.error = std::move(error);
    if (outcome.error)
        qCInfo(lcNet).noquote() << outcome.response.url.toDisplayString()
                                << "failed:" << outcome.error->kindName() << outcome.error->message;
    else
        qCDebug(lcNet).noquote() << outcome.response.url.toDisplayString() << "->"
                                 << outcome.response.httpStatus;
    emit finished();
    deleteLater();
}

} // namespace rw
