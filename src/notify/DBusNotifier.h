#pragma once

#include "notify/Notifier.h"

#include <QDBusConnection>
#include <QHash>

namespace rw {

// org.freedesktop.Notifications over D-Bus, asynchronously: nothing waits for the server. Our
// own ids map to the server's, so one workflow has one bubble (replaces_id) and action signals
// for notifications that are not ours are ignored. A server that does not answer makes the
// notification fail, for the next way to show it.
class DBusNotifier final : public Notifier
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DBusNotifier)
public:
    struct Identity
    {
        QString appName;      // "Registrar Watch"
        QString appIcon;      // an icon name from the theme
        QString desktopEntry; // the desktop file id, without ".desktop"
    };

    static constexpr const char *service = "org.freedesktop.Notifications";
    static constexpr const char *path = "/org/freedesktop/Notifications";
    static constexpr const char *interface = "org.freedesktop.Notifications";

    DBusNotifier(QDBusConnection bus, Identity identity, QObject *parent = nullptr);

    void show(const Notification &notification) override;
    void withdrawAll() override;

    // The server's id of the bubble for `key`, or 0.
    [[nodiscard]] uint serverId(const QString &key) const { return m_ids.value(key); }

private Q_SLOTS:
    void onActionInvoked(uint id, const QString &action);
    void onClosed(uint id, uint reason);

private:
    QDBusConnection m_bus;
    Identity m_identity;
    QHash<QString, uint> m_ids;  // our key -> the server's id
    QHash<uint, QString> m_keys; // the server's ids that are ours
    bool m_markup = true;        // until GetCapabilities says otherwise: escape the body
};

} // namespace rw
