#include "registrar/WorkflowInput.h"

#include "registrar/DomainName.h"

#include <QRegularExpression>
#include <QSet>

using namespace Qt::StringLiterals;

namespace rw {

namespace {

// ".../accounts/{id}/{registrar|registrar-sandbox}/registrations/{domain}/{kind}-status"
Expected<WorkflowRef> fromLink(const QString &text, const AccountRef &account, const ApiBase &base)
{
    const auto url = base.resolve(text);
    if (!url)
        return Unexpected{url.error()};
    static const QRegularExpression pattern(
        uR"(/accounts/([^/]+)/(registrar|registrar-sandbox)/registrations/([^/]+)/([a-z-]+-status)/?$)"_s);
    const QRegularExpressionMatch match = pattern.match(url->path(QUrl::FullyDecoded));
    if (!match.hasMatch())
        return Unexpected{u"not a workflow status link (…/registrations/DOMAIN/update-status, "
                          u"registration-status or transfer-in-status)"_s};
    const auto kind = kindFromStatusPathSegment(match.captured(4));
    if (!kind)
        return Unexpected{u"\u201c%1\u201d is not a workflow status"_s.arg(match.captured(4))};
    const QString linkAccount = match.captured(1);
    // Decoded, "a%3Fb" would be the account "a?b", whose status path asks another URL.
    if (const QString problem = AccountRef::idProblem(linkAccount); !problem.isEmpty())
        return Unexpected{problem};
    if (!account.id.isEmpty() && linkAccount != account.id)
        return Unexpected{u"it belongs to account %1, not the configured account %2"_s.arg(
            linkAccount, account.id)};
    const auto domain = domain::normalise(match.captured(3));
    if (!domain)
        return Unexpected{domain.error()};
    return WorkflowRef{{linkAccount, match.captured(2) == u"registrar-sandbox"}, *domain, *kind};
}

// A problem is shown beside the line it is about, so its reason need not name that line again
// (domain::normalise names what it checked, for callers that show nothing else).
QString withoutName(const QString &reason, const QString &name)
{
    const QString quoted = u"\u201c%1\u201d"_s.arg(name.trimmed());
    if (!reason.startsWith(quoted))
        return reason;
    QString rest = reason.mid(quoted.size());
    if (rest.startsWith(u':'))
        rest.remove(0, 1);
    return rest.trimmed();
}

Expected<WorkflowRef> fromName(const QString &text, const AccountRef &account, WorkflowKind kind)
{
    QString name = text;
    if (const qsizetype colon = text.lastIndexOf(u':'); colon > 0) {
        const auto chosen = kindFromName(QStringView(text).mid(colon + 1));
        if (!chosen)
            return Unexpected{u"\u201c%1\u201d is not a workflow kind (update, registration, "
                              u"transfer-in)"_s.arg(text.mid(colon + 1))};
        kind = *chosen;
        name = text.left(colon);
    }
    const auto domain = domain::normalise(name);
    if (!domain)
        return Unexpected{withoutName(domain.error(), name)};
    return WorkflowRef{account, *domain, kind};
}

} // namespace

WorkflowInput WorkflowInput::parse(const QString &text, const AccountRef &account,
                                   WorkflowKind kind, const ApiBase &base)
{
    WorkflowInput input;
    QSet<QString> seen;
    const auto add = [&](const QString &token) {
        const bool link = token.contains(u"://") || token.startsWith(u'/');
        auto parsed = link ? fromLink(token, account, base) : fromName(token, account, kind);
        if (!parsed) {
            input.problems.append({token, parsed.error()});
            return;
        }
        const WorkflowRef &ref = parsed.value();
        const QString identity = u"%1 %2 %3 %4"_s.arg(ref.account.id)
                                     .arg(ref.account.sandbox)
                                     .arg(ref.domain, kindName(ref.kind));
        if (seen.contains(identity)) {
            ++input.duplicates;
            return;
        }
        seen.insert(identity);
        input.workflows.append(ref);
    };
    // Spaces separate names too, but a part without a dot that makes a name with the next one
    // is one name with a space in it: "exa mple.com" is not "exa" and "mple.com", and watching
    // "mple.com" would be watching a stranger's domain.
    static const QRegularExpression separators(u"[\\s,;]+"_s);
    QStringList tokens;
    QSet<qsizetype> joined; // tokens that start a spaced name (with the next one)
    static const QRegularExpression lines(u"[\\n\\r,;]+"_s);
    const QStringList segments = text.split(lines, Qt::SkipEmptyParts);
    for (const QString &line : segments) {
        const QStringList parts = line.split(separators, Qt::SkipEmptyParts);
        for (qsizetype i = 0; i < parts.size(); ++i) {
            const QString &part = parts.at(i);
            if (i + 1 < parts.size() && !part.contains(u'.') && !part.contains(u'/') &&
                !parts.at(i + 1).contains(u'/') &&
                domain::normalise(QString(part + parts.at(i + 1))).hasValue()) {
                joined.insert(tokens.size());
                tokens.append(part + u' ' + parts.at(++i));
                continue;
            }
            tokens.append(part);
        }
    }
    for (qsizetype i = 0; i < tokens.size(); ++i) {
        if (joined.contains(i))
            input.problems.append({tokens.at(i), u"a name cannot contain a space; if these are "
                                                 u"two names, put one per line"_s});
        else
            add(tokens.at(i));
    }
    return input;
}

} // namespace rw
