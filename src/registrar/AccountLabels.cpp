#include "registrar/AccountLabels.h"

namespace rw {

void AccountLabels::set(const QString &accountId, const QString &label)
{
    const QString trimmed = label.trimmed();
    if (trimmed.isEmpty()) {
        m_labels.remove(accountId);
        m_order.removeAll(accountId);
        return;
    }
    if (!m_labels.contains(accountId))
        m_order.append(accountId);
    m_labels.insert(accountId, trimmed);
}

QString AccountLabels::labelOf(const QString &accountId) const
{
    return m_labels.value(accountId, accountId);
}

} // namespace rw
