#include "support/ConnectionCounter.h"

#include <QTcpSocket>

using namespace Qt::StringLiterals;

namespace rw::test {

ConnectionCounter::ConnectionCounter(QObject *parent)
    : QTcpServer(parent)
{
    listen(QHostAddress::LocalHost, 0);
}

QUrl ConnectionCounter::url(const QString &path) const
{
    return QUrl(u"http://127.0.0.1:%1%2"_s.arg(serverPort()).arg(path));
}

void ConnectionCounter::incomingConnection(qintptr socketDescriptor)
{
    ++m_connections;
    auto *socket = new QTcpSocket(this);
    socket->setSocketDescriptor(socketDescriptor);
    socket->close();
    socket->deleteLater();
}

} // namespace rw::test
