#include "Notification.h"

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
    QDateTime end(local.date(), quietEnd, local.timeZone());
    if (end <= local)
        end = QDateTime(local.date().addDays(1), quietEnd, local.timeZone());
    return end.toUTC();
}

} // namespace rw
