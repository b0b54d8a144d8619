#include "ui/RowPlaceHold.h"

#include "ui/WorkflowFilterProxy.h"

#include <QAbstractItemView>
#include <QEvent>

using namespace std::chrono_literals;

namespace rw::ui {

RowPlaceHold::RowPlaceHold(QAbstractItemView *view, WorkflowFilterProxy *proxy)
    : QObject(view)
    , m_view(view)
    , m_proxy(proxy)
{
    // Long enough to read a row pointed at and decide; short enough that a parked pointer does
    // not keep the table out of order.
    m_aim.setInterval(10s);
    m_aim.setSingleShot(true);
    // Long enough to read the row just clicked and press a key about it.
    m_settle.setInterval(1500ms);
    m_settle.setSingleShot(true);
    connect(&m_aim, &QTimer::timeout, this, &RowPlaceHold::update);
    connect(&m_settle, &QTimer::timeout, this, &RowPlaceHold::update);
    // The view's area takes in its header and scroll bars: moving onto them is still aiming.
    view->installEventFilter(this);
    view->viewport()->installEventFilter(this);
    view->viewport()->setMouseTracking(true); // moves without a button held
    if (view->underMouse())
        m_aim.start();
    update();
}

bool RowPlaceHold::eventFilter(QObject *watched, QEvent *event)
{
    switch (event->type()) {
    case QEvent::Enter:
    case QEvent::MouseMove:
        m_aim.start();
        update();
        break;
    case QEvent::Leave:
    case QEvent::Hide:
        if (watched == m_view) {
            m_aim.stop();
            update();
        }
        break;
    case QEvent::MouseButtonPress:
    case QEvent::MouseButtonDblClick:
    case QEvent::KeyPress:
    case QEvent::Wheel:
        m_settle.start();
        update();
        break;
    default:
        break;
    }
    return QObject::eventFilter(watched, event);
}

void RowPlaceHold::update()
{
    m_proxy->holdPlaces(m_aim.isActive() || m_settle.isActive());
}

} // namespace rw::ui
