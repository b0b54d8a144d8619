#pragma once

#include "ui/WorkflowTableModel.h"

#include <QTimer>
#include <QWidget>

class QComboBox;
class QHeaderView;
class QLineEdit;
class QToolButton;

namespace rw::ui {

class WorkflowFilterProxy;

// Above the table: the search, the quick filters, each saying how many rows it would show with
// the search and the account as they are, and the account (shown once there are several).
// One quick filter is on at a time; "All" at first. "Needs me" sorts by the nearest deadline.
class FilterBar final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FilterBar)
public:
    FilterBar(WorkflowTableModel *model, WorkflowFilterProxy *proxy, QWidget *parent = nullptr);

    // No search, "All" and every account: every row shows.
    void showAll();
    // The header whose sort "Needs me" sets to the nearest deadline first.
    void setSortHeader(QHeaderView *header) { m_header = header; }
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
    void updateAccounts();

    WorkflowTableModel *m_model;
    WorkflowFilterProxy *m_proxy;
    QLineEdit *m_search;
    QComboBox *m_account;
    QHeaderView *m_header = nullptr;
    QList<Filter> m_filters;
    QTimer m_recount; // zero interval: once at the end of the pass
};

} // namespace rw::ui
