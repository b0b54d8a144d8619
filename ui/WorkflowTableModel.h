#pragma once

#include "common/Clock.h"
#include "engine/PollEngine.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QTimer>

namespace rw::ui {

// The tracked workflows as table rows, straight from the engine. One changed workflow is one
// dataChanged for its row; rows come and go with inserts and removals, never a reset. Columns
// that show the passing of time are refreshed once a second, in one signal.
class WorkflowTableModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WorkflowTableModel)
public:
    enum class Column {
        Domain,
        Kind,
        State,
        TimeInState,
        LastChange,
        LastChecked,
        NextCheck,
        Notes,
        Count,
    };
    Q_ENUM(Column)

    enum Role {
        SortRole = Qt::UserRole + 1, // raw values for sorting
        IdRole,                      // the workflow's id
        CategoryRole,                // Categories, for the quick filters
        SearchRole,                  // the text a search looks in
    };

    // The quick filters; a workflow may be in several.
    enum Category {
        NeedsMe = 0x01,  // action required, gave up, or its account's credentials rejected
        Active = 0x02,   // watched and not blocked
        Blocked = 0x04,  // watched and blocked
        Finished = 0x08, // succeeded or failed
        Failed = 0x10,
    };
    Q_DECLARE_FLAGS(Categories, Category)
    Q_FLAG(Categories)

    WorkflowTableModel(PollEngine *engine, const Clock &clock, QObject *parent = nullptr);

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] int columnCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index,
                                int role = Qt::DisplayRole) const override;
    [[nodiscard]] QVariant headerData(int section, Qt::Orientation orientation,
                                      int role = Qt::DisplayRole) const override;

    [[nodiscard]] qint64 idAt(int row) const { return m_ids.value(row, 0); }
    [[nodiscard]] int rowOf(qint64 id) const { return m_rows.value(id, -1); }
    [[nodiscard]] Categories categories(qint64 id) const;
    // How many workflows each quick filter holds.
    [[nodiscard]] int count(Category category) const { return m_counts.value(category); }

signals:
    void countsChanged();

private:
    void add(qint64 id);
    void remove(qint64 id);
    void update(qint64 id);
    void accountChanged(const QString &accountId);
    void tick();
    // Brings the counts up to date for one workflow (0: remove it from them); true if they
    // changed. Incremental, so that one answer costs the same with 10 rows as with 10,000.
    bool recount(qint64 id, bool removed = false);
    void recountAll();
    [[nodiscard]] QVariant display(const TrackedWorkflow &workflow, Column column) const;
    [[nodiscard]] QVariant sortValue(const TrackedWorkflow &workflow, Column column) const;

    PollEngine *m_engine;
    const Clock &m_clock;
    QList<qint64> m_ids;
    QHash<qint64, int> m_rows;
    QHash<qint64, Categories> m_categories; // what the counts were made of
    QHash<int, int> m_counts;
    QTimer m_ticker;
};

Q_DECLARE_OPERATORS_FOR_FLAGS(WorkflowTableModel::Categories)

} // namespace rw::ui
