#include "ui/WindowNotifier.h"

#include "ui/MainWindow.h"

using namespace Qt::StringLiterals;

namespace rw::ui {

WindowNotifier::WindowNotifier(QObject *parent)
    : Notifier(parent)
{}

void WindowNotifier::setWindow(MainWindow *window)
{
    if (m_window)
        disconnect(m_window, nullptr, this, nullptr);
    m_window = window;
    if (window)
        connect(window, &MainWindow::noticeActivated, this, &Notifier::activated);
}

void WindowNotifier::show(const Notification &notification)
{
    if (!m_window) {
        emit failed(notification, u"there is no window"_s);
        return;
    }
    m_window->showNotice(notification);
}

void WindowNotifier::withdrawAll()
{
    if (m_window)
        m_window->withdrawNotices();
}

void WindowNotifier::withdraw(const QString &key)
{
    if (m_window && !key.isEmpty())
        m_window->withdrawNotices(key);
}

} // namespace rw::ui
