#include "ui/TrayNotifier.h"

#include "ui/TrayIcon.h"

#include <QSystemTrayIcon>

using namespace Qt::StringLiterals;

namespace rw::ui {

TrayNotifier::TrayNotifier(TrayIcon *tray, QObject *parent)
    : Notifier(parent)
    , m_tray(tray)
{
    connect(tray->tray(), &QSystemTrayIcon::messageClicked, this,
            [this] { emit activated(m_lastKey); });
}

void TrayNotifier::show(const Notification &notification)
{
    if (!m_tray->isVisible() || !QSystemTrayIcon::supportsMessages()) {
        emit failed(notification, u"no tray to show it in"_s);
        return;
    }
    m_lastKey = notification.key;
    m_tray->tray()->showMessage(notification.summary, notification.body,
                                notification.urgency == Notification::Urgency::Critical
                                    ? QSystemTrayIcon::Warning
                                    : QSystemTrayIcon::Information,
                                notification.persistent ? 60 * 60 * 1000 : 10 * 1000);
}

} // namespace rw::ui
