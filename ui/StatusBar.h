#pragma once

#include <QStatusBar>

class QLabel;

namespace rw::session {
class DesktopSession;
} // namespace rw::session

namespace rw::ui {

// The window's status bar: the account's request budget, when the next check is, what holds
// the account and which credentials are missing, kept current by the session's engine. Messages
// (a storage error, what an action did) cover all but the credentials for a while.
class StatusBar final : public QStatusBar
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StatusBar)
public:
    explicit StatusBar(session::DesktopSession *session, QWidget *parent = nullptr);

private:
    void refresh();

    session::DesktopSession *m_session;
    QLabel *m_budget;
    QLabel *m_next;
    QLabel *m_hold;
    QLabel *m_credentials;
};

} // namespace rw::ui
