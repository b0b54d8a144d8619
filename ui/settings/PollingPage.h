#pragma once

#include "ui/settings/SettingsPage.h"

class QCheckBox;
class QSpinBox;

namespace rw::ui {

// How often and how long workflows are asked about: the request budget, the longest waits,
// whether active workflows are checked sooner while the budget has room (and how much of it that
// may spend), and when to stop watching. Every value the spin boxes allow is a valid one.
class PollingPage final : public SettingsPage
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PollingPage)
public:
    explicit PollingPage(AppSettings *settings, QWidget *parent = nullptr);

    void load() override;
    [[nodiscard]] QList<Problem> problems() const override { return {}; }
    void save() override;

private:
    QSpinBox *m_budget;
    QSpinBox *m_activeCap;
    QCheckBox *m_pacing;
    QCheckBox *m_likelihood;
    QSpinBox *m_speedShare;
    QSpinBox *m_blockedCap;
    QSpinBox *m_maxWatchDays;
    QSpinBox *m_maxActiveHours;
    QSpinBox *m_maxBlockedDays;
};

} // namespace rw::ui
