#include "ui/WorkflowTableModel.h"

#include "common/Duration.h"
#include "registrar/DomainName.h"
#include "report/Deadline.h"
#include "report/WorkflowText.h"
#include "ui/StateStyle.h"

using namespace Qt::StringLiterals;
using namespace std::chrono;

namespace rw::ui {

namespace {

using Column = WorkflowTableModel::Column;

// The order states sort in: what needs the operator first, finished last.
int urgency(const TrackedWorkflow &workflow)
{
    if (workflow.watch == WatchState::GaveUp)
        return 1;
    const auto state = workflow.state();
    if (!state)
        return 5;
    switch (*state) {
    case WorkflowState::ActionRequired:
        return 0;
    case WorkflowState::Failed:
        return 2;
    case WorkflowState::Unknown:
        return 3;
    case WorkflowState::InProgress:
        return 4;
    case WorkflowState::Pending:
        return 5;
    case WorkflowState::Blocked:
        return 6;
    case WorkflowState::Succeeded:
        return 7;
    }
    return 8;
}

// One registration of one account: what tells notices apart.
QString noticeKey(const RegistrationNotice &notice)
{
    return (notice.account.sandbox ? u"s/"_s : u"/"_s) + notice.account.id + u'/' + notice.domain;
}

QString shortTime(const QDateTime &time, const QDateTime &now)
{
    if (!time.isValid())
        return u"—"_s;
    const QDateTime local = time.toLocalTime();
    if (local.date() == now.toLocalTime().date())
        return local.toString(u"HH:mm:ss"_s);
    return local.toString(u"yyyy-MM-dd HH:mm"_s);
}

} // namespace

WorkflowTableModel::WorkflowTableModel(PollEngine *engine, const Clock &clock, QObject *parent)
    : QAbstractTableModel(parent)
    , m_engine(engine)
    , m_clock(clock)
{
    for (const qint64 id : engine->workflowIds()) {
        m_rows.insert(id, int(m_ids.size()));
        m_ids.append(id);
        if (const TrackedWorkflow *workflow = engine->workflow(id)) {
            m_accountRows[workflow->ref.account.id] += 1;
            m_accountOf.insert(id, workflow->ref.account.id);
        }
    }
    connect(engine, &PollEngine::workflowAdded, this,
            [this](const TrackedWorkflow &workflow) { add(workflow.id); });
    connect(engine, &PollEngine::workflowRemoved, this,
            [this](const TrackedWorkflow &workflow) { remove(workflow.id); });
    connect(engine, &PollEngine::workflowUpdated, this,
            [this](const TrackedWorkflow &workflow) { update(workflow.id); });
    connect(engine, &PollEngine::accountHeld, this, &WorkflowTableModel::accountChanged);
    connect(engine, &PollEngine::accountReleased, this, &WorkflowTableModel::accountChanged);
    // A burst of answers (a round of checks, a network coming back) is told as one change:
    // views, the proxy's sorting and the counts work once per pass, not once per answer.
    m_flush.setSingleShot(true);
    m_flush.setInterval(0);
    connect(&m_flush, &QTimer::timeout, this, &WorkflowTableModel::flushUpdates);
    m_ticker.setInterval(1000);
    connect(&m_ticker, &QTimer::timeout, this, &WorkflowTableModel::tick);
    m_ticker.start();
    recountAll();
}

int WorkflowTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_ids.size());
}

int WorkflowTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(Column::Count);
}

void WorkflowTableModel::add(qint64 id)
{
    if (m_rows.contains(id))
        return;
    const TrackedWorkflow *workflow = m_engine->workflow(id);
    appendRow(id, workflow ? workflow->ref.account.id : QString());
}

void WorkflowTableModel::appendRow(qint64 id, const QString &accountId)
{
    const int row = int(m_ids.size());
    beginInsertRows({}, row, row);
    m_ids.append(id);
    m_rows.insert(id, row);
    m_accountOf.insert(id, accountId);
    endInsertRows();
    if (recount(id))
        flushLater();
    countAccount(accountId, 1);
}

