#pragma once

#include "registrar/Registration.h"
#include "registrar/RegistrationAttention.h"
#include "registrar/WorkflowRef.h"

#include <QDateTime>

namespace rw {

// A registration that needs the operator although no workflow runs for it (lapsed, or expiring
// with auto-renew off), as watching the whole account found it.
struct RegistrationNotice
{
    AccountRef account;
    QString domain; // ASCII form
    RegistrationAttention attention;
    Registration registration; // as the account's listing last showed it
    QDateTime foundAt;         // first seen needing the operator for this reason
    QDateTime toldAt;          // when the operator was told; null until then

    [[nodiscard]] bool sameRegistration(const RegistrationNotice &other) const
    {
        return account.id == other.account.id && account.sandbox == other.account.sandbox &&
               domain == other.domain;
    }
};

} // namespace rw
