#include "ui/MainWindow.h"

#include "common/Duration.h"
#include "engine/PollEngine.h"
#include "net/RegistrarClient.h"
#include "report/Export.h"
#include "store/WorkflowStore.h"
#include "ui/AddWorkflowsDialog.h"
#include "ui/DetailsPane.h"
#include "ui/ImportDialog.h"
#include "ui/SettingsDialog.h"
#include "ui/WorkflowFilterProxy.h"

#include <QAction>
#include <QApplication>
#include <QButtonGroup>
#include <QClipboard>
#include <QCloseEvent>
#include <QDesktopServices>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QSaveFile>
#include <QScreen>
#include <QScrollBar>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTableView>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;
using namespace std::chrono;

namespace rw::ui {

namespace {

using Column = WorkflowTableModel::Column;

QIcon themed(const char *name, QStyle::StandardPixmap fallback)
{
    return QIcon::fromTheme(QString::fromLatin1(name),
                            QApplication::style()->standardIcon(fallback));
}

} // namespace

MainWindow::MainWindow(session::DesktopSession *session, QWidget *parent)
    : QMainWindow(parent)
    , m_session(session)
{
    // The desktop adds " — Registrar Watch" (the application's display name) to any other title.
    setWindowTitle(session->isDemo() ? u"Demo"_s : QGuiApplication::applicationDisplayName());
    m_model = new WorkflowTableModel(session->engine(), SystemClock::instance(), this);
    m_proxy = new WorkflowFilterProxy(this);
    m_proxy->setSourceModel(m_model);

    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(6, 6, 6, 0);
    if (session->isDemo()) {
        auto *banner = new QLabel(
            u"<b>Demo</b>: these workflows come from a simulated registrar running on this "
            u"computer. Nothing here is real, and no Cloudflare account is contacted. "
            u"<a href=\"setup\">Set up your account…</a>"_s,
            central);
        banner->setWordWrap(true);
        banner->setTextFormat(Qt::RichText);
        connect(banner, &QLabel::linkActivated, this, &MainWindow::accountSetUpRequested);
        banner->setAutoFillBackground(true);
        banner->setBackgroundRole(QPalette::ToolTipBase);
        banner->setForegroundRole(QPalette::ToolTipText);
        banner->setMargin(6);
        layout->addWidget(banner);
    }
    // Notifications, when nothing else on this desktop can show them.
    m_notice = new QFrame(central);
    m_notice->setObjectName(u"notice"_s);
    m_notice->setFrameShape(QFrame::StyledPanel);
    m_notice->setAutoFillBackground(true);
    m_notice->setBackgroundRole(QPalette::AlternateBase);
    auto *noticeLayout = new QHBoxLayout(m_notice);
    noticeLayout->setContentsMargins(8, 4, 4, 4);
    m_noticeText = new QLabel(m_notice);
    m_noticeText->setTextFormat(Qt::RichText); // the parts from the API are escaped
    m_noticeText->setWordWrap(true);
    auto *openNotice = new QPushButton(u"Open"_s, m_notice);
    auto *dismissNotice = new QPushButton(u"Dismiss"_s, m_notice);
    noticeLayout->addWidget(m_noticeText, 1);
    noticeLayout->addWidget(openNotice);
    noticeLayout->addWidget(dismissNotice);
    connect(openNotice, &QPushButton::clicked, this, [this] {
        m_notice->hide();
        emit noticeActivated(m_noticeKey);
    });
    connect(dismissNotice, &QPushButton::clicked, m_notice, &QWidget::hide);
    m_notice->hide();
    layout->addWidget(m_notice);

    auto *bar = new QWidget(central);
    buildFilters(bar);
    layout->addWidget(bar);

    m_pages = new QStackedWidget(central);
    // The first thing a new operator sees: what to do.
    auto *empty = new QWidget(m_pages);
    auto *emptyLayout = new QVBoxLayout(empty);
    emptyLayout->addStretch();
    auto *welcome = new QLabel(
        u"<h2>Nothing is watched yet</h2>"
        u"<p>Add the domains whose workflows you started (or the status links Cloudflare gave "
        u"you), or import them from your account.</p>"_s,
        empty);
    welcome->setAlignment(Qt::AlignCenter);
    welcome->setWordWrap(true);
    emptyLayout->addWidget(welcome);
    auto *emptyButtons = new QHBoxLayout;
    emptyButtons->addStretch();
    auto *addButton = new QPushButton(u"Add workflows…"_s, empty);
    auto *importButton = new QPushButton(u"Import from the account…"_s, empty);
    auto *settingsButton = new QPushButton(u"Settings…"_s, empty);
    emptyButtons->addWidget(addButton);
    emptyButtons->addWidget(importButton);
    emptyButtons->addWidget(settingsButton);
    emptyButtons->addStretch();
    emptyLayout->addLayout(emptyButtons);
    emptyLayout->addStretch();
    connect(addButton, &QPushButton::clicked, this, &MainWindow::addWorkflows);
    connect(importButton, &QPushButton::clicked, this, &MainWindow::importWorkflows);
    connect(settingsButton, &QPushButton::clicked, this, &MainWindow::showSettings);
    m_pages->addWidget(empty);

    m_splitter = new QSplitter(Qt::Horizontal, m_pages);
    m_view = new QTableView(m_splitter);
    m_view->setModel(m_proxy);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(int(Column::State), Qt::AscendingOrder);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->setTextElideMode(Qt::ElideRight);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 10);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->horizontalHeader()->setSectionsMovable(true);
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    // Wide enough for what they hold at their widest and for their titles; the notes take the
    // rest. Samples rather than counts of characters: digits and letters differ in width.
    const QFontMetrics metrics = m_view->fontMetrics();
    const int em = metrics.horizontalAdvance(u'M');
    const int icon = m_view->style()->pixelMetric(QStyle::PM_SmallIconSize);
    for (const auto &[column, sample] : {
             std::pair{Column::Domain, u"northwind-traders.com"_s},
             std::pair{Column::Kind, u"registration (sandbox)"_s},
             std::pair{Column::State, u"action required"_s},
             std::pair{Column::TimeInState, u"23h 59m"_s},
             std::pair{Column::LastChange, u"2026-12-31 23:59"_s},
             std::pair{Column::LastChecked, u"59m 59s ago"_s},
             std::pair{Column::NextCheck, u"in 59m 59s"_s},
         }) {
        const QString title = m_model->headerData(int(column), Qt::Horizontal).toString();
        const int content =
            metrics.horizontalAdvance(sample) + (column == Column::State ? icon + em / 2 : 0);
        m_view->setColumnWidth(int(column),
                               std::max(content, metrics.horizontalAdvance(title) + 2 * em) + em);
    }
    m_details =
        new DetailsPane(session->engine(), session->store(), SystemClock::instance(), m_splitter);
    m_splitter->addWidget(m_view);
    m_splitter->addWidget(m_details);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 2);
    m_pages->addWidget(m_splitter);
    layout->addWidget(m_pages, 1);
    setCentralWidget(central);

    buildActions();
    m_details->follow(m_view);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &MainWindow::updateActions);
    connect(m_view, &QTableView::customContextMenuRequested, this, [this](const QPoint &at) {
        QMenu menu(this);
        menu.addActions({m_checkNow, m_pause, m_resume, m_mute});
        menu.addSeparator();
        menu.addActions({m_copyDomain, m_copyJson, m_dashboard});
        menu.addSeparator();
        menu.addAction(m_remove);
        menu.exec(m_view->viewport()->mapToGlobal(at));
    });
    connect(m_details, &DetailsPane::resumeRequested, this,
            [this](qint64 id) { m_session->engine()->resume(id); });
    connect(m_details, &DetailsPane::checkNowRequested, this,
            [this](qint64 id) { m_session->engine()->pollNow(id); });

    // The status bar: the budget, the next check, and anything that holds the account.
    m_budget = new QLabel(this);
    m_next = new QLabel(this);
    m_hold = new QLabel(this);
    m_hold->setTextFormat(Qt::PlainText);
    m_credentials = new QLabel(this);
    m_credentials->setTextFormat(Qt::PlainText);
    statusBar()->addWidget(m_budget);
    statusBar()->addWidget(m_next);
    statusBar()->addWidget(m_hold, 1);
    statusBar()->addPermanentWidget(m_credentials);
    auto *ticker = new QTimer(this);
    connect(ticker, &QTimer::timeout, this, &MainWindow::updateStatus);
    ticker->start(1000);
    connect(session->engine(), &PollEngine::accountHeld, this, &MainWindow::updateStatus);
    connect(session->engine(), &PollEngine::accountReleased, this, &MainWindow::updateStatus);
    connect(session->engine(), &PollEngine::storageError, this,
            [this](const QString &message) { statusBar()->showMessage(message, 30000); });
    connect(session, &session::DesktopSession::credentialsMissing, this,
            [this](const QString &why) {
                m_credentials->setText(why);
                updateStatus();
            });
    connect(session, &session::DesktopSession::credentialsReady, this, [this] {
        m_credentials->clear();
        updateStatus();
    });
    m_credentials->setText(session->credentialsProblem()); // said before the window existed

    connect(m_model, &QAbstractItemModel::rowsInserted, this, &MainWindow::updateEmptyState);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &MainWindow::updateEmptyState);
    connect(m_model, &WorkflowTableModel::countsChanged, this, &MainWindow::updateCounts);
    updateEmptyState();
    updateCounts();
    updateStatus();
    updateActions();
    restoreLayout();
}

