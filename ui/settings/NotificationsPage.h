#pragma once

#include "notify/Notification.h"
#include "ui/settings/SettingsPage.h"

#include <QHash>

#include <chrono>

class QCheckBox;
class QLabel;
class QSpinBox;
class QTimeEdit;

namespace rw::ui {

// What the operator is told and when: the events, reminders of what waits for the operator,
// quiet hours, and the tray icon.
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
    QCheckBox *m_found;
    QCheckBox *m_remind;
    QSpinBox *m_remindAfter; // hours
    QSpinBox *m_remindEvery; // hours
    // As loaded, in minutes: kept when the hours shown for them are left as they were.
    std::chrono::minutes m_loadedAfter{0};
    std::chrono::minutes m_loadedEvery{0};
    QCheckBox *m_quiet;
    QTimeEdit *m_quietStart;
    QTimeEdit *m_quietEnd;
    QLabel *m_quietProblem;
    QCheckBox *m_tray;
};

} // namespace rw::ui
