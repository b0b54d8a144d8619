#pragma once

#include "registrar/WorkflowRef.h"

#include <QHash>
#include <QString>
#include <QStringList>

namespace rw {

// The names the operator gave their accounts ("Acme production"), by account ID, for every
// place that names an account: the table, the details, notifications, exports, the tray. An
// account without a label is named by its ID.
class AccountLabels
{
public:
    void set(const QString &accountId, const QString &label);
    // The label, or the ID when the account has none.
    [[nodiscard]] QString labelOf(const QString &accountId) const;
    [[nodiscard]] QString labelOf(const AccountRef &account) const { return labelOf(account.id); }
    // The accounts with a label, in the order they were set.
    [[nodiscard]] const QStringList &accountIds() const { return m_order; }
    [[nodiscard]] bool isEmpty() const { return m_order.isEmpty(); }

    // Whether there is more than one account (the app's settings give each a label, the ID when
    // the operator gave none): then words that name a domain say whose it is, for the operator
    // acts in one of them.
    [[nodiscard]] bool several() const { return m_order.size() > 1; }
    // "example.com (Acme)" among several accounts; `name` alone with one.
    [[nodiscard]] QString withAccount(const QString &name, const QString &accountId) const;
    // Among several accounts, the label (or ID) of the one account all of `accountIds` are in,
    // for a summary to name it once; empty with one account, or when they are in more than one
    // (then each name says its own with withAccount()).
    [[nodiscard]] QString onlyAccountOf(const QStringList &accountIds) const;

    friend bool operator==(const AccountLabels &, const AccountLabels &) = default;

private:
    QHash<QString, QString> m_labels;
    QStringList m_order;
};

} // namespace rw
