#pragma once

#include <QDBusConnection>
#include <QObject>

namespace rw {

// Tells when the computer woke from sleep (logind's PrepareForSleep on the system bus) or the
// network came back (QNetworkInformation), so that polling catches up at once instead of
// waiting out timers that slept or backoffs that grew while offline.
class SystemWatcher final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SystemWatcher)
public:
    // `bus`: where logind is (the system bus; tests hand in their own).
    explicit SystemWatcher(QDBusConnection bus, QObject *parent = nullptr);

    static constexpr const char *login1Service = "org.freedesktop.login1";
    static constexpr const char *login1Path = "/org/freedesktop/login1";
    static constexpr const char *login1Interface = "org.freedesktop.login1.Manager";

signals:
    void woke();
    void networkRestored();

private Q_SLOTS:
    void onPrepareForSleep(bool sleeping);

private:
    QDBusConnection m_bus;
};

} // namespace rw
