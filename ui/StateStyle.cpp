#include "ui/StateStyle.h"

#include "report/WorkflowText.h"

#include <QApplication>
#include <QHash>
#include <QPainter>
#include <QPainterPath>
#include <QPalette>
#include <QPixmap>

using namespace Qt::StringLiterals;

namespace rw::ui {

namespace {

enum class Shape {
    Ring,     // pending: not started
    Play,     // in progress
    Pause,    // blocked: waiting on someone else
    Bang,     // action required: you
    Check,    // succeeded
    Cross,    // failed
    Question, // unknown, or not asked yet
};

bool darkPalette()
{
    const QColor window = QApplication::palette().color(QPalette::Window);
    return window.lightness() < 128;
}

QIcon paint(Shape shape, const QColor &color)
{
    QIcon icon;
    for (const int size : {16, 24, 32}) {
        QPixmap pixmap(size, size);
        pixmap.fill(Qt::transparent);
        QPainter painter(&pixmap);
        painter.setRenderHint(QPainter::Antialiasing);
        const qreal s = size;
        const QRectF disc(1, 1, s - 2, s - 2);
        const QColor ink = Qt::white;
        QPen pen(ink, s / 9.0, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin);
        switch (shape) {
        case Shape::Ring:
            painter.setPen(QPen(color, s / 7.0));
            painter.drawEllipse(disc.adjusted(s / 10, s / 10, -s / 10, -s / 10));
            break;
        case Shape::Play: {
            painter.setPen(Qt::NoPen);
            painter.setBrush(color);
            painter.drawEllipse(disc);
            QPainterPath triangle;
            triangle.moveTo(s * 0.38, s * 0.28);
            triangle.lineTo(s * 0.74, s * 0.5);
            triangle.lineTo(s * 0.38, s * 0.72);
            triangle.closeSubpath();
            painter.setBrush(ink);
            painter.drawPath(triangle);
            break;
        }
        case Shape::Pause:
            painter.setPen(Qt::NoPen);
            painter.setBrush(color);
            painter.drawEllipse(disc);
            painter.setBrush(ink);
            painter.drawRect(QRectF(s * 0.33, s * 0.28, s * 0.12, s * 0.44));
            painter.drawRect(QRectF(s * 0.55, s * 0.28, s * 0.12, s * 0.44));
            break;
        case Shape::Bang: {
            QPainterPath triangle; // a warning sign
            triangle.moveTo(s * 0.5, 1);
            triangle.lineTo(s - 1, s - 2);
            triangle.lineTo(1, s - 2);
            triangle.closeSubpath();
            painter.setPen(Qt::NoPen);
            painter.setBrush(color);
            painter.drawPath(triangle);
            painter.setPen(pen);
            painter.drawLine(QPointF(s * 0.5, s * 0.35), QPointF(s * 0.5, s * 0.62));
            painter.drawPoint(QPointF(s * 0.5, s * 0.78));
            break;
        }
        case Shape::Check:
            painter.setPen(Qt::NoPen);
            painter.setBrush(color);
            painter.drawEllipse(disc);
            painter.setPen(pen);
            painter.drawPolyline(QPolygonF{QPointF(s * 0.28, s * 0.52), QPointF(s * 0.44, s * 0.68),
                                           QPointF(s * 0.73, s * 0.34)});
            break;
        case Shape::Cross:
            painter.setPen(Qt::NoPen);
            painter.setBrush(color);
            painter.drawRoundedRect(disc, s * 0.2, s * 0.2);
            painter.setPen(pen);
            painter.drawLine(QPointF(s * 0.32, s * 0.32), QPointF(s * 0.68, s * 0.68));
            painter.drawLine(QPointF(s * 0.68, s * 0.32), QPointF(s * 0.32, s * 0.68));
            break;
        case Shape::Question: {
            painter.setPen(Qt::NoPen);
            painter.setBrush(color);
            painter.drawEllipse(disc);
            QFont font = painter.font();
            font.setPixelSize(int(s * 0.7));
            font.setBold(true);
            painter.setFont(font);
            painter.setPen(ink);
            painter.drawText(QRectF(0, 0, s, s), Qt::AlignCenter, u"?"_s);
            break;
        }
        }
        painter.end();
        icon.addPixmap(pixmap);
    }
    return icon;
}

} // namespace

StateStyle StateStyle::forState(std::optional<WorkflowState> state, const QString &stateText)
{
    const bool dark = darkPalette();
    // Mid-tone colours with white marks: legible on light and dark backgrounds alike.
    const auto pick = [dark](const char *light, const char *darker) {
        return QColor::fromString(QLatin1StringView(dark ? darker : light));
    };
    StateStyle style;
    style.label = workflowText::stateLabel(state, stateText);
    Shape shape = Shape::Question;
    if (!state) {
        style.color = pick("#7a7a7a", "#9a9a9a");
    } else {
        switch (*state) {
        case WorkflowState::Pending:
            shape = Shape::Ring;
            style.color = pick("#5a7fa8", "#7fa6d1");
            break;
        case WorkflowState::InProgress:
            shape = Shape::Play;
            style.color = pick("#1f6fc5", "#4b95e6");
            break;
        case WorkflowState::Blocked:
            shape = Shape::Pause;
            style.color = pick("#a86b00", "#d9951c");
            break;
        case WorkflowState::ActionRequired:
            shape = Shape::Bang;
            style.color = pick("#c2410c", "#f0803c");
            break;
        case WorkflowState::Succeeded:
            shape = Shape::Check;
            style.color = pick("#1b7f3b", "#39a85e");
            break;
        case WorkflowState::Failed:
            shape = Shape::Cross;
            style.color = pick("#b3261e", "#e5554d");
            break;
        case WorkflowState::Unknown:
            shape = Shape::Question;
            style.color = pick("#7b4fb0", "#a37bd6");
            break;
        }
    }
    static QHash<QString, QIcon> cache;
    const QString key = u"%1/%2"_s.arg(int(shape)).arg(style.color.name());
    auto it = cache.find(key);
    if (it == cache.end())
        it = cache.insert(key, paint(shape, style.color));
    style.icon = it.value();
    return style;
}

StateStyle StateStyle::forWorkflow(const TrackedWorkflow &workflow)
{
    return forState(workflow.state(), workflow.status ? workflow.status->stateText : QString());
}

} // namespace rw::ui
