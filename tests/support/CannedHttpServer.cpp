#include "support/CannedHttpServer.h"

#include <QTcpSocket>
#include <QTimer>

#include <memory>

using namespace Qt::StringLiterals;

namespace rw::test {

CannedHttpServer::CannedHttpServer(QByteArray rawResponse, QObject *parent)
    : QTcpServer(parent)
    , m_response(std::move(rawResponse))
{
    listen(QHostAddress::LocalHost, 0);
}

QUrl CannedHttpServer::url(const QString &path) const
{
    return QUrl(u"http://127.0.0.1:%1%2"_s.arg(serverPort()).arg(path));
}

void CannedHttpServer::incomingConnection(qintptr socketDescriptor)
{
    auto *socket = new QTcpSocket(this);
    socket->setSocketDescriptor(socketDescriptor);
    auto received = std::make_shared<QByteArray>();
    connect(socket, &QTcpSocket::readyRead, this, [this, socket, received] {
        received->append(socket->readAll());
        // Answer once, after the first request's head (or any bytes that are not HTTP).
        if (!received->contains("\r\n\r\n") && received->startsWith("GET"))
            return;
        if (socket->property("answered").toBool())
            return;
        socket->setProperty("answered", true);
        ++m_requests;
        m_lastRequest = *received;
        if (m_dripMs <= 0) {
            socket->write(m_response);
            socket->disconnectFromHost();
            return;
        }
        auto *timer = new QTimer(socket);
        auto sent = std::make_shared<qsizetype>(0);
        connect(timer, &QTimer::timeout, socket, [this, socket, timer, sent] {
            if (*sent >= m_response.size()) {
                timer->stop();
                socket->disconnectFromHost();
                return;
            }
            socket->write(m_response.mid((*sent)++, 1));
        });
        timer->start(m_dripMs);
    });
    connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
}

} // namespace rw::test
