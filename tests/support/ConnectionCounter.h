#pragma once

#include <QTcpServer>
#include <QUrl>

namespace rw::test {

// A listening server that only counts who connects: proof that no request went somewhere.
class ConnectionCounter final : public QTcpServer
{
    Q_OBJECT
public:
    explicit ConnectionCounter(QObject *parent = nullptr);
    [[nodiscard]] int connections() const { return m_connections; }
    [[nodiscard]] QUrl url(const QString &path = {}) const;

protected:
    void incomingConnection(qintptr socketDescriptor) override;

private:
    int m_connections = 0;
};

} // namespace rw::test
