#pragma once

#include "notify/Notification.h"
#include "session/DesktopSession.h"
#include "ui/WorkflowTableModel.h"

#include <QMainWindow>

class QAction;
class QFrame;
class QLabel;
class QLineEdit;
class QSplitter;
class QStackedWidget;
class QTableView;
class QToolButton;

namespace rw::ui {

class DetailsPane;
class WorkflowFilterProxy;

// What an operator lives in: the table of watched workflows with quick filters and search,
// the details of the selected one, the account's budget and holds in the status bar, and the
// actions on the selection.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)
public:
    explicit MainWindow(session::DesktopSession *session, QWidget *parent = nullptr);
    ~MainWindow() override;

    [[nodiscard]] QTableView *view() const { return m_view; }
    [[nodiscard]] WorkflowTableModel *model() const { return m_model; }
    [[nodiscard]] WorkflowFilterProxy *proxy() const { return m_proxy; }
    [[nodiscard]] DetailsPane *details() const { return m_details; }
    [[nodiscard]] QLabel *budgetLabel() const { return m_budget; }
    [[nodiscard]] QLabel *nextLabel() const { return m_next; }
    [[nodiscard]] QLabel *holdLabel() const { return m_hold; }
    [[nodiscard]] QLabel *credentialsLabel() const { return m_credentials; }
    [[nodiscard]] QToolButton *filterButton(WorkflowTableModel::Categories category) const;
    [[nodiscard]] QList<qint64> selectedIds() const;

    // Selects a workflow (and clears filters that would hide it), as a notification's "Open".
    void selectWorkflow(qint64 id);

    void addWorkflows();
    void importWorkflows();
    void exportTable();
    void showSettings();
    void checkNow();
    void pauseSelected();
    void resumeSelected();
    void removeSelected();
    void copyDomains();
    void copyJson();
    void openDashboard();
    // Mutes (or unmutes) the selection's notifications: all muted unless all already are.
    void toggleMuteSelected();

    // A notice at the top of the window, for when no notification service or tray shows one;
    // a newer one replaces it.
    void showNotice(const Notification &notification);
    [[nodiscard]] QLabel *noticeLabel() const { return m_noticeText; }
    [[nodiscard]] QFrame *noticeBar() const { return m_notice; }
    // Closing hides the window instead (the tray icon stays, and watching goes on).
    void setKeepRunningOnClose(bool keep) { m_keepRunning = keep; }
    void saveLayout();

signals:
    // In the demo, "Settings" means setting up a real account, which replaces the demo.
    void accountSetUpRequested();
    void noticeActivated(const QString &key);
    // Closed while it keeps running: the window is hidden, not gone.
    void hiddenToBackground();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void buildActions();
    void buildFilters(QWidget *bar);
    void updateEmptyState();
    void updateCounts();
    void updateStatus();
    void updateActions();
    void restoreLayout();
    void track(const QList<WorkflowRef> &workflows);

    session::DesktopSession *m_session;
    WorkflowTableModel *m_model;
    WorkflowFilterProxy *m_proxy;
    QTableView *m_view;
    DetailsPane *m_details;
    QSplitter *m_splitter;
    QStackedWidget *m_pages;
    QLineEdit *m_search;
    QList<std::pair<WorkflowTableModel::Categories, QToolButton *>> m_filters;
    QLabel *m_budget;
    QLabel *m_next;
    QLabel *m_hold;
    QLabel *m_credentials;
    QAction *m_checkNow;
    QAction *m_pause;
    QAction *m_resume;
    QAction *m_remove;
    QAction *m_copyDomain;
    QAction *m_copyJson;
    QAction *m_dashboard;
    QAction *m_mute;
    QFrame *m_notice;
    QLabel *m_noticeText;
    QString m_noticeKey;
    bool m_keepRunning = false;
};

} // namespace rw::ui
