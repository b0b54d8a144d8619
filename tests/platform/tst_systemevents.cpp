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

#include <future>

using namespace Qt::StringLiterals;
using namespace rw;

class TestSystemEvents : public QObject
{
    Q_OBJECT
private slots:
    void aSecondInstanceHandsOverAndHearsBack();
    void messagesWaitForTheHandler();
    void sendSaysWhenNobodyListens();
    void aStaleSocketIsReplaced();
    void eachDataDirectoryIsItsOwnApp();
    void hearsTheComputerWake();
};

namespace {

// A second instance, as another process runs it: its own thread, blocking calls, while this
// one's event loop lets the first instance answer.
std::future<std::pair<bool, QString>> claimElsewhere(const QString &name,
                                                     const QStringList &message)
{
    return std::async(std::launch::async, [name, message] {
        SingleInstance second(name);
        const bool claimed = second.claim(message);
        return std::pair(claimed, second.reply());
    });
}

bool isReady(const std::future<std::pair<bool, QString>> &future)
{
    return future.wait_for(std::chrono::seconds(0)) == std::future_status::ready;
}

} // namespace

void TestSystemEvents::aSecondInstanceHandsOverAndHearsBack()
{
    QTemporaryDir dir;
    const QString name = dir.filePath(u"app.socket"_s);
    SingleInstance first(name);
    QVERIFY(first.claim());
    QList<QStringList> heard;
    first.setHandler([&heard](const QStringList &message) {
        heard.append(message);
        return u"Brought to the front.\nTwo lines."_s;
    });

    auto second = claimElsewhere(name, {u"launch"_s, u"--demo"_s});
    QTRY_VERIFY(isReady(second));
    const auto [claimed, reply] = second.get();
    QVERIFY(!claimed);
    QCOMPARE(reply, u"Brought to the front.\nTwo lines."_s); // line breaks survive the trip
    QCOMPARE(heard, (QList<QStringList>{{u"launch"_s, u"--demo"_s}}));
    QVERIFY(first.error().isEmpty());
}

void TestSystemEvents::messagesWaitForTheHandler()
{
    // A launch during the first one's start is answered once the app can: not lost.
    QTemporaryDir dir;
    const QString name = dir.filePath(u"app.socket"_s);
    SingleInstance first(name);
    QVERIFY(first.claim());
    auto second = claimElsewhere(name, {u"launch"_s});
    QTRY_COMPARE(first.waitingMessages(), 1); // it came in, and nothing answers it yet
    QVERIFY(!isReady(second));
    first.setHandler(
        [](const QStringList &message) -> QString { return message.join(u' ') + u" seen"_s; });
    QTRY_VERIFY(isReady(second));
    QCOMPARE(second.get().second, u"launch seen"_s);
}

void TestSystemEvents::sendSaysWhenNobodyListens()
{
    QTemporaryDir dir;
    const QString name = dir.filePath(u"app.socket"_s);
    int ranWhenNobody = 0;
    QCOMPARE(SingleInstance::send(
                 {u"add"_s}, [&] { ++ranWhenNobody; }, name),
             std::nullopt);
    QCOMPARE(ranWhenNobody, 1);

    SingleInstance first(name);
    QVERIFY(first.claim());
    first.setHandler([](const QStringList &) { return u"taken"_s; });
    auto sent = std::async(std::launch::async, [&] {
        return SingleInstance::send(
            {u"add"_s}, [&] { ++ranWhenNobody; }, name);
    });
    QTRY_VERIFY(sent.wait_for(std::chrono::seconds(0)) == std::future_status::ready);
    QCOMPARE(sent.get(), std::optional(u"taken"_s));
    QCOMPARE(ranWhenNobody, 1); // someone listened
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
    int heard = 0;
    instance.setHandler([&heard](const QStringList &) {
        ++heard;
        return QString();
    });
    auto later = claimElsewhere(name, {u"launch"_s});
    QTRY_VERIFY(isReady(later));
    QVERIFY(!later.get().first);
    QCOMPARE(heard, 1);
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
