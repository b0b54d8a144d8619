#include "platform/SingleInstance.h"

#include "common/Logging.h"

#include <QCryptographicHash>
#include <QDir>
#include <QLocalServer>
#include <QLocalSocket>
#include <QLockFile>
#include <QStandardPaths>

using namespace Qt::StringLiterals;

namespace rw {

namespace {
constexpr int handOverMs = 2000;
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
        QDir().mkpath(dir);
    }
    return QDir(dir).filePath(u"registrar-watch-%1.socket"_s.arg(tag));
}

bool SingleInstance::handOver(const QStringList &arguments)
{
    QLocalSocket socket;
    socket.connectToServer(m_name);
    if (!socket.waitForConnected(handOverMs))
        return false;
    socket.write(arguments.join(u'\x1f').toUtf8() + '\n');
    const bool sent = socket.waitForBytesWritten(handOverMs);
    socket.disconnectFromServer();
    return sent;
}

bool SingleInstance::claim(const QStringList &arguments)
{
    // One launch at a time looks and listens: otherwise a second one, finding nobody yet, could
    // remove the socket the first has just made.
    QLockFile lock(m_name + u".lock"_s);
    if (!lock.tryLock(handOverMs * 2))
        qCWarning(lcPlatform).noquote() << "could not lock" << lock.fileName() << "; going on";
    if (handOver(arguments))
        return false;
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
            connect(socket, &QLocalSocket::readyRead, this, [this, socket] {
                if (!socket->canReadLine())
                    return;
                const QString line = QString::fromUtf8(socket->readLine()).chopped(1);
                emit activationRequested(line.isEmpty() ? QStringList() : line.split(u'\x1f'));
            });
        }
    });
    return true;
}

} // namespace rw