MainWindow::~MainWindow() = default;

void MainWindow::buildFilters(QWidget *bar)
{
    auto *layout = new QHBoxLayout(bar);
    layout->setContentsMargins(0, 0, 0, 0);
    m_search = new QLineEdit(bar);
    m_search->setPlaceholderText(u"Search domains, states and notes"_s);
    m_search->setClearButtonEnabled(true);
    m_search->setMinimumWidth(240);
    layout->addWidget(m_search);
    connect(m_search, &QLineEdit::textChanged, m_proxy, &WorkflowFilterProxy::setSearchText);
    auto *group = new QButtonGroup(bar);
    group->setExclusive(true);
    const QList<std::pair<WorkflowTableModel::Categories, QString>> filters = {
        {{}, u"All"_s},
        {WorkflowTableModel::NeedsMe, u"Needs me"_s},
        {WorkflowTableModel::Active, u"Active"_s},
        {WorkflowTableModel::Blocked, u"Blocked"_s},
        {WorkflowTableModel::Finished, u"Finished"_s},
        {WorkflowTableModel::Failed, u"Failed"_s},
    };
    for (const auto &[category, name] : filters) {
        auto *button = new QToolButton(bar);
        button->setCheckable(true);
        button->setToolButtonStyle(Qt::ToolButtonTextOnly);
        button->setProperty("name", name);
        group->addButton(button);
        layout->addWidget(button);
        m_filters.append({category, button});
        connect(button, &QToolButton::toggled, this, [this, category = category](bool on) {
            if (on)
                m_proxy->setCategory(category);
        });
    }
    m_filters.first().second->setChecked(true);
    layout->addStretch();
}

