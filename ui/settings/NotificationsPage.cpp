#include "ui/settings/NotificationsPage.h"

#include "settings/AppSettings.h"
#include "ui/settings/FormParts.h"

#include <QCheckBox>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QMetaEnum>
#include <QSpinBox>
#include <QSystemTrayIcon>
#include <QTimeEdit>
#include <QVBoxLayout>

#include <algorithm>
#include <utility>

using namespace Qt::StringLiterals;

namespace rw::ui {

namespace {

QSpinBox *hoursBox(const QString &name, QWidget *parent)
{
    auto *box = new QSpinBox(parent);
    box->setObjectName(name);
    box->setRange(1, 30 * 24);
    box->setSuffix(u" hours"_s);
    return box;
}

// Whole hours for the eye, rounded up: never sooner than set.
int hoursOf(std::chrono::minutes span)
{
    return int(std::max<qint64>(1, (span.count() + 59) / 60));
}

// What to save for a field showing `hours`: the loaded minutes while it still shows them.
std::chrono::minutes minutesFor(int hours, std::chrono::minutes loaded)
{
    return hoursOf(loaded) == hours ? loaded : std::chrono::minutes(hours * 60);
}

} // namespace

NotificationsPage::NotificationsPage(AppSettings *settings, QWidget *parent)
    : SettingsPage(settings, parent)
{
    auto *layout = new QVBoxLayout(this);
    auto *events = new QGroupBox(u"Tell me when"_s, this);
    auto *eventsLayout = new QVBoxLayout(events);
    for (const auto &[event, text] : {
             std::pair{NotificationSettings::Event::Succeeded, u"a workflow succeeds"_s},
             std::pair{NotificationSettings::Event::Failed, u"a workflow fails"_s},
             std::pair{NotificationSettings::Event::ActionRequired,
                       u"a workflow needs me (action required)"_s},
             std::pair{NotificationSettings::Event::GaveUp,
                       u"Registrar Watch stops watching a workflow (it took too long, or "
                       u"Cloudflare has no such workflow)"_s},
             std::pair{NotificationSettings::Event::CredentialsRejected,
                       u"Cloudflare rejects the credentials"_s},
             std::pair{NotificationSettings::Event::RateLimited,
                       u"Cloudflare rate-limits the account"_s},
         }) {
        auto *box = new QCheckBox(text, events);
        box->setObjectName(boxName(event));
        eventsLayout->addWidget(box);
        m_notify.insert(event, box);
    }
    // Beside the ends it announces.
    m_found = new QCheckBox(
        u"a workflow started elsewhere is found running (in the dashboard, by a script)"_s, events);
    m_found->setObjectName(u"notifyFound"_s);
    m_found->setToolTip(u"So that its end, told like any other, is not news out of nowhere. A "
                        u"workflow found needing you is told as needing you."_s);
    eventsLayout->insertWidget(
        eventsLayout->indexOf(m_notify.value(NotificationSettings::Event::GaveUp)) + 1, m_found);
    layout->addWidget(events);

    // action_required never resolves by itself: a reminder keeps it from being forgotten.
    auto *remindRow = new QHBoxLayout;
    m_remind = new QCheckBox(u"Remind me of a workflow that needs me after"_s, this);
    m_remind->setObjectName(u"remind"_s);
    m_remindAfter = hoursBox(u"remindAfter"_s, this);
    m_remindEvery = hoursBox(u"remindEvery"_s, this);
    remindRow->addWidget(m_remind);
    remindRow->addWidget(m_remindAfter);
    remindRow->addWidget(new QLabel(u", then every"_s, this));
    remindRow->addWidget(m_remindEvery);
    remindRow->addStretch();
    layout->addLayout(remindRow);

    auto *quietRow = new QHBoxLayout;
    m_quiet = new QCheckBox(u"Quiet hours, from"_s, this);
    m_quiet->setObjectName(u"quietHours"_s);
    m_quietStart = new QTimeEdit(this);
    m_quietStart->setObjectName(u"quietStart"_s);
    m_quietEnd = new QTimeEdit(this);
    m_quietEnd->setObjectName(u"quietEnd"_s);
    for (QTimeEdit *edit : {m_quietStart, m_quietEnd})
        edit->setDisplayFormat(u"HH:mm"_s);
    quietRow->addWidget(m_quiet);
    quietRow->addWidget(m_quietStart);
    quietRow->addWidget(new QLabel(u"to"_s, this));
    quietRow->addWidget(m_quietEnd);
    quietRow->addStretch();
    layout->addLayout(quietRow);
    m_quietProblem = form::problemLabel(u"quietProblem"_s, this);
    layout->addWidget(m_quietProblem);
    auto *quietNote = new QLabel(u"Nothing is shown during quiet hours; what happened meanwhile "
                                 u"is told when they end. To silence one workflow, mute it in "
                                 u"the table (Ctrl+M)."_s,
                                 this);
    quietNote->setWordWrap(true);
    layout->addWidget(quietNote);

    m_tray = new QCheckBox(u"Show an icon in the system tray; closing the window then keeps "
                           u"watching in the background"_s,
                           this);
    m_tray->setObjectName(u"trayIcon"_s);
    layout->addWidget(m_tray);
    if (!QSystemTrayIcon::isSystemTrayAvailable()) {
        // Greyed out without a word would look broken: said where it is seen, not on hover.
        m_tray->setEnabled(false);
        auto *why = new QLabel(u"This desktop has no system tray, so there is no icon to show; "
                               u"closing the window quits Registrar Watch."_s,
                               this);
        why->setObjectName(u"trayUnavailable"_s);
        why->setWordWrap(true);
        why->setEnabled(false);
        m_tray->setToolTip(why->text());
        layout->addWidget(why);
    }
    layout->addStretch();

    connect(m_remind, &QCheckBox::toggled, this, &NotificationsPage::validate);
    connect(m_quiet, &QCheckBox::toggled, this, &NotificationsPage::validate);
    connect(m_quietStart, &QTimeEdit::timeChanged, this, &NotificationsPage::validate);
    connect(m_quietEnd, &QTimeEdit::timeChanged, this, &NotificationsPage::validate);
    validate();
}

QString NotificationsPage::boxName(NotificationSettings::Event event)
{
    return u"notify"_s +
           QString::fromLatin1(
               QMetaEnum::fromType<NotificationSettings::Event>().valueToKey(int(event)));
}

void NotificationsPage::load()
{
    const NotificationSettings notify = settings()->notificationSettings();
    for (auto it = m_notify.cbegin(); it != m_notify.cend(); ++it)
        it.value()->setChecked(notify.isEnabled(it.key()));
    m_found->setChecked(notify.found);
    m_remind->setChecked(notify.remind);
    m_loadedAfter = notify.remindAfter;
    m_loadedEvery = notify.remindEvery;
    m_remindAfter->setValue(hoursOf(notify.remindAfter));
    m_remindEvery->setValue(hoursOf(notify.remindEvery));
    m_quiet->setChecked(notify.quietHours);
    m_quietStart->setTime(notify.quietStart);
    m_quietEnd->setTime(notify.quietEnd);
    m_tray->setChecked(settings()->trayIcon());
    validate();
}

QString NotificationsPage::quietProblem() const
{
    return m_quiet->isChecked() && m_quietStart->time() == m_quietEnd->time()
               ? u"Quiet hours need an end other than their start."_s
               : QString();
}

QList<SettingsPage::Problem> NotificationsPage::problems() const
{
    if (const QString reason = quietProblem(); !reason.isEmpty())
        return {{u"Quiet hours (Notifications tab)"_s, reason}};
    return {};
}

void NotificationsPage::validate()
{
    m_remindAfter->setEnabled(m_remind->isChecked());
    m_remindEvery->setEnabled(m_remind->isChecked());
    m_quietStart->setEnabled(m_quiet->isChecked());
    m_quietEnd->setEnabled(m_quiet->isChecked());
    m_quietProblem->setText(quietProblem());
    emit edited();
}

void NotificationsPage::save()
{
    NotificationSettings notify = settings()->notificationSettings();
    notify.enabled.clear();
    for (auto it = m_notify.cbegin(); it != m_notify.cend(); ++it) {
        if (it.value()->isChecked())
            notify.enabled.insert(it.key());
    }
    notify.found = m_found->isChecked();
    notify.remind = m_remind->isChecked();
    notify.remindAfter = minutesFor(m_remindAfter->value(), m_loadedAfter);
    notify.remindEvery = minutesFor(m_remindEvery->value(), m_loadedEvery);
    notify.quietHours = m_quiet->isChecked();
    notify.quietStart = m_quietStart->time();
    notify.quietEnd = m_quietEnd->time();
    settings()->setNotificationSettings(notify);
    settings()->setTrayIcon(m_tray->isChecked());
}

} // namespace rw::ui
