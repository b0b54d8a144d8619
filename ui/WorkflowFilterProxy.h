#pragma once

#include "ui/WorkflowTableModel.h"

#include <QSortFilterProxyModel>

namespace rw::ui {

// Sorts on raw values and filters on a search text and one quick filter.
class WorkflowFilterProxy final : public QSortFilterProxyModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WorkflowFilterProxy)
public:
    explicit WorkflowFilterProxy(QObject *parent = nullptr);

    // Nothing (0) shows every workflow.
    void setCategory(WorkflowTableModel::Categories category);
    [[nodiscard]] WorkflowTableModel::Categories category() const { return m_category; }
    void setSearchText(const QString &text);

protected:
    [[nodiscard]] bool filterAcceptsRow(int sourceRow,
                                        const QModelIndex &sourceParent) const override;

private:
    WorkflowTableModel::Categories m_category;
    QString m_search;
};

} // namespace rw::ui
