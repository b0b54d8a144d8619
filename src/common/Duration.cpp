#include "common/Duration.h"

#include <limits>

using namespace Qt::StringLiterals;

namespace rw {

QString formatDuration(std::chrono::seconds duration)
{
    using namespace std::chrono;
    const bool negative = duration.count() < 0;
    qint64 total = negative ? -duration.count() : duration.count();
    const qint64 days = total / 86400;
    const qint64 hours = (total % 86400) / 3600;
    const qint64 minutes = (total % 3600) / 60;
    const qint64 secs = total % 60;
    QString text;
    if (days > 0)
        text = hours ? u"%1d %2h"_s.arg(days).arg(hours) : u"%1d"_s.arg(days);
    else if (hours > 0)
        text = minutes ? u"%1h %2m"_s.arg(hours).arg(minutes) : u"%1h"_s.arg(hours);
    else if (minutes > 0)
        text = secs ? u"%1m %2s"_s.arg(minutes).arg(secs) : u"%1m"_s.arg(minutes);
    else
        text = u"%1s"_s.arg(secs);
    return negative ? u"-"_s + text : text;
}

QString formatDurationBrief(std::chrono::seconds duration)
{
    using namespace std::chrono;
    if (duration < 10min && duration > -10min)
        return formatDuration(duration);
    return formatDuration(duration_cast<minutes>(duration)); // towards zero
}

std::optional<std::chrono::seconds> parseDuration(QStringView text)
{
    const QStringView trimmed = text.trimmed();
    if (trimmed.isEmpty())
        return std::nullopt;
    qint64 unit = 1;
    QStringView number = trimmed;
    switch (trimmed.back().toLower().unicode()) {
    case u's':
        number.chop(1);
        break;
    case u'm':
        unit = 60;
        number.chop(1);
        break;
    case u'h':
        unit = 3600;
        number.chop(1);
        break;
    case u'd':
        unit = 86400;
        number.chop(1);
        break;
    default:
        break;
    }
    bool ok = false;
    const qint64 value = number.trimmed().toLongLong(&ok);
    if (!ok || value < 0 || value > std::numeric_limits<qint64>::max() / unit)
        return std::nullopt;
    return std::chrono::seconds(value * unit);
}

} // namespace rw
