#include "ui/SelectionActions.h"

#include "engine/PollEngine.h"
#include "session/DesktopSession.h"
#include "ui/WindowAction.h"
#include "ui/WorkflowTableModel.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QDesktopServices>
#include <QJsonDocument>
#include <QMenu>
#include <QMessageBox>
#include <QTableView>
#include <QToolBar>

using namespace Qt::StringLiterals;

namespace rw::ui {

namespace {

// A notice's row as a reference: the registration's account and domain.
std::optional<WorkflowRef> noticeRef(const QModelIndex &row)
{
    const QVariant notice = row.data(WorkflowTableModel::NoticeRole);
    if (!notice.isValid())
        return std::nullopt;
    const auto value = notice.value<RegistrationNotice>();
    return WorkflowRef{value.account, value.domain, WorkflowKind::Registration};
}

} // namespace

SelectionActions::SelectionActions(session::DesktopSession *session, QTableView *view,
                                   QWidget *window)
    : QObject(window)
    , m_session(session)
    , m_view(view)
    , m_window(window)
{
    const auto make = [this, window](const QString &name, const QString &text, const QIcon &icon,
                                     const QKeySequence &keys, void (SelectionActions::*slot)()) {
        QAction *action = windowAction(window, this, name, text, icon, keys);
        connect(action, &QAction::triggered, this, slot);
        return action;
    };
    m_checkNow =
        make(u"checkNow"_s, u"&Check now"_s, themedIcon("view-refresh", QStyle::SP_BrowserReload),
             QKeySequence::Refresh, &SelectionActions::checkNow);
    m_pause =
        make(u"pause"_s, u"&Pause"_s, themedIcon("media-playback-pause", QStyle::SP_MediaPause),
             QKeySequence(u"Ctrl+P"_s), &SelectionActions::pause);
    m_resume =
        make(u"resume"_s, u"&Resume"_s, themedIcon("media-playback-start", QStyle::SP_MediaPlay),
             QKeySequence(u"Ctrl+Shift+P"_s), &SelectionActions::resume);
    m_remove =
        make(u"remove"_s, u"&Stop watching"_s, themedIcon("edit-delete", QStyle::SP_TrashIcon),
             QKeySequence::Delete, &SelectionActions::remove);
    m_copyDomain =
        make(u"copyDomain"_s, u"Copy &domain"_s, themedIcon("edit-copy", QStyle::SP_FileIcon),
             QKeySequence::Copy, &SelectionActions::copyDomains);
    m_copyJson = make(u"copyJson"_s, u"Copy &JSON"_s,
                      themedIcon("text-x-script", QStyle::SP_FileDialogContentsView),
                      QKeySequence(u"Ctrl+Shift+C"_s), &SelectionActions::copyJson);
    m_copyStatusUrl = make(u"copyStatusUrl"_s, u"Copy status &URL"_s,
                           themedIcon("edit-copy", QStyle::SP_FileIcon), QKeySequence(),
                           &SelectionActions::copyStatusUrls);
    m_copyStatusUrl->setToolTip(u"Copy the API link that tells this workflow's state"_s);
    m_mute = make(u"mute"_s, u"&Mute notifications"_s,
                  themedIcon("notifications-disabled", QStyle::SP_MediaVolumeMuted),
                  QKeySequence(u"Ctrl+M"_s), &SelectionActions::toggleMute);
    m_mute->setCheckable(true);
    m_dashboard = make(u"dashboard"_s, u"Open in the Cloudflare &dashboard"_s,
                       themedIcon("internet-web-browser", QStyle::SP_DirLinkIcon),
                       QKeySequence(u"Ctrl+D"_s), &SelectionActions::openDashboard);
    m_dashboard->setIconText(u"Dashboard"_s); // the toolbar's word for it

    // What the actions apply to changes with the selection and with what is known of it: an
    // answer about a selected row, rows leaving or moving. Answers come in batches: one pass
    // for all of them.
    connect(view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &SelectionActions::updateEnabled);
    m_refresh.setSingleShot(true);
    m_refresh.setInterval(0);
    connect(&m_refresh, &QTimer::timeout, this, &SelectionActions::updateEnabled);
    const QAbstractItemModel *rows = view->model();
    connect(rows, &QAbstractItemModel::dataChanged, this,
            [this](const QModelIndex &, const QModelIndex &, const QList<int> &roles) {
                // Not the once-a-second refresh of the times, which changes nothing here.
                if (roles.isEmpty() || roles.contains(WorkflowTableModel::CategoryRole))
                    m_refresh.start();
            });
    connect(rows, &QAbstractItemModel::rowsRemoved, &m_refresh, qOverload<>(&QTimer::start));
    connect(rows, &QAbstractItemModel::layoutChanged, &m_refresh, qOverload<>(&QTimer::start));
    connect(rows, &QAbstractItemModel::modelReset, &m_refresh, qOverload<>(&QTimer::start));
    connect(view, &QTableView::customContextMenuRequested, this, [this](const QPoint &at) {
        QMenu menu(m_window);
        addTo(&menu);
        menu.exec(m_view->viewport()->mapToGlobal(at));
    });
    updateEnabled();
}

void SelectionActions::addTo(QMenu *menu) const
{
    menu->addActions({m_checkNow, m_pause, m_resume, m_mute});
    menu->addSeparator();
    menu->addActions({m_copyDomain, m_copyJson, m_copyStatusUrl, m_dashboard});
    menu->addSeparator();
    menu->addAction(m_remove);
}

void SelectionActions::addTo(QToolBar *toolbar) const
{
    toolbar->addActions({m_checkNow, m_pause, m_resume, m_remove});
    toolbar->addSeparator();
    toolbar->addActions({m_copyDomain, m_copyJson, m_dashboard});
}

QModelIndexList SelectionActions::selectedRows(int allow) const
{
    QModelIndexList allowed;
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    for (const QModelIndex &row : rows) {
        if (row.data(WorkflowTableModel::AllowsRole).toInt() & allow)
            allowed.append(row);
    }
    return allowed;
}

QList<qint64> SelectionActions::selectedIds() const
{
    QList<qint64> ids;
    for (const QModelIndex &row : selectedRows(WorkflowTableModel::Watch))
        ids.append(row.data(WorkflowTableModel::IdRole).toLongLong());
    return ids;
}

void SelectionActions::updateEnabled()
{
    const QList<qint64> ids = selectedIds();
    const bool anyOpen = !selectedRows(WorkflowTableModel::Open).isEmpty();
    const bool anyDismiss = !selectedRows(WorkflowTableModel::Dismiss).isEmpty();
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
    m_remove->setEnabled(anyDismiss);
    m_copyDomain->setEnabled(anyOpen);
    m_copyJson->setEnabled(!selectedRows(WorkflowTableModel::Answers).isEmpty());
    m_copyStatusUrl->setEnabled(!selectedRows(WorkflowTableModel::Answers).isEmpty());
    m_dashboard->setEnabled(anyOpen && !m_session->isDemo());
    bool allMuted = any;
    for (const qint64 id : ids) {
        const TrackedWorkflow *workflow = m_session->engine()->workflow(id);
        allMuted = allMuted && workflow && workflow->muted;
    }
    m_mute->setEnabled(any);
    m_mute->setChecked(allMuted);
}

void SelectionActions::checkNow()
{
    for (const qint64 id : selectedIds())
        m_session->engine()->pollNow(id);
}

void SelectionActions::pause()
{
    for (const qint64 id : selectedIds())
        m_session->engine()->pause(id);
    updateEnabled();
}

void SelectionActions::resume()
{
    for (const qint64 id : selectedIds())
        m_session->engine()->resume(id);
    updateEnabled();
}

void SelectionActions::toggleMute()
{
    const QList<qint64> ids = selectedIds();
    bool allMuted = !ids.isEmpty();
    for (const qint64 id : ids)
        allMuted = allMuted && m_session->engine()->workflow(id)->muted;
    for (const qint64 id : ids)
        m_session->engine()->setMuted(id, !allMuted);
    updateEnabled();
}

void SelectionActions::copyDomains()
{
    QStringList domains;
    for (const QModelIndex &row : selectedRows(WorkflowTableModel::Open)) {
        if (const auto notice = noticeRef(row))
            domains.append(notice->domain);
        else if (const TrackedWorkflow *workflow = m_session->engine()->workflow(
                     row.data(WorkflowTableModel::IdRole).toLongLong()))
            domains.append(workflow->ref.domain);
    }
    QApplication::clipboard()->setText(domains.join(u'\n'));
}

void SelectionActions::copyJson()
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

// What `curl` or a colleague can ask about: the full URL, on the API this app talks to.
void SelectionActions::copyStatusUrls()
{
    const ApiBase base = m_session->apiBase();
    QStringList urls;
    for (const qint64 id : selectedIds()) {
        if (const auto url = base.resolve(m_session->engine()->workflow(id)->ref.statusPath()))
            urls.append(url->toString());
    }
    QApplication::clipboard()->setText(urls.join(u'\n'));
}

void SelectionActions::openDashboard()
{
    QStringList unopened;
    for (const QModelIndex &row : selectedRows(WorkflowTableModel::Open)) {
        std::optional<WorkflowRef> ref = noticeRef(row);
        if (!ref) {
            const TrackedWorkflow *workflow =
                m_session->engine()->workflow(row.data(WorkflowTableModel::IdRole).toLongLong());
            if (!workflow)
                continue;
            ref = workflow->ref;
        }
        const QUrl url = m_session->dashboardUrl(*ref);
        if (!QDesktopServices::openUrl(url))
            unopened.append(url.toString());
    }
    if (unopened.isEmpty())
        return;
    // The operator still needs the page: the link, where any browser can take it.
    QApplication::clipboard()->setText(unopened.join(u'\n'));
    emit failed(u"No web browser opened the dashboard"_s,
                unopened.size() == 1
                    ? u"The link is copied to the clipboard: %1"_s.arg(unopened.first())
                    : u"The %1 links are copied to the clipboard."_s.arg(unopened.size()));
}

void SelectionActions::remove()
{
    const QList<qint64> ids = selectedIds();
    QList<WorkflowRef> notices;
    for (const QModelIndex &row : selectedRows(WorkflowTableModel::Dismiss)) {
        if (const auto notice = noticeRef(row))
            notices.append(*notice);
    }
    if (ids.isEmpty() && notices.isEmpty())
        return;
    // Workflows lose their history, which is worth a question; a notice is only dismissed from
    // the table, which costs nothing.
    if (!ids.isEmpty()) {
        const QString question =
            ids.size() == 1
                ? u"Stop watching %1? Its history is removed too."_s.arg(
                      m_session->engine()->workflow(ids.first())->ref.domain)
                : u"Stop watching %1 workflows? Their history is removed too."_s.arg(ids.size());
        if (QMessageBox::question(m_window, u"Stop watching"_s, question) != QMessageBox::Yes)
            return;
    }
    for (const WorkflowRef &notice : std::as_const(notices))
        m_session->registrationNotices()->remove(notice.account, notice.domain);
    for (const qint64 id : ids)
        m_session->engine()->remove(id);
    // The view has moved the current row to a neighbour, which the details pane now shows:
    // select it too, so that the table, the details and the actions agree.
    if (const QModelIndex current = m_view->currentIndex(); current.isValid())
        m_view->selectionModel()->select(current, QItemSelectionModel::ClearAndSelect |
                                                      QItemSelectionModel::Rows);
}

} // namespace rw::ui