void WorkflowTableModel::remove(qint64 id)
{
    const int row = m_rows.value(id, -1);
    if (row < 0)
        return;
    const QString accountId = m_accountOf.value(id);
    beginRemoveRows({}, row, row);
    m_ids.removeAt(row);
    m_rows.remove(id);
    for (int i = row; i < m_ids.size(); ++i)
        m_rows[m_ids.at(i)] = i;
    endRemoveRows();
    m_changed.remove(id);
    if (recount(id, true))
        flushLater();
    m_accountOf.remove(id);
    if (const auto it = m_noticeRows.constFind(id); it != m_noticeRows.cend()) {
        m_noticeIds.remove(noticeKey(*it));
        m_noticeRows.erase(it);
    }
    countAccount(accountId, -1);
}

// The Account column and filter appear with a second account: the set of accounts is what
// matters, not how many rows each has.
void WorkflowTableModel::countAccount(const QString &accountId, int delta)
{
    if (accountId.isEmpty())
        return;
    int &rows = m_accountRows[accountId];
    const bool before = rows > 0;
    rows += delta;
    if (rows <= 0)
        m_accountRows.remove(accountId);
    if (before != (rows > 0) && !m_labels.accountIds().contains(accountId))
        emit accountsChanged();
}

QStringList WorkflowTableModel::accountIds() const
{
    QStringList ids = m_labels.accountIds();
    QStringList others;
    for (auto it = m_accountRows.cbegin(); it != m_accountRows.cend(); ++it) {
        if (!ids.contains(it.key()))
            others.append(it.key());
    }
    others.sort();
    return ids + others;
}

void WorkflowTableModel::setAccountLabels(const AccountLabels &labels)
{
    if (labels == m_labels)
        return;
    m_labels = labels;
    if (!m_ids.isEmpty())
        emit dataChanged(index(0, int(Column::Account)),
                         index(int(m_ids.size()) - 1, int(Column::Account)));
    emit accountsChanged();
}

void WorkflowTableModel::setNotices(RegistrationNotices *notices)
{
    if (m_notices)
        disconnect(m_notices, nullptr, this, nullptr);
    for (const qint64 id : m_noticeRows.keys())
        remove(id);
    m_notices = notices;
    if (!notices)
        return;
    for (const RegistrationNotice &notice : notices->notices())
        addNotice(notice);
    connect(notices, &RegistrationNotices::noticeAdded, this, &WorkflowTableModel::addNotice);
    connect(notices, &RegistrationNotices::noticeChanged, this, &WorkflowTableModel::changeNotice);
    connect(notices, &RegistrationNotices::noticeRemoved, this, &WorkflowTableModel::removeNotice);
}

void WorkflowTableModel::addNotice(const RegistrationNotice &notice)
{
    if (m_noticeIds.contains(noticeKey(notice))) {
        changeNotice(notice);
        return;
    }
    const qint64 id = ++m_lastNoticeId;
    m_noticeIds.insert(noticeKey(notice), id);
    m_noticeRows.insert(id, notice);
    appendRow(id, notice.account.id);
}

void WorkflowTableModel::changeNotice(const RegistrationNotice &notice)
{
    const qint64 id = m_noticeIds.value(noticeKey(notice));
    if (!id) {
        addNotice(notice);
        return;
    }
    m_noticeRows.insert(id, notice);
    update(id);
}

void WorkflowTableModel::removeNotice(const RegistrationNotice &notice)
{
    if (const qint64 id = m_noticeIds.value(noticeKey(notice)))
        remove(id);
}

const RegistrationNotice *WorkflowTableModel::noticeOf(qint64 id) const
{
    const auto it = m_noticeRows.constFind(id);
    return it == m_noticeRows.cend() ? nullptr : &*it;
}

void WorkflowTableModel::update(qint64 id)
{
    if (!m_rows.contains(id))
        return;
    m_changed.insert(id);
    // The counts at once, so that count() is always true; told at the flush.
    m_countsChanged = recount(id) || m_countsChanged;
    m_flush.start();
}

void WorkflowTableModel::flushLater()
{
    m_countsChanged = true;
    m_flush.start();
}

void WorkflowTableModel::flushUpdates()
{
    m_flush.stop();
    QList<int> rows;
    rows.reserve(m_changed.size());
    for (const qint64 id : std::as_const(m_changed))
        rows.append(m_rows.value(id));
    m_changed.clear();
    std::sort(rows.begin(), rows.end());
    for (qsizetype first = 0; first < rows.size();) {
        qsizetype last = first;
        while (last + 1 < rows.size() && rows.at(last + 1) == rows.at(last) + 1)
            ++last;
        emit dataChanged(index(rows.at(first), 0), index(rows.at(last), int(Column::Count) - 1));
        first = last + 1;
    }
    if (std::exchange(m_countsChanged, false))
        emit countsChanged();
}

