#pragma once

#include "common/Clock.h"
#include "engine/StatusFetcher.h"
#include "net/ClientConfig.h"

#include <QHash>
#include <QPointer>

class QNetworkAccessManager;

namespace rw {

class ApiJob;
class RegistrarClient;

// Fetches statuses from the API with a RegistrarClient per account (each account may have its
// own credentials).
class ClientStatusFetcher final : public StatusFetcher
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ClientStatusFetcher)
public:
    ClientStatusFetcher(QNetworkAccessManager *network, const Clock &clock,
                        QObject *parent = nullptr);
    ~ClientStatusFetcher() override;

    // The configuration used for accounts without one of their own.
    void setDefaultConfig(const ClientConfig &config);
    void setAccountConfig(const QString &accountId, const ClientConfig &config);

    void fetch(quint64 ticket, const AccountRef &account, const QString &statusPath) override;
    void cancel(quint64 ticket) override;

private:
    RegistrarClient *clientFor(const QString &accountId);

    QNetworkAccessManager *m_network;
    const Clock &m_clock;
    RegistrarClient *m_default = nullptr;
    QHash<QString, RegistrarClient *> m_clients;
    QHash<quint64, QPointer<ApiJob>> m_jobs;
};

} // namespace rw