QToolButton *MainWindow::filterButton(WorkflowTableModel::Categories category) const
{
    for (const auto &[which, button] : m_filters) {
        if (which == category)
            return button;
    }
    return nullptr;
}

void MainWindow::buildActions()
{
    const auto make = [this](const QString &text, const QIcon &icon, const QKeySequence &keys,
                             void (MainWindow::*slot)()) {
        auto *action = new QAction(icon, text, this);
        action->setShortcut(keys);
        action->setShortcutContext(Qt::WindowShortcut);
        connect(action, &QAction::triggered, this, slot);
        addAction(action);
        return action;
    };
    auto *add = make(u"&Add workflows…"_s, themed("list-add", QStyle::SP_FileDialogNewFolder),
                     QKeySequence::New, &MainWindow::addWorkflows);
    auto *import =
        make(u"&Import from the account…"_s, themed("document-import", QStyle::SP_ArrowDown),
             QKeySequence(u"Ctrl+I"_s), &MainWindow::importWorkflows);
    auto *exportAction = make(u"&Export…"_s, themed("document-export", QStyle::SP_DialogSaveButton),
                              QKeySequence(u"Ctrl+E"_s), &MainWindow::exportTable);
    auto *settings = make(u"&Settings…"_s, themed("configure", QStyle::SP_FileDialogDetailedView),
                          QKeySequence(u"Ctrl+,"_s), &MainWindow::showSettings);
    m_checkNow = make(u"&Check now"_s, themed("view-refresh", QStyle::SP_BrowserReload),
                      QKeySequence::Refresh, &MainWindow::checkNow);
    m_pause = make(u"&Pause"_s, themed("media-playback-pause", QStyle::SP_MediaPause),
                   QKeySequence(u"Ctrl+P"_s), &MainWindow::pauseSelected);
    m_resume = make(u"&Resume"_s, themed("media-playback-start", QStyle::SP_MediaPlay),
                    QKeySequence(u"Ctrl+Shift+P"_s), &MainWindow::resumeSelected);
    m_remove = make(u"&Stop watching"_s, themed("edit-delete", QStyle::SP_TrashIcon),
                    QKeySequence::Delete, &MainWindow::removeSelected);
    m_copyDomain = make(u"Copy &domain"_s, themed("edit-copy", QStyle::SP_FileIcon),
                        QKeySequence::Copy, &MainWindow::copyDomains);
    m_copyJson = make(u"Copy &JSON"_s, themed("text-x-script", QStyle::SP_FileDialogContentsView),
                      QKeySequence(u"Ctrl+Shift+C"_s), &MainWindow::copyJson);
    m_mute = make(u"&Mute notifications"_s,
                  themed("notifications-disabled", QStyle::SP_MediaVolumeMuted),
                  QKeySequence(u"Ctrl+M"_s), &MainWindow::toggleMuteSelected);
    m_mute->setCheckable(true);
    m_dashboard = make(u"Open in the Cloudflare &dashboard"_s,
                       themed("internet-web-browser", QStyle::SP_DirLinkIcon),
                       QKeySequence(u"Ctrl+D"_s), &MainWindow::openDashboard);
    auto *find = new QAction(u"Find"_s, this);
    find->setShortcut(QKeySequence::Find);
    connect(find, &QAction::triggered, this, [this] {
        m_search->setFocus();
        m_search->selectAll();
    });
    addAction(find);
    auto *quit = new QAction(u"&Quit"_s, this);
    quit->setShortcut(QKeySequence::Quit);
    connect(quit, &QAction::triggered, this, [this] {
        saveLayout();
        QCoreApplication::quit(); // also when closing would only hide the window
    });

    QMenu *file = menuBar()->addMenu(u"&File"_s);
    file->addActions({add, import, exportAction});
    file->addSeparator();
    file->addAction(settings);
    file->addSeparator();
    file->addAction(quit);
    QMenu *workflow = menuBar()->addMenu(u"&Workflow"_s);
    workflow->addActions({m_checkNow, m_pause, m_resume, m_mute});
    workflow->addSeparator();
    workflow->addActions({m_copyDomain, m_copyJson, m_dashboard});
    workflow->addSeparator();
    workflow->addAction(m_remove);
    auto *pauseAll = new QAction(u"Pause all"_s, this);
    connect(pauseAll, &QAction::triggered, this, [this] { m_session->engine()->pauseAll(); });
    auto *resumeAll = new QAction(u"Resume all"_s, this);
    connect(resumeAll, &QAction::triggered, this, [this] { m_session->engine()->resumeAll(); });
    workflow->addActions({pauseAll, resumeAll});

    QToolBar *toolbar = addToolBar(u"Actions"_s);
    toolbar->setObjectName(u"actions"_s);
    toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolbar->setMovable(false);
    toolbar->addActions({add, import});
    toolbar->addSeparator();
    toolbar->addActions({m_checkNow, m_pause, m_resume, m_remove});
    toolbar->addSeparator();
    m_dashboard->setIconText(u"Dashboard"_s);
    toolbar->addActions({m_copyDomain, m_copyJson, m_dashboard});
    toolbar->addSeparator();
    toolbar->addAction(settings);
}

