#include "ui/WorkflowTableView.h"

#include "ui/WorkflowItemDelegate.h"

#include <QHeaderView>

namespace rw::ui {

WorkflowTableView::WorkflowTableView(QWidget *parent)
    : QTableView(parent)
    , m_delegate(new WorkflowItemDelegate(this))
{
    setItemDelegate(m_delegate);
}

void WorkflowTableView::refreshTimes()
{
    if (!isVisible() || !model())
        return;
    const int top = rowAt(0);
    if (top < 0)
        return; // no row in view
    int bottom = rowAt(viewport()->height() - 1);
    if (bottom < 0)
        bottom = model()->rowCount() - 1;
    const int left = columnAt(0);
    if (left < 0)
        return; // no column in view
    int right = columnAt(viewport()->width() - 1);
    if (right < 0)
        right = model()->columnCount() - 1;
    const QHeaderView *header = horizontalHeader();
    for (int row = top; row <= bottom; ++row) {
        for (int visual = header->visualIndex(left); visual <= header->visualIndex(right);
             ++visual) {
            const int column = header->logicalIndex(visual);
            if (isColumnHidden(column))
                continue;
            const QModelIndex index = model()->index(row, column);
            if (m_delegate->isOutdated(index))
                update(index);
        }
    }
}

} // namespace rw::ui
