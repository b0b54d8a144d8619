#include "engine/ClientStatusFetcher.h"

#include "net/RegistrarClient.h"

namespace rw {

ClientStatusFetcher::ClientStatusFetcher(QNetworkAccessManager *network, const Clock &clock,
                                         QObject *parent)
    : StatusFetcher(parent)
    , m_network(network)
    , m_clock(clock)
    , m_default(new RegistrarClient(network, ClientConfig(), clock, this))
{}

ClientStatusFetcher::~ClientStatusFetcher() = default;

void ClientStatusFetcher::setDefaultConfig(const ClientConfig &config)
{
    m_default->setConfig(config);
}

void ClientStatusFetcher::setAccountConfig(const QString &accountId, const ClientConfig &config)
{
    RegistrarClient *&client = m_clients[accountId];
    if (!client)
        client = new RegistrarClient(m_network, config, m_clock, this);
    else
        client->setConfig(config);
}

RegistrarClient *ClientStatusFetcher::clientFor(const QString &accountId)
{
    return m_clients.value(accountId, m_default);
}

void ClientStatusFetcher::fetch(quint64 ticket, const AccountRef &account,
                                const QString &statusPath)
{
    StatusCall *call = clientFor(account.id)->fetchStatusLink(statusPath);
    m_jobs.insert(ticket, call);
    connect(call, &ApiJob::finished, this, [this, call, ticket] {
        m_jobs.remove(ticket);
        emit finished(ticket, call->result());
    });
}

void ClientStatusFetcher::cancel(quint64 ticket)
{
    if (const QPointer<ApiJob> job = m_jobs.take(ticket))
        job->cancel();
}

} // namespace rw
