#include "notify/DBusNotifier.h"

#include <QDBusMessage>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QVariantMap>

using namespace Qt::StringLiterals;

namespace rw {

DBusNotifier::DBusNotifier(QDBusConnection bus, Identity identity, QObject *parent)
    : Notifier(parent)
    , m_bus(std::move(bus))
    , m_identity(std::move(identity))
{
    const QString name = QString::fromLatin1(service);
    const QString at = QString::fromLatin1(path);
    const QString on = QString::fromLatin1(interface);
    m_bus.connect(name, at, on, u"ActionInvoked"_s, this, SLOT(onActionInvoked(uint, QString)));
    m_bus.connect(name, at, on, u"NotificationClosed"_s, this, SLOT(onClosed(uint, uint)));

    // Whether bodies are read as markup: then text from the API must be escaped.
    auto *watcher = new QDBusPendingCallWatcher(
        m_bus.asyncCall(QDBusMessage::createMethodCall(name, at, on, u"GetCapabilities"_s)), this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this,
            [this](QDBusPendingCallWatcher *call) {
                const QDBusPendingReply<QStringList> reply = *call;
                if (reply.isValid())
                    m_markup = reply.value().contains(u"body-markup"_s);
                call->deleteLater();
            });
}

void DBusNotifier::show(const Notification &notification)
{
    if (!m_bus.isConnected()) {
        emit failed(notification, u"there is no D-Bus session bus"_s);
        return;
    }
    QDBusMessage call =
        QDBusMessage::createMethodCall(QString::fromLatin1(service), QString::fromLatin1(path),
                                       QString::fromLatin1(interface), u"Notify"_s);
    QVariantMap hints{
        {u"urgency"_s, QVariant::fromValue(uchar(notification.urgency))},
        {u"desktop-entry"_s, m_identity.desktopEntry},
    };
    if (!notification.category.isEmpty())
        hints.insert(u"category"_s, notification.category);
    const QStringList actions{u"default"_s, u"Open"_s, u"open"_s, u"Open"_s};
    call << m_identity.appName << m_ids.value(notification.key) << m_identity.appIcon
         << notification.summary
         << (m_markup ? notification.body.toHtmlEscaped() : notification.body) << actions << hints
         << (notification.persistent ? 0 : -1);

    auto *watcher = new QDBusPendingCallWatcher(m_bus.asyncCall(call), this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this,
            [this, notification](QDBusPendingCallWatcher *pending) {
                pending->deleteLater();
                const QDBusPendingReply<uint> reply = *pending;
                if (!reply.isValid()) {
                    emit failed(notification, u"the notification service did not answer: %1"_s.arg(
                                                  reply.error().message()));
                    return;
                }
                const uint id = reply.value();
                if (const uint before = m_ids.value(notification.key); before && before != id)
                    m_keys.remove(before);
                m_ids.insert(notification.key, id);
                m_keys.insert(id, notification.key);
            });
}

void DBusNotifier::withdrawAll()
{
    for (auto it = m_keys.cbegin(); it != m_keys.cend(); ++it) {
        QDBusMessage close =
            QDBusMessage::createMethodCall(QString::fromLatin1(service), QString::fromLatin1(path),
                                           QString::fromLatin1(interface), u"CloseNotification"_s);
        close << it.key();
        m_bus.asyncCall(close); // nothing to wait for: gone or not, it is no longer ours
    }
    m_keys.clear();
    m_ids.clear();
}

void DBusNotifier::onActionInvoked(uint id, const QString &action)
{
    const auto key = m_keys.constFind(id);
    if (key == m_keys.cend())
        return; // another application's notification
    if (action == u"default" || action == u"open")
        emit activated(key.value());
}

void DBusNotifier::onClosed(uint id, uint reason)
{
    Q_UNUSED(reason)
    const auto key = m_keys.constFind(id);
    if (key == m_keys.cend())
        return;
    m_ids.remove(key.value());
    m_keys.erase(key);
}

} // namespace rw
