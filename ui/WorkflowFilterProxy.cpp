#include "ui/WorkflowFilterProxy.h"

namespace rw::ui {

WorkflowFilterProxy::WorkflowFilterProxy(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(WorkflowTableModel::SortRole);
    setDynamicSortFilter(true);
    setSortCaseSensitivity(Qt::CaseInsensitive);
}

void WorkflowFilterProxy::setCategory(WorkflowTableModel::Categories category)
{
    if (m_category == category)
        return;
    m_category = category;
    invalidateFilter();
}

void WorkflowFilterProxy::setSearchText(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (m_search == trimmed)
        return;
    m_search = trimmed;
    invalidateFilter();
}

bool WorkflowFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    if (m_category) {
        const auto categories = WorkflowTableModel::Categories::fromInt(
            index.data(WorkflowTableModel::CategoryRole).toInt());
        if (!(categories & m_category))
            return false;
    }
    if (!m_search.isEmpty()) {
        const QString haystack = index.data(WorkflowTableModel::SearchRole).toString();
        // Every word must appear somewhere: "blocked contoso" finds blocked contoso domains.
        const QStringList words = m_search.split(u' ', Qt::SkipEmptyParts);
        for (const QString &word : words) {
            if (!haystack.contains(word, Qt::CaseInsensitive))
                return false;
        }
    }
    return true;
}

} // namespace rw::ui
