#pragma once

#include <QDBusConnection>
#include <QObject>
#include <QStringList>
#include <QVariantMap>

namespace rw::test {

// A stand-in for the desktop's notification daemon: org.freedesktop.Notifications on a bus of
// the test's own (dbus-run-session), on a connection of its own, recording every Notify call
// and able to play the operator (invoke an action, close a bubble).
class FakeNotificationServer final : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "org.freedesktop.Notifications")
public:
    struct Call
    {
        QString appName;
        uint replacesId = 0;
        QString appIcon;
        QString summary;
        QString body;
        QStringList actions;
        QVariantMap hints;
        int expireTimeout = -1;
        uint id = 0; // what the server answered
    };

    explicit FakeNotificationServer(QObject *parent = nullptr);
    ~FakeNotificationServer() override;

    // Takes the service name on the session bus; false (with a warning) when it cannot.
    [[nodiscard]] bool start();
    void stop();

    // As the operator clicking: ActionInvoked, then NotificationClosed (reason 2, dismissed).
    void invoke(uint id, const QString &action);
    // Waits until everything the app's connection sent before has reached the server, and
    // everything the server sent before has reached the app: a call over the bus, in order
    // behind them. For "nothing (more) arrived" without sleeping. False on a timeout.
    [[nodiscard]] static bool sync(QDBusConnection client = QDBusConnection::sessionBus());

    QList<Call> calls;
    QList<uint> closedByApp; // CloseNotification calls
    QStringList capabilities{QStringLiteral("actions"), QStringLiteral("body"),
                             QStringLiteral("body-markup")};

public Q_SLOTS:
    Q_SCRIPTABLE uint Notify(const QString &app_name, uint replaces_id, const QString &app_icon,
                             const QString &summary, const QString &body,
                             const QStringList &actions, const QVariantMap &hints,
                             int expire_timeout);
    Q_SCRIPTABLE QStringList GetCapabilities();
    Q_SCRIPTABLE void CloseNotification(uint id);
    Q_SCRIPTABLE QString GetServerInformation(QString &vendor, QString &version,
                                              QString &spec_version);

Q_SIGNALS:
    Q_SCRIPTABLE void ActionInvoked(uint id, const QString &action_key);
    Q_SCRIPTABLE void NotificationClosed(uint id, uint reason);

private:
    QDBusConnection m_bus;
    uint m_nextId = 0;
};

} // namespace rw::test
