#include "serve/RequestLimit.h"

#include <QTcpSocket>

namespace rw::serve {

RequestLimit::~RequestLimit() = default;

void RequestLimit::incomingConnection(qintptr descriptor)
{
    auto *socket = new QTcpSocket(this);
    if (!socket->setSocketDescriptor(descriptor)) {
        delete socket;
        return;
    }
    // Connected before the HTTP server's own reader, so this sees each piece before it is
    // taken; an answer written starts the count again (a scraper keeps its connection).
    auto received = std::make_shared<qint64>(0);
    connect(socket, &QTcpSocket::readyRead, socket, [socket, received] {
        *received += socket->bytesAvailable();
        if (*received <= maxRequestBytes)
            return;
        // Dropped here, so the HTTP server's reader, next, finds nothing; closed once it is done.
        socket->readAll();
        QMetaObject::invokeMethod(socket, &QTcpSocket::abort, Qt::QueuedConnection);
    });
    connect(socket, &QTcpSocket::bytesWritten, socket, [received] { *received = 0; });
    addPendingConnection(socket);
}

} // namespace rw::serve
