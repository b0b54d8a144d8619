#include "discovery/DiscoveryHost.h"

#include "common/Logging.h"
#include "discovery/AccountDiscovery.h"
#include "discovery/RegistrationNotices.h"
#include "engine/PollEngine.h"
#include "store/WorkflowStore.h"

#include <QSet>

namespace rw {

DiscoveryHost::DiscoveryHost(PollEngine *engine, QNetworkAccessManager *network,
                             WorkflowStore *store, RegistrationNotices *notices, const Clock &clock,
                             QObject *parent)
    : QObject(parent)
    , m_engine(engine)
    , m_network(network)
    , m_store(store)
    , m_notices(notices)
    , m_clock(clock)
{
    loadNotices();
    if (!m_store)
        return;
    const auto logged = [](const std::optional<QString> &error) {
        if (error)
            qCWarning(lcStore) << *error;
    };
    connect(m_notices, &RegistrationNotices::noticeAdded, this,
            [this, logged](const RegistrationNotice &notice) {
                logged(m_store->saveRegistrationNotice(notice));
            });
    connect(m_notices, &RegistrationNotices::noticeChanged, this,
            [this, logged](const RegistrationNotice &notice) {
                logged(m_store->saveRegistrationNotice(notice));
            });
    connect(m_notices, &RegistrationNotices::noticeRemoved, this,
            [this, logged](const RegistrationNotice &notice) {
                logged(m_store->removeRegistrationNotice(notice.account, notice.domain));
            });
}

DiscoveryHost::~DiscoveryHost()
{
    qDeleteAll(m_discoveries);
}

void DiscoveryHost::loadNotices()
{
    if (!m_store)
        return;
    const auto stored = m_store->registrationNotices();
    if (!stored) {
        qCWarning(lcStore) << stored.error();
        return;
    }
    for (const RegistrationNotice &notice : *stored)
        m_notices->put(notice);
}

void DiscoveryHost::setAccounts(const QList<DiscoveryAccount> &accounts)
{
    QSet<QString> watched;
    for (const DiscoveryAccount &account : accounts) {
        const QString &id = account.account.id;
        if (!account.enabled)
            continue;
        watched.insert(id);
        if (AccountDiscovery *known = m_discoveries.value(id)) {
            if (known->account().account.sandbox == account.account.sandbox) {
                known->setAccount(account);
                continue;
            }
            // The same id in the sandbox is another account: start over.
            m_notices->removeAccount(id);
            delete m_discoveries.take(id);
        }
        auto *discovery =
            new AccountDiscovery(account, m_engine, m_network, m_store, m_notices, m_clock, this);
        connect(discovery, &AccountDiscovery::estimateChanged, this,
                [this, id] { emit sweepEstimateChanged(id); });
        connect(discovery, &AccountDiscovery::problem, this,
                [this, id](const QString &message) { emit problem(id, message); });
        m_discoveries.insert(id, discovery);
        discovery->start();
        emit sweepEstimateChanged(id);
    }
    for (auto it = m_discoveries.begin(); it != m_discoveries.end();) {
        if (watched.contains(it.key())) {
            ++it;
            continue;
        }
        const QString id = it.key();
        delete it.value();
        it = m_discoveries.erase(it);
        // Nobody keeps them up to date any more.
        m_notices->removeAccount(id);
        emit sweepEstimateChanged(id);
    }
    // Notices loaded from the store for accounts no longer watched whole.
    QSet<QString> stale;
    for (const RegistrationNotice &notice : m_notices->notices()) {
        if (!watched.contains(notice.account.id))
            stale.insert(notice.account.id);
    }
    for (const QString &id : std::as_const(stale))
        m_notices->removeAccount(id);
}

AccountDiscovery *DiscoveryHost::discovery(const QString &accountId) const
{
    return m_discoveries.value(accountId);
}

QString DiscoveryHost::sweepEstimate(const QString &accountId) const
{
    const AccountDiscovery *discovery = m_discoveries.value(accountId);
    return discovery ? discovery->sweepEstimate() : QString();
}

} // namespace rw
