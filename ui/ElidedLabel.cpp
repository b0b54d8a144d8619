#include "ui/ElidedLabel.h"

#include <QPainter>
#include <QStyle>

namespace rw::ui {

ElidedLabel::ElidedLabel(QWidget *parent, int leastWidth)
    : QLabel(parent)
{
    setTextFormat(Qt::PlainText);
    setMinimumWidth(leastWidth);
}

QString ElidedLabel::shownText() const
{
    return fontMetrics().elidedText(text(), Qt::ElideRight, contentsRect().width());
}

void ElidedLabel::paintEvent(QPaintEvent *event)
{
    Q_UNUSED(event)
    QPainter painter(this);
    drawFrame(&painter);
    style()->drawItemText(&painter, contentsRect(), int(alignment()) | Qt::TextSingleLine,
                          palette(), isEnabled(), shownText(), foregroundRole());
}

} // namespace rw::ui
