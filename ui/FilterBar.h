#pragma once

#include "ui/WorkflowTableModel.h"

#include <QWidget>

class QLineEdit;
class QToolButton;

namespace rw::ui {

class WorkflowFilterProxy;

// Above the table: the search and the quick filters, each saying how many workflows it would
// show with the search as it is.
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
    // Why the table shows nothing though workflows are watched: the filter and the search.
    [[nodiscard]] QString whyEmpty() const;

signals:
    void changed();

private:
    struct Filter
    {
        WorkflowTableModel::Categories category;
        QString name;
        QToolButton *button;
    };

    void updateCounts();

    WorkflowTableModel *m_model;
    WorkflowFilterProxy *m_proxy;
    QLineEdit *m_search;
    QList<Filter> m_filters;
};

} // namespace rw::ui
