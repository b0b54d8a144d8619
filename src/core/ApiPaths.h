#pragma once

#include "Workflow.h"

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
};

[[nodiscard]] QString registrationsPath(const AccountRef &account);
[[nodiscard]] QString registrationPath(const AccountRef &account, const QString &domain);

} // namespace rw