QList<qint64> MainWindow::selectedIds() const
{
    QList<qint64> ids;
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    for (const QModelIndex &row : rows)
        ids.append(m_model->idAt(m_proxy->mapToSource(row).row()));
    return ids;
}

void MainWindow::selectWorkflow(qint64 id)
{
    const int row = m_model->rowOf(id);
    if (row < 0)
        return;
    QModelIndex index = m_proxy->mapFromSource(m_model->index(row, 0));
    if (!index.isValid()) { // hidden by a filter: show everything
        m_search->clear();
        m_filters.first().second->setChecked(true);
        index = m_proxy->mapFromSource(m_model->index(row, 0));
    }
    m_view->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect |
                                                         QItemSelectionModel::Rows);
    m_view->scrollTo(index);
}

void MainWindow::updateEmptyState()
{
    m_pages->setCurrentIndex(m_model->rowCount() == 0 ? 0 : 1);
}

void MainWindow::updateCounts()
{
    for (const auto &[category, button] : std::as_const(m_filters)) {
        const QString name = button->property("name").toString();
        const int count = category ? m_model->count(WorkflowTableModel::Category(int(category)))
                                   : m_model->rowCount();
        button->setText(u"%1 (%2)"_s.arg(name).arg(count));
    }
}

void MainWindow::updateStatus()
{
    const AccountRef account = m_session->account();
    const PollEngine::AccountStatus status = m_session->engine()->accountStatus(account.id);
    m_budget->setText(
        u"API budget: %1 of %2 requests in the last %3"_s.arg(status.sentInWindow)
            .arg(status.budget ? status.budget : m_session->engine()->settings().budgetRequests)
            .arg(formatDuration(m_session->engine()->settings().budgetWindow)));
    const QDateTime next = m_session->engine()->nextCheck();
    const QDateTime now = SystemClock::instance().now();
    const auto in = [&now](const QDateTime &time) {
        return formatDuration(seconds((now.msecsTo(time) + 999) / 1000));
    };
    // While the account is held, due workflows wait in the engine's queue: nothing is checked.
    if (status.hold != RequestBudget::Hold::None && next.isValid() && next <= now)
        m_next->setText(status.heldUntil.isValid()
                            ? u"· next check in %1"_s.arg(in(std::max(status.heldUntil, now)))
                            : u"· no checks"_s);
    else
        m_next->setText(!next.isValid() ? u"· nothing to check"_s
                        : next <= now   ? u"· checking"_s
                                        : u"· next check in %1"_s.arg(in(next)));
    QString hold = status.reason;
    // Requests refused for want of credentials hold the account as rejected ones do, but
    // Cloudflare never saw them: say what is missing instead.
    if (status.hold == RequestBudget::Hold::CredentialsRejected &&
        !m_session->credentialsProblem().isEmpty())
        hold = u"No requests for this account until its credentials are set up in Settings."_s;
    m_hold->setText(status.hold == RequestBudget::Hold::None ? QString() : u"⚠ "_s + hold);
}

