#include "ui/MainWindow.h"

#include "engine/PollEngine.h"
#include "net/RegistrarClient.h"
#include "report/WatchSummaryText.h"
#include "ui/AddWorkflowsDialog.h"
#include "ui/ColumnFit.h"
#include "ui/DetailsPane.h"
#include "ui/FilterBar.h"
#include "ui/ImportDialog.h"
#include "ui/NoticeBar.h"
#include "ui/RowPlaceHold.h"
#include "ui/SelectionActions.h"
#include "ui/SettingsDialog.h"
#include "ui/StatusBar.h"
#include "ui/WindowAction.h"
#include "ui/WindowKeys.h"
#include "ui/WindowLayout.h"
#include "ui/WorkflowExport.h"
#include "ui/WorkflowFilterProxy.h"
#include "ui/WorkflowTableView.h"

#include <QAction>
#include <QCloseEvent>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QMetaEnum>
#include <QPushButton>
#include <QSplitter>
#include <QStackedWidget>
#include <QTableView>
#include <QToolBar>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace rw::ui {

using Column = WorkflowTableModel::Column;

MainWindow::MainWindow(session::DesktopSession *session, QWidget *parent)
    : QMainWindow(parent)
    , m_session(session)
    , m_model(new WorkflowTableModel(session->engine(), SystemClock::instance(), this))
    , m_proxy(new WorkflowFilterProxy(this))
{
    // The desktop adds " — Registrar Watch" (the application's display name) to any other title.
    setWindowTitle(session->isDemo() ? u"Demo"_s : QGuiApplication::applicationDisplayName());
    m_proxy->setObjectName(u"filterProxy"_s);
    m_model->setAccountLabels(session->accountLabels());
    m_model->setNotices(session->registrationNotices());
    m_proxy->setSourceModel(m_model);

    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(6, 6, 6, 0);
    if (session->isDemo())
        layout->addWidget(buildDemoBanner(central));
    // Notifications, when nothing else on this desktop can show them.
    m_notice = new NoticeBar(central);
    connect(m_notice, &NoticeBar::activated, this, &MainWindow::noticeActivated);
    layout->addWidget(m_notice);
    m_filters = new FilterBar(m_model, m_proxy, central);
    layout->addWidget(m_filters);
    m_pages = new QStackedWidget(central);
    m_pages->addWidget(buildEmptyPage(m_pages));
    m_pages->addWidget(buildTable(m_pages));
    layout->addWidget(m_pages, 1);
    setCentralWidget(central);

    buildActions();
    connectTable();
    buildMenus();
    buildToolBar();
    setStatusBar(new StatusBar(session, this));
    new WindowKeys(this); // the search field has the focus at start, and would keep Ctrl+E

    connect(m_model, &QAbstractItemModel::rowsInserted, this, &MainWindow::updateEmptyState);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &MainWindow::updateEmptyState);
    connect(m_proxy, &QAbstractItemModel::rowsInserted, this, &MainWindow::updateEmptyState);
    connect(m_proxy, &QAbstractItemModel::rowsRemoved, this, &MainWindow::updateEmptyState);
    connect(m_filters, &FilterBar::changed, this, &MainWindow::updateEmptyState);
    updateEmptyState();
    windowLayout::restore(*session->settings(), *this, *m_view, *m_splitter);
    buildColumnChooser(); // after the restore, which may have hidden some
    followAccounts();
}

// With one account its name on every row says nothing: the column shows once there are several
// (the operator may still show or hide it from the header's menu).
void MainWindow::followAccounts()
{
    const auto apply = [this] {
        fitAccountLabels();
        const bool several = m_model->accountIds().size() > 1;
        if (several == m_severalAccounts)
            return;
        m_severalAccounts = several;
        if (auto *choice = m_view->horizontalHeader()->findChild<QAction *>(u"columnAccount"_s))
            choice->setChecked(several);
    };
    connect(m_session, &session::DesktopSession::accountsChanged, this, [this] {
        m_model->setAccountLabels(m_session->accountLabels());
        m_details->setAccountLabels(m_session->accountLabels());
    });
    connect(m_model, &WorkflowTableModel::accountsChanged, this, apply);
    m_details->setAccountLabels(m_session->accountLabels());
    m_details->setNotices(m_session->registrationNotices());
    // At start as the accounts are, whatever the saved layout remembered.
    m_severalAccounts = m_model->accountIds().size() <= 1;
    apply();
}

