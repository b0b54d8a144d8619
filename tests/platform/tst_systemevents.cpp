// What the desktop app hears from the system, on a private session bus: one instance per user
// (a second launch hands over and leaves), and waking from sleep or getting the network back
// (logind's PrepareForSleep, played by a stand-in that owns its name on the test's bus).

#include "platform/SingleInstance.h"
#include "platform/SystemWatcher.h"

#include <QDBusConnection>
#include <QDBusMessage>
#include <QDBusPendingCallWatcher>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace rw;

class TestSystemEvents : public QObject
{
    Q_OBJECT
private slots:
    void aSecondInstanceHandsOver();
    void aStaleSocketIsReplaced();
    void eachDataDirectoryIsItsOwnApp();
    void hearsTheComputerWake();
};

void TestSystemEvents::aSecondInstanceHandsOver()
{
    QTemporaryDir dir;
    const QString name = dir.filePath(u"app.socket"_s);
    SingleInstance first(name);
    QVERIFY(first.claim());
    QSignalSpy activated(&first, &SingleInstance::activationRequested);

    SingleInstance second(name);
    QVERIFY(!second.claim({u"--demo"_s}));
    QVERIFY(activated.wait());
    QCOMPARE(activated.first().first().toStringList(), QStringList{u"--demo"_s});

    SingleInstance third(name);
    QVERIFY(!third.claim());
    QVERIFY(activated.wait());
    QCOMPARE(activated.last().first().toStringList(), QStringList());
    QVERIFY(first.error().isEmpty());
}

void TestSystemEvents::aStaleSocketIsReplaced()
{
    QTemporaryDir dir;
    const QString name = dir.filePath(u"app.socket"_s);
    // What a crashed instance leaves: the socket's file, and nobody listening.
    QFile stale(name);
    QVERIFY(stale.open(QIODevice::WriteOnly));
    stale.close();
    SingleInstance instance(name);
    QVERIFY(instance.claim());
    QVERIFY(instance.error().isEmpty());
    QSignalSpy activated(&instance, &SingleInstance::activationRequested);
    SingleInstance later(name);
    QVERIFY(!later.claim());
    QVERIFY(activated.wait());
}

void TestSystemEvents::eachDataDirectoryIsItsOwnApp()
{
    const QString home = SingleInstance::defaultName();
    QVERIFY(home.endsWith(u".socket"_s));
    QTemporaryDir other;
    qputenv("XDG_DATA_HOME", other.path().toUtf8());
    const QString elsewhere = SingleInstance::defaultName();
    qunsetenv("XDG_DATA_HOME");
    QVERIFY(elsewhere != home);
}

void TestSystemEvents::hearsTheComputerWake()
{
    // logind, played by a connection of the test's own that takes its name.
    QDBusConnection logind =
        QDBusConnection::connectToBus(QDBusConnection::SessionBus, u"fake-logind"_s);
    QVERIFY(logind.isConnected());
    QVERIFY(logind.registerService(QString::fromLatin1(SystemWatcher::login1Service)));

    SystemWatcher watcher(QDBusConnection::sessionBus());
    QSignalSpy woke(&watcher, &SystemWatcher::woke);
    // A round trip from the watcher's connection to `to`: what `to` sent before has arrived.
    const auto sync = [](const QString &to) {
        QDBusPendingCallWatcher call(QDBusConnection::sessionBus().asyncCall(
            QDBusMessage::createMethodCall(to, u"/"_s, u"org.freedesktop.DBus.Peer"_s, u"Ping"_s)));
        QSignalSpy done(&call, &QDBusPendingCallWatcher::finished);
        return call.isFinished() || done.wait(5000);
    };
    const auto prepareForSleep = [](QDBusConnection from, bool sleeping) {
        QDBusMessage signal = QDBusMessage::createSignal(
            QString::fromLatin1(SystemWatcher::login1Path),
            QString::fromLatin1(SystemWatcher::login1Interface), u"PrepareForSleep"_s);
        signal << sleeping;
        return from.send(signal);
    };
    // The watcher's match rule is at the bus (sent before this) when logind speaks.
    QVERIFY(sync(u"org.freedesktop.DBus"_s));
    QVERIFY(prepareForSleep(logind, true)); // going to sleep: nothing to do
    QVERIFY(sync(logind.baseService()));
    QCOMPARE(woke.size(), 0);
    QVERIFY(prepareForSleep(logind, false));
    QVERIFY(woke.wait());
    QCOMPARE(woke.size(), 1);

    // The same signal from someone who is not logind is not believed.
    QDBusConnection impostor =
        QDBusConnection::connectToBus(QDBusConnection::SessionBus, u"impostor"_s);
    QVERIFY(prepareForSleep(impostor, false));
    QVERIFY(sync(impostor.baseService()));
    QCOMPARE(woke.size(), 1);
    QDBusConnection::disconnectFromBus(u"impostor"_s);
    QDBusConnection::disconnectFromBus(u"fake-logind"_s);
}

QTEST_GUILESS_MAIN(TestSystemEvents)
#include "tst_systemevents.moc"
