#pragma once

#include <QStyledItemDelegate>

namespace rw::ui {

// How the table draws its cells: a domain is cut in its middle, so that its end (the TLD, which
// tells example.com from example.net) stays in view; a cell cut short shows its whole text as a
// tooltip when the model has none of its own.
class WorkflowItemDelegate final : public QStyledItemDelegate
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WorkflowItemDelegate)
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    bool helpEvent(QHelpEvent *event, QAbstractItemView *view, const QStyleOptionViewItem &option,
                   const QModelIndex &index) override;

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override;
};

} // namespace rw::ui
