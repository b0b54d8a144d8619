#pragma once

#include <QModelIndexList>
#include <QObject>
#include <QTimer>

class QAction;
class QMenu;
class QTableView;
class QToolBar;
class QWidget;

namespace rw::session {
class DesktopSession;
} // namespace rw::session

namespace rw::ui {

// The actions on the rows selected in the table: check now, pause, resume, mute, copy the
// domains, the last answers or the status URLs, open the dashboard, stop watching (or dismiss a
// registration notice). Each is enabled when the model says a selected row allows it
// (WorkflowTableModel::AllowsRole), and works as a shortcut anywhere in the window.
class SelectionActions final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SelectionActions)
public:
    SelectionActions(session::DesktopSession *session, QTableView *view, QWidget *window);

    // The Workflow menu and the table's context menu: state, copies, then stop watching.
    void addTo(QMenu *menu) const;
    // The toolbar: state and stop watching, then the copies.
    void addTo(QToolBar *toolbar) const;

signals:
    // An action could not do what it said (no browser took the link): what, and what instead.
    void failed(const QString &summary, const QString &body);

private:
    // The workflows selected (what may be watched, asked about); notices are not among them.
    [[nodiscard]] QList<qint64> selectedIds() const;
    // Every selected row that allows `allow` (WorkflowTableModel::Allow).
    [[nodiscard]] QModelIndexList selectedRows(int allow) const;
    void updateEnabled();
    void checkNow();
    void pause();
    void resume();
    // All muted unless all already are.
    void toggleMute();
    void copyDomains();
    void copyJson();
    void copyStatusUrls();
    void openDashboard();
    void remove();

    session::DesktopSession *m_session;
    QTableView *m_view;
    QWidget *m_window;
    QTimer m_refresh; // updateEnabled() once the changes of this turn of the event loop are in
    QAction *m_checkNow;
    QAction *m_pause;
    QAction *m_resume;
    QAction *m_mute;
    QAction *m_copyDomain;
    QAction *m_copyJson;
    QAction *m_copyStatusUrl;
    QAction *m_dashboard;
    QAction *m_remove;
};

} // namespace rw::ui
