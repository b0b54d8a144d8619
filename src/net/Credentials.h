#pragma once

#include <QDebug>
#include <QString>

#include <optional>

class QNetworkRequest;

namespace rw {

// How requests are authenticated: an API token (preferred) or email + Global API Key.
// The secret never leaves this object except into request headers and the secret store.
class Credentials
{
    Q_GADGET
public:
    enum class Scheme {
        None,
        ApiToken,
        GlobalApiKey,
    };
    Q_ENUM(Scheme)

    Credentials() = default;
    [[nodiscard]] static Credentials apiToken(QString token);
    [[nodiscard]] static Credentials globalApiKey(QString email, QString key);

    [[nodiscard]] Scheme scheme() const { return m_scheme; }
    [[nodiscard]] bool isEmpty() const { return m_scheme == Scheme::None; }
    [[nodiscard]] const QString &token() const { return m_secret; } // the token or the key
    [[nodiscard]] const QString &email() const { return m_email; }

    // Why these credentials cannot be sent, or nothing when they can.
    [[nodiscard]] std::optional<QString> problem() const;
    // "API token" or "Global API Key of ops@example.com": safe to show and log.
    [[nodiscard]] QString describe() const;
    // Names the Cloudflare user these credentials act as, for its rate limit, which every
    // account signed in with them shares: the same for the same token, or the same email and
    // key. A digest, cut short: the secret cannot be had back from it. Empty without credentials.
    [[nodiscard]] QString budgetKey() const;
    void applyTo(QNetworkRequest &request) const;

private:
    Scheme m_scheme = Scheme::None;
    QString m_secret;
    QString m_email;
};

// Prints the description only: a secret never reaches a log through QDebug.
QDebug operator<<(QDebug debug, const Credentials &credentials);

} // namespace rw
