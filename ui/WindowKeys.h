#pragma once

#include <QObject>

class QWidget;

namespace rw::ui {

// The window's shortcuts come first wherever the focus is in it. A child widget may claim a key
// for itself before any shortcut sees it (on X11 a text field reads Ctrl+E as "end of line",
// Ctrl+K as "delete to the end"); here a text keeps only the keys it edits or copies with, and
// every other key with Ctrl, Alt or Meta goes to the window's actions.
class WindowKeys final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WindowKeys)
public:
    explicit WindowKeys(QWidget *window);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    QWidget *m_window;
};

} // namespace rw::ui
