#pragma once

#include "ui/WorkflowTableModel.h"

#include <QHash>
#include <QPersistentModelIndex>
#include <QSet>
#include <QSortFilterProxyModel>
#include <QTimer>

#include <chrono>

namespace rw::ui {

// Sorts on raw values and filters on a search text, one quick filter and one account. While places
// are held, rows keep where they are (a click lands on the row aimed at); a row whose place changed
// in the meantime is marked, and goes there when the hold ends.
//
// Answers move rows at most every catchUpInterval, all at once: between, rows sort on the values
// they had at the last catch-up (kept here), so that a burst of answers is one re-sort and not one
// per answer. What the operator changes (the sort, a filter) applies at once.
class WorkflowFilterProxy final : public QSortFilterProxyModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WorkflowFilterProxy)
public:
    explicit WorkflowFilterProxy(QObject *parent = nullptr);

    // Nothing (0) shows every workflow.
    void setCategory(WorkflowTableModel::Categories category);
    [[nodiscard]] WorkflowTableModel::Categories category() const { return m_category; }
    // One account's rows only; empty: every account's.
    void setAccount(const QString &accountId);
    [[nodiscard]] const QString &account() const { return m_account; }
    void setSearchText(const QString &text);
    [[nodiscard]] const QString &searchText() const { return m_search; }
    // Whether a row of the source holds every word of the search (the quick filter aside).
    [[nodiscard]] bool matchesSearch(int sourceRow) const;
    // Whether a row of the source is of the account chosen (or any, when none is).
    [[nodiscard]] bool matchesAccount(int sourceRow) const;
    void setSourceModel(QAbstractItemModel *model) override;

    // Whether rows wait for the next catch-up to move.
    [[nodiscard]] bool isCatchingUp() const { return !m_stale.isEmpty(); }

    void holdPlaces(bool hold);
    [[nodiscard]] bool holdsPlaces() const { return m_holding; }
    [[nodiscard]] QVariant data(const QModelIndex &index,
                                int role = Qt::DisplayRole) const override;
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

    // Long enough for a burst of answers to be one re-sort; short enough that no row stays
    // visibly out of place.
    static constexpr std::chrono::milliseconds catchUpInterval{300};

protected:
    [[nodiscard]] bool filterAcceptsRow(int sourceRow,
                                        const QModelIndex &sourceParent) const override;
    [[nodiscard]] bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    void noteChanges(const QModelIndex &topLeft, const QModelIndex &bottomRight,
                     const QList<int> &roles);
    void refilter();
    // Sorts the rows whose values changed since the last catch-up where they now belong.
    void catchUp();
    [[nodiscard]] QVariant sortKey(const QModelIndex &sourceIndex) const;
    [[nodiscard]] bool isInPlace(int proxyRow) const;
    void markPending(const QModelIndex &sourceIndex, bool pending);
    void clearPending();

    WorkflowTableModel::Categories m_category;
    QString m_search;
    QString m_account;
    bool m_holding = false;
    QSet<QPersistentModelIndex> m_pending; // source indexes, column 0
    // Each row's sort value as of the last catch-up, by row id; for the sort column.
    mutable QHash<qint64, QVariant> m_keys;
    mutable int m_keysColumn = -1;
    QHash<qint64, QVariant> m_seen; // each row's sort value at its last change, by row id
    QSet<qint64> m_stale;           // rows whose sort value changed since
    QTimer m_catchUp;
};

} // namespace rw::ui