// Labels are few and short, and the only way to tell rows of two accounts apart: where width
// is short, the Account column keeps room for the longest label (up to the 7 letters' worth it
// gives first), the notes giving way, rather than "De… 2" for "Demo 2".
void MainWindow::fitAccountLabels()
{
    QFont bold = m_view->font(); // as sizeColumns() measures
    bold.setBold(true);
    const QFontMetrics metrics(bold);
    const int em = metrics.horizontalAdvance(u'M');
    int widest = 0;
    for (const QString &id : m_model->accountIds())
        widest = std::max(widest,
                          metrics.horizontalAdvance(m_session->accountLabels().labelOf(id)) + em);
    m_columnFit->setLeast(int(Column::Account), std::min(widest, 7 * em));
}

MainWindow::~MainWindow() = default;

QWidget *MainWindow::buildDemoBanner(QWidget *parent)
{
    auto *banner =
        new QLabel(u"<b>Demo</b>: these workflows come from a simulated registrar running on this "
                   u"computer. Nothing here is real, and no Cloudflare account is contacted. "
                   u"<a href=\"setup\">Set up your account…</a>"_s,
                   parent);
    banner->setObjectName(u"demoBanner"_s);
    banner->setWordWrap(true);
    banner->setTextFormat(Qt::RichText);
    connect(banner, &QLabel::linkActivated, this, &MainWindow::accountSetUpRequested);
    banner->setAutoFillBackground(true);
    banner->setBackgroundRole(QPalette::ToolTipBase);
    banner->setForegroundRole(QPalette::ToolTipText);
    banner->setMargin(6);
    return banner;
}

// The first thing a new operator sees: what to do.
QWidget *MainWindow::buildEmptyPage(QWidget *parent)
{
    auto *page = new QWidget(parent);
    page->setObjectName(u"emptyPage"_s);
    auto *layout = new QVBoxLayout(page);
    layout->addStretch();
    auto *welcome = new QLabel(
        u"<h2>Nothing is watched yet</h2>"
        u"<p>Add the domains whose workflows you started (or the status links Cloudflare gave "
        u"you), or import them from your account.</p>"_s,
        page);
    welcome->setAlignment(Qt::AlignCenter);
    welcome->setWordWrap(true);
    layout->addWidget(welcome);
    auto *buttons = new QHBoxLayout;
    buttons->addStretch();
    auto *add = new QPushButton(u"Add workflows…"_s, page);
    auto *import = new QPushButton(u"Import from the account…"_s, page);
    auto *settings = new QPushButton(u"Settings…"_s, page);
    buttons->addWidget(add);
    buttons->addWidget(import);
    buttons->addWidget(settings);
    buttons->addStretch();
    layout->addLayout(buttons);
    layout->addStretch();
    connect(add, &QPushButton::clicked, this, &MainWindow::addWorkflows);
    connect(import, &QPushButton::clicked, this, &MainWindow::importWorkflows);
    connect(settings, &QPushButton::clicked, this, &MainWindow::showSettings);
    return page;
}

