#pragma once

#include <QObject>
#include <QTimer>

class QAbstractItemView;

namespace rw::ui {

class WorkflowFilterProxy;

// Rows stay where they are while the operator aims at them: while the pointer moves over the
// table (and some seconds after it stopped there) and for a moment after a click or a key in it,
// so that the row clicked, or deleted right after, is the row that was meant. Then they go where
// the sort puts them; a pointer left parked over the table does not freeze the order for good.
class RowPlaceHold final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RowPlaceHold)
public:
    RowPlaceHold(QAbstractItemView *view, WorkflowFilterProxy *proxy);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void update();

    QAbstractItemView *m_view;
    WorkflowFilterProxy *m_proxy;
    QTimer m_aim;    // after the pointer last moved over the table
    QTimer m_settle; // after the last click or key
};

} // namespace rw::ui
