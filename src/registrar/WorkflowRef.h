#pragma once

#include "registrar/Workflow.h"

#include <QHashFunctions>
#include <QString>

namespace rw {

// An account as the registrar paths name it; sandbox accounts use `/registrar-sandbox/`.
struct AccountRef
{
    QString id;
    bool sandbox = false;

    [[nodiscard]] QString registrarPath() const; // "/accounts/<id>/registrar[-sandbox]"
    // Cloudflare identifiers: up to 32 letters and digits. Returns why not, or empty when valid.
    [[nodiscard]] static QString idProblem(const QString &id);
};

// One watched workflow: (account, domain, kind).
struct WorkflowRef
{
    AccountRef account;
    QString domain; // ASCII form, see domain::normalise
    WorkflowKind kind = WorkflowKind::Update;

    [[nodiscard]] QString statusPath() const;
    friend bool operator==(const WorkflowRef &a, const WorkflowRef &b)
    {
        return a.account.id == b.account.id && a.account.sandbox == b.account.sandbox &&
               a.domain == b.domain && a.kind == b.kind;
    }
    friend size_t qHash(const WorkflowRef &workflow, size_t seed = 0)
    {
        return qHashMulti(seed, workflow.account.id, workflow.account.sandbox, workflow.domain,
                          int(workflow.kind));
    }
};

} // namespace rw
