#pragma once

#include <QDateTime>
#include <QJsonValue>
#include <QString>

#include <optional>

namespace rw::json {

// "string", "number", "object", ...: for messages that say what was found instead.
[[nodiscard]] QString typeName(const QJsonValue &value);

// RFC 3339 date-time ("2019-12-27T18:11:19.117Z", offsets allowed). Date-only and other ISO 8601
// forms are refused: the API promises RFC 3339.
[[nodiscard]] std::optional<QDateTime> parseDateTime(QStringView text);
// UTC with milliseconds and a "Z", as Cloudflare writes them.
[[nodiscard]] QString formatDateTime(const QDateTime &time);

} // namespace rw::json
