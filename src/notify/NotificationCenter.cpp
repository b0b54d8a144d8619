#include "notify/NotificationCenter.h"

#include "common/Logging.h"
#include "engine/PollEngine.h"
#include "notify/Notifier.h"

using namespace Qt::StringLiterals;
using namespace std::chrono;

namespace rw {

namespace {

using Kind = NotificationSettings::Event;

QString markOf(const char *what, const QDateTime &since)
{
    return u"%1@%2"_s.arg(QLatin1StringView(what))
        .arg(since.isValid() ? since.toMSecsSinceEpoch() : 0);
}

QString accountKey(const QString &accountId, Kind kind)
{
    return accountId + u'/' + QString::number(int(kind));
}

} // namespace

NotificationCenter::NotificationCenter(PollEngine *engine, Notifier *notifier, const Clock &clock,
                                       NotificationSettings settings, QObject *parent)
    : QObject(parent)
    , m_engine(engine)
    , m_notifier(notifier)
    , m_clock(clock)
    , m_settings(std::move(settings))
    , m_gather(clock.createAlarm())
    , m_quiet(clock.createAlarm())
{
    connect(engine, &PollEngine::stateChanged, this, &NotificationCenter::onStateChanged);
    connect(engine, &PollEngine::watchChanged, this, &NotificationCenter::onWatchChanged);
    connect(engine, &PollEngine::pollFailed, this, &NotificationCenter::onPollFailed);
    connect(engine, &PollEngine::workflowUpdated, this, &NotificationCenter::onUpdated);
    connect(engine, &PollEngine::accountHeld, this,
            [this](const QString &account) { m_held.insert(account); });
    connect(engine, &PollEngine::accountReleased, this, [this](const QString &account) {
        m_held.remove(account);
        for (const Kind kind : {Kind::CredentialsRejected, Kind::RateLimited})
            m_accountsTold.remove(accountKey(account, kind));
    });
    connect(engine, &PollEngine::workflowRemoved, this, &NotificationCenter::forget);
    connect(m_gather.get(), &Alarm::rang, this, &NotificationCenter::deliver);
    connect(m_quiet.get(), &Alarm::rang, this, &NotificationCenter::quietEnded);
    connect(notifier, &Notifier::activated, this, &NotificationCenter::onActivated);
}

NotificationCenter::~NotificationCenter() = default;

void NotificationCenter::setSettings(const NotificationSettings &settings)
{
    m_settings = settings;
    if (!m_deferred.isEmpty()) {
        if (m_settings.isQuietAt(m_clock.now()))
            m_quiet->setAt(m_settings.quietEndAfter(m_clock.now()));
        else
            quietEnded();
    }
}

std::optional<NotificationCenter::Event>
NotificationCenter::conditionOf(const TrackedWorkflow &workflow)
{
    Event event;
    event.workflowId = workflow.id;
    event.accountId = workflow.ref.account.id;
    if (workflow.watch == WatchState::GaveUp) {
        event.kind = Kind::GaveUp;
        event.mark = markOf("gave_up", workflow.watchingSince);
        return event;
    }
    const auto state = workflow.state();
    if (state == WorkflowState::Succeeded) {
        event.kind = Kind::Succeeded;
        event.mark = markOf("succeeded", workflow.stateSince);
    } else if (state == WorkflowState::Failed) {
        event.kind = Kind::Failed;
        event.mark = markOf("failed", workflow.stateSince);
    } else if (state == WorkflowState::ActionRequired) {
        event.kind = Kind::ActionRequired;
        event.mark = markOf("action_required", workflow.stateSince);
    } else {
        return std::nullopt;
    }
    return event;
}

void NotificationCenter::start(const QList<TrackedWorkflow> &tracked)
{
    for (const TrackedWorkflow &workflow : tracked) {
        const auto condition = conditionOf(workflow);
        m_marks.insert(workflow.id, workflow.toldMark);
        if (workflow.toldMark == u"*") { // from before notifications: what it shows is not news
            setMark(workflow.id, condition ? condition->mark : QString());
        } else if (condition && condition->mark != workflow.toldMark) {
            // It got there while nothing could tell: the app stopped before the gathering
            // ended, or during quiet hours.
            queue(*condition, &workflow);
        }
    }
}

void NotificationCenter::onStateChanged(const TrackedWorkflow &workflow, const StateChange &change)
{
    const auto condition = conditionOf(workflow);
    if (!change.fromState) {
        // The first answer about a workflow the operator has just added: not news.
        if (condition)
            setMark(workflow.id, condition->mark);
        return;
    }
    if (condition && condition->kind != Kind::GaveUp) // that one comes with watchChanged
        queue(*condition, &workflow);
}

void NotificationCenter::onWatchChanged(const TrackedWorkflow &workflow, WatchState from,
                                        WatchState to)
{
    Q_UNUSED(from)
    if (to != WatchState::GaveUp)
        return;
    if (const auto condition = conditionOf(workflow))
        queue(*condition, &workflow);
}

void NotificationCenter::onPollFailed(const TrackedWorkflow &workflow, const ApiError &error)
{
    Event event;
    event.accountId = workflow.ref.account.id;
    if (error.isCredentialProblem() && error.httpStatus != 0) { // Cloudflare's answer, not ours
        event.kind = Kind::CredentialsRejected;
        event.detail = error.apiErrors.isEmpty() ? error.message : error.apiErrors.first().message;
    } else if (error.kind == ApiErrorKind::RateLimited) {
        event.kind = Kind::RateLimited;
        event.until = m_clock.now().addSecs(qint64(error.retryAfter.count()));
    } else {
        return;
    }
    const QString told = accountKey(event.accountId, event.kind);
    if (m_accountsTold.contains(told))
        return; // once per hold
    m_accountsTold.insert(told);
    queue(event);
}

void NotificationCenter::onUpdated(const TrackedWorkflow &workflow)
{
    const auto it = m_workflows.find(workflow.id);
    if (it != m_workflows.end())
        it.value() = workflow; // an event waits on it: it must be told as it is now
}

void NotificationCenter::forget(const TrackedWorkflow &workflow)
{
    // Its id may be given to a workflow added later: nothing of this one may reach that one.
    const qint64 id = workflow.id;
    m_marks.remove(id);
    m_workflows.remove(id);
    const auto same = [id](const Event &event) {
        return event.workflowId == id;
    };
    m_pending.removeIf(same);
    m_deferred.removeIf(same);
    m_bulk.removeIf(same);
}

void NotificationCenter::onActivated(const QString &key)
{
    emit openRequested(notificationText::workflowOfKey(key));
}

void NotificationCenter::queue(Event event, const TrackedWorkflow *workflow)
{
    if (event.workflowId) {
        if (m_marks.value(event.workflowId) == event.mark)
            return; // told already
        if (!m_settings.isEnabled(event.kind) || (workflow && workflow->muted)) {
            setMark(event.workflowId, event.mark); // not to be told, now or later
            return;
        }
        if (workflow)
            m_workflows.insert(workflow->id, *workflow);
        // One bubble per workflow: a newer event replaces one still gathering.
        const auto same = [&event](const Event &other) {
            return other.workflowId == event.workflowId;
        };
        m_pending.removeIf(same);
        m_deferred.removeIf(same);
    } else if (!m_settings.isEnabled(event.kind)) {
        return;
    }
    const QDateTime now = m_clock.now();
    if (m_settings.isQuietAt(now)) {
        defer({event});
        return;
    }
    if (m_pending.isEmpty())
        m_gatherStarted = now;
    m_pending.append(std::exchange(m_deferred, {})); // quiet hours over, alarm or not
    m_pending.append(std::move(event));
    const bool bulk = m_pending.size() > summaryAbove || now < m_bulkUntil;
    m_gather->setAt(
        std::min(now.addMSecs((bulk ? bulkGatherFor : gatherFor).count()),
                 m_gatherStarted.addMSecs((bulk ? bulkGatherAtMost : gatherAtMost).count())));
}

void NotificationCenter::defer(const QList<Event> &events)
{
    m_deferred.append(events);
    m_quiet->setAt(m_settings.quietEndAfter(m_clock.now()));
}

void NotificationCenter::quietEnded()
{
    const QDateTime now = m_clock.now();
    if (m_settings.isQuietAt(now)) { // the settings moved the end
        m_quiet->setAt(m_settings.quietEndAfter(now));
        return;
    }
    m_pending.append(std::exchange(m_deferred, {}));
    deliver();
}

void NotificationCenter::deliver()
{
    m_gather->cancel();
    const QList<Event> events = std::exchange(m_pending, {});
    if (events.isEmpty())
        return;
    if (m_settings.isQuietAt(m_clock.now())) {
        defer(events);
        return;
    }
    // What is still to be told: a workflow may have gone or been muted meanwhile, a hold ended.
    QList<Event> workflows;
    for (const Event &event : events) {
        if (!m_settings.isEnabled(event.kind) && !event.workflowId)
            continue;
        if (!event.workflowId) {
            if (m_held.contains(event.accountId))
                m_notifier->show(notificationText::forAccount(event));
            continue;
        }
        const auto found = m_workflows.constFind(event.workflowId);
        if (found == m_workflows.cend())
            continue;
        // Still so? After quiet hours it may have moved on (resumed, say): then that is news.
        const auto condition = conditionOf(found.value());
        if (!condition || condition->mark != event.mark)
            continue;
        if (found->muted || !m_settings.isEnabled(event.kind)) {
            setMark(event.workflowId, event.mark);
            continue;
        }
        workflows.append(event);
    }
    const QDateTime now = m_clock.now();
    if (!workflows.isEmpty() && (workflows.size() > summaryAbove || now < m_bulkUntil)) {
        if (now >= m_bulkUntil) {
            m_bulk.clear(); // a new bulk, in a bubble of its own: it never hides an older one
            ++m_bulks;
        }
        for (const Event &event : std::as_const(workflows)) {
            const auto same = [&event](const Event &other) {
                return other.workflowId == event.workflowId;
            };
            m_bulk.removeIf(same);
            m_bulk.append(event);
        }
        m_bulkUntil = now.addMSecs(bulkLastsFor.count());
        Notification summary = notificationText::summary(m_bulk, m_workflows);
        summary.key += u':' + QString::number(m_bulks);
        m_notifier->show(summary);
    } else {
        for (const Event &event : std::as_const(workflows))
            m_notifier->show(
                notificationText::forWorkflow(event, m_workflows.value(event.workflowId)));
    }
    for (const Event &event : std::as_const(workflows))
        setMark(event.workflowId, event.mark);
    prune();
}

void NotificationCenter::prune()
{
    QSet<qint64> waiting;
    for (const QList<Event> *events : {&m_pending, &m_deferred, &m_bulk}) {
        for (const Event &event : *events)
            waiting.insert(event.workflowId);
    }
    m_workflows.removeIf([&waiting](const auto &it) { return !waiting.contains(it.key()); });
}

void NotificationCenter::setMark(qint64 id, const QString &mark)
{
    m_marks.insert(id, mark);
    m_engine->setTold(id, mark); // a write error is the engine's to report
}

} // namespace rw
