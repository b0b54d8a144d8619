#include "common/Clock.h"

#include <QTimer>

#include <algorithm>
#include <limits>

namespace rw {

namespace {

// A QTimer that aims at a wall-clock time. QTimer counts on the monotonic clock, which stands
// still while the computer sleeps, so long waits are cut into pieces of at most a minute: a
// suspend or a changed system clock is noticed within one. An early ring is re-armed, never
// delivered.
class TimerAlarm final : public Alarm
{
public:
    TimerAlarm()
    {
        m_timer.setSingleShot(true);
        m_timer.setTimerType(Qt::CoarseTimer);
        connect(&m_timer, &QTimer::timeout, this, &TimerAlarm::onTimeout);
    }
    void setAt(const QDateTime &when) override
    {
        m_when = when;
        arm();
    }
    void cancel() override
    {
        m_when = {};
        m_timer.stop();
    }
    [[nodiscard]] QDateTime when() const override { return m_when; }

private:
    void arm()
    {
        constexpr qint64 maxPiece = 60 * 1000;
        const qint64 wait = QDateTime::currentDateTimeUtc().msecsTo(m_when);
        m_timer.start(int(std::clamp<qint64>(wait, 0, maxPiece)));
    }
    void onTimeout()
    {
        if (!m_when.isValid())
            return;
        if (QDateTime::currentDateTimeUtc() < m_when) {
            arm();
            return;
        }
        m_when = {};
        emit rang();
    }

    QTimer m_timer;
    QDateTime m_when;
};

} // namespace

std::unique_ptr<Alarm> SystemClock::createAlarm() const
{
    return std::make_unique<TimerAlarm>();
}

const Clock &SystemClock::instance()
{
    static const SystemClock clock;
    return clock;
}

} // namespace rw
