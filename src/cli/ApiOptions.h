#pragma once

#include "common/Expected.h"
#include "net/ClientConfig.h"
#include "registrar/WorkflowRef.h"

#include <QCommandLineOption>
#include <QList>
#include <QProcessEnvironment>

class QCommandLineParser;

namespace rw::cli {

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

private:
    QCommandLineOption m_kind;
    QCommandLineOption m_account;
    QCommandLineOption m_sandbox;
    QCommandLineOption m_apiBase;
    QCommandLineOption m_timeout;
};

} // namespace rw::cli
