#pragma once

#include <QObject>
#include <QTimer>

class QAbstractItemView;

namespace rw::ui {

class WorkflowFilterProxy;

// Rows stay where they are while the operator aims at them: while the pointer is over the table
// and for a moment after a click or a key in it, so that the row clicked, or deleted right after,
// is the row that was meant. Then they go where the sort puts them.
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
    bool m_pointerInside = false;
    QTimer m_settle; // after the last input
};

} // namespace rw::ui