void MainWindow::updateActions()
{
    const QList<qint64> ids = selectedIds();
    bool canPause = false, canResume = false;
    for (const qint64 id : ids) {
        const TrackedWorkflow *workflow = m_session->engine()->workflow(id);
        if (!workflow)
            continue;
        canPause = canPause || workflow->watch == WatchState::Watching;
        canResume = canResume || (workflow->watch != WatchState::Watching &&
                                  workflow->watch != WatchState::Settled);
    }
    const bool any = !ids.isEmpty();
    m_checkNow->setEnabled(any);
    m_pause->setEnabled(canPause);
    m_resume->setEnabled(canResume);
    m_remove->setEnabled(any);
    m_copyDomain->setEnabled(any);
    m_copyJson->setEnabled(any);
    m_dashboard->setEnabled(any && !m_session->isDemo());
    bool allMuted = any;
    for (const qint64 id : ids) {
        const TrackedWorkflow *workflow = m_session->engine()->workflow(id);
        allMuted = allMuted && workflow && workflow->muted;
    }
    m_mute->setEnabled(any);
    m_mute->setChecked(allMuted);
}

void MainWindow::toggleMuteSelected()
{
    const QList<qint64> ids = selectedIds();
    bool allMuted = !ids.isEmpty();
    for (const qint64 id : ids)
        allMuted = allMuted && m_session->engine()->workflow(id)->muted;
    for (const qint64 id : ids)
        m_session->engine()->setMuted(id, !allMuted);
    updateActions();
}

