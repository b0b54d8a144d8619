#include "registrar/WorkflowStatus.h"

#include "common/Json.h"

using namespace Qt::StringLiterals;

namespace rw {

namespace {

QString wrongType(const QString &field, const QJsonValue &value, const QString &expected)
{
    if (value.isUndefined())
        return u"result.%1 is missing"_s.arg(field);
    return u"result.%1 is %2, not %3"_s.arg(field, json::typeName(value), expected);
}

Expected<QDateTime> readDateTime(const QJsonObject &object, const QString &field)
{
    const QJsonValue value = object.value(field);
    if (!value.isString())
        return Unexpected{wrongType(field, value, u"a date-time string"_s)};
    auto parsed = json::parseDateTime(value.toString());
    if (!parsed)
        return Unexpected{
            u"result.%1 is not an RFC 3339 date-time: \"%2\""_s.arg(field, value.toString())};
    return *parsed;
}

Expected<std::optional<WorkflowError>> readError(const QJsonObject &object)
{
    const QJsonValue value = object.value(u"error");
    if (value.isUndefined() || value.isNull())
        return std::optional<WorkflowError>{};
    if (!value.isObject())
        return Unexpected{wrongType(u"error"_s, value, u"an object or null"_s)};
    const QJsonObject error = value.toObject();
    WorkflowError parsed;
    for (const auto &[key, into] :
         {std::pair{u"code"_s, &parsed.code}, std::pair{u"message"_s, &parsed.message}}) {
        const QJsonValue field = error.value(key);
        if (field.isUndefined() || field.isNull())
            continue;
        if (!field.isString())
            return Unexpected{wrongType(u"error."_s + key, field, u"a string"_s)};
        *into = field.toString();
    }
    return std::optional<WorkflowError>{parsed};
}

} // namespace

QJsonObject WorkflowError::toJson() const
{
    return QJsonObject{{u"code"_s, code}, {u"message"_s, message}};
}

Expected<WorkflowStatus> WorkflowStatus::fromJson(const QJsonValue &result)
{
    if (!result.isObject())
        return Unexpected{u"result is %1, not an object"_s.arg(json::typeName(result))};
    const QJsonObject object = result.toObject();
    WorkflowStatus status;
    status.raw = object;

    const QJsonValue state = object.value(u"state");
    if (!state.isString())
        return Unexpected{wrongType(u"state"_s, state, u"a string"_s)};
    status.stateText = state.toString();
    status.state = stateFromName(status.stateText);

    const QJsonValue completed = object.value(u"completed");
    if (!completed.isBool())
        return Unexpected{wrongType(u"completed"_s, completed, u"a boolean"_s)};
    status.completed = completed.toBool();

    auto createdAt = readDateTime(object, u"created_at"_s);
    if (!createdAt)
        return Unexpected{createdAt.error()};
    status.createdAt = createdAt.value();
    auto updatedAt = readDateTime(object, u"updated_at"_s);
    if (!updatedAt)
        return Unexpected{updatedAt.error()};
    status.updatedAt = updatedAt.value();

    const QJsonValue links = object.value(u"links");
    if (!links.isObject())
        return Unexpected{wrongType(u"links"_s, links, u"an object"_s)};
    const QJsonValue self = links.toObject().value(u"self");
    // Blank is empty: a link of white space leads nowhere.
    if (!self.isString() || self.toString().trimmed().isEmpty())
        return Unexpected{self.isString() ? u"result.links.self is empty"_s
                                          : wrongType(u"links.self"_s, self, u"a string"_s)};
    status.selfLink = self.toString();
    const QJsonValue resource = links.toObject().value(u"resource");
    if (!resource.isUndefined() && !resource.isNull() && !resource.isString())
        return Unexpected{wrongType(u"links.resource"_s, resource, u"a string"_s)};
    status.resourceLink = resource.toString();

    const QJsonValue context = object.value(u"context");
    if (!context.isUndefined() && !context.isNull() && !context.isObject())
        return Unexpected{wrongType(u"context"_s, context, u"an object"_s)};
    status.context = context.toObject();

    auto error = readError(object);
    if (!error)
        return Unexpected{error.error()};
    status.error = error.value();

    // The spec puts domain_name in context; some documentation examples put it at the top.
    status.domainName = status.context.value(u"domain_name").toString();
    if (status.domainName.isEmpty())
        status.domainName = object.value(u"domain_name").toString();

    if (status.state == WorkflowState::Unknown)
        status.anomalies.append(u"unknown state \"%1\""_s.arg(status.stateText));
    else if (status.completed != isTerminal(status.state))
        status.anomalies.append(u"`completed` is %1 although the state is %2"_s.arg(
            status.completed ? u"true"_s : u"false"_s, status.stateText));
    if (status.state == WorkflowState::Failed && !status.error)
        status.anomalies.append(u"the workflow failed but the API gave no error"_s);
    return status;
}

QString WorkflowStatus::action() const
{
    return context.value(u"action").toString();
}

QString WorkflowStatus::confirmationSentTo() const
{
    return context.value(u"confirmation_sent_to").toString();
}

} // namespace rw
