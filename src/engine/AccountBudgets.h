#pragma once

#include "engine/PollSettings.h"
#include "engine/RequestBudget.h"

#include <QDateTime>
#include <QHash>
#include <QString>
#include <QStringList>

#include <map>
#include <optional>

namespace rw {

// Every credential's RequestBudget, and which of their holds the operator has been told of, so
// that each hold is announced once and its end once. Cloudflare limits a user (a token, or an
// email with its Global API Key), not an account: accounts given the same budget key share one
// budget, its in-flight cap and its holds. Pure bookkeeping on times handed in; the engine sends
// the signals.
class AccountBudgets
{
public:
    explicit AccountBudgets(const PollSettings &settings);

    // The sentence that explains a hold to the operator.
    [[nodiscard]] static QString holdSentence(RequestBudget::Hold hold, const QDateTime &until);

    // New limits for every budget, and for those made from now on; what is in flight, held or
    // already spent stays.
    void reconfigure(const PollSettings &settings);

    // What an account's change of budget did to the holds the operator was told of.
    struct Release
    {
        QString key;
        QStringList accounts; // the accounts whose rows the hold marked
    };
    struct KeyChange
    {
        bool leftHold = false;        // the account's rows are no longer held by its old budget
        std::optional<Release> ended; // the old budget's told hold, now that nobody is left in it
    };
    // The budget the account draws on from now on: the key of its credentials (never the
    // secret itself), shared with every account given the same key. An account given none has a
    // budget of its own.
    KeyChange setBudgetKey(const QString &accountId, const QString &key);
    [[nodiscard]] QString budgetKey(const QString &accountId) const;
    // The accounts that draw on the budget with this key.
    [[nodiscard]] QStringList accountsOf(const QString &key) const;
    // Every budget key in use, each once, in the order of their first account.
    [[nodiscard]] QStringList keys() const;

    // The account's budget, made on first use.
    [[nodiscard]] RequestBudget &budgetFor(const QString &accountId);
    [[nodiscard]] const RequestBudget *find(const QString &accountId) const;
    // The budget with this key, made on first use: a request is finished on the budget it was
    // counted on, even when its account has moved to another since.
    [[nodiscard]] RequestBudget &budgetOfKey(const QString &key);
    [[nodiscard]] const RequestBudget *findKey(const QString &key) const;
    [[nodiscard]] QStringList accounts() const;

    // Holds the account's budget: RateLimited until `until`; CredentialsRejected or
    // CredentialsMissing until the credentials change.
    void hold(const QString &accountId, RequestBudget::Hold kind, const QDateTime &until);

    struct Announcement
    {
        QString key;
        QStringList accounts;  // every account of the budget
        QStringList newlyHeld; // those whose rows are to be marked held now
        bool news = false;     // the budget's hold itself is untold (else only accounts joined)
        QString reason;
        QDateTime until;
    };
    // The hold of the account's budget, when the operator has yet to hear of it in these words
    // (a new hold, or one that now ends later) or an account joined it since; from then on it
    // counts as told, once for the budget whichever of its accounts asks.
    [[nodiscard]] std::optional<Announcement> untoldHold(const QString &accountId,
                                                         const QDateTime &now);
    // Lifts a hold for rejected or missing credentials from the account's budget. Given when
    // there was one, whose end is then to be announced (another hold still running is untold
    // again).
    [[nodiscard]] std::optional<Release> releaseCredentials(const QString &accountId,
                                                            const QDateTime &now);
    // The budgets whose announced hold has run out, each returned once.
    [[nodiscard]] QList<Release> takeEndedHolds(const QDateTime &now);
    // The earliest end of an announced hold (its end is to be announced then), or null.
    [[nodiscard]] QDateTime nextHoldEnd() const;

private:
    PollSettings m_settings;
    std::map<QString, RequestBudget> m_budgets; // by budget key
    QHash<QString, QString> m_keys;             // account → budget key, when not its own id
    QStringList m_seen;                         // every account that asked for its budget
    struct Told
    {
        QString sentence;
        QStringList accounts; // whose rows were marked held
    };
    std::map<QString, Told> m_told; // by budget key: the holds announced
};

} // namespace rw
