#pragma once

#include <QTableView>

namespace rw::ui {

class WorkflowItemDelegate;

// The table of workflows. Once a second (WorkflowTableModel::timesChanged) it repaints the visible
// cells whose text is no longer what they show ("3s ago" that is now "4s ago"), and only those:
// a dataChanged of every row through the proxy, and the repaint of every visible cell of the time
// columns, cost 4.6 ms a second at 10,000 rows on X11 (docs/BENCHMARKS.md, "The table").
class WorkflowTableView final : public QTableView
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WorkflowTableView)
public:
    explicit WorkflowTableView(QWidget *parent = nullptr);

    // Repaints the visible cells whose text changed since they were drawn.
    void refreshTimes();

private:
    WorkflowItemDelegate *m_delegate;
};

} // namespace rw::ui
