#pragma once

#include <QDateTime>

namespace rw {

// Wall-clock time, injected so that tests and the simulator can run in virtual time.
class Clock
{
public:
    virtual ~Clock() = default;
    [[nodiscard]] virtual QDateTime now() const = 0; // always UTC
};

class SystemClock final : public Clock
{
public:
    [[nodiscard]] QDateTime now() const override { return QDateTime::currentDateTimeUtc(); }

    // The process-wide instance, for code that was not handed another clock.
    static const Clock &instance();
};

} // namespace rw
