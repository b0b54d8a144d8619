#include "platform/SingleInstance.h"

#include "common/FilePrivacy.h"
#include "common/Logging.h"

#include <QCryptographicHash>
#include <QDir>
#include <QLocalServer>
#include <QLocalSocket>
#include <QLockFile>
#include <QPointer>
#include <QStandardPaths>

using namespace Qt::StringLiterals;

namespace rw {

namespace {

constexpr int handOverMs = 2000;
// The running app may be busy (a dialog, a burst of answers): its reply may take a moment.
constexpr int replyMs = 10000;
constexpr char16_t separator = u'\x1f';

} // namespace

SingleInstance::SingleInstance(QString name, QObject *parent)
    : QObject(parent)
    , m_name(name.isEmpty() ? defaultName() : std::move(name))
{}

SingleInstance::~SingleInstance() = default;

QString SingleInstance::defaultName()
{
    // Per user (the runtime directory is theirs) and per data directory, so that a second
    // HOME or XDG_DATA_HOME (tests, a screenshot run) is a separate app.
    const QByteArray data =
        QStandardPaths::writableLocation(QStandardPaths::AppDataLocation).toUtf8();
    const QString tag = QString::fromLatin1(
        QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex().left(16));
    // The runtime directory is the user's alone (Qt makes its fallback 0700 and checks its
    // owner); failing that, the data directory, never a shared /tmp where another user could
    // take the name first.
    QString dir = QStandardPaths::writableLocation(QStandardPaths::RuntimeLocation);
    if (dir.isEmpty()) {
        dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
        (void)FilePrivacy::makeFolders(dir); // what cannot be made, listening says
    }
    return QDir(dir).filePath(u"registrar-watch-%1.socket"_s.arg(tag));
}

std::optional<QString> SingleInstance::handOver(const QString &name, const QStringList &message)
{
    QLocalSocket socket;
    socket.connectToServer(name);
    if (!socket.waitForConnected(handOverMs))
        return std::nullopt;
    socket.write(message.join(separator).toUtf8() + '\n');
    if (!socket.waitForBytesWritten(handOverMs))
        return std::nullopt;
    // The reply is one line; an instance too old or too busy to give one still got the message.
    QString reply;
    while (!socket.canReadLine() && socket.waitForReadyRead(replyMs)) {
    }
    if (socket.canReadLine())
        reply = QString::fromUtf8(socket.readLine()).chopped(1).replace(separator, u'\n');
    socket.disconnectFromServer();
    return reply;
}

std::optional<QString> SingleInstance::send(const QStringList &message,
                                            const std::function<void()> &whenNobody,
                                            const QString &name)
{
    // The same lock as claim(): an instance starting meanwhile either got the message or starts
    // after whenNobody has done its part.
    QLockFile lock(name + u".lock"_s);
    if (!lock.tryLock(handOverMs * 2))
        qCWarning(lcPlatform).noquote() << "could not lock" << lock.fileName() << "; going on";
    auto reply = handOver(name, message);
    if (!reply && whenNobody)
        whenNobody();
    return reply;
}

bool SingleInstance::claim(const QStringList &message)
{
    // One launch at a time looks and listens: otherwise a second one, finding nobody yet, could
    // remove the socket the first has just made.
    QLockFile lock(m_name + u".lock"_s);
    if (!lock.tryLock(handOverMs * 2))
        qCWarning(lcPlatform).noquote() << "could not lock" << lock.fileName() << "; going on";
    if (auto reply = handOver(m_name, message)) {
        m_reply = *reply;
        return false;
    }
    // Nobody answers: a socket left by a crashed instance is ours to replace.
    QLocalServer::removeServer(m_name);
    m_server = new QLocalServer(this);
    m_server->setSocketOptions(QLocalServer::UserAccessOption);
    if (!m_server->listen(m_name)) {
        m_error = u"Registrar Watch could not make sure it runs only once (%1): %2"_s.arg(
            m_name, m_server->errorString());
        qCWarning(lcPlatform).noquote() << m_error;
        return true; // run anyway: better twice than not at all
    }
    connect(m_server, &QLocalServer::newConnection, this, [this] {
        while (QLocalSocket *socket = m_server->nextPendingConnection()) {
            connect(socket, &QLocalSocket::disconnected, socket, &QObject::deleteLater);
            connect(socket, &QLocalSocket::readyRead, this, [this, socket] { receive(socket); });
        }
    });
    return true;
}

void SingleInstance::receive(QLocalSocket *socket)
{
    if (!socket->canReadLine())
        return;
    const QString line = QString::fromUtf8(socket->readLine()).chopped(1);
    const QStringList message = line.isEmpty() ? QStringList() : line.split(separator);
    if (!m_handler) {
        m_waiting.append({socket, message});
        return;
    }
    QString reply = m_handler(message);
    socket->write(reply.replace(u'\n', separator).toUtf8() + '\n');
    socket->flush();
}

void SingleInstance::setHandler(Handler handler)
{
    m_handler = std::move(handler);
    for (const auto &[socket, message] : std::exchange(m_waiting, {})) {
        QPointer<QLocalSocket> alive(socket);
        QString reply = m_handler(message);
        if (alive && alive->state() == QLocalSocket::ConnectedState) {
            alive->write(reply.replace(u'\n', separator).toUtf8() + '\n');
            alive->flush();
        }
    }
}

} // namespace rw
