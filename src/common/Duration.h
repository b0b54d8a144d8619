#pragma once

#include <QString>

#include <chrono>
#include <optional>

namespace rw {

// "45s", "12m", "3h 12m", "2d 4h": two units at most, for tables and sentences.
[[nodiscard]] QString formatDuration(std::chrono::seconds duration);
// As formatDuration, to the second under ten minutes and to the minute from there ("9m 59s",
// "10m", "1h 56m"): what a glance at a narrow column needs, and a text that changes once a
// minute rather than each second.
[[nodiscard]] QString formatDurationBrief(std::chrono::seconds duration);
// "90s", "15m", "2h", "3d" (one number and a unit; a bare number means seconds).
[[nodiscard]] std::optional<std::chrono::seconds> parseDuration(QStringView text);

} // namespace rw
