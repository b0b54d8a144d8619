#include "registrar/ApiBase.h"

#include <QHostAddress>

using namespace Qt::StringLiterals;

namespace rw {

namespace {

int effectivePort(const QUrl &url)
{
    return url.port(url.scheme() == u"https" ? 443 : url.scheme() == u"http" ? 80 : -1);
}

QString originOf(const QUrl &url)
{
    return url
        .adjusted(QUrl::RemovePath | QUrl::RemoveQuery | QUrl::RemoveFragment |
                  QUrl::RemoveUserInfo)
        .toString(QUrl::FullyEncoded);
}

} // namespace

bool ApiBase::isLoopbackHost(const QString &host)
{
    if (host.compare(u"localhost", Qt::CaseInsensitive) == 0)
        return true;
    const QHostAddress address(host);
    return !address.isNull() && address.isLoopback();
}

Expected<ApiBase> ApiBase::fromString(const QString &text)
{
    const QUrl url(text.trimmed(), QUrl::StrictMode);
    if (!url.isValid())
        return Unexpected{u"\"%1\" is not a valid URL: %2"_s.arg(text, url.errorString())};
    return fromUrl(url);
}

Expected<ApiBase> ApiBase::fromUrl(const QUrl &url)
{
    const QString shown = url.toDisplayString();
    if (!url.isValid() || url.host().isEmpty())
        return Unexpected{u"\"%1\" is not an absolute URL with a host"_s.arg(shown)};
    const QString scheme = url.scheme().toLower();
    if (scheme != u"https" && scheme != u"http")
        return Unexpected{u"\"%1\" must use https"_s.arg(shown)};
    if (scheme == u"http" && !isLoopbackHost(url.host()))
        return Unexpected{u"\"%1\" must use https: plain http is allowed only for loopback "
                          u"addresses (127.0.0.1, ::1, localhost)"_s.arg(shown)};
    if (!url.userInfo().isEmpty())
        return Unexpected{u"the API base URL must not carry a user name or password"_s};
    if (url.hasQuery() || url.hasFragment())
        return Unexpected{u"\"%1\" must not have a query or fragment"_s.arg(shown)};
    QUrl normalised = url.adjusted(QUrl::StripTrailingSlash | QUrl::NormalizePathSegments);
    if (normalised.path() == u"/")
        normalised.setPath(QString()); // the API at the root of its host
    normalised.setScheme(scheme);
    normalised.setHost(url.host().toLower());
    return ApiBase(normalised);
}

QString ApiBase::origin() const
{
    return originOf(m_url);
}

bool ApiBase::isSameOrigin(const QUrl &url) const
{
    return url.scheme().compare(m_url.scheme(), Qt::CaseInsensitive) == 0 &&
           url.host().compare(m_url.host(), Qt::CaseInsensitive) == 0 &&
           effectivePort(url) == effectivePort(m_url);
}

Expected<QUrl> ApiBase::resolve(const QString &pathOrUrl) const
{
    const QString text = pathOrUrl.trimmed();
    if (text.isEmpty())
        return Unexpected{u"the link is empty"_s};
    QUrl link(text, QUrl::StrictMode);
    if (!link.isValid())
        return Unexpected{u"\"%1\" is not a valid link: %2"_s.arg(text, link.errorString())};

    QUrl resolved;
    if (!link.scheme().isEmpty() || !link.host().isEmpty()) {
        // A full URL (or "//host/..."): it must name exactly our origin.
        if (link.scheme().isEmpty())
            link.setScheme(m_url.scheme());
        if (!isSameOrigin(link) || !link.userInfo().isEmpty())
            return Unexpected{u"refused to send credentials to %1: it is not the configured API "
                              u"origin %2, so no request was sent"_s.arg(originOf(link), origin())};
        resolved = link;
    } else {
        // A path relative to the API base; tolerate one that already includes the base path.
        const QString basePath = m_url.path();
        QString path = link.path();
        if (!path.startsWith(u'/'))
            path.prepend(u'/');
        if (!basePath.isEmpty() && !path.startsWith(basePath + u'/'))
            path = basePath + path;
        resolved = m_url;
        resolved.setPath(path);
        resolved.setQuery(link.query(QUrl::FullyEncoded), QUrl::StrictMode);
    }
    resolved = resolved.adjusted(QUrl::NormalizePathSegments | QUrl::RemoveFragment);
    const QString basePath = m_url.path();
    if (!basePath.isEmpty() && !resolved.path().startsWith(basePath + u'/'))
        return Unexpected{u"\"%1\" leads outside the API base %2, so no request was sent"_s.arg(
            text, m_url.toDisplayString())};
    return resolved;
}

} // namespace rw
