#include "ApiPaths.h"

#include "DomainName.h"

#include <QUrl>

using namespace Qt::StringLiterals;

namespace rw {

QString AccountRef::registrarPath() const
{
    return u"/accounts/%1/%2"_s.arg(id, sandbox ? u"registrar-sandbox"_s : u"registrar"_s);
}

QString AccountRef::idProblem(const QString &id)
{
    if (id.isEmpty())
        return u"the account ID is empty"_s;
    if (id.size() > 32)
        return u"the account ID is longer than 32 characters"_s;
    for (const QChar c : id) {
        if (!(c.isLetterOrNumber() && c.unicode() < 0x80))
            return u"the account ID may contain only letters and digits (Cloudflare shows it as "
                   u"32 hexadecimal characters)"_s;
    }
    return {};
}

QString registrationsPath(const AccountRef &account)
{
    return account.registrarPath() + u"/registrations"_s;
}

QString registrationPath(const AccountRef &account, const QString &domain)
{
    return registrationsPath(account) + u'/' + domain;
}

QString WorkflowRef::statusPath() const
{
    return registrationPath(account, domain) + u'/' + statusPathSegment(kind);
}

QString statusSubject(const QString &statusLink)
{
    // ".../registrations/{domain}/{kind}-status"
    const QStringList segments = QUrl(statusLink).path().split(u'/', Qt::SkipEmptyParts);
    if (segments.size() >= 3 && segments.at(segments.size() - 3) == u"registrations") {
        if (const auto kind = kindFromStatusPathSegment(segments.last()))
            return u"%1 workflow for %2"_s.arg(kindName(*kind),
                                               domain::toUnicode(segments.at(segments.size() - 2)));
    }
    return u"workflow at %1"_s.arg(statusLink);
}

} // namespace rw
