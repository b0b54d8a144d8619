#pragma once

#include "notify/Notification.h"
#include "ui/settings/SettingsPage.h"

#include <QHash>

class QCheckBox;
class QLabel;
class QTimeEdit;

namespace rw::ui {

// What the operator is told and when: the events, quiet hours, and the tray icon.
class NotificationsPage final : public SettingsPage
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(NotificationsPage)
public:
    explicit NotificationsPage(AppSettings *settings, QWidget *parent = nullptr);

    void load() override;
    [[nodiscard]] QList<Problem> problems() const override;
    void save() override;

    // The object name of the box for `event`: "notify" and the event's name ("notifyFailed").
    [[nodiscard]] static QString boxName(NotificationSettings::Event event);

private:
    void validate();
    [[nodiscard]] QString quietProblem() const;

    QHash<NotificationSettings::Event, QCheckBox *> m_notify;
    QCheckBox *m_quiet;
    QTimeEdit *m_quietStart;
    QTimeEdit *m_quietEnd;
    QLabel *m_quietProblem;
    QCheckBox *m_tray;
};

} // namespace rw::ui
