#pragma once

#include "notify/Notification.h"

#include <QFrame>

class QLabel;
class QPushButton;

namespace rw::ui {

// A notice at the top of the window, for when no notification service or tray shows one: what
// happened, "Open" (when it is about something to open) and "Dismiss". A newer notice replaces the
// one shown.
class NoticeBar final : public QFrame
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(NoticeBar)
public:
    explicit NoticeBar(QWidget *parent = nullptr);

    void showNotice(const Notification &notification);

signals:
    // "Open": the key of the notice it was on (the notice hides).
    void activated(const QString &key);

private:
    QLabel *m_text;
    QPushButton *m_open;
    QString m_key;
};

} // namespace rw::ui
