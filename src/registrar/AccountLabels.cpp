#include "registrar/AccountLabels.h"

#include <algorithm>

using namespace Qt::StringLiterals;

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

QString AccountLabels::withAccount(const QString &name, const QString &accountId) const
{
    return several() ? u"%1 (%2)"_s.arg(name, labelOf(accountId)) : name;
}

QString AccountLabels::onlyAccountOf(const QStringList &accountIds) const
{
    if (!several() || accountIds.isEmpty())
        return {};
    const QString &first = accountIds.constFirst();
    const bool one = std::all_of(accountIds.cbegin(), accountIds.cend(),
                                 [&first](const QString &id) { return id == first; });
    return one ? labelOf(first) : QString();
}

QString AccountLabels::labelOf(const QString &accountId) const
{
    return m_labels.value(accountId, accountId);
}

} // namespace rw