// The table and, beside it, the details of its current row.
QWidget *MainWindow::buildTable(QWidget *parent)
{
    m_splitter = new QSplitter(Qt::Horizontal, parent);
    auto *view = new WorkflowTableView(m_splitter);
    m_view = view;
    // Ages and countdowns read anew each second, where they show.
    connect(m_model, &WorkflowTableModel::timesChanged, view, &WorkflowTableView::refreshTimes);
    m_view->setObjectName(u"workflowTable"_s);
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
    new RowPlaceHold(m_view, m_proxy);
    m_filters->setSortHeader(m_view->horizontalHeader());
    buildNoMatch(m_view->viewport());
    sizeColumns();
    m_details = new DetailsPane(m_session->engine(), m_session->store(), SystemClock::instance(),
                                m_splitter);
    m_details->setObjectName(u"details"_s);
    m_splitter->addWidget(m_view);
    m_splitter->addWidget(m_details);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 2);
    return m_splitter;
}

// In the empty table, when the filters hide every workflow: why, and the way back.
void MainWindow::buildNoMatch(QWidget *viewport)
{
    m_noMatch = new QWidget(viewport);
    m_noMatch->setObjectName(u"noMatch"_s);
    auto *layout = new QVBoxLayout(m_noMatch);
    m_noMatchText = new QLabel(m_noMatch);
    m_noMatchText->setObjectName(u"noMatchText"_s);
    m_noMatchText->setWordWrap(true);
    m_noMatchText->setAlignment(Qt::AlignCenter);
    m_noMatchText->setTextFormat(Qt::PlainText);
    layout->addWidget(m_noMatchText);
    auto *showAll = new QPushButton(u"Show all workflows"_s, m_noMatch);
    showAll->setObjectName(u"showAll"_s);
    layout->addWidget(showAll, 0, Qt::AlignCenter);
    connect(showAll, &QPushButton::clicked, this, [this] { m_filters->showAll(); });
    auto *centre = new QVBoxLayout(viewport);
    centre->addWidget(m_noMatch, 0, Qt::AlignCenter);
    m_noMatch->hide();
}

// Wide enough for what they hold at their widest and for their titles; the notes take the rest.
// Samples rather than counts of characters: digits and letters differ in width.
void MainWindow::sizeColumns()
{
    // Measured in bold: a row whose place is held (RowPlaceHold) is shown bold.
    QFont bold = m_view->font();
    bold.setBold(true);
    const QFontMetrics metrics(bold);
    const int em = metrics.horizontalAdvance(u'M');
    const int icon = m_view->style()->pixelMetric(QStyle::PM_SmallIconSize);
    QHash<int, int> wanted;
    for (const auto &[column, sample] : {
             std::pair{Column::Domain, u"northwind-traders.com"_s},
             std::pair{Column::Account, u"Northwind production"_s},
             std::pair{Column::Kind, u"registration (sandbox)"_s},
             // Among the widest words a state takes: a registration's reason is one.
             std::pair{Column::State, u"Expires in 12 days"_s},
             std::pair{Column::Deadline, u"expires in 12 days"_s},
             std::pair{Column::TimeInState, u"23h 59m"_s},
             std::pair{Column::LastChange, u"2026-12-31 23:59"_s},
             std::pair{Column::LastChecked, u"23h 59m ago"_s},
             std::pair{Column::NextCheck, u"in 23h 59m"_s},
         }) {
        const QString title = m_model->headerData(int(column), Qt::Horizontal).toString();
        const int content =
            metrics.horizontalAdvance(sample) + (column == Column::State ? icon + em / 2 : 0);
        wanted.insert(int(column),
                      std::max(content, metrics.horizontalAdvance(title) + 2 * em) + em);
    }
    // A state reads whole ("action required"), and so do ages and countdowns as they usually
    // are; a domain keeps room to be told apart; Notes, last, keeps room for a few words (9
    // letters' worth). Where width is short, the long words the details pane repeats give
    // first, down to what still reads (an account's name begun, a bare kind, a deadline in
    // days, today's time). Anything cut short shows whole as a tooltip, and in the details.
    const auto reads = [&metrics, em](const QString &sample) {
        return metrics.horizontalAdvance(sample) + em;
    };
    const QHash<int, int> least{{int(Column::State), reads(u"action required"_s) + icon + em / 2},
                                {int(Column::Domain), 12 * em},
                                {int(Column::TimeInState), reads(u"9m 59s"_s)},
                                {int(Column::LastChecked), reads(u"9m 59s ago"_s)},
                                {int(Column::NextCheck), reads(u"in 9m 59s"_s)}};
    m_columnFit = new ColumnFit(m_view, std::move(wanted), least, 9 * em,
                                {{int(Column::Account), 7 * em},
                                 {int(Column::Kind), reads(u"registration"_s)},
                                 {int(Column::Deadline), reads(u"~4 days left"_s)},
                                 {int(Column::Domain), 12 * em},
                                 {int(Column::LastChange), reads(u"23:59:59"_s)}});
    // Rather than cut a state or an age, the notes give down to 6 letters' worth.
    m_columnFit->setLastLeast(6 * em);
}

