#include "net/Envelope.h"

#include "common/Json.h"

#include <QJsonDocument>
#include <QJsonParseError>
#include <QStringList>

using namespace Qt::StringLiterals;

namespace rw {

namespace {

Expected<ApiMessage> parseMessage(const QJsonValue &value, const QString &where)
{
    if (!value.isObject())
        return Unexpected{u"%1 is %2, not an object"_s.arg(where, json::typeName(value))};
    const QJsonObject object = value.toObject();
    ApiMessage message;
    const QJsonValue code = object.value(u"code");
    if (!code.isUndefined() && !code.isDouble())
        return Unexpected{u"%1.code is %2, not a number"_s.arg(where, json::typeName(code))};
    message.code = code.toInt();
    const QJsonValue text = object.value(u"message");
    if (!text.isUndefined() && !text.isString())
        return Unexpected{u"%1.message is %2, not a string"_s.arg(where, json::typeName(text))};
    message.message = text.toString();
    message.documentationUrl = object.value(u"documentation_url").toString();
    message.sourcePointer = object.value(u"source").toObject().value(u"pointer").toString();
    return message;
}

Expected<QList<ApiMessage>> parseMessages(const QJsonObject &envelope, const QString &key)
{
    const QJsonValue value = envelope.value(key);
    if (value.isUndefined() || value.isNull())
        return QList<ApiMessage>{};
    if (!value.isArray())
        return Unexpected{u"%1 is %2, not an array"_s.arg(key, json::typeName(value))};
    QList<ApiMessage> messages;
    const QJsonArray array = value.toArray();
    for (qsizetype i = 0; i < array.size(); ++i) {
        auto message = parseMessage(array.at(i), u"%1[%2]"_s.arg(key).arg(i));
        if (!message)
            return Unexpected{message.error()};
        messages.append(message.value());
    }
    return messages;
}

Expected<QJsonObject> parseObject(const QByteArray &body)
{
    if (body.trimmed().isEmpty())
        return Unexpected{u"the body is empty"_s};
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(body, &error);
    if (error.error != QJsonParseError::NoError)
        return Unexpected{u"the body is not valid JSON (%1 at byte %2)"_s.arg(error.errorString())
                              .arg(error.offset)};
    if (!document.isObject())
        return Unexpected{u"the body is a JSON %1, not an object"_s.arg(
            document.isArray() ? u"array"_s : u"value"_s)};
    return document.object();
}

} // namespace

QJsonObject ApiMessage::toJson() const
{
    QJsonObject object{{u"code"_s, code}, {u"message"_s, message}};
    if (!documentationUrl.isEmpty())
        object.insert(u"documentation_url"_s, documentationUrl);
    if (!sourcePointer.isEmpty())
        object.insert(u"source"_s, QJsonObject{{u"pointer"_s, sourcePointer}});
    return object;
}

QString ApiMessage::toString() const
{
    QString text = code ? u"%1: %2"_s.arg(code).arg(message) : message;
    if (!sourcePointer.isEmpty())
        text += u" (at %1)"_s.arg(sourcePointer);
    return text;
}

Expected<Envelope> Envelope::parse(const QByteArray &body)
{
    auto object = parseObject(body);
    if (!object)
        return Unexpected{object.error()};
    Envelope envelope;
    const QJsonValue success = object->value(u"success");
    if (success.isUndefined())
        return Unexpected{u"the envelope has no `success`"_s};
    if (!success.isBool())
        return Unexpected{u"`success` is %1, not a boolean"_s.arg(json::typeName(success))};
    envelope.success = success.toBool();
    auto errors = parseMessages(*object, u"errors"_s);
    if (!errors)
        return Unexpected{errors.error()};
    envelope.errors = errors.value();
    auto messages = parseMessages(*object, u"messages"_s);
    if (!messages)
        return Unexpected{messages.error()};
    envelope.messages = messages.value();
    envelope.result = object->value(u"result");
    envelope.resultInfo = object->value(u"result_info").toObject();
    return envelope;
}

Envelope Envelope::parseLenient(const QByteArray &body)
{
    if (auto strict = parse(body))
        return strict.value();
    Envelope envelope;
    const auto object = parseObject(body);
    if (!object)
        return envelope;
    envelope.success = object->value(u"success").toBool();
    for (const QString &key : {u"errors"_s, u"messages"_s}) {
        QList<ApiMessage> &into = key == u"errors" ? envelope.errors : envelope.messages;
        const QJsonArray array = object->value(key).toArray();
        for (const QJsonValue &item : array) {
            if (auto message = parseMessage(item, key))
                into.append(message.value());
        }
    }
    envelope.result = object->value(u"result");
    return envelope;
}

QJsonArray Envelope::toJson(const QList<ApiMessage> &messages)
{
    QJsonArray array;
    for (const ApiMessage &message : messages)
        array.append(message.toJson());
    return array;
}

QString Envelope::errorSummary() const
{
    QStringList parts;
    for (const ApiMessage &error : errors)
        parts.append(error.toString());
    return parts.join(u"; ");
}

} // namespace rw
