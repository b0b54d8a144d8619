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

    friend bool operator==(const AccountLabels &, const AccountLabels &) = default;

private:
    QHash<QString, QString> m_labels;
    QStringList m_order;
};

} // namespace rw
