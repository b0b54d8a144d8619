// What the desktop app hears from the system, on a private session bus: one instance per user
// (a second launch hands over and leaves), and waking from sleep or getting the network back
// (logind's PrepareForSleep, played by a stand-in that owns its name on the test's bus).

#include "SingleInstance.h"
#include "SystemWatcher.h"

#include <QDBusConnection>
#include <QDBusMessage>
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
    const auto prepareForSleep = [&logind](bool sleeping) {
        QDBusMessage signal = QDBusMessage::createSignal(
            QString::fromLatin1(SystemWatcher::login1Path),
            QString::fromLatin1(SystemWatcher::login1Interface), u"PrepareForSleep"_s);
        signal << sleeping;
        QVERIFY(logind.send(signal));
    };
    QTest::qWait(100);     // the match rule reaches the bus
    prepareForSleep(true); // going to sleep: nothing to do
    QTest::qWait(200);
    QCOMPARE(woke.size(), 0);
    prepareForSleep(false);
    QVERIFY(woke.wait());
    QCOMPARE(woke.size(), 1);

    // The same signal from someone who is not logind is not believed.
    QDBusConnection impostor =
        QDBusConnection::connectToBus(QDBusConnection::SessionBus, u"impostor"_s);
    QDBusMessage signal = QDBusMessage::createSignal(
        QString::fromLatin1(SystemWatcher::login1Path),
        QString::fromLatin1(SystemWatcher::login1Interface), u"PrepareForSleep"_s);
    signal << false;
    QVERIFY(impostor.send(signal));
    QTest::qWait(300);
    QCOMPARE(woke.size(), 1);
    QDBusConnection::disconnectFromBus(u"impostor"_s);
    QDBusConnection::disconnectFromBus(u"fake-logind"_s);
}

QTEST_GUILESS_MAIN(TestSystemEvents)
#include "tst_systemevents.moc"
