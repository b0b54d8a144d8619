#pragma once

#include <QString>

#include <chrono>
#include <optional>

namespace rw {

// "45s", "12m", "3h 12m", "2d 4h": two units at most, for tables and sentences.
[[nodiscard]] QString formatDuration(std::chrono::seconds duration);
// "90s", "15m", "2h", "3d" (one number and a unit; a bare number means seconds).
[[nodiscard]] std::optional<std::chrono::seconds> parseDuration(QStringView text);

} // namespace rw
