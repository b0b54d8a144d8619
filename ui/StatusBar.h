#pragma once

#include "engine/PollEngine.h"

#include <QHash>
#include <QStatusBar>

class QLabel;
class QPushButton;

namespace rw::session {
class DesktopSession;
} // namespace rw::session

namespace rw::ui {

class ElidedLabel;

// The window's status bar: each credential's request budget (naming its accounts by their
// labels when there are several), when the next check is, how the latest batch is getting on,
// what holds a budget and which credentials are missing, kept current by the session's engine.
// While the account waits for its credentials, a button leads to the secret's field in Settings.
// Messages (a storage error, what an action did) cover all but the credentials for a while.
class StatusBar final : public QStatusBar
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StatusBar)
public:
    explicit StatusBar(session::DesktopSession *session, QWidget *parent = nullptr);

private:
    void refresh();
    void showBatch();
    // Which accounts cannot reach the API, since when, and when they try again; returns them.
    [[nodiscard]] QStringList showReach(const QDateTime &now);
    // The budgets, and the holds among them: one line each for the tooltip.
    void showBudgets(const QList<PollEngine::BudgetStatus> &budgets);
    [[nodiscard]] QString labelsOf(const QStringList &accounts) const;
    void showIfSaid(QLabel *label);

    session::DesktopSession *m_session;
    ElidedLabel *m_budget;
    QLabel *m_next;
    ElidedLabel *m_batch;
    ElidedLabel *m_hold;
    ElidedLabel *m_reach; // the accounts whose API cannot be reached
    QPushButton *m_enterSecret;
    ElidedLabel *m_credentials;
    QHash<QString, QDateTime> m_reachedSince; // since when each unreachable account was, as told
};

} // namespace rw::ui
