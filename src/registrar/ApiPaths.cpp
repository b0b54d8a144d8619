#include "registrar/ApiPaths.h"

#include "registrar/DomainName.h"

#include <QUrl>

using namespace Qt::StringLiterals;

namespace rw {

QString registrationsPath(const AccountRef &account)
{
    return account.registrarPath() + u"/registrations"_s;
}

QString registrationPath(const AccountRef &account, const QString &domain)
{
    return registrationsPath(account) + u'/' + domain;
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
