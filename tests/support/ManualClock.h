#pragma once

#include "Clock.h"

#include <QTimeZone>

#include <chrono>

namespace rw::test {

// A clock that moves only when told to: tests run in virtual time and never sleep.
class ManualClock final : public Clock
{
public:
    explicit ManualClock(QDateTime start = QDateTime(QDate(2026, 3, 1), QTime(12, 0),
                                                     QTimeZone::utc()))
        : m_now(std::move(start))
    {}
    [[nodiscard]] QDateTime now() const override { return m_now; }
    void advance(std::chrono::milliseconds by) { m_now = m_now.addMSecs(by.count()); }
    void set(QDateTime to) { m_now = std::move(to); }

private:
    QDateTime m_now;
};

} // namespace rw::test
