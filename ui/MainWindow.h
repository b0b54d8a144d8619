#pragma once

#include "notify/Notification.h"
#include "session/DesktopSession.h"
#include "ui/WorkflowTableModel.h"

#include <QMainWindow>

class QAction;
class QLabel;
class QSplitter;
class QStackedWidget;
class QTableView;
class QToolBar;

namespace rw::ui {

class ColumnFit;
class DetailsPane;
class FilterBar;
class NoticeBar;
class SelectionActions;
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

    [[nodiscard]] WorkflowTableModel *model() const { return m_model; }

    // Selects a workflow (and clears filters that would hide it), as a notification's "Open".
    void selectWorkflow(qint64 id);
    // Watches what the operator asked for, selects the last of it, and says what became of it
    // (added, already watched, rejected).
    void track(const QList<WorkflowRef> &workflows, int rejected = 0);
    void showWatched(const PollEngine::WatchSummary &summary, int rejected = 0);

    void addWorkflows();
    void importWorkflows();
    void exportTable();
    void showSettings();

    // A notice at the top of the window, for when no notification service or tray shows one
    // (NoticeBar keeps those not yet dismissed); withdrawn with its key, or all of them.
    void showNotice(const Notification &notification);
    void withdrawNotices(const QString &key = {});
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
    void resizeEvent(QResizeEvent *event) override;

private:
    [[nodiscard]] QWidget *buildDemoBanner(QWidget *parent);
    [[nodiscard]] QWidget *buildEmptyPage(QWidget *parent);
    [[nodiscard]] QWidget *buildTable(QWidget *parent);
    void buildNoMatch(QWidget *viewport);
    void sizeColumns();
    void fitAccountLabels();
    void buildActions();
    void buildMenus();
    void buildToolBar();
    void buildColumnChooser();
    void removeFinished();
    void updateRemoveFinished();
    void connectTable();
    void updateEmptyState();
    void followAccounts();
    [[nodiscard]] QList<qint64> shownIds() const;

    session::DesktopSession *m_session;
    WorkflowTableModel *m_model;
    WorkflowFilterProxy *m_proxy;
    NoticeBar *m_notice = nullptr;
    FilterBar *m_filters = nullptr;
    QStackedWidget *m_pages = nullptr;
    QSplitter *m_splitter = nullptr;
    QTableView *m_view = nullptr;
    DetailsPane *m_details = nullptr;
    QWidget *m_noMatch = nullptr;
    QLabel *m_noMatchText = nullptr;
    QAction *m_add = nullptr;
    QAction *m_import = nullptr;
    QAction *m_export = nullptr;
    QAction *m_settings = nullptr;
    QAction *m_quit = nullptr;
    QAction *m_removeFinished = nullptr;
    QToolBar *m_toolbar = nullptr;
    int m_toolbarTextWidth = 0; // what the toolbar needs with the actions' names
    SelectionActions *m_selection = nullptr;
    bool m_keepRunning = false;
    bool m_severalAccounts = false; // what the Account column was last shown for
    ColumnFit *m_columnFit = nullptr;
};

} // namespace rw::ui
