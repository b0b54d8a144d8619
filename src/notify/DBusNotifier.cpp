#include "notify/DBusNotifier.h"

#include <QDBusMessage>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QDBusServiceWatcher>
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
    // A service that restarts (a daemon that crashed, another one the desktop started) counts
    // its ids afresh: ours then name another application's bubbles.
    auto *owner =
        new QDBusServiceWatcher(name, m_bus, QDBusServiceWatcher::WatchForOwnerChange, this);
    connect(owner, &QDBusServiceWatcher::serviceOwnerChanged, this,
            &DBusNotifier::onServiceOwnerChanged);
    askCapabilities();
}

QDBusMessage DBusNotifier::callOf(const QString &method) const
{
    // Once known, the service that gave our ids by its own name: a call meant for it fails
    // rather than reach a service that took its place before we heard of it.
    return QDBusMessage::createMethodCall(
        m_owner.isEmpty() ? QString::fromLatin1(service) : m_owner, QString::fromLatin1(path),
        QString::fromLatin1(interface), method);
}

void DBusNotifier::askCapabilities()
{
    // Whether bodies are read as markup: then text from the API must be escaped.
    auto *watcher =
        new QDBusPendingCallWatcher(m_bus.asyncCall(callOf(u"GetCapabilities"_s)), this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this,
            [this](QDBusPendingCallWatcher *call) {
                call->deleteLater();
                const QDBusPendingReply<QStringList> reply = *call;
                if (reply.isValid() && (m_owner.isEmpty() || call->reply().service() == m_owner))
                    m_markup = reply.value().contains(u"body-markup"_s);
            });
}

void DBusNotifier::onServiceOwnerChanged(const QString &name, const QString &oldOwner,
                                         const QString &newOwner)
{
    Q_UNUSED(name)
    Q_UNUSED(oldOwner)
    // The bubbles went with the old service: the new one's ids are no one's until it answers
    // us, and the next notification for a key is a new bubble.
    m_ids.clear();
    m_keys.clear();
    m_owner = newOwner;
    m_markup = true;
    if (newOwner.isEmpty())
        return;
    askCapabilities();
    // What was to stay until dismissed is shown again: the operator has not seen it go.
    const QHash<QString, Notification> open = std::exchange(m_open, {});
    for (const Notification &notification : open)
        show(notification);
}

void DBusNotifier::show(const Notification &notification)
{
    if (!m_bus.isConnected()) {
        emit failed(notification, u"there is no D-Bus session bus"_s);
        return;
    }
    QDBusMessage call = callOf(u"Notify"_s);
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

    const quint64 sent = ++m_sent;
    ++m_inFlight[notification.key];
    auto *watcher = new QDBusPendingCallWatcher(m_bus.asyncCall(call), this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this,
            [this, notification, sent](QDBusPendingCallWatcher *pending) {
                pending->deleteLater();
                const QString &key = notification.key;
                // Withdrawn while on its way: the bubble it made is taken back at once.
                const bool withdrawn = sent <= m_allWithdrawnAt || sent <= m_withdrawnAt.value(key);
                if (--m_inFlight[key] <= 0) {
                    m_inFlight.remove(key);
                    m_withdrawnAt.remove(key);
                }
                const QDBusPendingReply<uint> reply = *pending;
                if (!reply.isValid()) {
                    if (!withdrawn)
                        emit failed(notification,
                                    u"the notification service did not answer: %1"_s.arg(
                                        reply.error().message()));
                    return;
                }
                // An answer of a service that has gone since: its id is not the new one's.
                const QString from = pending->reply().service();
                if (m_owner.isEmpty())
                    m_owner = from;
                else if (from != m_owner)
                    return;
                const uint id = reply.value();
                if (withdrawn) {
                    close(id);
                    return;
                }
                if (const uint before = m_ids.value(key); before && before != id)
                    m_keys.remove(before);
                m_ids.insert(key, id);
                m_keys.insert(id, key);
                if (notification.persistent)
                    m_open.insert(key, notification);
                else
                    m_open.remove(key);
            });
}

void DBusNotifier::close(uint id)
{
    QDBusMessage close = callOf(u"CloseNotification"_s);
    close << id;
    m_bus.asyncCall(close); // nothing to wait for: gone or not, it is no longer ours
}

void DBusNotifier::withdrawAll()
{
    for (auto it = m_keys.cbegin(); it != m_keys.cend(); ++it)
        close(it.key());
    m_keys.clear();
    m_ids.clear();
    m_open.clear();
    m_allWithdrawnAt = m_sent;
}

void DBusNotifier::withdraw(const QString &key)
{
    m_open.remove(key);
    if (m_inFlight.contains(key))
        m_withdrawnAt.insert(key, m_sent);
    const uint id = m_ids.take(key);
    if (!id)
        return;
    m_keys.remove(id);
    close(id);
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
    m_open.remove(key.value());
    m_keys.erase(key);
}

} // namespace rw
