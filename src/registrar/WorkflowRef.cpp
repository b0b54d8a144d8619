#include "registrar/WorkflowRef.h"

#include "registrar/ApiPaths.h"

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

QString WorkflowRef::statusPath() const
{
    return registrationPath(account, domain) + u'/' + statusPathSegment(kind);
}

} // namespace rw
