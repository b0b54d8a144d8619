#pragma once

#include "common/Expected.h"
#include "net/ClientConfig.h"
#include "registrar/WorkflowRef.h"
#include "settings/AppSettings.h"

#include <QCommandLineOption>
#include <QList>
#include <QProcessEnvironment>

#include <functional>
#include <optional>

class QCommandLineParser;

namespace rw::cli {

// What `watch`, `status` and `serve` (an account that names no secret of its own) sign in
// with: CLOUDFLARE_API_TOKEN, else CLOUDFLARE_EMAIL + CLOUDFLARE_API_KEY. The error is a
// sentence naming the variables, never their values.
[[nodiscard]] Expected<Credentials>
credentialsFromEnvironment(const QProcessEnvironment &environment);

// The options and environment variables every API subcommand shares: credentials from
// CLOUDFLARE_API_TOKEN or CLOUDFLARE_EMAIL + CLOUDFLARE_API_KEY, the account from --account or
// CLOUDFLARE_ACCOUNT_ID, the base URL from --api-base or CLOUDFLARE_BASE_URL.
class ApiOptions
{
public:
    ApiOptions();
    void addTo(QCommandLineParser &parser) const;

    struct Resolved
    {
        ClientConfig client;
        AccountRef account;
        WorkflowKind defaultKind = WorkflowKind::Update;
        QList<WorkflowRef> workflows; // from DOMAIN[:KIND] arguments, checked and de-duplicated
    };
    // Whether the command names workflows (DOMAIN[:KIND] arguments) or works on the account.
    enum class Domains {
        Required,
        None
    };
    // Every problem found, each a sentence saying what is missing or wrong.
    [[nodiscard]] Expected<Resolved, QStringList>
    resolve(const QCommandLineParser &parser, const QProcessEnvironment &environment,
            Domains domains = Domains::Required) const;
    // The same with the desktop app's accounts (those turned on) instead of the environment:
    // no credentials (each account's are in its secret store), the base from the settings
    // unless --api-base, and each DOMAIN in the account an ACCOUNT/ prefix names (label or ID),
    // else the one --account names, else the only account turned on.
    [[nodiscard]] Expected<Resolved, QStringList>
    resolveWith(const QCommandLineParser &parser, const QList<AccountSettings> &accounts,
                const QString &apiBase) const;

private:
    // --kind, --timeout and the DOMAIN arguments, each in `account` unless `accountNamed` finds
    // another for its ACCOUNT/ prefix (none: every prefix is a problem).
    void
    resolveCommon(const QCommandLineParser &parser, Resolved &resolved, QStringList &problems,
                  const std::function<std::optional<AccountRef>(const QString &)> &accountNamed,
                  Domains domains) const;

    QCommandLineOption m_kind;
    QCommandLineOption m_account;
    QCommandLineOption m_sandbox;
    QCommandLineOption m_apiBase;
    QCommandLineOption m_timeout;
};

} // namespace rw::cli
