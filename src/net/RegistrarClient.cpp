#include "net/RegistrarClient.h"

#include "registrar/ApiPaths.h"
#include "registrar/DomainName.h"

#include <QCoreApplication>
#include <QNetworkAccessManager>
#include <QNetworkRequest>

using namespace Qt::StringLiterals;

namespace rw {

RegistrarClient::RegistrarClient(QNetworkAccessManager *network, ClientConfig config,
                                 const Clock &clock, QObject *parent)
    : QObject(parent)
    , m_network(network)
    , m_config(std::move(config))
    , m_clock(clock)
{}

QString RegistrarClient::defaultUserAgent()
{
    const QString version = QCoreApplication::applicationVersion();
    return u"RegistrarWatch/%1"_s.arg(version.isEmpty() ? u"dev"_s : version);
}

template<typename T>
ApiCall<T> *RegistrarClient::send(const QString &pathOrUrl, const QString &subject,
                                  typename ApiCall<T>::Reader reader)
{
    auto *call = new ApiCall<T>({m_config.base, &m_clock, m_config.timeout, subject},
                                std::move(reader), this);
    const auto url = m_config.base.resolve(pathOrUrl);
    if (!url) {
        call->refuse(ApiError::refusedOrigin(url.error()));
        return call;
    }
    if (const auto problem = m_config.credentials.problem()) {
        ApiError error;
        error.kind = ApiErrorKind::Unauthorized;
        error.message = u"Not sent: %1."_s.arg(*problem);
        call->refuse(error);
        return call;
    }
    QNetworkRequest request(url.value());
    request.setRawHeader("Accept", "application/json");
    request.setHeader(QNetworkRequest::UserAgentHeader,
                      m_config.userAgent.isEmpty() ? defaultUserAgent() : m_config.userAgent);
    request.setTransferTimeout(int(m_config.timeout.count()));
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::UserVerifiedRedirectPolicy);
    request.setMaximumRedirectsAllowed(5);
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute,
                         QNetworkRequest::AlwaysNetwork);
    m_config.credentials.applyTo(request);
    call->start(m_network, request, "GET", {});
    if (m_sent)
        m_sent();
    return call;
}

StatusCall *RegistrarClient::fetchStatus(const WorkflowRef &workflow)
{
    return fetchStatusLink(workflow.statusPath());
}

StatusCall *RegistrarClient::fetchStatusLink(const QString &selfLink)
{
    return send<WorkflowStatus>(selfLink, statusSubject(selfLink), [](const Envelope &envelope) {
        return WorkflowStatus::fromJson(envelope.result);
    });
}

TokenCall *RegistrarClient::verifyToken(const std::optional<AccountRef> &accountOwner)
{
    const QString path = accountOwner ? u"/accounts/%1/tokens/verify"_s.arg(accountOwner->id)
                                      : u"/user/tokens/verify"_s;
    return send<TokenStatus>(path, u"the API token"_s, [](const Envelope &envelope) {
        return TokenStatus::fromJson(envelope.result);
    });
}

RegistrationPageCall *RegistrarClient::fetchRegistrationPage(const AccountRef &account,
                                                             const QString &cursor, int perPage)
{
    // The cursor is opaque (base64 in practice): encode every reserved character, '+' included.
    QString path = registrationsPath(account) + u"?per_page=%1"_s.arg(std::clamp(perPage, 1, 50));
    if (!cursor.isEmpty())
        path += u"&cursor="_s + QString::fromLatin1(QUrl::toPercentEncoding(cursor));
    return send<RegistrationPage>(
        path, u"the registrations of account %1"_s.arg(account.id), [](const Envelope &envelope) {
            return RegistrationPage::fromJson(envelope.result, envelope.resultInfo);
        });
}

} // namespace rw