void WorkflowTableModel::accountChanged(const QString &accountId)
{
    // A credentials hold puts every workflow of the account among those that need the operator;
    // nothing else a row shows depends on the account. Only rows whose categories moved change
    // (none for a rate limit), in runs of neighbouring rows.
    bool changed = false;
    int first = -1;
    const auto flush = [this, &first](int end) {
        if (first >= 0) {
            emit dataChanged(index(first, 0), index(end - 1, int(Column::Count) - 1),
                             {CategoryRole});
            // A credentials hold is also what their next check and note say.
            emit dataChanged(index(first, int(Column::NextCheck)),
                             index(end - 1, int(Column::Notes)),
                             {Qt::DisplayRole, Qt::ToolTipRole});
        }
        first = -1;
    };
    for (int row = 0; row < m_ids.size(); ++row) {
        const TrackedWorkflow *workflow =
            noticeOf(m_ids.at(row)) ? nullptr : m_engine->workflow(m_ids.at(row));
        if (workflow && workflow->ref.account.id == accountId && recount(workflow->id)) {
            changed = true;
            if (first < 0)
                first = row;
        } else {
            flush(row);
        }
    }
    flush(int(m_ids.size()));
    if (changed)
        emit countsChanged();
}

void WorkflowTableModel::tick()
{
    if (!m_ids.isEmpty())
        emit timesChanged();
}

WorkflowTableModel::Categories WorkflowTableModel::categories(qint64 id) const
{
    if (noticeOf(id))
        return NeedsMe;
    const TrackedWorkflow *workflow = m_engine->workflow(id);
    if (!workflow)
        return {};
    Categories categories;
    const auto state = workflow->state();
    // Only a row still watched waits for the credentials: a finished or paused one does not.
    const bool credentialsHeld =
        workflow->watch == WatchState::Watching &&
        RequestBudget::waitsForCredentials(m_engine->accountStatus(workflow->ref.account.id).hold);
    if (workflow->watch == WatchState::NeedsOperator || workflow->watch == WatchState::GaveUp ||
        state == WorkflowState::ActionRequired || credentialsHeld)
        categories |= NeedsMe;
    // Never answered: nothing is known of its state, so it is neither active nor blocked. Only
    // a row never asked about is Not checked: one checked without a state says "Checked at".
    if (workflow->watch == WatchState::Watching && state)
        categories |= state == WorkflowState::Blocked ? Blocked : Active;
    else if (workflow->watch == WatchState::Watching && workflowText::neverAsked(*workflow))
        categories |= NotChecked;
    if (workflow->watch == WatchState::Settled)
        categories |= Finished;
    if (state == WorkflowState::Failed)
        categories |= Failed;
    return categories;
}

bool WorkflowTableModel::recount(qint64 id, bool removed)
{
    const Categories before = m_categories.value(id);
    const Categories after = removed ? Categories() : categories(id);
    if (removed)
        m_categories.remove(id);
    else
        m_categories.insert(id, after);
    if (before == after)
        return false;
    QHash<int, int> &ofAccount = m_accountCounts[m_accountOf.value(id)];
    for (const Category category : {NeedsMe, Active, Blocked, Finished, Failed, NotChecked}) {
        const int delta = int(after.testFlag(category)) - int(before.testFlag(category));
        m_counts[category] += delta;
        ofAccount[category] += delta;
    }
    return true;
}

void WorkflowTableModel::recountAll()
{
    m_categories.clear();
    m_counts.clear();
    m_accountCounts.clear();
    for (const qint64 id : std::as_const(m_ids))
        recount(id);
    emit countsChanged();
}

