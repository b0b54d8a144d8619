#pragma once

#include "notify/Notifier.h"

namespace rw::ui {

class TrayIcon;

// Notifications as tray balloons, where the tray is there and shows them.
class TrayNotifier final : public Notifier
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TrayNotifier)
public:
    explicit TrayNotifier(TrayIcon *tray, QObject *parent = nullptr);
    void show(const Notification &notification) override;
    void withdrawAll() override { m_lastKey.clear(); }
    // A balloon cannot be taken back; a click on it opens nothing that is gone.
    void withdraw(const QString &key) override
    {
        if (key == m_lastKey)
            m_lastKey.clear();
    }

private:
    TrayIcon *m_tray;
    QString m_lastKey; // a balloon click is about the last one shown
};

} // namespace rw::ui
