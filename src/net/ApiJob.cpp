#include "net/ApiJob.h"

#include "common/Logging.h"

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
    // The transfer timeout only notices silence; this bounds the whole exchange, so a server
    // that drips a byte now and then cannot hold a request for ever.
    m_deadline.setSingleShot(true);
    connect(&m_deadline, &QTimer::timeout, this, [this] {
        if (!m_reply)
            return;
        m_abortReason = AbortReason::TimedOut;
        m_reply->abort();
    });
    m_deadline.start(int(m_setup.timeout.count()));
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
    if (!m_reply)
        return;
    const QVariant length = m_reply->header(QNetworkRequest::ContentLengthHeader);
    if (length.isValid() && length.toLongLong() > maxBodyBytes) {
        m_abortReason = AbortReason::TooLarge;
        m_reply->abort();
    }
}

void ApiJob::onReadyRead()
{
    if (!m_reply)
        return;
    QByteArray &body = mutableOutcome().response.body;
    // Only what is there: read(n) would allocate n bytes up front, and the answer kept for a
    // workflow would hold on to that capacity (1 MiB each).
    const qint64 room = maxBodyBytes + 1 - body.size();
    body += m_reply->read(std::min(room, m_reply->bytesAvailable()));
    if (body.size() > maxBodyBytes) {
        body.truncate(maxBodyBytes);
        m_abortReason = AbortReason::TooLarge;
        m_reply->abort();
    }
}

void ApiJob::onRedirected(const QUrl &target)
{
    if (!m_reply)
        return;
    // Credentials must never leave the configured origin, not even through a redirect.
    if (m_setup.base.isSameOrigin(target)) {
        ++m_redirects;
        emit m_reply->redirectAllowed();
        return;
    }
    m_refusedRedirect = target;
    m_abortReason = AbortReason::RefusedRedirect;
    m_reply->abort();
}

void ApiJob::onFinished()
{
    if (!m_reply)
        return;
    m_deadline.stop();
    if (m_abortReason == AbortReason::None && m_reply->isOpen())
        onReadyRead(); // whatever arrived with the last packet
    QNetworkReply *reply = m_reply;
    m_reply.clear();
    reply->disconnect(this); // nothing it emits from now on concerns us
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
        if (response.httpStatus >= 200 && response.httpStatus < 300) {
            finish(
                ApiError::badPayload(u"the body is larger than %1 KiB"_s.arg(maxBodyBytes / 1024),
                                     m_subject, response.httpStatus));
        } else {
            // An error status still says what went wrong, even if its body is not worth reading.
            response.body.clear();
            finish(readAnswer(outcome, {}, m_subject, {}));
        }
        return;
    case AbortReason::TimedOut:
        finish(ApiError::fromNetworkError(QNetworkReply::OperationCanceledError, {}, host,
                                          m_setup.timeout));
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
    // (Below 200: connection, TLS, redirect and proxy errors; above: content, protocol and
    // server errors that come with an HTTP status.)
    const bool transportFailure =
        code != QNetworkReply::NoError && (response.httpStatus == 0 || int(code) < 200);
    const bool notAnAnswer =
        response.httpStatus < 200 || (response.httpStatus >= 300 && response.httpStatus < 400);
    if (!transportFailure && notAnAnswer) {
        // A redirect left unfollowed (Qt stops after the allowed number), or what Qt 6.4 reports
        // after a redirect loop (seen: status 100 and no error).
        finish(ApiError::fromNetworkError(
            QNetworkReply::TooManyRedirectsError,
            u"HTTP %1 after %2 redirects"_s.arg(response.httpStatus).arg(m_redirects), host,
            m_setup.timeout));
        return;
    }
    if (transportFailure) {
        // On Qt 6.4 the transfer timeout finishes the reply as "canceled"; every abort of our
        // own has a reason recorded above, so a bare cancel here is the timeout.
        finish(ApiError::fromNetworkError(code, reply->errorString(), host, m_setup.timeout));
        return;
    }
    finish(readAnswer(outcome, reply->header(QNetworkRequest::ContentTypeHeader).toString(),
                      m_subject,
                      [this](const Envelope &envelope) { return readResult(envelope); }));
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
