#include "ui/settings/PollingPage.h"

#include "settings/AppSettings.h"
#include "ui/settings/FormParts.h"

#include <QCheckBox>
#include <QFormLayout>
#include <QSpinBox>

using namespace Qt::StringLiterals;
using namespace std::chrono;

namespace rw::ui {

PollingPage::PollingPage(AppSettings *settings, QWidget *parent)
    : SettingsPage(settings, parent)
{
    auto *form = new QFormLayout(this);
    m_budget = form::spin(u"budget"_s, 60, 1200, u" requests per 5 minutes"_s, this);
    m_budget->setToolTip(u"Cloudflare allows 1,200 per user, shared with the dashboard and every "
                         u"other tool; keep room for them."_s);
    form->addRow(u"Budget:"_s, m_budget);
    m_activeCap = form::spin(u"activeMaxDelay"_s, 10, 600, u" s"_s, this);
    form->addRow(u"Longest wait while in progress:"_s, m_activeCap);
    m_pacing = new QCheckBox(u"Check active workflows sooner while the budget has room"_s, this);
    m_pacing->setObjectName(u"pacing"_s);
    m_pacing->setToolTip(u"Pending and in-progress workflows are checked as often as every 3 "
                         u"seconds when few are watched, and as usual when the budget is busy."_s);
    form->addRow(QString(), m_pacing);
    m_speedShare = form::spin(u"speedShare"_s, 0, 1200, u" requests per 5 minutes"_s, this);
    m_speedShare->setToolTip(u"At most this much of the budget is spent on checking sooner."_s);
    form->addRow(u"…spending at most:"_s, m_speedShare);
    connect(m_pacing, &QCheckBox::toggled, m_speedShare, &QWidget::setEnabled);
    m_likelihood =
        new QCheckBox(u"When the budget is busy, check first what has most likely changed"_s, this);
    m_likelihood->setObjectName(u"likelihood"_s);
    m_likelihood->setToolTip(
        u"Learned from how long this account's workflows stayed in each state before. Off: "
        u"checks wait their turn in the order they fell due."_s);
    form->addRow(QString(), m_likelihood);
    m_blockedCap = form::spin(u"blockedMaxDelay"_s, 5, 240, u" min"_s, this);
    form->addRow(u"Longest wait while blocked:"_s, m_blockedCap);
    m_maxWatchDays = form::spin(u"maxWatchTime"_s, 1, 60, u" days"_s, this);
    form->addRow(u"Stop watching after:"_s, m_maxWatchDays);
    m_maxActiveHours = form::spin(u"maxActiveTime"_s, 1, 240, u" hours"_s, this);
    form->addRow(u"…or still pending/in progress after:"_s, m_maxActiveHours);
    m_maxBlockedDays = form::spin(u"maxBlockedTime"_s, 1, 30, u" days"_s, this);
    form->addRow(u"…or blocked without change for:"_s, m_maxBlockedDays);
}

void PollingPage::load()
{
    const PollSettings poll = settings()->pollSettings();
    m_budget->setValue(poll.budgetRequests);
    m_activeCap->setValue(int(poll.activeMaxDelay.count()));
    m_pacing->setChecked(poll.pacing);
    m_speedShare->setValue(poll.speedShare);
    m_speedShare->setEnabled(poll.pacing);
    m_likelihood->setChecked(poll.likelihood);
    m_blockedCap->setValue(int(duration_cast<minutes>(poll.blockedMaxDelay).count()));
    m_maxWatchDays->setValue(int(duration_cast<days>(poll.maxWatchTime).count()));
    m_maxActiveHours->setValue(int(duration_cast<hours>(poll.maxActiveTime).count()));
    m_maxBlockedDays->setValue(int(duration_cast<days>(poll.maxBlockedTime).count()));
}

void PollingPage::save()
{
    // The rest of the policy is not the operator's to change here: it stays as it was.
    PollSettings poll = settings()->pollSettings();
    poll.budgetRequests = m_budget->value();
    poll.activeMaxDelay = seconds(m_activeCap->value());
    poll.pacing = m_pacing->isChecked();
    poll.speedShare = m_speedShare->value();
    poll.likelihood = m_likelihood->isChecked();
    poll.blockedMaxDelay = minutes(m_blockedCap->value());
    poll.maxWatchTime = days(m_maxWatchDays->value());
    poll.maxActiveTime = hours(m_maxActiveHours->value());
    poll.maxBlockedTime = days(m_maxBlockedDays->value());
    settings()->setPollSettings(poll);
}

} // namespace rw::ui
