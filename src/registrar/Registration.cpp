#include "registrar/Registration.h"

#include "common/Json.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace rw {

std::optional<WorkflowKind> Registration::workflowInFlight() const
{
    if (status == u"registration_pending")
        return WorkflowKind::Registration;
    if (status == u"transfer_pending")
        return WorkflowKind::TransferIn;
    return std::nullopt;
}

Expected<Registration> Registration::fromJson(const QJsonValue &value)
{
    if (!value.isObject())
        return Unexpected{u"registration is %1, not an object"_s.arg(json::typeName(value))};
    const QJsonObject object = value.toObject();
    Registration registration;
    registration.raw = object;
    const QJsonValue name = object.value(u"domain_name");
    if (!name.isString() || name.toString().isEmpty())
        return Unexpected{u"registration has no domain_name"_s};
    registration.domainName = name.toString();
    registration.status = object.value(u"status").toString();
    for (const auto &[key, into] : {std::pair{u"created_at"_s, &registration.createdAt},
                                    std::pair{u"expires_at"_s, &registration.expiresAt}}) {
        const QJsonValue field = object.value(key);
        if (field.isNull() || field.isUndefined())
            continue;
        auto parsed = json::parseDateTime(field.toString());
        if (!parsed)
            return Unexpected{u"registration %1: %2 is not an RFC 3339 date-time"_s.arg(
                registration.domainName, key)};
        *into = *parsed;
    }
    registration.autoRenew = object.value(u"auto_renew").toBool();
    registration.locked = object.value(u"locked").toBool();
    // The official spec lists `false`; the wire carries "off". Accept both.
    const QJsonValue privacy = object.value(u"privacy_mode");
    registration.privacyMode =
        privacy.isBool() ? (privacy.toBool() ? u"redaction"_s : u"off"_s) : privacy.toString();
    return registration;
}

Expected<RegistrationPage> RegistrationPage::fromJson(const QJsonValue &result,
                                                      const QJsonObject &resultInfo)
{
    if (!result.isArray())
        return Unexpected{u"result is %1, not an array"_s.arg(json::typeName(result))};
    RegistrationPage page;
    const QJsonArray items = result.toArray();
    for (const QJsonValue &item : items) {
        auto registration = Registration::fromJson(item);
        if (!registration)
            return Unexpected{registration.error()};
        page.registrations.append(registration.value());
    }
    const QJsonValue cursor = resultInfo.value(u"cursor");
    if (!cursor.isUndefined() && !cursor.isNull() && !cursor.isString())
        return Unexpected{u"result_info.cursor is %1, not a string"_s.arg(json::typeName(cursor))};
    page.cursor = cursor.toString();
    page.perPage = resultInfo.value(u"per_page").toInt();
    return page;
}

} // namespace rw