QVariant WorkflowTableModel::display(const TrackedWorkflow &workflow, Column column) const
{
    const QDateTime now = m_clock.now();
    switch (column) {
    case Column::Domain:
        return domain::toUnicode(workflow.ref.domain);
    case Column::Account:
        return accountText(workflow.ref.account);
    case Column::Kind:
        return workflow.origin == WorkflowOrigin::Found
                   ? QString(workflowText::kindLabel(workflow.ref) + u" · found"_s)
                   : workflowText::kindLabel(workflow.ref);
    case Column::Deadline: {
        const auto deadline = Deadline::of(workflow, now);
        return deadline ? workflowText::deadlineCell(*deadline, now) : QString();
    }
    case Column::State: {
        QString label = workflowText::stateLabel(WorkflowFacts::about(*m_engine, workflow, now));
        if (workflow.watch == WatchState::Paused)
            label += u" · paused"_s;
        else if (workflow.watch == WatchState::GaveUp)
            label += u" · gave up"_s;
        if (workflow.muted)
            label += u" · muted"_s;
        return label;
    }
    case Column::TimeInState:
        return workflow.stateSince.isValid()
                   ? formatDurationBrief(
                         seconds(std::max<qint64>(0, workflow.stateSince.secsTo(now))))
                   : u"—"_s;
    case Column::LastChange:
        return workflow.status ? shortTime(workflow.status->updatedAt, now) : u"—"_s;
    case Column::LastChecked:
        if (!workflow.lastCheckedAt.isValid())
            return u"never"_s;
        return u"%1 ago"_s.arg(
            formatDurationBrief(seconds(std::max<qint64>(0, workflow.lastCheckedAt.secsTo(now)))));
    case Column::NextCheck:
        if (m_engine->isInFlight(workflow.id))
            return u"checking…"_s;
        switch (workflow.watch) {
        case WatchState::Paused:
            return u"paused"_s;
        case WatchState::Settled:
        case WatchState::NeedsOperator:
        case WatchState::GaveUp:
            return u"—"_s;
        case WatchState::Watching:
            break;
        }
        if (RequestBudget::waitsForCredentials(
                m_engine->accountStatus(workflow.ref.account.id).hold))
            return u"on hold"_s; // until the credentials are there: the note says why
        if (!workflow.nextPollAt.isValid())
            return u"—"_s;
        if (workflow.nextPollAt <= now) {
            // Behind the budget: about how long still, not a countdown that has run out; short
            // enough for the column, the whole sentence in the tooltip.
            const auto wait = m_engine->budgetWait(workflow.id);
            return wait ? u"in %1"_s.arg(workflowText::aboutWaitShort(*wait)) : u"due"_s;
        }
        return u"in %1"_s.arg(
            formatDurationBrief(seconds((now.msecsTo(workflow.nextPollAt) + 999) / 1000)));
    case Column::Notes:
        return workflowText::note(WorkflowFacts::about(*m_engine, workflow, now));
    case Column::Count:
        break;
    }
    return {};
}

QVariant WorkflowTableModel::sortValue(const TrackedWorkflow &workflow, Column column) const
{
    const auto ms = [](const QDateTime &time, qint64 missing) {
        return time.isValid() ? time.toMSecsSinceEpoch() : missing;
    };
    switch (column) {
    case Column::Domain:
        return domain::toUnicode(workflow.ref.domain);
    case Column::Account:
        return accountText(workflow.ref.account);
    case Column::Kind:
        return int(workflow.ref.kind);
    case Column::State:
        return urgency(workflow);
    case Column::Deadline: {
        const auto deadline = Deadline::of(workflow, m_clock.now());
        return deadline ? deadline->sortKey() : Deadline::noDeadline;
    }
    case Column::TimeInState:
        return -ms(workflow.stateSince, std::numeric_limits<qint64>::min() / 2);
    case Column::LastChange:
        return workflow.status ? ms(workflow.status->updatedAt, 0) : qint64(0);
    case Column::LastChecked:
        return ms(workflow.lastCheckedAt, 0);
    case Column::NextCheck:
        return workflow.watch == WatchState::Watching
                   ? ms(workflow.nextPollAt, std::numeric_limits<qint64>::max())
                   : std::numeric_limits<qint64>::max();
    case Column::Notes:
        return workflowText::note(workflow);
    case Column::Count:
        break;
    }
    return {};
}

QString WorkflowTableModel::accountText(const AccountRef &account) const
{
    return workflowText::accountName(account, m_labels);
}

