#include "ui/WorkflowItemDelegate.h"

#include "ui/WorkflowTableModel.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QHelpEvent>
#include <QToolTip>

namespace rw::ui {

void WorkflowItemDelegate::initStyleOption(QStyleOptionViewItem *option,
                                           const QModelIndex &index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    // Domains and account labels differ at their ends ("Acme Production", "Acme Staging"):
    // cut in the middle, two of them still tell apart.
    if (index.column() == int(WorkflowTableModel::Column::Domain) ||
        index.column() == int(WorkflowTableModel::Column::Account))
        option->textElideMode = Qt::ElideMiddle;
}

quint64 WorkflowItemDelegate::keyOf(const QModelIndex &index)
{
    const auto id = quint64(index.siblingAtColumn(0).data(WorkflowTableModel::IdRole).toLongLong());
    return (id << 8) | quint64(index.column() & 0xff);
}

void WorkflowItemDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                                 const QModelIndex &index) const
{
    QStyledItemDelegate::paint(painter, option, index);
    const quint64 key = keyOf(index);
    if (m_drawn.size() >= rememberedAtMost && !m_drawn.contains(key))
        m_drawn.clear();
    m_drawn.insert(key, index.data(Qt::DisplayRole).toString());
}

bool WorkflowItemDelegate::isOutdated(const QModelIndex &index) const
{
    const auto drawn = m_drawn.constFind(keyOf(index));
    return drawn == m_drawn.cend() || *drawn != index.data(Qt::DisplayRole).toString();
}

bool WorkflowItemDelegate::helpEvent(QHelpEvent *event, QAbstractItemView *view,
                                     const QStyleOptionViewItem &option, const QModelIndex &index)
{
    if (event->type() != QEvent::ToolTip || !index.isValid() ||
        index.data(Qt::ToolTipRole).isValid())
        return QStyledItemDelegate::helpEvent(event, view, option, index);
    QStyleOptionViewItem item = option;
    initStyleOption(&item, index);
    const QStyle *style = view->style();
    const QRect textRect = style->subElementRect(QStyle::SE_ItemViewItemText, &item, view);
    // The style pads the text inside its rectangle.
    const int margin = style->pixelMetric(QStyle::PM_FocusFrameHMargin, &item, view) + 1;
    if (item.text.isEmpty() ||
        item.fontMetrics.horizontalAdvance(item.text) <= textRect.width() - 2 * margin) {
        QToolTip::hideText();
        return true;
    }
    QToolTip::showText(event->globalPos(), item.text, view->viewport(), option.rect);
    return true;
}

} // namespace rw::ui
