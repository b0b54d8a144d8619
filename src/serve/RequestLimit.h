#pragma once

#include <QTcpServer>

namespace rw::serve {

// The listening socket of /metrics, with a cap on what one client may send: Qt 6.4's
// QHttpServer reads a request whole, however big, and a scrape target must not become a place
// to pour data into. A connection that sends more than `maxRequestBytes` without getting an
// answer is closed.
class RequestLimit final : public QTcpServer
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RequestLimit)
public:
    static constexpr qint64 maxRequestBytes = 16 * 1024;

    using QTcpServer::QTcpServer;
    ~RequestLimit() override;

protected:
    void incomingConnection(qintptr descriptor) override;
};

} // namespace rw::serve
