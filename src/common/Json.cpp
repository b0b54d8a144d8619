#include "common/Json.h"

#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace rw::json {

QString typeName(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null:
        return u"null"_s;
    case QJsonValue::Bool:
        return u"boolean"_s;
    case QJsonValue::Double:
        return u"number"_s;
    case QJsonValue::String:
        return u"string"_s;
    case QJsonValue::Array:
        return u"array"_s;
    case QJsonValue::Object:
        return u"object"_s;
    case QJsonValue::Undefined:
        return u"nothing"_s;
    }
    return u"nothing"_s;
}

std::optional<QDateTime> parseDateTime(QStringView text)
{
    static const QRegularExpression rfc3339(
        uR"(^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$)"_s);
    if (!rfc3339.match(text).hasMatch())
        return std::nullopt;
    // Qt reads at most millisecond precision; drop the digits beyond it rather than fail.
    QString normalised = text.toString().toUpper();
    if (const qsizetype dot = normalised.indexOf(u'.'); dot >= 0) {
        qsizetype end = dot + 1;
        while (end < normalised.size() && normalised.at(end).isDigit())
            ++end;
        QString fraction = normalised.mid(dot + 1, end - dot - 1).left(3);
        while (fraction.size() < 3)
            fraction.append(u'0');
        normalised = normalised.left(dot + 1) + fraction + normalised.mid(end);
    }
    QDateTime parsed = QDateTime::fromString(normalised, Qt::ISODateWithMs);
    if (!parsed.isValid())
        return std::nullopt;
    return parsed.toUTC();
}

QString formatDateTime(const QDateTime &time)
{
    return time.toUTC().toString(Qt::ISODateWithMs);
}

} // namespace rw::json