QVariant WorkflowTableModel::noticeData(const RegistrationNotice &notice, Column column,
                                        int role) const
{
    const QDateTime now = m_clock.now();
    const Deadline deadline = Deadline::of(notice);
    switch (role) {
    case Qt::DisplayRole:
        switch (column) {
        case Column::Domain:
            return domain::toUnicode(notice.domain);
        case Column::Account:
            return accountText(notice.account);
        case Column::Kind:
            return notice.account.sandbox ? u"Registration (sandbox) · found"_s
                                          : u"Registration · found"_s;
        case Column::State:
            return workflowText::attentionLabel(notice.attention, now);
        case Column::Deadline:
            return workflowText::deadlineCell(deadline, now);
        case Column::TimeInState:
            return notice.foundAt.isValid() ? formatDurationBrief(seconds(
                                                  std::max<qint64>(0, notice.foundAt.secsTo(now))))
                                            : u"—"_s;
        case Column::LastChange:
        case Column::LastChecked:
        case Column::NextCheck:
            return u"—"_s;
        case Column::Notes:
            return workflowText::attentionToDo(notice.attention);
        case Column::Count:
            break;
        }
        return {};
    case Qt::DecorationRole:
        if (column == Column::State)
            return StateStyle::forState(WorkflowState::ActionRequired).icon;
        return {};
    case Qt::ToolTipRole:
        switch (column) {
        case Column::Kind:
            return u"Found by watching the whole account: a registration that needs you, with "
                   u"no workflow running for it."_s;
        case Column::State:
        case Column::Deadline:
            return workflowText::attentionMeaning(notice, now);
        case Column::Notes:
            return workflowText::attentionToDo(notice.attention);
        default:
            return {};
        }
    case SortRole:
        switch (column) {
        case Column::Domain:
            return domain::toUnicode(notice.domain);
        case Column::Account:
            return accountText(notice.account);
        case Column::Kind:
            return int(WorkflowKind::Registration);
        case Column::State:
            return 0; // needs the operator, as action required does
        case Column::Deadline:
            return deadline.sortKey();
        case Column::TimeInState:
            return -(notice.foundAt.isValid() ? notice.foundAt.toMSecsSinceEpoch()
                                              : std::numeric_limits<qint64>::min() / 2);
        case Column::LastChange:
        case Column::LastChecked:
            return qint64(0);
        case Column::NextCheck:
            return std::numeric_limits<qint64>::max();
        case Column::Notes:
            return workflowText::attentionToDo(notice.attention);
        case Column::Count:
            break;
        }
        return {};
    case SearchRole:
        return QStringList{notice.domain,
                           domain::toUnicode(notice.domain),
                           u"registration"_s,
                           accountText(notice.account),
                           workflowText::attentionLabel(notice.attention, now),
                           notice.registration.status}
            .join(u'\n');
    case AccountRole:
        return notice.account.id;
    case RowKindRole:
        return int(RowKind::Registration);
    case AllowsRole:
        return int(Allows(Open | Dismiss));
    case NoticeRole:
        return QVariant::fromValue(notice);
    case CategoryRole:
        return int(NeedsMe);
    default:
        return {};
    }
}

