#pragma once

#include "ui/WorkflowTableModel.h"

#include <QWidget>

class QLineEdit;
class QToolButton;

namespace rw::ui {

class WorkflowFilterProxy;

// Above the table: the search and the quick filters, each saying how many workflows it holds.
// One quick filter is on at a time; "All" at first.
class FilterBar final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FilterBar)
public:
    FilterBar(WorkflowTableModel *model, WorkflowFilterProxy *proxy, QWidget *parent = nullptr);

    // No search and "All": every workflow shows.
    void showAll();
    // The search text selected, ready to be typed over.
    void focusSearch();

private:
    struct Filter
    {
        WorkflowTableModel::Categories category;
        QString name;
        QToolButton *button;
    };

    void updateCounts();

    WorkflowTableModel *m_model;
    QLineEdit *m_search;
    QList<Filter> m_filters;
};

} // namespace rw::ui
