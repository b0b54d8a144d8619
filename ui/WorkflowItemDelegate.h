#pragma once

#include <QHash>
#include <QStyledItemDelegate>

namespace rw::ui {

// How the table draws its cells: a domain is cut in its middle, so that its end (the TLD, which
// tells example.com from example.net) stays in view; a cell cut short shows its whole text as a
// tooltip when the model has none of its own. It remembers the text it last drew in each cell, so
// that the view repaints a cell only when its text is no longer that (WorkflowTableView).
class WorkflowItemDelegate final : public QStyledItemDelegate
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WorkflowItemDelegate)
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    bool helpEvent(QHelpEvent *event, QAbstractItemView *view, const QStyleOptionViewItem &option,
                   const QModelIndex &index) override;
    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    // Whether the cell shows other text than the model now gives it (or was never drawn).
    [[nodiscard]] bool isOutdated(const QModelIndex &index) const;
    // The cells whose text is remembered: at most `rememberedAtMost`. Past that it forgets them
    // all, which costs one repaint of the cells in view (they read as outdated), so that
    // scrolling through 10,000 rows, or rows removed, leave nothing behind.
    [[nodiscard]] qsizetype rememberedCells() const { return m_drawn.size(); }
    static constexpr qsizetype rememberedAtMost = 8192;

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override;

private:
    // By the row's workflow (WorkflowTableModel::IdRole) and the column.
    [[nodiscard]] static quint64 keyOf(const QModelIndex &index);

    mutable QHash<quint64, QString> m_drawn;
};

} // namespace rw::ui