QVariant WorkflowTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_ids.size())
        return {};
    const qint64 id = m_ids.at(index.row());
    const auto column = Column(index.column());
    if (role == IdRole)
        return id;
    if (const RegistrationNotice *notice = noticeOf(id))
        return noticeData(*notice, column, role);
    const TrackedWorkflow *workflow = m_engine->workflow(id);
    if (!workflow)
        return {};
    switch (role) {
    case Qt::DisplayRole:
        return display(*workflow, column);
    case Qt::DecorationRole:
        if (column == Column::State)
            return StateStyle::forWorkflow(*workflow).icon;
        return {};
    case Qt::ToolTipRole:
        if (column == Column::Domain &&
            domain::toUnicode(workflow->ref.domain) != workflow->ref.domain)
            return workflow->ref.domain;
        if (column == Column::State)
            return workflowText::meaning(*workflow);
        if (column == Column::Notes)
            return display(*workflow, column);
        if (column == Column::Account)
            return workflow->ref.account.id;
        if (column == Column::Kind && workflow->origin == WorkflowOrigin::Found)
            return u"Found by watching the whole account, not added by you."_s;
        if (column == Column::Deadline) {
            const auto deadline = Deadline::of(*workflow, m_clock.now());
            return deadline ? workflowText::deadline(*deadline, m_clock.now()) : QString();
        }
        if (column == Column::NextCheck && workflow->watch == WatchState::Watching &&
            workflow->nextPollAt.isValid() && workflow->nextPollAt <= m_clock.now()) {
            // Due and waiting: why, and about how long, as the details say it.
            return workflowText::nextStep(
                WorkflowFacts::about(*m_engine, *workflow, m_clock.now()));
        }
        if (column == Column::LastChange || column == Column::LastChecked ||
            column == Column::NextCheck) {
            const QDateTime time =
                column == Column::LastChange
                    ? (workflow->status ? workflow->status->updatedAt : QDateTime())
                : column == Column::LastChecked ? workflow->lastCheckedAt
                                                : workflow->nextPollAt;
            const QString tip = workflowText::timeTip(time);
            return tip.isEmpty() ? QVariant() : QVariant(tip);
        }
        return {};
    case SortRole:
        return sortValue(*workflow, column);
    case CategoryRole:
        return int(categories(workflow->id));
    case AccountRole:
        return workflow->ref.account.id;
    case RowKindRole:
        return int(RowKind::Workflow);
    case AllowsRole:
        return int(Allows(Watch | Answers | Open | Dismiss));
    case SearchRole:
        return QStringList{workflow->ref.domain,
                           domain::toUnicode(workflow->ref.domain),
                           kindName(workflow->ref.kind),
                           accountText(workflow->ref.account),
                           workflow->status ? workflow->status->stateText : QString(),
                           workflowText::note(*workflow)}
            .join(u'\n');
    default:
        return {};
    }
}

QVariant WorkflowTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal && role == Qt::ToolTipRole) {
        // The short titles in words, and the zone the cells' times are in, said once here.
        const QString inUtc =
            u" "_s + workflowText::zoneNote(m_clock.now()) + u" Point at one for it in UTC."_s;
        switch (Column(section)) {
        case Column::TimeInState:
            return u"How long the workflow has been in the state it is in now."_s;
        case Column::LastChange:
            return QString(u"When Cloudflare last changed the workflow (its updated_at)."_s +
                           inUtc);
        case Column::LastChecked:
            return QString(u"How long ago Registrar Watch last asked Cloudflare about it."_s +
                           inUtc);
        case Column::NextCheck:
            return QString(u"When Registrar Watch asks Cloudflare about it next."_s + inUtc);
        default:
            break;
        }
    }
    if (orientation == Qt::Horizontal && role == Qt::ToolTipRole &&
        Column(section) == Column::Deadline) {
        return QString(u"What comes first: since when it has waited for you, when it is expected "
                       u"to end (“~”: an estimate from Cloudflare's published windows), or when "
                       u"the registration expires. Point at one for the whole sentence. "_s +
                       workflowText::zoneNote(m_clock.now()));
    }
    if (orientation == Qt::Horizontal && role == Qt::ToolTipRole) // a title cut short, whole
        return headerData(section, orientation, Qt::AccessibleTextRole);
    if (orientation == Qt::Horizontal && role == Qt::AccessibleTextRole) {
        // The titles in full, for screen readers and the menu that shows and hides columns.
        switch (Column(section)) {
        case Column::LastChange:
            return u"Last change"_s;
        case Column::LastChecked:
            return u"Last checked"_s;
        case Column::NextCheck:
            return u"Next check"_s;
        default:
            return headerData(section, orientation, Qt::DisplayRole);
        }
    }
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (Column(section)) {
    case Column::Domain:
        return u"Domain"_s;
    case Column::Account:
        return u"Account"_s;
    case Column::Kind:
        return u"Workflow"_s;
    case Column::State:
        return u"State"_s;
    case Column::Deadline:
        return u"Deadline"_s;
    case Column::TimeInState:
        return u"In state"_s;
    // Short, and apart from their first letters: at 1024 px a title cut short still reads.
    case Column::LastChange:
        return u"Changed"_s;
    case Column::LastChecked:
        return u"Checked"_s;
    case Column::NextCheck:
        return u"Next"_s;
    case Column::Notes:
        return u"Notes"_s;
    case Column::Count:
        break;
    }
    return {};
}

} // namespace rw::ui
