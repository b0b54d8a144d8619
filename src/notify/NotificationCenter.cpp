#include "notify/NotificationCenter.h"

#include "common/Logging.h"
#include "discovery/RegistrationNotices.h"
#include "engine/PollEngine.h"
#include "notify/Condition.h"
#include "notify/DiscoveryText.h"
#include "notify/Notifier.h"

#include <QTimeZone>

using namespace Qt::StringLiterals;
using namespace std::chrono;

namespace rw {

namespace {

using Kind = NotificationSettings::Event;

QString accountKey(const QString &accountId, Kind kind)
{
    return accountId + u'/' + QString::number(int(kind));
}

// Already so well before the operator added it: told, but not as if it had just happened.
bool isStale(const TrackedWorkflow &workflow)
{
    return workflow.status && workflow.addedAt.isValid() && workflow.status->updatedAt.isValid() &&
           workflow.status->updatedAt.secsTo(workflow.addedAt) > 3600;
}

// The mark of a found workflow told as found while in flight: its end is told after it.
QString foundMark(const TrackedWorkflow &workflow)
{
    return u"found@%1"_s.arg(workflow.trackedAt.isValid() ? workflow.trackedAt.toMSecsSinceEpoch()
                                                          : 0);
}

bool inFlight(const TrackedWorkflow &workflow)
{
    return workflow.status && !isTerminal(workflow.status->state);
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
    , m_reminders(clock, [this](qint64 id) { return m_marks.value(id); })
{
    connect(engine, &PollEngine::stateChanged, this, &NotificationCenter::onStateChanged);
    connect(engine, &PollEngine::watchChanged, this, &NotificationCenter::onWatchChanged);
    connect(engine, &PollEngine::pollFailed, this, &NotificationCenter::onPollFailed);
    connect(engine, &PollEngine::workflowAdded, this, &NotificationCenter::learn);
    connect(engine, &PollEngine::workflowUpdated, this, &NotificationCenter::onUpdated);
    connect(engine, &PollEngine::accountHeld, this,
            [this](const QString &account) { m_held.insert(account); });
    connect(engine, &PollEngine::accountReleased, this, [this](const QString &account) {
        m_held.remove(account);
        for (const Kind kind : {Kind::CredentialsRejected, Kind::RateLimited})
            m_accountsTold.remove(accountKey(account, kind));
    });
    // Accounts signed in as one Cloudflare user share its holds: one hold, told once.
    connect(engine, &PollEngine::budgetReleased, this, [this](const QString &key) {
        for (const Kind kind : {Kind::CredentialsRejected, Kind::RateLimited})
            m_accountsTold.remove(accountKey(key, kind));
    });
    connect(engine, &PollEngine::workflowRemoved, this, &NotificationCenter::forget);
    connect(m_gather.get(), &Alarm::rang, this, &NotificationCenter::deliver);
    connect(m_quiet.get(), &Alarm::rang, this, &NotificationCenter::quietEnded);
    connect(&m_reminders, &Reminders::ring, this, &NotificationCenter::remind);
    m_reminders.setSettings(m_settings);
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
    m_reminders.setSettings(m_settings);
}

std::optional<NotificationCenter::Event>
NotificationCenter::conditionOf(const TrackedWorkflow &workflow)
{
    return rw::conditionOf(workflow);
}

bool NotificationCenter::isTold(qint64 id, const QString &mark) const
{
    return covers(m_marks.value(id), mark);
}

void NotificationCenter::start(const QList<TrackedWorkflow> &tracked)
{
    for (const TrackedWorkflow &workflow : tracked) {
        m_marks.insert(workflow.id, workflow.toldMark);
        learn(workflow);
    }
    for (const TrackedWorkflow &workflow : tracked) {
        const auto condition = conditionOf(workflow);
        if (workflow.toldMark == u"*") { // from before notifications: what it shows is not news
            setMark(workflow.id, condition ? condition->mark : QString());
        } else if (condition && !isTold(workflow.id, condition->mark)) {
            // It got there while nothing could tell: the app stopped before the gathering
            // ended, or during quiet hours.
            if (workflow.origin == WorkflowOrigin::Found && workflow.toldMark.isEmpty() &&
                condition->kind == Kind::ActionRequired) {
                tellFound(workflow);
            } else {
                // Already so long before it was added: old news, as onStateChanged() says it.
                Event event = *condition;
                event.stale = isStale(workflow);
                queue(event, &workflow);
            }
        } else if (!condition && workflow.origin == WorkflowOrigin::Found &&
                   workflow.toldMark.isEmpty() && inFlight(workflow)) {
            tellFound(workflow); // found, and the app stopped before it could tell
        }
    }
    m_reminders.rearm();
}

void NotificationCenter::learn(const TrackedWorkflow &workflow)
{
    m_batches.learn(workflow, m_clock.now());
    m_reminders.learn(workflow);
}

void NotificationCenter::onStateChanged(const TrackedWorkflow &workflow, const StateChange &change)
{
    learn(workflow);
    const auto condition = conditionOf(workflow);
    if (!change.fromState && workflow.origin == WorkflowOrigin::Found &&
        (inFlight(workflow) || (condition && condition->kind == Kind::ActionRequired))) {
        // Started elsewhere: the operator learns of it here first.
        tellFound(workflow);
        return;
    }
    if (!condition || condition->kind == Kind::GaveUp) // that one comes with watchChanged
        return;
    if (!change.fromState && workflow.origin != WorkflowOrigin::Operator) {
        // Found in the account already ended: nobody is waiting to hear it.
        setMark(workflow.id, condition->mark);
        return;
    }
    // The operator added it: however it first answers, its outcome is news.
    Event event = *condition;
    event.stale = !change.fromState && isStale(workflow);
    queue(event, &workflow);
}

void NotificationCenter::onWatchChanged(const TrackedWorkflow &workflow, WatchState from,
                                        WatchState to)
{
    Q_UNUSED(from)
    learn(workflow);
    if (to != WatchState::GaveUp)
        return;
    if (const auto condition = conditionOf(workflow))
        queue(*condition, &workflow);
}

void NotificationCenter::onPollFailed(const TrackedWorkflow &workflow, const ApiError &error)
{
    Event event;
    event.accountId = workflow.ref.account.id;
    event.at = m_clock.now();
    if (error.isCredentialProblem() && error.httpStatus != 0) { // Cloudflare's answer, not ours
        event.kind = Kind::CredentialsRejected;
        event.detail = error.apiErrors.isEmpty() ? error.message : error.apiErrors.first().message;
    } else if (error.kind == ApiErrorKind::RateLimited) {
        if (error.retryAfter < shortHold)
            return; // the window's status bar says it; it is over before a bubble is read
        event.kind = Kind::RateLimited;
        event.until = event.at.addSecs(qint64(error.retryAfter.count()));
    } else {
        return;
    }
    const QString told = accountKey(m_engine->budgetKey(event.accountId), event.kind);
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
    learn(workflow);
}

void NotificationCenter::forget(const TrackedWorkflow &workflow)
{
    // Its id may be given to a workflow added later: nothing of this one may reach that one.
    const qint64 id = workflow.id;
    m_marks.remove(id);
    m_workflows.remove(id);
    m_batches.forget(id);
    m_reminders.forget(id);
    const auto same = [id](const Event &event) {
        return event.workflowId == id;
    };
    m_pending.removeIf(same);
    m_deferred.removeIf(same);
    m_bulk.removeIf(same);
    m_found.removeAll(id);
    // Its bubble, if any, says what no longer is; and the next workflow with this id must not
    // replace it, nor be opened by a click on it.
    m_notifier->withdraw(notificationText::workflowKey(id));
}

void NotificationCenter::onActivated(const QString &key)
{
    emit openRequested(notificationText::workflowOfKey(key));
}

void NotificationCenter::queue(Event event, const TrackedWorkflow *workflow)
{
    if (event.workflowId) {
        if (isTold(event.workflowId, event.mark))
            return; // told already
        if (!m_settings.isEnabled(event.kind) || (workflow && workflow->muted)) {
            setMark(event.workflowId, event.mark); // not to be told, now or later
            return;
        }
        if (workflow) {
            if (m_batches.addNews(*workflow, event.mark)) {
                // Told in the batch's summary, counted from its workflows as they are then.
                gather(true);
                return;
            }
            m_workflows.insert(workflow->id, *workflow);
        }
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
    m_pending.append(std::exchange(m_deferred, {})); // quiet hours over, alarm or not
    m_pending.append(std::move(event));
    gather(m_pending.size() > summaryAbove || now < m_bulkUntil);
}

void NotificationCenter::gather(bool bulk)
{
    const QDateTime now = m_clock.now();
    if (m_settings.isQuietAt(now)) { // what gathers now is told when the quiet hours end
        m_quiet->setAt(m_settings.quietEndAfter(now));
        return;
    }
    if (!m_gather->when().isValid())
        m_gatherStarted = now;
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
    remind();
}

void NotificationCenter::deliverBatches()
{
    for (const Batches::Summary &summary : m_batches.takeNews()) {
        // Still so? What moved on meanwhile is counted as it is now, and marked so.
        bool anything = false;
        for (const TrackedWorkflow &member : summary.members) {
            if (!summary.news.contains(member.id))
                continue;
            const auto condition = conditionOf(member);
            if (condition && !member.muted && m_settings.isEnabled(condition->kind))
                anything = true;
            if (condition)
                setMark(member.id, condition->mark);
        }
        if (anything)
            m_notifier->show(
                notificationText::batchSummary(summary.members, summary.began, m_labels));
    }
}

void NotificationCenter::deliver()
{
    m_gather->cancel();
    if (m_settings.isQuietAt(m_clock.now())) {
        defer(std::exchange(m_pending, {}));
        return;
    }
    deliverBatches();
    deliverFound();
    deliverNotices();
    const QList<Event> events = std::exchange(m_pending, {});
    // What is still to be told: a workflow may have gone or been muted meanwhile, a hold ended.
    QList<Event> workflows;
    for (const Event &event : events) {
        if (!m_settings.isEnabled(event.kind) && !event.workflowId)
            continue;
        if (!event.workflowId) {
            if (m_held.contains(event.accountId))
                m_notifier->show(notificationText::forAccount(event, m_labels));
            continue;
        }
        const auto found = m_workflows.constFind(event.workflowId);
        if (found == m_workflows.cend())
            continue;
        // Still so? After quiet hours it may have moved on (resumed, say): then that is news.
        const auto condition = conditionOf(found.value());
        if (!condition || condition->mark != event.mark)
            continue;
        // Told already in this pass: a found workflow that came to need the operator during the
        // quiet hours is said by its found bubble ("…started elsewhere needs you").
        if (isTold(event.workflowId, event.mark))
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
        Notification summary = notificationText::summary(m_bulk, m_workflows, m_labels);
        summary.key += u':' + QString::number(m_bulks);
        m_notifier->show(summary);
    } else {
        for (const Event &event : std::as_const(workflows))
            m_notifier->show(notificationText::forWorkflow(
                event, m_workflows.value(event.workflowId), m_labels));
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
    for (const qint64 id : std::as_const(m_found))
        waiting.insert(id);
    m_workflows.removeIf([&waiting](const auto &it) { return !waiting.contains(it.key()); });
    m_batches.prune(m_clock.now());
}

void NotificationCenter::remind()
{
    const QDateTime now = m_clock.now();
    if (m_settings.isQuietAt(now)) {
        m_quiet->setAt(m_settings.quietEndAfter(now)); // told when the quiet hours end
        return;
    }
    const auto due = m_reminders.due(now);
    if (due.isEmpty())
        return;
    QList<TrackedWorkflow> waiting;
    for (const auto &[workflow, mark] : due)
        waiting.append(workflow);
    m_notifier->show(notificationText::reminder(waiting, now, m_labels));
    for (const auto &[workflow, mark] : due)
        setMark(workflow.id, mark);
}

void NotificationCenter::setMark(qint64 id, const QString &mark)
{
    m_marks.insert(id, mark);
    m_engine->setTold(id, mark);    // a write error is the engine's to report
    if (m_reminders.isWatching(id)) // told, or reminded: when the next reminder is due moved
        m_reminders.rearm();
}

void NotificationCenter::tellFound(const TrackedWorkflow &workflow)
{
    const auto condition = conditionOf(workflow);
    // Found needing the operator: told as that. Found running: told as found, when chosen.
    if (workflow.muted || (condition && !m_settings.isEnabled(condition->kind)) ||
        (!condition && !m_settings.found)) {
        setMark(workflow.id, condition ? condition->mark : foundMark(workflow));
        return;
    }
    m_workflows.insert(workflow.id, workflow);
    m_found.removeAll(workflow.id);
    m_found.append(workflow.id);
    gather(m_found.size() > summaryAbove);
}

void NotificationCenter::deliverFound()
{
    QList<TrackedWorkflow> found;
    for (const qint64 id : std::exchange(m_found, {})) {
        const auto it = m_workflows.constFind(id);
        if (it == m_workflows.cend() || it->muted)
            continue;
        // Ended meanwhile: told as that, like any workflow.
        const auto condition = conditionOf(*it);
        if (condition && (condition->kind != Kind::ActionRequired || isTold(id, condition->mark)))
            continue;
        // The settings changed while it waited (the quiet hours, the gathering): as they are now.
        if (condition ? !m_settings.isEnabled(condition->kind) : !m_settings.found) {
            setMark(id, condition ? condition->mark : foundMark(*it));
            continue;
        }
        found.append(*it);
    }
    if (found.size() > summaryAbove) {
        m_notifier->show(discoveryText::foundSummary(found, m_labels));
    } else {
        for (const TrackedWorkflow &workflow : std::as_const(found))
            m_notifier->show(discoveryText::foundWorkflow(workflow, m_labels));
    }
    for (const TrackedWorkflow &workflow : std::as_const(found)) {
        const auto condition = conditionOf(workflow);
        setMark(workflow.id, condition ? condition->mark : foundMark(workflow));
    }
}

void NotificationCenter::setRegistrationNotices(RegistrationNotices *notices)
{
    if (m_notices)
        disconnect(m_notices, nullptr, this, nullptr);
    m_notices = notices;
    m_noticesPending.clear();
    if (!notices)
        return;
    connect(notices, &RegistrationNotices::noticeAdded, this, &NotificationCenter::onNotice);
    connect(notices, &RegistrationNotices::noticeChanged, this, &NotificationCenter::onNotice);
    for (const RegistrationNotice &notice : notices->notices())
        onNotice(notice); // those the store had and were never told
}

void NotificationCenter::onNotice(const RegistrationNotice &notice)
{
    if (notice.toldAt.isValid())
        return;
    m_noticesPending.removeIf(
        [&notice](const RegistrationNotice &pending) { return pending.sameRegistration(notice); });
    m_noticesPending.append(notice);
    gather(m_noticesPending.size() > summaryAbove);
}

void NotificationCenter::deliverNotices()
{
    if (!m_notices)
        return;
    QList<RegistrationNotice> due;
    for (const RegistrationNotice &pending : std::exchange(m_noticesPending, {})) {
        // As it is now: gone, or told meanwhile, is not told.
        const RegistrationNotice *notice = m_notices->find(pending.account, pending.domain);
        if (notice && !notice->toldAt.isValid())
            due.append(*notice);
    }
    if (due.isEmpty())
        return;
    // A registration that needs the operator is what "needs me" is for.
    if (m_settings.isEnabled(Kind::ActionRequired)) {
        if (due.size() > summaryAbove) {
            m_notifier->show(discoveryText::noticeSummary(due, m_labels));
        } else {
            for (const RegistrationNotice &notice : std::as_const(due))
                m_notifier->show(discoveryText::registrationNotice(notice, m_labels));
        }
    }
    const QDateTime now = m_clock.now();
    for (RegistrationNotice notice : std::as_const(due)) {
        notice.toldAt = now; // also when not to be told: not now, not later
        m_notices->put(notice);
    }
}

} // namespace rw
