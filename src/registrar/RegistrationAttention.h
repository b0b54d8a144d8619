#pragma once

#include "registrar/Registration.h"

#include <QDateTime>

#include <chrono>
#include <optional>

namespace rw {

// Why a registration needs the operator although no workflow runs for it: it has lapsed or is
// about to, and nothing will renew it by itself. Found by watching a whole account (issue 11).
struct RegistrationAttention
{
    enum class Reason {
        ExpiresSoon,      // active, auto-renew off, expires within the warning period
        Expired,          // the registration period has ended
        RedemptionPeriod, // only a (paid) restore brings it back
        PendingDelete,    // it is about to be released: too late to restore
        Suspended,        // held by the registry or the registrar
    };
    Reason reason = Reason::ExpiresSoon;
    QDateTime expiresAt; // may be null when the API did not say

    // Nothing when the registration is fine or a workflow for it is in flight.
    [[nodiscard]] static std::optional<RegistrationAttention>
    of(const Registration &registration, const QDateTime &now,
       std::chrono::days warnBefore = std::chrono::days(30));

    friend bool operator==(const RegistrationAttention &, const RegistrationAttention &) = default;
};

} // namespace rw
