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
    m_catchUp.setSingleShot(true);
    m_catchUp.setInterval(catchUpInterval);
    connect(&m_catchUp, &QTimer::timeout, this, &WorkflowFilterProxy::catchUp);
}

void WorkflowFilterProxy::setSourceModel(QAbstractItemModel *model)
{
    if (sourceModel())
        disconnect(sourceModel(), nullptr, this, nullptr);
    m_pending.clear();
    m_keys.clear();
    m_seen.clear();
    m_stale.clear();
    QSortFilterProxyModel::setSourceModel(model);
    // After the proxy's own handling, which sorted on the kept values.
    if (model)
        connect(model, &QAbstractItemModel::dataChanged, this, &WorkflowFilterProxy::noteChanges);
}

QVariant WorkflowFilterProxy::sortKey(const QModelIndex &sourceIndex) const
{
    if (sortColumn() != m_keysColumn) {
        m_keys.clear();
        m_keysColumn = sortColumn();
    }
    const qint64 id = sourceIndex.siblingAtColumn(0).data(WorkflowTableModel::IdRole).toLongLong();
    auto it = m_keys.find(id);
    if (it == m_keys.end())
        it = m_keys.insert(id, sourceIndex.data(sortRole()));
    return *it;
}

// QSortFilterProxyModel's order for values of one column: text by the sort's case sensitivity,
// the rest as QVariant orders them, a missing value last.
bool WorkflowFilterProxy::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    const QVariant l = sortKey(left);
    const QVariant r = sortKey(right);
    if (!l.isValid())
        return false;
    if (!r.isValid())
        return true;
    if (l.userType() == QMetaType::QString && r.userType() == QMetaType::QString)
        return l.toString().compare(r.toString(), sortCaseSensitivity()) < 0;
    return QVariant::compare(l, r) == QPartialOrdering::Less;
}

// An answer may change a sort value or a filter.
// While places are held, a row is marked when it left the filter, or when its sort value changed
// and it is out of place (a neighbour that did not change stays unmarked).
void WorkflowFilterProxy::noteChanges(const QModelIndex &topLeft, const QModelIndex &bottomRight,
                                      const QList<int> &roles)
{
    if (!roles.isEmpty() && !roles.contains(sortRole()))
        return;
    const bool kept = sortColumn() >= 0 && sortColumn() == m_keysColumn;
    for (int row = topLeft.row(); row <= bottomRight.row(); ++row) {
        const QModelIndex source = sourceModel()->index(row, 0);
        const qint64 id = source.data(WorkflowTableModel::IdRole).toLongLong();
        bool changedNow = false;
        if (kept) {
            const QVariant value = source.siblingAtColumn(sortColumn()).data(sortRole());
            const auto key = m_keys.constFind(id);
            if (key != m_keys.cend() && *key != value)
                m_stale.insert(id);
            // Changed by this answer, not only since the last catch-up: a row that was still
            // to move when the hold began, and is not changed meanwhile, is not marked.
            const auto seen = m_seen.constFind(id);
            changedNow =
                seen != m_seen.cend() ? *seen != value : key != m_keys.cend() && *key != value;
            m_seen.insert(id, value);
        }
        if (!m_holding)
            continue;
        const QModelIndex shown = mapFromSource(source);
        if (!shown.isValid())
            continue;
        const bool marked = m_pending.contains(QPersistentModelIndex(source));
        markPending(source,
                    !filterAcceptsRow(row, {}) || (m_stale.contains(id) && (changedNow || marked) &&
                                                   !isInPlace(shown.row())));
    }
    if (!m_stale.isEmpty() && !m_catchUp.isActive())
        m_catchUp.start();
}

void WorkflowFilterProxy::catchUp()
{
    m_catchUp.stop();
    if (m_holding || m_stale.isEmpty())
        return; // the hold's end catches up
    for (const qint64 id : std::exchange(m_stale, {}))
        m_keys.remove(id);
    // One re-sort for all of them, on kept values but theirs: cheap, and the selection and the
    // current row follow their rows.
    invalidate();
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
    for (const qint64 id : std::exchange(m_stale, {}))
        m_keys.remove(id);
    setDynamicSortFilter(true); // sorts
    if (moves)
        invalidateFilter(); // for the rows that left the quick filter or the search meanwhile
    clearPending();
}

void WorkflowFilterProxy::sort(int column, Qt::SortOrder order)
{
    // The operator's sort is on the values as they are now.
    m_keys.clear();
    m_seen.clear();
    m_stale.clear();
    m_catchUp.stop();
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
        // On the values as they are now, not as kept for sorting.
        const auto less = [this](const QModelIndex &a, const QModelIndex &b) {
            return QSortFilterProxyModel::lessThan(a, b);
        };
        return sortOrder() == Qt::AscendingOrder ? !less(second, first) : !less(first, second);
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
    refilter();
}

void WorkflowFilterProxy::setAccount(const QString &accountId)
{
    if (m_account == accountId)
        return;
    m_account = accountId;
    refilter();
}

// What the operator asks for applies at once, rows that moved since the last catch-up included.
void WorkflowFilterProxy::refilter()
{
    if (m_stale.isEmpty() || m_holding) {
        invalidateFilter();
        return;
    }
    catchUp();
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
    refilter();
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
