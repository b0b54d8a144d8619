#include "SingleInstance.h"

#include "Logging.h"

#include <QCryptographicHash>
#include <QDir>
#include <QLocalServer>
#include <QLocalSocket>
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
    QString dir = QStandardPaths::writableLocation(QStandardPaths::RuntimeLocation);
    if (dir.isEmpty())
        dir = QDir::tempPath();
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
    if (handOver(arguments))
        return false;
    // Nobody answers: a socket left by a crashed instance is ours to replace.
    QLocalServer::removeServer(m_name);
    m_server = new QLocalServer(this);
    m_server->setSocketOptions(QLocalServer::UserAccessOption);
    if (!m_server->listen(m_name)) {
        // Another instance started at the same moment and won.
        if (handOver(arguments))
            return false;
        m_error = u"Registrar Watch could not make sure it runs only once (%1): %2"_s.arg(
            m_name, m_server->errorString());
        qCWarning(lcApp).noquote() << m_error;
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
