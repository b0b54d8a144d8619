#include "engine/AccountBudgets.h"

using namespace Qt::StringLiterals;

namespace rw {

AccountBudgets::AccountBudgets(const PollSettings &settings)
    : m_settings(settings)
{}

QString AccountBudgets::holdSentence(RequestBudget::Hold hold, const QDateTime &until)
{
    const QString when = until.isValid() ? until.toLocalTime().toString(u"HH:mm:ss"_s) : QString();
    switch (hold) {
    case RequestBudget::Hold::RateLimited:
        return u"Cloudflare rate-limited the account; no requests until %1."_s.arg(when);
    case RequestBudget::Hold::QuotaLow:
        return u"The account's shared API quota is nearly used up by other clients; waiting "
               u"until %1."_s.arg(when);
    case RequestBudget::Hold::CredentialsRejected:
        return u"Cloudflare rejected the credentials; no requests for this account until they "
               u"change."_s;
    case RequestBudget::Hold::CredentialsMissing:
        return u"Waiting for the secret: enter it in Settings. Nothing is sent until then."_s;
    case RequestBudget::Hold::None:
        break;
    }
    return {};
}

void AccountBudgets::reconfigure(const PollSettings &settings)
{
    m_settings = settings;
    for (auto &[account, budget] : m_budgets)
        budget.reconfigure(settings.budgetRequests, settings.budgetWindow, settings.budgetBurst,
                           settings.maxInFlight, settings.serverQuotaReserve);
}

void AccountBudgets::setBudgetKey(const QString &accountId, const QString &key)
{
    if (!m_seen.contains(accountId))
        m_seen.append(accountId);
    if (key.isEmpty() || key == accountId)
        m_keys.remove(accountId);
    else
        m_keys.insert(accountId, key);
}

QString AccountBudgets::budgetKey(const QString &accountId) const
{
    return m_keys.value(accountId, accountId);
}

QStringList AccountBudgets::accountsOf(const QString &key) const
{
    QStringList ids;
    for (const QString &id : accounts())
        if (budgetKey(id) == key)
            ids.append(id);
    return ids;
}

RequestBudget &AccountBudgets::budgetFor(const QString &accountId)
{
    const QString key = budgetKey(accountId);
    if (!m_seen.contains(accountId))
        m_seen.append(accountId);
    auto it = m_budgets.find(key);
    if (it == m_budgets.end())
        it = m_budgets
                 .emplace(key, RequestBudget(m_settings.budgetRequests, m_settings.budgetWindow,
                                             m_settings.budgetBurst, m_settings.maxInFlight,
                                             m_settings.serverQuotaReserve))
                 .first;
    return it->second;
}

const RequestBudget *AccountBudgets::find(const QString &accountId) const
{
    const auto it = m_budgets.find(budgetKey(accountId));
    return it == m_budgets.end() ? nullptr : &it->second;
}

QStringList AccountBudgets::accounts() const
{
    QStringList ids = m_seen;
    ids.sort();
    return ids;
}

void AccountBudgets::hold(const QString &accountId, RequestBudget::Hold kind,
                          const QDateTime &until)
{
    RequestBudget &budget = budgetFor(accountId);
    if (RequestBudget::waitsForCredentials(kind))
        budget.holdForCredentials(kind);
    else
        budget.holdUntil(kind, until);
}

std::optional<AccountBudgets::Announcement> AccountBudgets::untoldHold(const QString &accountId,
                                                                       const QDateTime &now)
{
    const RequestBudget &budget = budgetFor(accountId);
    const RequestBudget::Hold hold = budget.hold(now);
    if (hold == RequestBudget::Hold::None)
        return std::nullopt; // its end is told by takeEndedHolds()
    const QString sentence = holdSentence(hold, budget.heldUntil());
    if (m_told.value(accountId) == sentence)
        return std::nullopt; // said once
    m_told.insert(accountId, sentence);
    return Announcement{sentence, budget.heldUntil()};
}

bool AccountBudgets::releaseCredentials(const QString &accountId, const QDateTime &now)
{
    RequestBudget &budget = budgetFor(accountId);
    if (!RequestBudget::waitsForCredentials(budget.hold(now)))
        return false;
    budget.releaseCredentials();
    m_told.remove(accountId);
    return true;
}

QStringList AccountBudgets::takeEndedHolds(const QDateTime &now)
{
    QStringList ended;
    for (auto it = m_told.begin(); it != m_told.end();) {
        if (budgetFor(it.key()).hold(now) == RequestBudget::Hold::None) {
            ended.append(it.key());
            it = m_told.erase(it);
        } else {
            ++it;
        }
    }
    return ended;
}

QDateTime AccountBudgets::nextHoldEnd() const
{
    QDateTime next;
    for (auto it = m_told.cbegin(); it != m_told.cend(); ++it) {
        const RequestBudget *budget = find(it.key());
        const QDateTime until = budget ? budget->heldUntil() : QDateTime();
        if (until.isValid() && (!next.isValid() || until < next))
            next = until;
    }
    return next;
}

} // namespace rw
