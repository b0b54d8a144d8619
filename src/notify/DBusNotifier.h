#pragma once

#include "notify/Notifier.h"

#include <QDBusConnection>
#include <QDBusMessage>
#include <QHash>

namespace rw {

// org.freedesktop.Notifications over D-Bus, asynchronously: nothing waits for the server. Our
// own keys map to the server's ids, so one workflow has one bubble (replaces_id) and action
// signals for notifications that are not ours are ignored. When another process takes the
// service over (the daemon restarted), the map starts afresh, and the bubbles that were to stay
// until dismissed are shown again. A bubble withdrawn while its Notify is on its way is closed
// when the answer comes. A server that does not answer makes the notification fail, for the
// next way to show it.
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
    void withdraw(const QString &key) override;

    // The server's id of the bubble for `key`, or 0.
    [[nodiscard]] uint serverId(const QString &key) const { return m_ids.value(key); }

private Q_SLOTS:
    void onActionInvoked(uint id, const QString &action);
    void onClosed(uint id, uint reason);
    void onServiceOwnerChanged(const QString &name, const QString &oldOwner,
                               const QString &newOwner);

private:
    [[nodiscard]] QDBusMessage callOf(const QString &method) const;
    void askCapabilities();
    void close(uint id);

    QDBusConnection m_bus;
    Identity m_identity;
    QHash<QString, uint> m_ids;            // our key -> the server's id
    QHash<uint, QString> m_keys;           // the server's ids that are ours
    QHash<QString, Notification> m_open;   // persistent, shown and not yet closed, by key
    QString m_owner;                       // the unique name of the service that gave the ids
    quint64 m_sent = 0;                    // Notify calls sent so far
    QHash<QString, int> m_inFlight;        // unanswered Notify calls, by key
    QHash<QString, quint64> m_withdrawnAt; // a key withdrawn with calls in flight: m_sent then
    quint64 m_allWithdrawnAt = 0;          // m_sent at the last withdrawAll()
    bool m_markup = true;                  // until GetCapabilities says otherwise: escape the body
};

} // namespace rw
