#include "registrar/TokenStatus.h"

#include "common/Json.h"

using namespace Qt::StringLiterals;

namespace rw {

Expected<TokenStatus> TokenStatus::fromJson(const QJsonValue &result)
{
    if (!result.isObject())
        return Unexpected{u"result is %1, not an object"_s.arg(json::typeName(result))};
    const QJsonObject object = result.toObject();
    TokenStatus token;
    token.raw = object;
    const QJsonValue status = object.value(u"status");
    if (!status.isString())
        return Unexpected{u"result.status is %1, not a string"_s.arg(json::typeName(status))};
    token.status = status.toString();
    token.id = object.value(u"id").toString();
    for (const auto &[key, into] : {std::pair{u"expires_on"_s, &token.expiresOn},
                                    std::pair{u"not_before"_s, &token.notBefore}}) {
        const QJsonValue field = object.value(key);
        if (field.isNull() || field.isUndefined())
            continue;
        auto parsed = json::parseDateTime(field.toString());
        if (!parsed)
            return Unexpected{u"result.%1 is not an RFC 3339 date-time"_s.arg(key)};
        *into = *parsed;
    }
    return token;
}

} // namespace rw
