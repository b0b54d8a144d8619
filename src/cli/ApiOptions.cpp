#include "cli/ApiOptions.h"

#include "common/Duration.h"
#include "registrar/DomainName.h"

#include <QCommandLineParser>
#include <QSet>

using namespace Qt::StringLiterals;

namespace rw::cli {

Expected<Credentials> credentialsFromEnvironment(const QProcessEnvironment &environment)
{
    const QString token = environment.value(u"CLOUDFLARE_API_TOKEN"_s).trimmed();
    const QString email = environment.value(u"CLOUDFLARE_EMAIL"_s).trimmed();
    const QString key = environment.value(u"CLOUDFLARE_API_KEY"_s).trimmed();
    Credentials credentials;
    if (!token.isEmpty())
        credentials = Credentials::apiToken(token);
    else if (!email.isEmpty() && !key.isEmpty())
        credentials = Credentials::globalApiKey(email, key);
    else if (!email.isEmpty())
        return Unexpected{u"CLOUDFLARE_EMAIL is set but CLOUDFLARE_API_KEY is not; set both, or "
                          u"set CLOUDFLARE_API_TOKEN instead (recommended)."_s};
    else if (!key.isEmpty())
        return Unexpected{u"CLOUDFLARE_API_KEY is set but CLOUDFLARE_EMAIL is not; set both, or "
                          u"set CLOUDFLARE_API_TOKEN instead (recommended)."_s};
    else
        return Unexpected{u"No credentials: set CLOUDFLARE_API_TOKEN (recommended: a token with "
                          u"Registrar read permission), or both CLOUDFLARE_EMAIL and "
                          u"CLOUDFLARE_API_KEY."_s};
    if (const auto problem = credentials.problem())
        return Unexpected{u"Credentials unusable: %1."_s.arg(*problem)};
    return credentials;
}

ApiOptions::ApiOptions()
    : m_kind({u"k"_s, u"kind"_s},
             u"Workflow kind for DOMAIN arguments without one: update (default), registration or "
             u"transfer-in."_s,
             u"kind"_s, u"update"_s)
    , m_account(u"account"_s, u"Cloudflare account ID (default: $CLOUDFLARE_ACCOUNT_ID)."_s,
                u"id"_s)
    , m_sandbox(u"sandbox"_s, u"Use the account's registrar sandbox."_s)
    , m_apiBase(u"api-base"_s,
                u"API base URL (default: $CLOUDFLARE_BASE_URL, else %1). HTTPS is required "
                u"except for loopback addresses."_s.arg(ApiBase::defaultUrl),
                u"url"_s)
    , m_timeout(u"timeout"_s, u"Give up on a request after this long without data (default 30s)."_s,
                u"duration"_s, u"30s"_s)
{}

void ApiOptions::addTo(QCommandLineParser &parser) const
{
    parser.addOptions({m_kind, m_account, m_sandbox, m_apiBase, m_timeout});
    parser.addPositionalArgument(
        u"domain"_s,
        u"Domain names, each optionally with its workflow kind: example.com:registration."_s,
        u"DOMAIN[:KIND]..."_s);
}

Expected<ApiOptions::Resolved, QStringList>
ApiOptions::resolve(const QCommandLineParser &parser, const QProcessEnvironment &environment,
                    Domains domains) const
{
    QStringList problems;
    Resolved resolved;

    if (auto credentials = credentialsFromEnvironment(environment))
        resolved.client.credentials = std::move(credentials).value();
    else
        problems.append(credentials.error());

    resolved.account.id = parser.isSet(m_account)
                              ? parser.value(m_account).trimmed()
                              : environment.value(u"CLOUDFLARE_ACCOUNT_ID"_s).trimmed();
    resolved.account.sandbox = parser.isSet(m_sandbox);
    if (resolved.account.id.isEmpty())
        problems.append(u"No account: give --account ID or set CLOUDFLARE_ACCOUNT_ID."_s);
    else if (const QString problem = AccountRef::idProblem(resolved.account.id); !problem.isEmpty())
        problems.append(u"Invalid account ID \"%1\": %2."_s.arg(resolved.account.id, problem));

    const QString baseText = parser.isSet(m_apiBase)
                                 ? parser.value(m_apiBase)
                                 : environment.value(u"CLOUDFLARE_BASE_URL"_s, ApiBase::defaultUrl);
    if (auto base = ApiBase::fromString(baseText))
        resolved.client.base = base.value();
    else
        problems.append(u"Invalid API base URL: %1."_s.arg(base.error()));

    resolveCommon(parser, resolved, problems, {}, domains);
    if (!problems.isEmpty())
        return Unexpected{problems};
    return resolved;
}

Expected<ApiOptions::Resolved, QStringList>
ApiOptions::resolveWith(const QCommandLineParser &parser, const QList<AccountSettings> &accounts,
                        const QString &apiBase) const
{
    QStringList problems;
    Resolved resolved;
    const auto named = [&accounts, sandbox = parser.isSet(m_sandbox)](
                           const QString &name) -> std::optional<AccountRef> {
        const QString wanted = name.trimmed();
        for (const AccountSettings &account : accounts) {
            if (account.id == wanted || account.label.compare(wanted, Qt::CaseInsensitive) == 0)
                return AccountRef{account.id, account.sandbox || sandbox};
        }
        return std::nullopt;
    };
    if (accounts.isEmpty())
        problems.append(u"No account is turned on in the desktop app's settings: add one in "
                        u"Settings → Accounts, or leave out --from-settings and use the "
                        u"environment."_s);
    if (parser.isSet(m_account)) {
        if (const auto account = named(parser.value(m_account)))
            resolved.account = *account;
        else
            problems.append(u"--account \"%1\": no account turned on in the settings is labelled "
                            u"so or has that ID."_s.arg(parser.value(m_account)));
    } else if (accounts.size() == 1) {
        resolved.account = *named(accounts.first().id);
    }

    const QString baseText = parser.isSet(m_apiBase) ? parser.value(m_apiBase) : apiBase;
    if (auto base = ApiBase::fromString(baseText))
        resolved.client.base = base.value();
    else
        problems.append(u"Invalid API base URL: %1."_s.arg(base.error()));
    resolveCommon(parser, resolved, problems, named, Domains::Required);
    if (!problems.isEmpty())
        return Unexpected{problems};
    return resolved;
}

void ApiOptions::resolveCommon(
    const QCommandLineParser &parser, Resolved &resolved, QStringList &problems,
    const std::function<std::optional<AccountRef>(const QString &)> &accountNamed,
    Domains domains) const
{
    const auto timeout = parseDuration(parser.value(m_timeout));
    if (!timeout || timeout->count() < 1)
        problems.append(u"Invalid --timeout \"%1\": give a duration such as 30s or 2m."_s.arg(
            parser.value(m_timeout)));
    else
        resolved.client.timeout = *timeout;

    if (const auto kind = kindFromName(parser.value(m_kind)))
        resolved.defaultKind = *kind;
    else
        problems.append(u"Invalid --kind \"%1\": use update, registration or transfer-in."_s.arg(
            parser.value(m_kind)));

    const QStringList arguments = parser.positionalArguments();
    if (arguments.isEmpty() && domains == Domains::Required)
        problems.append(u"No domains given: name at least one DOMAIN."_s);
    if (!arguments.isEmpty() && domains == Domains::None)
        problems.append(u"This command takes no domains: it looks through the whole account."_s);
    QSet<QString> seen;
    for (const QString &argument : arguments) {
        QString name = argument;
        AccountRef account = resolved.account;
        // A domain holds no slash: what comes before the last one names the account.
        if (const qsizetype slash = name.lastIndexOf(u'/'); slash >= 0) {
            const QString prefix = name.left(slash);
            const std::optional<AccountRef> named =
                accountNamed ? accountNamed(prefix) : std::nullopt;
            if (!named) {
                problems.append(accountNamed
                                    ? u"\"%1\": no account turned on in the settings is labelled "
                                      u"or has the ID \"%2\"."_s.arg(argument, prefix)
                                    : u"\"%1\": an account is named only with --from-settings; "
                                      u"use --account ID."_s.arg(argument));
                continue;
            }
            account = *named;
            name = name.mid(slash + 1);
        } else if (account.id.isEmpty() && accountNamed) {
            problems.append(u"\"%1\": which account? Name it as ACCOUNT/%1 (its label or ID) or "
                            u"with --account."_s.arg(argument));
            continue;
        }
        WorkflowKind kind = resolved.defaultKind;
        if (const qsizetype colon = name.lastIndexOf(u':'); colon >= 0) {
            const QString kindText = name.mid(colon + 1);
            name = name.left(colon);
            const auto parsed = kindFromName(kindText);
            if (!parsed) {
                problems.append(u"\"%1\": \"%2\" is not a workflow kind (update, registration, "
                                u"transfer-in)."_s.arg(argument, kindText));
                continue;
            }
            kind = *parsed;
        }
        const auto ascii = domain::normalise(name);
        if (!ascii) {
            problems.append(u"Invalid domain name: %1."_s.arg(ascii.error()));
            continue;
        }
        const QString identity =
            account.registrarPath() + u' ' + ascii.value() + u' ' + kindName(kind);
        if (seen.contains(identity))
            continue;
        seen.insert(identity);
        resolved.workflows.append({account, ascii.value(), kind});
    }
}

} // namespace rw::cli
