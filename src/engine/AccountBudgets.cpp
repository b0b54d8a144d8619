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

AccountBudgets::KeyChange AccountBudgets::setBudgetKey(const QString &accountId, const QString &key)
{
    const QString before = budgetKey(accountId);
    if (!m_seen.contains(accountId))
        m_seen.append(accountId);
    if (key.isEmpty() || key == accountId)
        m_keys.remove(accountId);
    else
        m_keys.insert(accountId, key);
    KeyChange change;
    const auto told = m_told.find(before);
    if (budgetKey(accountId) == before || told == m_told.end())
        return change;
    change.leftHold = told->second.accounts.removeAll(accountId) > 0;
    if (accountsOf(before).isEmpty()) {
        // Nobody draws on it any more: its hold holds nobody, and a hold for credentials
        // nobody uses must not come back with the next account given this key.
        change.ended = Release{before, told->second.accounts};
        if (change.ended->accounts.isEmpty())
            change.ended->accounts = {accountId};
        m_told.erase(told);
        const auto budget = m_budgets.find(before);
        if (budget != m_budgets.end() && budget->second.inFlight() == 0)
            m_budgets.erase(budget);
    }
    return change;
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

QStringList AccountBudgets::keys() const
{
    QStringList keys;
    for (const QString &id : accounts()) {
        const QString key = budgetKey(id);
        if (!keys.contains(key))
            keys.append(key);
    }
    return keys;
}

RequestBudget &AccountBudgets::budgetFor(const QString &accountId)
{
    if (!m_seen.contains(accountId))
        m_seen.append(accountId);
    return budgetOfKey(budgetKey(accountId));
}

RequestBudget &AccountBudgets::budgetOfKey(const QString &key)
{
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
    return findKey(budgetKey(accountId));
}

const RequestBudget *AccountBudgets::findKey(const QString &key) const
{
    const auto it = m_budgets.find(key);
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
    const QString key = budgetKey(accountId);
    const RequestBudget &budget = budgetFor(accountId);
    const RequestBudget::Hold hold = budget.hold(now);
    if (hold == RequestBudget::Hold::None)
        return std::nullopt; // its end is told by takeEndedHolds()
    Announcement announcement{key,
                              accountsOf(key),
                              {},
                              false,
                              holdSentence(hold, budget.heldUntil()),
                              budget.heldUntil()};
    Told &told = m_told[key];
    if (told.sentence != announcement.reason) {
        announcement.news = true;
        told = Told{announcement.reason, {}};
    }
    for (const QString &id : announcement.accounts) {
        if (!told.accounts.contains(id)) {
            told.accounts.append(id);
            announcement.newlyHeld.append(id);
        }
    }
    if (!announcement.news && announcement.newlyHeld.isEmpty())
        return std::nullopt; // said once
    return announcement;
}

std::optional<AccountBudgets::Release> AccountBudgets::releaseCredentials(const QString &accountId,
                                                                          const QDateTime &now)
{
    const QString key = budgetKey(accountId);
    RequestBudget &budget = budgetFor(accountId);
    if (!RequestBudget::waitsForCredentials(budget.hold(now)))
        return std::nullopt;
    budget.releaseCredentials();
    Release release{key, accountsOf(key)};
    if (const auto told = m_told.find(key); told != m_told.end()) {
        release.accounts = told->second.accounts;
        m_told.erase(told);
    }
    return release;
}

QList<AccountBudgets::Release> AccountBudgets::takeEndedHolds(const QDateTime &now)
{
    QList<Release> ended;
    for (auto it = m_told.begin(); it != m_told.end();) {
        const RequestBudget *budget = findKey(it->first);
        if (!budget || budget->hold(now) == RequestBudget::Hold::None) {
            ended.append(Release{it->first, it->second.accounts});
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
    for (const auto &[key, told] : m_told) {
        const RequestBudget *budget = findKey(key);
        const QDateTime until = budget ? budget->heldUntil() : QDateTime();
        if (until.isValid() && (!next.isValid() || until < next))
            next = until;
    }
    return next;
}

} // namespace rw
