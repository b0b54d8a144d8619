#pragma once

#include "notify/Notifier.h"

#include <QPointer>

namespace rw::ui {

class MainWindow;

// The last way to tell: a notice at the top of the window, for desktops with neither a
// notification service nor a tray. It fails only when there is no window.
class WindowNotifier final : public Notifier
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WindowNotifier)
public:
    explicit WindowNotifier(QObject *parent = nullptr);

    // The window that shows the notices; they follow it when it is replaced.
    void setWindow(MainWindow *window);
    void show(const Notification &notification) override;
    void withdrawAll() override;
    void withdraw(const QString &key) override;

private:
    QPointer<MainWindow> m_window;
};

} // namespace rw::ui
