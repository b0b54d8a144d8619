#include "ui/WorkflowFilterProxy.h"

#include <QFont>

using namespace Qt::StringLiterals;

namespace rw::ui {

WorkflowFilterProxy::WorkflowFilterProxy(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(WorkflowTableModel::SortRole);
    setDynamicSortFilter(true);
    setSortCaseSensitivity(Qt::CaseInsensitive);
}

void WorkflowFilterProxy::setSourceModel(QAbstractItemModel *model)
{
    if (sourceModel())
        disconnect(sourceModel(), nullptr, this, nullptr);
    m_pending.clear();
    QSortFilterProxyModel::setSourceModel(model);
    if (model)
        connect(model, &QAbstractItemModel::dataChanged, this, &WorkflowFilterProxy::notePlaces);
}

// Without dynamic sorting the proxy still filters and sorts what is inserted, and sorts when
// asked, but leaves rows whose data changes where they are.
void WorkflowFilterProxy::holdPlaces(bool hold)
{
    if (m_holding == hold)
        return;
    m_holding = hold;
    if (hold) {
        setDynamicSortFilter(false);
        return;
    }
    const bool moves = !m_pending.isEmpty();
    setDynamicSortFilter(true); // sorts
    if (moves)
        invalidateFilter(); // for the rows that left the quick filter or the search meanwhile
    clearPending();
}

void WorkflowFilterProxy::sort(int column, Qt::SortOrder order)
{
    QSortFilterProxyModel::sort(column, order);
    clearPending();
}

QVariant WorkflowFilterProxy::data(const QModelIndex &index, int role) const
{
    QVariant value = QSortFilterProxyModel::data(index, role);
    if ((role != Qt::FontRole && role != Qt::ToolTipRole) || m_pending.isEmpty() ||
        !m_pending.contains(mapToSource(index.siblingAtColumn(0))))
        return value;
    if (role == Qt::FontRole) {
        QFont font = value.isValid() ? value.value<QFont>() : QFont();
        font.setBold(true);
        return font;
    }
    const QString why = u"This row changed while the pointer was over the table; it moves to its "
                        u"place when the pointer leaves the table."_s;
    const QString tip = value.toString();
    if (tip.isEmpty())
        return why;
    return QString(tip + u'\n' + why);
}

void WorkflowFilterProxy::notePlaces(const QModelIndex &topLeft, const QModelIndex &bottomRight)
{
    if (!m_holding)
        return;
    for (int row = topLeft.row(); row <= bottomRight.row(); ++row) {
        const QModelIndex source = sourceModel()->index(row, 0);
        const QModelIndex shown = mapFromSource(source);
        if (shown.isValid())
            markPending(source, !isInPlace(shown.row()));
    }
}

// Against its neighbours only: the other rows have not moved, so they are still in order.
bool WorkflowFilterProxy::isInPlace(int proxyRow) const
{
    const QModelIndex here = mapToSource(index(proxyRow, 0));
    if (!filterAcceptsRow(here.row(), {}))
        return false;
    const int column = sortColumn();
    if (column < 0)
        return true;
    const auto at = [&](int row) {
        return mapToSource(index(row, column));
    };
    const auto ordered = [&](const QModelIndex &first, const QModelIndex &second) {
        return sortOrder() == Qt::AscendingOrder ? !lessThan(second, first)
                                                 : !lessThan(first, second);
    };
    const QModelIndex key = at(proxyRow);
    return (proxyRow == 0 || ordered(at(proxyRow - 1), key)) &&
           (proxyRow == rowCount() - 1 || ordered(key, at(proxyRow + 1)));
}

void WorkflowFilterProxy::markPending(const QModelIndex &sourceIndex, bool pending)
{
    const QPersistentModelIndex key(sourceIndex);
    if (pending == m_pending.contains(key))
        return;
    if (pending)
        m_pending.insert(key);
    else
        m_pending.remove(key);
    const QModelIndex shown = mapFromSource(sourceIndex);
    if (shown.isValid())
        emit dataChanged(shown, shown.siblingAtColumn(columnCount() - 1),
                         {Qt::FontRole, Qt::ToolTipRole});
}

void WorkflowFilterProxy::clearPending()
{
    const QSet<QPersistentModelIndex> pending = std::exchange(m_pending, {});
    for (const QPersistentModelIndex &index : pending) {
        const QModelIndex shown = mapFromSource(index);
        if (shown.isValid())
            emit dataChanged(shown, shown.siblingAtColumn(columnCount() - 1),
                             {Qt::FontRole, Qt::ToolTipRole});
    }
}

void WorkflowFilterProxy::setCategory(WorkflowTableModel::Categories category)
{
    if (m_category == category)
        return;
    m_category = category;
    invalidateFilter();
}

void WorkflowFilterProxy::setAccount(const QString &accountId)
{
    if (m_account == accountId)
        return;
    m_account = accountId;
    invalidateFilter();
}

bool WorkflowFilterProxy::matchesAccount(int sourceRow) const
{
    return m_account.isEmpty() ||
           sourceModel()->index(sourceRow, 0).data(WorkflowTableModel::AccountRole).toString() ==
               m_account;
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
    return matchesAccount(sourceRow) && matchesSearch(sourceRow);
}

bool WorkflowFilterProxy::matchesSearch(int sourceRow) const
{
    if (m_search.isEmpty())
        return true;
    const QString haystack =
        sourceModel()->index(sourceRow, 0).data(WorkflowTableModel::SearchRole).toString();
    // Every word must appear somewhere: "blocked contoso" finds blocked contoso domains.
    const QStringList words = m_search.split(u' ', Qt::SkipEmptyParts);
    for (const QString &word : words) {
        if (!haystack.contains(word, Qt::CaseInsensitive))
            return false;
    }
    return true;
}

} // namespace rw::ui
