#pragma once

#include <QByteArray>
#include <QTcpServer>
#include <QUrl>

namespace rw::test {

// Answers every connection with the same raw bytes once the request has arrived, then closes:
// for answers a well-behaved server would not give (no Content-Length, garbage, endless headers).
class CannedHttpServer final : public QTcpServer
{
    Q_OBJECT
public:
    explicit CannedHttpServer(QByteArray rawResponse, QObject *parent = nullptr);
    [[nodiscard]] QUrl url(const QString &path = {}) const;
    [[nodiscard]] int requests() const { return m_requests; }
    [[nodiscard]] const QByteArray &lastRequest() const { return m_lastRequest; }
    // Sends the answer one byte per interval instead of at once: a server that never quite stops.
    void setDrip(int intervalMs) { m_dripMs = intervalMs; }

protected:
    void incomingConnection(qintptr socketDescriptor) override;

private:
    QByteArray m_response;
    int m_requests = 0;
    QByteArray m_lastRequest;
    int m_dripMs = 0;
};

} // namespace rw::test
