#include "cli/CommandBudget.h"

#include "common/Duration.h"
#include "engine/ClientStatusFetcher.h"
#include "engine/PollEngine.h"
#include "store/RequestLedger.h"

#include <QSet>
#include <QTextStream>

#include <algorithm>
#include <utility>

using namespace Qt::StringLiterals;
using namespace std::chrono;

namespace rw::cli {

CommandBudget::CommandBudget(QNetworkAccessManager *network, const ClientConfig &client,
                             const QStringList &accountIds, QString command, QTextStream &err,
                             QObject *parent)
    : QObject(parent)
    , m_command(std::move(command))
    , m_err(err)
    , m_fetcher(std::make_unique<ClientStatusFetcher>(network, SystemClock::instance()))
    , m_engine(std::make_unique<PollEngine>(m_fetcher.get(), SystemClock::instance()))
{
    m_fetcher->setDefaultConfig(client);
    auto ledger = RequestLedger::open(RequestLedger::defaultPath());
    if (ledger) {
        m_ledger = std::move(ledger).value();
        m_engine->setLedger(m_ledger.get());
    } else {
        m_err << "registrar-watch " << m_command << ": " << ledger.error() << "\n";
        m_err.flush();
    }
    // Cloudflare limits a user, not an account: every account asked with these credentials
    // draws on their one budget.
    for (const QString &accountId : accountIds)
        m_engine->setBudgetKey(accountId, client.credentials.budgetKey());
    m_retry.setSingleShot(true);
    connect(&m_retry, &QTimer::timeout, this, &CommandBudget::sendWhatIsAllowed);
}

CommandBudget::~CommandBudget() = default;

void CommandBudget::whenAllowed(const QString &accountId, std::function<void(bool)> send)
{
    m_waiting.push_back({accountId, std::move(send)});
    sendWhatIsAllowed();
}

void CommandBudget::dropWaiting()
{
    m_retry.stop();
    for (const Waiting &waiting : std::exchange(m_waiting, {}))
        waiting.send(false);
}

void CommandBudget::finished(const QString &accountId, const ResponseInfo &response)
{
    m_engine->slotFinished(accountId, response);
    if (!m_waiting.empty())
        QMetaObject::invokeMethod(this, &CommandBudget::sendWhatIsAllowed, Qt::QueuedConnection);
}

void CommandBudget::sendWhatIsAllowed()
{
    // In the order asked: one that must wait holds back those behind it, as a queue does.
    while (!m_waiting.empty()) {
        const QString accountId = m_waiting.front().accountId;
        if (!m_engine->takeSlot(accountId, PollEngine::SlotUse::Operator))
            break;
        const std::function<void(bool)> send = std::move(m_waiting.front().send);
        m_waiting.pop_front();
        send(true);
    }
    if (m_waiting.empty())
        return;
    const QString accountId = m_waiting.front().accountId;
    const QDateTime now = SystemClock::instance().now();
    const QDateTime at = m_engine->nextSlotAt(accountId, PollEngine::SlotUse::Operator);
    // A slot in flight frees on its answer (finished(), which comes for every request: an
    // error or a timeout ends it too), so a budget whose time has come but whose slots are all
    // in flight waits for that, with a check each second in case; time frees the others.
    const qint64 waitMs =
        at.isValid() && at > now ? std::clamp<qint64>(now.msecsTo(at), 50, 60'000) : 1'000;
    m_retry.start(int(waitMs));
    if (m_toldWait || !at.isValid() || now.msecsTo(at) < 1'000)
        return;
    m_toldWait = true;
    const PollEngine::AccountStatus status = m_engine->accountStatus(accountId);
    m_err << "registrar-watch " << m_command << ": "
          << u"waiting for the API budget until %1: %2 of %3 requests on these credentials in "
             u"the last %4, by this and other Registrar Watch processes."_s
                 .arg(at.toLocalTime().toString(u"HH:mm:ss"_s))
                 .arg(status.sentInWindow)
                 .arg(status.budget)
                 .arg(formatDuration(status.window))
          << "\n";
    m_err.flush();
}

} // namespace rw::cli
