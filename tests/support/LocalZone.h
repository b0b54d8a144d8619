#pragma once

#include <QByteArray>
#include <QtGlobal>

#include <ctime>

namespace rw::test {

// The process's local time zone (TZ) set for one scope, and what it was put back at its end.
class LocalZone
{
public:
    explicit LocalZone(const char *zone)
        : m_before(qgetenv("TZ"))
    {
        qputenv("TZ", zone);
        tzset();
    }
    ~LocalZone()
    {
        if (m_before.isNull())
            qunsetenv("TZ");
        else
            qputenv("TZ", m_before);
        tzset();
    }
    Q_DISABLE_COPY_MOVE(LocalZone)

private:
    QByteArray m_before;
};

} // namespace rw::test
