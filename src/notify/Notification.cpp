#include "notify/Notification.h"

#include <QTimeZone>

namespace rw {

bool NotificationSettings::isQuietAt(const QDateTime &time) const
{
    if (!quietHours || quietStart == quietEnd)
        return false;
    const QTime local = time.toLocalTime().time();
    if (quietStart < quietEnd)
        return quietStart <= local && local < quietEnd;
    return local >= quietStart || local < quietEnd; // across midnight
}

QDateTime NotificationSettings::quietEndAfter(const QDateTime &time) const
{
    if (!isQuietAt(time))
        return {};
    const QDateTime local = time.toLocalTime();
    // From the day's start, not QDateTime(date, quietEnd): on the day clocks go forward, an end
    // in the skipped hour is no valid time, and would be taken for none (a day too late).
    const auto endOn = [this](QDate day) {
        return day.startOfDay().addMSecs(quietEnd.msecsSinceStartOfDay());
    };
    QDateTime end = endOn(local.date());
    if (end <= local)
        end = endOn(local.date().addDays(1));
    return end.toUTC();
}

} // namespace rw
