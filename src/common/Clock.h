#pragma once

#include <QDateTime>
#include <QObject>

#include <memory>

namespace rw {

class Alarm;

// Wall-clock time and alarms on it, injected so that tests, benchmarks and the simulator can run
// in virtual time: a test clock moves only when told to and rings its alarms as it passes them.
class Clock
{
public:
    virtual ~Clock() = default;
    [[nodiscard]] virtual QDateTime now() const = 0; // always UTC
    // A single-shot alarm on this clock. The alarm must not outlive the clock.
    [[nodiscard]] virtual std::unique_ptr<Alarm> createAlarm() const = 0;
};

// One re-armable single-shot wake-up. Setting it again replaces the previous time.
class Alarm : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Alarm)
public:
    Alarm() = default;
    ~Alarm() override = default;
    virtual void setAt(const QDateTime &when) = 0;
    virtual void cancel() = 0;
    [[nodiscard]] virtual QDateTime when() const = 0; // null when not set

signals:
    void rang();
};

class SystemClock final : public Clock
{
public:
    [[nodiscard]] QDateTime now() const override { return QDateTime::currentDateTimeUtc(); }
    [[nodiscard]] std::unique_ptr<Alarm> createAlarm() const override;

    // The process-wide instance, for code that was not handed another clock.
    static const Clock &instance();
};

} // namespace rw
