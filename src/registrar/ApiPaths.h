#pragma once

#include "registrar/WorkflowRef.h"

#include <QString>

namespace rw {

[[nodiscard]] QString registrationsPath(const AccountRef &account);
[[nodiscard]] QString registrationPath(const AccountRef &account, const QString &domain);
// What a status link asks about, for sentences ("Cloudflare has no %1"): "update workflow for
// example.com" when the link has the usual shape, else "workflow at <link>".
[[nodiscard]] QString statusSubject(const QString &statusLink);

} // namespace rw
