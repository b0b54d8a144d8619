#include "ui/WorkflowTableModel.h"

#include "common/Duration.h"
#include "registrar/DomainName.h"
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
    }
    connect(engine, &PollEngine::workflowAdded, this,
            [this](const TrackedWorkflow &workflow) { add(workflow.id); });
    connect(engine, &PollEngine::workflowRemoved, this,
            [this](const TrackedWorkflow &workflow) { remove(workflow.id); });
    connect(engine, &PollEngine::workflowUpdated, this,
            [this](const TrackedWorkflow &workflow) { update(workflow.id); });
    connect(engine, &PollEngine::accountHeld, this, &WorkflowTableModel::accountChanged);
    connect(engine, &PollEngine::accountReleased, this, &WorkflowTableModel::accountChanged);
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
    const int row = int(m_ids.size());
    beginInsertRows({}, row, row);
    m_ids.append(id);
    m_rows.insert(id, row);
    endInsertRows();
    if (recount(id))
        emit countsChanged();
}

void WorkflowTableModel::remove(qint64 id)
{
    const int row = m_rows.value(id, -1);
    if (row < 0)
        return;
    beginRemoveRows({}, row, row);
    m_ids.removeAt(row);
    m_rows.remove(id);
    for (int i = row; i < m_ids.size(); ++i)
        m_rows[m_ids.at(i)] = i;
    endRemoveRows();
    if (recount(id, true))
        emit countsChanged();
}

void WorkflowTableModel::update(qint64 id)
{
    const int row = m_rows.value(id, -1);
    if (row < 0)
        return;
    emit dataChanged(index(row, 0), index(row, int(Column::Count) - 1));
    if (recount(id))
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
        const TrackedWorkflow *workflow = m_engine->workflow(m_ids.at(row));
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
    if (m_ids.isEmpty())
        return;
    emit dataChanged(index(0, int(Column::TimeInState)),
                     index(int(m_ids.size()) - 1, int(Column::NextCheck)),
                     {Qt::DisplayRole, Qt::ToolTipRole});
}

WorkflowTableModel::Categories WorkflowTableModel::categories(qint64 id) const
{
    const TrackedWorkflow *workflow = m_engine->workflow(id);
    if (!workflow)
        return {};
    Categories categories;
    const auto state = workflow->state();
    const bool credentialsHeld =
        RequestBudget::waitsForCredentials(m_engine->accountStatus(workflow->ref.account.id).hold);
    if (workflow->watch == WatchState::NeedsOperator || workflow->watch == WatchState::GaveUp ||
        state == WorkflowState::ActionRequired || credentialsHeld)
        categories |= NeedsMe;
    if (workflow->watch == WatchState::Watching)
        categories |= state == WorkflowState::Blocked ? Blocked : Active;
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
    for (const Category category : {NeedsMe, Active, Blocked, Finished, Failed}) {
        m_counts[category] += int(after.testFlag(category)) - int(before.testFlag(category));
    }
    return true;
}

void WorkflowTableModel::recountAll()
{
    m_categories.clear();
    m_counts.clear();
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
    case Column::Kind:
        return workflowText::kindLabel(workflow.ref);
    case Column::State: {
        QString label = workflowText::stateLabel(workflow);
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
                   ? formatDuration(seconds(std::max<qint64>(0, workflow.stateSince.secsTo(now))))
                   : u"—"_s;
    case Column::LastChange:
        return workflow.status ? shortTime(workflow.status->updatedAt, now) : u"—"_s;
    case Column::LastChecked:
        if (!workflow.lastCheckedAt.isValid())
            return u"never"_s;
        return u"%1 ago"_s.arg(
            formatDuration(seconds(std::max<qint64>(0, workflow.lastCheckedAt.secsTo(now)))));
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
        if (workflow.nextPollAt <= now)
            return u"due"_s;
        return u"in %1"_s.arg(
            formatDuration(seconds((now.msecsTo(workflow.nextPollAt) + 999) / 1000)));
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
    case Column::Kind:
        return int(workflow.ref.kind);
    case Column::State:
        return urgency(workflow);
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

QVariant WorkflowTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_ids.size())
        return {};
    const TrackedWorkflow *workflow = m_engine->workflow(m_ids.at(index.row()));
    if (!workflow)
        return {};
    const auto column = Column(index.column());
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
    case IdRole:
        return workflow->id;
    case CategoryRole:
        return int(categories(workflow->id));
    case SearchRole:
        return QStringList{workflow->ref.domain, domain::toUnicode(workflow->ref.domain),
                           kindName(workflow->ref.kind),
                           workflow->status ? workflow->status->stateText : QString(),
                           workflowText::note(*workflow)}
            .join(u'\n');
    default:
        return {};
    }
}

QVariant WorkflowTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal && role == Qt::ToolTipRole &&
        (Column(section) == Column::LastChange || Column(section) == Column::LastChecked ||
         Column(section) == Column::NextCheck)) {
        // The cells keep to the time of day for width; the zone is said once, here.
        return QString(workflowText::zoneNote(m_clock.now()) +
                       u" Point at a time for it in UTC."_s);
    }
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (Column(section)) {
    case Column::Domain:
        return u"Domain"_s;
    case Column::Kind:
        return u"Workflow"_s;
    case Column::State:
        return u"State"_s;
    case Column::TimeInState:
        return u"In state"_s;
    case Column::LastChange:
        return u"Last change"_s;
    case Column::LastChecked:
        return u"Last checked"_s;
    case Column::NextCheck:
        return u"Next check"_s;
    case Column::Notes:
        return u"Notes"_s;
    case Column::Count:
        break;
    }
    return {};
}

} // namespace rw::ui
