#pragma once

#include "common/Expected.h"

#include <QUrl>

namespace rw {

// The configured API base URL, and the one rule about where credentials may go: to this
// origin (scheme, host and port) and nowhere else. HTTPS is required except for loopback hosts.
class ApiBase
{
public:
    static inline const QString defaultUrl = QStringLiteral("https://api.cloudflare.com/client/v4");

    [[nodiscard]] static Expected<ApiBase> fromString(const QString &text);
    [[nodiscard]] static Expected<ApiBase> fromUrl(const QUrl &url);
    [[nodiscard]] static bool isLoopbackHost(const QString &host);

    [[nodiscard]] const QUrl &url() const { return m_url; }
    [[nodiscard]] QString origin() const; // "https://api.cloudflare.com"
    [[nodiscard]] bool isSameOrigin(const QUrl &url) const;

    // A path relative to the base ("/accounts/.../update-status", as in `links.self`), or a full
    // URL on the same origin. Anything naming another scheme, host or port is refused.
    [[nodiscard]] Expected<QUrl> resolve(const QString &pathOrUrl) const;

private:
    explicit ApiBase(QUrl url)
        : m_url(std::move(url))
    {}
    QUrl m_url; // normalised: no trailing slash, no query, no fragment
};

} // namespace rw