// What the window does whatever is selected; the actions on the selection are the table's.
void MainWindow::buildActions()
{
    const auto make = [this](const QString &name, const QString &text, const QIcon &icon,
                             const QKeySequence &keys, void (MainWindow::*slot)()) {
        QAction *action = windowAction(this, this, name, text, icon, keys);
        connect(action, &QAction::triggered, this, slot);
        return action;
    };
    m_add =
        make(u"add"_s, u"&Add workflows…"_s, themedIcon("list-add", QStyle::SP_FileDialogNewFolder),
             QKeySequence::New, &MainWindow::addWorkflows);
    m_import = make(u"import"_s, u"&Import from the account…"_s,
                    themedIcon("document-import", QStyle::SP_ArrowDown), QKeySequence(u"Ctrl+I"_s),
                    &MainWindow::importWorkflows);
    m_export =
        make(u"export"_s, u"&Export…"_s, themedIcon("document-export", QStyle::SP_DialogSaveButton),
             QKeySequence(u"Ctrl+E"_s), &MainWindow::exportTable);
    m_settings = make(u"settings"_s, u"&Settings…"_s,
                      themedIcon("configure", QStyle::SP_FileDialogDetailedView),
                      QKeySequence(u"Ctrl+,"_s), &MainWindow::showSettings);
    auto *find = new QAction(u"Find"_s, this);
    find->setObjectName(u"find"_s);
    find->setShortcut(QKeySequence::Find);
    connect(find, &QAction::triggered, m_filters, &FilterBar::focusSearch);
    addAction(find);
    m_quit = new QAction(u"&Quit"_s, this);
    m_quit->setObjectName(u"quit"_s);
    m_quit->setShortcut(QKeySequence::Quit);
    connect(m_quit, &QAction::triggered, this, [this] {
        saveLayout();
        QCoreApplication::quit(); // also when closing would only hide the window
    });
}

void MainWindow::buildMenus()
{
    QMenu *file = menuBar()->addMenu(u"&File"_s);
    file->addActions({m_add, m_import, m_export});
    file->addSeparator();
    file->addAction(m_settings);
    file->addSeparator();
    file->addAction(m_quit);
    QMenu *workflow = menuBar()->addMenu(u"&Workflow"_s);
    m_selection->addTo(workflow);
    auto *pauseAll = new QAction(u"Pause all"_s, this);
    pauseAll->setObjectName(u"pauseAll"_s);
    connect(pauseAll, &QAction::triggered, this, [this] { m_session->engine()->pauseAll(); });
    auto *resumeAll = new QAction(u"Resume all"_s, this);
    resumeAll->setObjectName(u"resumeAll"_s);
    connect(resumeAll, &QAction::triggered, this, [this] { m_session->engine()->resumeAll(); });
    workflow->addActions({pauseAll, resumeAll});
    workflow->addSeparator();
    m_removeFinished = new QAction(u"Remove &finished…"_s, this);
    m_removeFinished->setObjectName(u"removeFinished"_s);
    m_removeFinished->setToolTip(u"Stop watching every workflow that succeeded or failed"_s);
    connect(m_removeFinished, &QAction::triggered, this, &MainWindow::removeFinished);
    connect(m_model, &WorkflowTableModel::countsChanged, this, &MainWindow::updateRemoveFinished);
    updateRemoveFinished();
    workflow->addAction(m_removeFinished);
}

