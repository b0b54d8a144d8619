#include "net/Credentials.h"

#include <QCryptographicHash>
#include <QNetworkRequest>

using namespace Qt::StringLiterals;

namespace rw {

namespace {

// Header values must be visible ASCII: anything else would corrupt or split the header.
bool isHeaderSafe(const QString &value)
{
    for (const QChar c : value) {
        if (c.unicode() <= 0x20 || c.unicode() >= 0x7f)
            return false;
    }
    return true;
}

} // namespace

Credentials Credentials::apiToken(QString token)
{
    Credentials credentials;
    credentials.m_scheme = Scheme::ApiToken;
    credentials.m_secret = std::move(token).trimmed();
    return credentials;
}

Credentials Credentials::globalApiKey(QString email, QString key)
{
    Credentials credentials;
    credentials.m_scheme = Scheme::GlobalApiKey;
    credentials.m_email = std::move(email).trimmed();
    credentials.m_secret = std::move(key).trimmed();
    return credentials;
}

std::optional<QString> Credentials::problem() const
{
    switch (m_scheme) {
    case Scheme::None:
        return u"no credentials are configured"_s;
    case Scheme::ApiToken:
        if (m_secret.isEmpty())
            return u"the API token is empty"_s;
        if (!isHeaderSafe(m_secret))
            return u"the API token contains spaces or characters that cannot be sent"_s;
        return std::nullopt;
    case Scheme::GlobalApiKey:
        if (m_email.isEmpty() || !m_email.contains(u'@'))
            return u"the account email is missing or not an email address"_s;
        if (!isHeaderSafe(m_email))
            return u"the account email contains characters that cannot be sent"_s;
        if (m_secret.isEmpty())
            return u"the Global API Key is empty"_s;
        if (!isHeaderSafe(m_secret))
            return u"the Global API Key contains spaces or characters that cannot be sent"_s;
        return std::nullopt;
    }
    Q_UNREACHABLE();
    return std::nullopt;
}

QString Credentials::describe() const
{
    switch (m_scheme) {
    case Scheme::None:
        return u"no credentials"_s;
    case Scheme::ApiToken:
        return u"API token"_s;
    case Scheme::GlobalApiKey:
        return u"Global API Key of %1"_s.arg(m_email);
    }
    Q_UNREACHABLE();
    return {};
}

QString Credentials::budgetKey() const
{
    if (m_scheme == Scheme::None)
        return {};
    QCryptographicHash hash(QCryptographicHash::Sha256);
    // Each part ends with a byte no header can hold, so that no two sets of parts run together.
    for (const QString &part : {QString::number(int(m_scheme)), m_email.toLower(), m_secret}) {
        hash.addData(part.toUtf8());
        hash.addData(QByteArrayView("\n", 1));
    }
    return QString::fromLatin1(hash.result().toHex().left(16));
}

void Credentials::applyTo(QNetworkRequest &request) const
{
    switch (m_scheme) {
    case Scheme::None:
        return;
    case Scheme::ApiToken:
        request.setRawHeader("Authorization", "Bearer " + m_secret.toLatin1());
        return;
    case Scheme::GlobalApiKey:
        request.setRawHeader("X-Auth-Email", m_email.toLatin1());
        request.setRawHeader("X-Auth-Key", m_secret.toLatin1());
        return;
    }
}

QDebug operator<<(QDebug debug, const Credentials &credentials)
{
    QDebugStateSaver saver(debug);
    debug.nospace() << "Credentials(" << credentials.describe() << ')';
    return debug;
}

} // namespace rw
