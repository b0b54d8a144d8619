#pragma once

#include "net/ApiCall.h"
#include "net/ClientConfig.h"
#include "registrar/WorkflowRef.h"

#include <QObject>

#include <functional>

class QNetworkAccessManager;

namespace rw {

// The Registrar API as Registrar Watch uses it: read-only. Every request is built here (base URL,
// credentials, Accept, User-Agent, transfer timeout, redirect policy) and every call returns a
// job that finishes with a typed result.
class RegistrarClient final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RegistrarClient)
public:
    RegistrarClient(QNetworkAccessManager *network, ClientConfig config,
                    const Clock &clock = SystemClock::instance(), QObject *parent = nullptr);

    [[nodiscard]] const ClientConfig &config() const { return m_config; }
    void setConfig(ClientConfig config) { m_config = std::move(config); }

    // GET .../registrations/{domain}/{kind}-status
    [[nodiscard]] StatusCall *fetchStatus(const WorkflowRef &workflow);
    // GET a `links.self` (or Location) as handed in; refused unless it is on the API origin.
    [[nodiscard]] StatusCall *fetchStatusLink(const QString &selfLink);
    // GET /user/tokens/verify, or /accounts/{id}/tokens/verify for account-owned tokens.
    [[nodiscard]] TokenCall *verifyToken(const std::optional<AccountRef> &accountOwner = {});
    // GET .../registrations?per_page=N[&cursor=C]
    [[nodiscard]] RegistrationPageCall *
    fetchRegistrationPage(const AccountRef &account, const QString &cursor, int perPage = 50);

    [[nodiscard]] static QString defaultUserAgent();

    // Called for every request that goes out, so that one-off requests (import) count against
    // the account's budget like the engine's own.
    void setSentObserver(std::function<void()> observer) { m_sent = std::move(observer); }

private:
    template<typename T>
    ApiCall<T> *send(const QString &pathOrUrl, const QString &subject,
                     typename ApiCall<T>::Reader reader);

    QNetworkAccessManager *m_network;
    ClientConfig m_config;
    const Clock &m_clock;
    std::function<void()> m_sent;
};

} // namespace rw