// The header's context menu: a column per line, ticked when shown. The layout keeps the choice.
void MainWindow::buildColumnChooser()
{
    QHeaderView *header = m_view->horizontalHeader();
    header->setContextMenuPolicy(Qt::ActionsContextMenu);
    const QMetaEnum columns = QMetaEnum::fromType<Column>();
    for (int column = 0; column < int(Column::Count); ++column) {
        auto *action = new QAction(
            m_model->headerData(column, Qt::Horizontal, Qt::AccessibleTextRole).toString(), header);
        action->setObjectName(u"column"_s + QLatin1StringView(columns.valueToKey(column)));
        action->setCheckable(true);
        action->setChecked(!header->isSectionHidden(column));
        // A row without its domain says nothing about what it is.
        action->setEnabled(column != int(Column::Domain));
        connect(action, &QAction::toggled, header,
                [header, column](bool shown) { header->setSectionHidden(column, !shown); });
        header->addAction(action);
    }
}

void MainWindow::updateRemoveFinished()
{
    m_removeFinished->setEnabled(m_model->count(WorkflowTableModel::Finished) > 0);
}

void MainWindow::removeFinished()
{
    QList<qint64> finished;
    for (int row = 0; row < m_model->rowCount(); ++row) {
        const qint64 id = m_model->idAt(row);
        if (m_model->categories(id) & WorkflowTableModel::Finished)
            finished.append(id);
    }
    if (finished.isEmpty())
        return;
    const QString question =
        finished.size() == 1
            ? u"Stop watching %1, which has finished? Its history is removed too."_s.arg(
                  m_session->engine()->workflow(finished.first())->ref.domain)
            : u"Stop watching the %1 finished workflows (succeeded or failed)? Their history is "
              u"removed too."_s.arg(finished.size());
    if (QMessageBox::question(this, u"Remove finished"_s, question) != QMessageBox::Yes)
        return;
    for (const qint64 id : std::as_const(finished))
        m_session->engine()->remove(id);
    statusBar()->showMessage(
        finished.size() == 1 ? u"Stopped watching 1 finished workflow."_s
                             : u"Stopped watching %1 finished workflows."_s.arg(finished.size()),
        8000);
}

void MainWindow::buildToolBar()
{
    QToolBar *toolbar = addToolBar(u"Actions"_s);
    toolbar->setObjectName(u"actions"_s);
    toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolbar->setMovable(false);
    toolbar->addActions({m_add, m_import});
    toolbar->addSeparator();
    m_selection->addTo(toolbar);
    toolbar->addSeparator();
    toolbar->addAction(m_settings);
    m_toolbar = toolbar;
    m_toolbarTextWidth = toolbar->sizeHint().width();
}

// A narrow window (1024 px) keeps every action in view: icons alone, their names as tooltips.
void MainWindow::resizeEvent(QResizeEvent *event)
{
    QMainWindow::resizeEvent(event);
    m_toolbar->setToolButtonStyle(width() < m_toolbarTextWidth ? Qt::ToolButtonIconOnly
                                                               : Qt::ToolButtonTextBesideIcon);
}

// The details follow the table's current row, and the actions its selection.
void MainWindow::connectTable()
{
    m_details->follow(m_view);
    m_selection = new SelectionActions(m_session, m_view, this);
    connect(m_selection, &SelectionActions::failed, this,
            [this](const QString &summary, const QString &body) {
                Notification notice;
                notice.summary = summary;
                notice.body = body;
                showNotice(notice);
            });
    connect(m_details, &DetailsPane::resumeRequested, this,
            [this](qint64 id) { m_session->engine()->resume(id); });
    connect(m_details, &DetailsPane::checkNowRequested, this,
            [this](qint64 id) { m_session->engine()->pollNow(id); });
}

