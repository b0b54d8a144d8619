#include "registrar/RegistrationAttention.h"

using namespace Qt::StringLiterals;

namespace rw {

std::optional<RegistrationAttention> RegistrationAttention::of(const Registration &registration,
                                                               const QDateTime &now,
                                                               std::chrono::days warnBefore)
{
    using Reason = RegistrationAttention::Reason;
    const QString &status = registration.status;
    const auto because = [&](Reason reason) {
        return RegistrationAttention{reason, registration.expiresAt};
    };
    if (status == u"expired")
        return because(Reason::Expired);
    if (status == u"redemption_period")
        return because(Reason::RedemptionPeriod);
    if (status == u"pending_delete")
        return because(Reason::PendingDelete);
    if (status == u"suspended")
        return because(Reason::Suspended);
    // Pending registrations and transfers are workflows to follow, not deadlines; other
    // statuses this version does not know are not guessed at.
    if (status != u"active" || registration.autoRenew || !registration.expiresAt.isValid())
        return std::nullopt;
    // An active registration past its date is one the API has not caught up with yet: it
    // needs the operator all the more.
    if (registration.expiresAt <= now.addSecs(qint64(warnBefore.count()) * 86400))
        return because(Reason::ExpiresSoon);
    return std::nullopt;
}

} // namespace rw
