#include "support/ManualClock.h"

namespace rw::test {

class ManualClock::ManualAlarm final : public Alarm
{
public:
    void setAt(const QDateTime &when) override { m_when = when; }
    void cancel() override { m_when = {}; }
    [[nodiscard]] QDateTime when() const override { return m_when; }
    void ring()
    {
        m_when = {};
        emit rang();
    }

private:
    QDateTime m_when;
};

ManualClock::ManualClock(QDateTime start)
    : m_now(std::move(start))
{}

ManualClock::~ManualClock() = default;

std::unique_ptr<Alarm> ManualClock::createAlarm() const
{
    auto alarm = std::make_unique<ManualAlarm>();
    m_alarms.append(alarm.get());
    return alarm;
}

QDateTime ManualClock::nextAlarm() const
{
    m_alarms.removeAll(nullptr);
    QDateTime earliest;
    for (const auto &alarm : std::as_const(m_alarms)) {
        const QDateTime when = alarm->when();
        if (when.isValid() && (!earliest.isValid() || when < earliest))
            earliest = when;
    }
    return earliest;
}

void ManualClock::advanceTo(const QDateTime &to)
{
    for (;;) {
        const QDateTime next = nextAlarm();
        if (!next.isValid() || next > to)
            break;
        m_now = std::max(m_now, next);
        const auto alarms = m_alarms; // ringing may create or re-arm alarms
        for (const auto &alarm : alarms) {
            if (alarm && alarm->when().isValid() && alarm->when() <= m_now)
                alarm->ring();
        }
    }
    m_now = std::max(m_now, to);
}

bool ManualClock::advanceToNextAlarm()
{
    const QDateTime next = nextAlarm();
    if (!next.isValid())
        return false;
    advanceTo(next);
    return true;
}

} // namespace rw::test