// The workflows the table shows, in its order (registration notices have nothing to export).
QList<qint64> MainWindow::shownIds() const
{
    QList<qint64> ids;
    for (int row = 0; row < m_proxy->rowCount(); ++row) {
        const QModelIndex index = m_proxy->index(row, 0);
        if (index.data(WorkflowTableModel::RowKindRole).toInt() ==
            int(WorkflowTableModel::RowKind::Workflow))
            ids.append(index.data(WorkflowTableModel::IdRole).toLongLong());
    }
    return ids;
}

void MainWindow::selectWorkflow(qint64 id)
{
    const int row = m_model->rowOf(id);
    if (row < 0)
        return;
    QModelIndex index = m_proxy->mapFromSource(m_model->index(row, 0));
    if (!index.isValid()) { // hidden by a filter: show everything
        m_filters->showAll();
        index = m_proxy->mapFromSource(m_model->index(row, 0));
    }
    m_view->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect |
                                                         QItemSelectionModel::Rows);
    m_view->scrollTo(index);
}

void MainWindow::updateEmptyState()
{
    m_pages->setCurrentIndex(m_model->rowCount() == 0 ? 0 : 1);
    const bool noMatch = m_model->rowCount() > 0 && m_proxy->rowCount() == 0;
    if (noMatch)
        m_noMatchText->setText(m_filters->whyEmpty());
    m_noMatch->setVisible(noMatch);
}

void MainWindow::showNotice(const Notification &notification)
{
    m_notice->showNotice(notification);
}

void MainWindow::withdrawNotices(const QString &key)
{
    m_notice->withdraw(key);
}

void MainWindow::track(const QList<WorkflowRef> &workflows, int rejected)
{
    showWatched(m_session->engine()->watchAll(workflows), rejected);
}

void MainWindow::showWatched(const PollEngine::WatchSummary &summary, int rejected)
{
    if (!summary.ids.isEmpty())
        selectWorkflow(summary.ids.last());
    statusBar()->showMessage(watchSummaryText(summary, rejected), 15000);
}

void MainWindow::addWorkflows()
{
    AddWorkflowsDialog dialog(m_session->account(), m_session->apiBase(), this);
    dialog.setAlreadyWatched([engine = m_session->engine()](const WorkflowRef &workflow) {
        return engine->find(workflow).has_value();
    });
    // Each Add is watched at once: the dialog may stay open with the lines it could not add,
    // and says there too what became of the others.
    connect(&dialog, &AddWorkflowsDialog::addRequested, &dialog,
            [this, &dialog](const QList<WorkflowRef> &workflows, int rejected) {
                const PollEngine::WatchSummary summary = m_session->engine()->watchAll(workflows);
                showWatched(summary, rejected);
                dialog.showOutcome(watchSummaryText(summary, rejected));
            });
    dialog.exec();
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
    // Each page takes a slot of the engine's budget (the dialog asks for it): not counted twice.
    client->setSentObserver({});
    ImportDialog dialog(client, m_session->account(), m_session->engine(), this);
    dialog.start();
    if (dialog.exec() == QDialog::Accepted)
        track(dialog.selected());
    client->deleteLater();
}

void MainWindow::exportTable()
{
    const QList<qint64> ids = shownIds();
    if (const auto path = exportWorkflows(this, ids, *m_session->engine(), m_session->store(),
                                          m_session->accountLabels()))
        statusBar()->showMessage(u"Exported %1 workflows to %2."_s.arg(ids.size()).arg(*path),
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
    // Each account is saved as it is added, edited or removed, not on OK.
    dialog.followAccountsOf(m_session);
    if (dialog.exec() == QDialog::Accepted)
        m_session->applySettings();
}

void MainWindow::saveLayout()
{
    windowLayout::save(*m_session->settings(), *this, *m_view, *m_splitter);
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