void MainWindow::showNotice(const Notification &notification)
{
    m_noticeKey = notification.key;
    QString body = notification.body.toHtmlEscaped();
    body.replace(u'\n', u"<br>"_s);
    m_noticeText->setText(u"<b>%1</b><br>%2"_s.arg(notification.summary.toHtmlEscaped(), body));
    m_notice->setBackgroundRole(notification.urgency == Notification::Urgency::Critical
                                    ? QPalette::ToolTipBase
                                    : QPalette::AlternateBase);
    m_notice->show();
}

void MainWindow::track(const QList<WorkflowRef> &workflows)
{
    qint64 last = 0;
    for (const WorkflowRef &workflow : workflows)
        last = m_session->engine()->watch(workflow).id;
    if (last)
        selectWorkflow(last);
    statusBar()->showMessage(u"%1 workflows added."_s.arg(workflows.size()), 8000);
}

void MainWindow::addWorkflows()
{
    AddWorkflowsDialog dialog(m_session->account(), m_session->apiBase(), this);
    if (dialog.exec() == QDialog::Accepted)
        track(dialog.workflows());
}

void MainWindow::importWorkflows()
{
    if (m_session->account().id.isEmpty()) {
        showSettings();
        return;
    }
    // Listing takes a request per 50 registrations: none while the account is held.
    const PollEngine::AccountStatus status =
        m_session->engine()->accountStatus(m_session->account().id);
    if (status.hold != RequestBudget::Hold::None) {
        QMessageBox::information(this, u"Import from the account"_s,
                                 u"Importing asks Cloudflare for the account's registrations, "
                                 u"and no requests go out for now. %1"_s.arg(status.reason));
        return;
    }
    auto *client = m_session->newClient(this);
    ImportDialog dialog(client, m_session->account(), this);
    dialog.start();
    if (dialog.exec() == QDialog::Accepted)
        track(dialog.selected());
    client->deleteLater();
}

void MainWindow::exportTable()
{
    const QString table = u"CSV: the table (*.csv)"_s;
    const QString changes = u"CSV: every state change (*.csv)"_s;
    const QString both = u"JSON: the table with each timeline and last answer (*.json)"_s;
    QString selectedFilter;
    const QString path = QFileDialog::getSaveFileName(
        this, u"Export workflows"_s, u"registrar-watch.csv"_s,
        QStringList{table, changes, both}.join(u";;"_s), &selectedFilter);
    if (path.isEmpty())
        return;
    const bool json = selectedFilter == both || path.endsWith(u".json"_s, Qt::CaseInsensitive);
    const bool timelinesOnly = !json && selectedFilter == changes;
    QList<TrackedWorkflow> workflows;
    QHash<qint64, QList<StateChange>> timelines;
    for (int row = 0; row < m_proxy->rowCount(); ++row) { // what is shown, in its order
        const qint64 id = m_model->idAt(m_proxy->mapToSource(m_proxy->index(row, 0)).row());
        workflows.append(*m_session->engine()->workflow(id));
        if (!json && !timelinesOnly)
            continue;
        auto history = m_session->store()->history(id);
        if (!history) { // a partial export would pass for a whole one
            QMessageBox::warning(this, u"Export failed"_s,
                                 u"Nothing was written: %1"_s.arg(history.error()));
            return;
        }
        timelines.insert(id, history.value());
    }
    const QDateTime now = SystemClock::instance().now();
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) ||
        file.write(json            ? exporting::toJson(workflows, timelines, now)
                   : timelinesOnly ? exporting::timelinesToCsv(workflows, timelines)
                                   : exporting::toCsv(workflows, now)) < 0 ||
        !file.commit()) {
        QMessageBox::warning(this, u"Export failed"_s,
                             u"Could not write %1: %2"_s.arg(path, file.errorString()));
        return;
    }
    statusBar()->showMessage(u"Exported %1 workflows to %2."_s.arg(workflows.size()).arg(path),
                             8000);
}

void MainWindow::showSettings()
{
    if (m_session->isDemo()) {
        emit accountSetUpRequested();
        return;
    }
    SettingsDialog dialog(m_session->settings(), m_session->secretStores(), m_session->network(),
                          this);
    if (dialog.exec() == QDialog::Accepted)
        m_session->applySettings();
}

