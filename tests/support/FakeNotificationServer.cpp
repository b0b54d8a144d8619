#include "support/FakeNotificationServer.h"

#include <QDBusError>
#include <QDBusMessage>
#include <QDBusPendingCallWatcher>
#include <QDebug>
#include <QSignalSpy>

using namespace Qt::StringLiterals;

namespace rw::test {

namespace {
const QString serviceName = u"org.freedesktop.Notifications"_s;
const QString objectPath = u"/org/freedesktop/Notifications"_s;
} // namespace

FakeNotificationServer::FakeNotificationServer(QObject *parent)
    : QObject(parent)
    , m_bus(QDBusConnection::connectToBus(QDBusConnection::SessionBus, u"rw-fake-notifications"_s))
{}

FakeNotificationServer::~FakeNotificationServer()
{
    stop();
    QDBusConnection::disconnectFromBus(u"rw-fake-notifications"_s);
}

bool FakeNotificationServer::start()
{
    if (!m_bus.isConnected()) {
        qWarning() << "no session bus: run the test under dbus-run-session";
        return false;
    }
    if (!m_bus.registerObject(objectPath, this,
                              QDBusConnection::ExportScriptableSlots |
                                  QDBusConnection::ExportScriptableSignals)) {
        qWarning() << "cannot register the fake notification server:" << m_bus.lastError();
        return false;
    }
    if (!m_bus.registerService(serviceName)) {
        qWarning() << "cannot take" << serviceName << m_bus.lastError();
        return false;
    }
    return true;
}

void FakeNotificationServer::stop()
{
    m_bus.unregisterService(serviceName);
    m_bus.unregisterObject(objectPath);
}

bool FakeNotificationServer::sync(QDBusConnection client)
{
    QDBusPendingCallWatcher watcher(client.asyncCall(QDBusMessage::createMethodCall(
        serviceName, objectPath, u"org.freedesktop.Notifications"_s, u"GetCapabilities"_s)));
    QSignalSpy done(&watcher, &QDBusPendingCallWatcher::finished);
    return watcher.isFinished() || done.wait(5000);
}

void FakeNotificationServer::invoke(uint id, const QString &action)
{
    emit ActionInvoked(id, action);
    emit NotificationClosed(id, 2);
}

uint FakeNotificationServer::Notify(const QString &app_name, uint replaces_id,
                                    const QString &app_icon, const QString &summary,
                                    const QString &body, const QStringList &actions,
                                    const QVariantMap &hints, int expire_timeout)
{
    const uint id = replaces_id ? replaces_id : ++m_nextId;
    calls.append(
        {app_name, replaces_id, app_icon, summary, body, actions, hints, expire_timeout, id});
    return id;
}

QStringList FakeNotificationServer::GetCapabilities()
{
    return capabilities;
}

void FakeNotificationServer::CloseNotification(uint id)
{
    closedByApp.append(id);
    emit NotificationClosed(id, 3);
}

QString FakeNotificationServer::GetServerInformation(QString &vendor, QString &version,
                                                     QString &spec_version)
{
    vendor = u"Registrar Watch tests"_s;
    version = u"1"_s;
    spec_version = u"1.2"_s;
    return u"fake-notifications"_s;
}

} // namespace rw::test
