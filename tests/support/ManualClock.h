#pragma once

#include "common/Clock.h"

#include <QList>
#include <QPointer>
#include <QTimeZone>

#include <chrono>

namespace rw::test {

// A clock that moves only when told to: tests run in virtual time and never sleep. Moving it
// rings, in time order, every alarm it passes, with now() equal to that alarm's time.
class ManualClock final : public Clock
{
public:
    explicit ManualClock(QDateTime start = QDateTime(QDate(2026, 3, 1), QTime(12, 0),
                                                     QTimeZone::utc()));
    ~ManualClock() override;

    [[nodiscard]] QDateTime now() const override { return m_now; }
    [[nodiscard]] std::unique_ptr<Alarm> createAlarm() const override;

    void advance(std::chrono::milliseconds by) { advanceTo(m_now.addMSecs(by.count())); }
    void advanceTo(const QDateTime &to);
    // The earliest armed alarm's time, or null.
    [[nodiscard]] QDateTime nextAlarm() const;
    // Moves to the next alarm and rings it; false when none is armed.
    bool advanceToNextAlarm();
    // Moves on without ringing anything, as the wall clock does while the computer sleeps;
    // alarms that fell due meanwhile ring at the next advance.
    void sleep(std::chrono::milliseconds by) { m_now = m_now.addMSecs(by.count()); }

private:
    class ManualAlarm;
    QDateTime m_now;
    mutable QList<QPointer<ManualAlarm>> m_alarms;
};

} // namespace rw::test