void MainWindow::checkNow()
{
    for (const qint64 id : selectedIds())
        m_session->engine()->pollNow(id);
}

void MainWindow::pauseSelected()
{
    for (const qint64 id : selectedIds())
        m_session->engine()->pause(id);
    updateActions();
}

void MainWindow::resumeSelected()
{
    for (const qint64 id : selectedIds())
        m_session->engine()->resume(id);
    updateActions();
}

void MainWindow::removeSelected()
{
    const QList<qint64> ids = selectedIds();
    if (ids.isEmpty())
        return;
    const QString what = ids.size() == 1 ? m_session->engine()->workflow(ids.first())->ref.domain
                                         : u"%1 workflows"_s.arg(ids.size());
    if (QMessageBox::question(this, u"Stop watching"_s,
                              u"Stop watching %1? Its history is removed too."_s.arg(what)) !=
        QMessageBox::Yes)
        return;
    for (const qint64 id : ids)
        m_session->engine()->remove(id);
    // The view has moved the current row to a neighbour, which the details pane now shows:
    // select it too, so that the table, the details and the actions agree.
    if (const QModelIndex current = m_view->currentIndex(); current.isValid())
        m_view->selectionModel()->select(current, QItemSelectionModel::ClearAndSelect |
                                                      QItemSelectionModel::Rows);
}

void MainWindow::copyDomains()
{
    QStringList domains;
    for (const qint64 id : selectedIds())
        domains.append(m_session->engine()->workflow(id)->ref.domain);
    QApplication::clipboard()->setText(domains.join(u'\n'));
}

void MainWindow::copyJson()
{
    QStringList answers;
    for (const qint64 id : selectedIds()) {
        const QByteArray body = m_session->engine()->workflow(id)->lastBody;
        const QJsonDocument document = QJsonDocument::fromJson(body);
        answers.append(document.isNull()
                           ? QString::fromUtf8(body)
                           : QString::fromUtf8(document.toJson(QJsonDocument::Indented)));
    }
    QApplication::clipboard()->setText(answers.join(u'\n'));
}

void MainWindow::openDashboard()
{
    for (const qint64 id : selectedIds())
        QDesktopServices::openUrl(m_session->dashboardUrl(m_session->engine()->workflow(id)->ref));
}

void MainWindow::restoreLayout()
{
    AppSettings *settings = m_session->settings();
    if (const QByteArray geometry = settings->value(u"geometry"_s); !geometry.isEmpty())
        restoreGeometry(geometry);
    else if (const QScreen *screen = this->screen()) // first run: most of the screen
        resize(screen->availableSize().boundedTo(QSize(2200, 1300)) * 0.9);
    if (const QByteArray header = settings->value(u"tableHeader"_s); !header.isEmpty())
        m_view->horizontalHeader()->restoreState(header);
    if (const QByteArray splitter = settings->value(u"splitter"_s); !splitter.isEmpty())
        m_splitter->restoreState(splitter);
    else {
        // First run: the table gets two thirds, more if its columns and some notes need it,
        // as long as the details keep a readable width.
        const int em = m_view->fontMetrics().horizontalAdvance(u'M');
        int columns = 20 * em + m_view->verticalScrollBar()->sizeHint().width(); // the notes
        for (int column = 0; column < int(Column::Notes); ++column)
            columns += m_view->columnWidth(column);
        const int table = std::max(
            std::min(std::max(columns, width() * 64 / 100), width() - 26 * em), width() / 2);
        m_splitter->setSizes({table, width() - table});
    }
}

void MainWindow::saveLayout()
{
    AppSettings *settings = m_session->settings();
    settings->setValue(u"geometry"_s, saveGeometry());
    settings->setValue(u"tableHeader"_s, m_view->horizontalHeader()->saveState());
    settings->setValue(u"splitter"_s, m_splitter->saveState());
    settings->sync();
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveLayout();
    if (m_keepRunning) {
        event->ignore();
        hide();
        emit hiddenToBackground();
        return;
    }
    QMainWindow::closeEvent(event);
}

} // namespace rw::ui
