#pragma once

#include "common/Expected.h"

#include <QDateTime>
#include <QJsonObject>

namespace rw {

// The answer of `GET /user/tokens/verify`.
struct TokenStatus
{
    QString id;
    QString status;      // "active", "disabled", "expired"
    QDateTime expiresOn; // null when the token does not expire
    QDateTime notBefore;
    QJsonObject raw;

    [[nodiscard]] bool isActive() const { return status == u"active"; }
    [[nodiscard]] static Expected<TokenStatus> fromJson(const QJsonValue &result);
};

} // namespace rw
