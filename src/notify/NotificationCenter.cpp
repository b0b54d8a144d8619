#include "notify/NotificationCenter.h"

#include "common/Logging.h"
#include "engine/PollEngine.h"
#include "notify/Notifier.h"
#include "registrar/DomainName.h"
#include "store/WorkflowStore.h"

#include <QMetaEnum>

using namespace Qt::StringLiterals;
using namespace std::chrono;

namespace rw {

namespace {

using Kind = NotificationSettings::Event;

const QString workflowKey = u"workflow:"_s;

QString kindText(const TrackedWorkflow &workflow)
{
    return kindName(workflow.ref.kind) +
           (workflow.ref.account.sandbox ? u" (sandbox)"_s : QString());
}

QString domainOf(const TrackedWorkflow &workflow)
{
    return domain::toUnicode(workflow.ref.domain);
}

QString markOf(const char *what, const QDateTime &since)
{
    return u"%1@%2"_s.arg(QLatin1StringView(what))
        .arg(since.isValid() ? since.toMSecsSinceEpoch() : 0);
}

// "The update of example.com is done."
QString doneSentence(const TrackedWorkflow &workflow)
{
    const QString domain = domainOf(workflow);
    switch (workflow.ref.kind) {
    case WorkflowKind::Registration:
        return u"%1 is registered."_s.arg(domain);
    case WorkflowKind::TransferIn:
        return u"The transfer of %1 to Cloudflare is complete."_s.arg(domain);
    case WorkflowKind::Update:
        break;
    }
    return u"The update of %1 is done."_s.arg(domain);
}

QString countOf(Kind kind, qsizetype count)
{
    switch (kind) {
    case Kind::Succeeded:
        return u"%1 succeeded"_s.arg(count);
    case Kind::Failed:
        return u"%1 failed"_s.arg(count);
    case Kind::ActionRequired:
        return count == 1 ? u"1 needs action"_s : u"%1 need action"_s.arg(count);
    case Kind::GaveUp:
        return count == 1 ? u"1 no longer watched"_s : u"%1 no longer watched"_s.arg(count);
    case Kind::CredentialsRejected:
    case Kind::RateLimited:
        break;
    }
    return {};
}

QString headingOf(Kind kind)
{
    switch (kind) {
    case Kind::Succeeded:
        return u"Succeeded"_s;
    case Kind::Failed:
        return u"Failed"_s;
    case Kind::ActionRequired:
        return u"Needs action"_s;
    case Kind::GaveUp:
        return u"No longer watched"_s;
    case Kind::CredentialsRejected:
    case Kind::RateLimited:
        break;
    }
    return {};
}

bool isUrgent(Kind kind)
{
    return kind == Kind::Failed || kind == Kind::ActionRequired ||
           kind == Kind::CredentialsRejected;
}

} // namespace

NotificationCenter::NotificationCenter(PollEngine *engine, WorkflowStore *store, Notifier *notifier,
                                       const Clock &clock, NotificationSettings settings,
                                       QObject *parent)
    : QObject(parent)
    , m_engine(engine)
    , m_store(store)
    , m_notifier(notifier)
    , m_clock(clock)
    , m_settings(std::move(settings))
    , m_gather(clock.createAlarm())
    , m_quiet(clock.createAlarm())
{
    connect(engine, &PollEngine::stateChanged, this, &NotificationCenter::onStateChanged);
    connect(engine, &PollEngine::watchChanged, this, &NotificationCenter::onWatchChanged);
    connect(engine, &PollEngine::pollFailed, this, &NotificationCenter::onPollFailed);
    connect(engine, &PollEngine::accountReleased, this, [this](const QString &account) {
        for (const Kind kind : {Kind::CredentialsRejected, Kind::RateLimited})
            m_accountsTold.remove(account + u'/' + QString::number(int(kind)));
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

void NotificationCenter::start()
{
    if (m_store) {
        auto marks = m_store->notifiedMarks();
        if (marks)
            m_marks = std::move(marks).value();
        else
            emit storageError(marks.error());
    }
    for (const qint64 id : m_engine->workflowIds()) {
        const TrackedWorkflow &workflow = *m_engine->workflow(id);
        const auto condition = conditionOf(workflow);
        const QString mark = m_marks.value(id);
        if (mark == u"*") { // from before notifications: what it shows now is not news
            setMark(id, condition ? condition->mark : QString());
        } else if (condition && condition->mark != mark) {
            // It got there while nothing could tell: the app stopped before the gathering
            // ended, or during quiet hours.
            queue(*condition);
        }
    }
}

void NotificationCenter::onStateChanged(qint64 id, const StateChange &change)
{
    const TrackedWorkflow *workflow = m_engine->workflow(id);
    if (!workflow)
        return;
    const auto condition = conditionOf(*workflow);
    if (!change.fromState) {
        // The first answer about a workflow the operator has just added: not news.
        if (condition)
            setMark(id, condition->mark);
        return;
    }
    if (condition && condition->kind != Kind::GaveUp) // that one comes with watchChanged
        queue(*condition);
}

void NotificationCenter::onWatchChanged(qint64 id, WatchState from, WatchState to)
{
    Q_UNUSED(from)
    const TrackedWorkflow *workflow = m_engine->workflow(id);
    if (to != WatchState::GaveUp || !workflow)
        return;
    if (const auto condition = conditionOf(*workflow))
        queue(*condition);
}

void NotificationCenter::onPollFailed(qint64 id, const ApiError &error)
{
    const TrackedWorkflow *workflow = m_engine->workflow(id);
    if (!workflow)
        return;
    Event event;
    event.accountId = workflow->ref.account.id;
    if (error.isCredentialProblem() && error.httpStatus != 0) { // Cloudflare's answer, not ours
        event.kind = Kind::CredentialsRejected;
        event.detail = error.apiErrors.isEmpty() ? error.message : error.apiErrors.first().message;
    } else if (error.kind == ApiErrorKind::RateLimited) {
        event.kind = Kind::RateLimited;
        event.until = m_clock.now().addSecs(qint64(error.retryAfter.count()));
    } else {
        return;
    }
    const QString told = event.accountId + u'/' + QString::number(int(event.kind));
    if (m_accountsTold.contains(told))
        return; // once per hold
    m_accountsTold.insert(told);
    queue(event);
}

void NotificationCenter::forget(qint64 id)
{
    // Its id may be given to a workflow added later: nothing of this one may reach that one.
    m_marks.remove(id);
    const auto same = [id](const Event &event) {
        return event.workflowId == id;
    };
    m_pending.removeIf(same);
    m_deferred.removeIf(same);
    m_bulk.removeIf(same);
}

void NotificationCenter::onActivated(const QString &key)
{
    if (key.startsWith(workflowKey))
        emit openRequested(key.mid(workflowKey.size()).toLongLong());
    else
        emit openRequested(0);
}

void NotificationCenter::queue(Event event)
{
    if (event.workflowId) {
        if (m_marks.value(event.workflowId) == event.mark)
            return; // told already
        const TrackedWorkflow *workflow = m_engine->workflow(event.workflowId);
        if (!m_settings.isEnabled(event.kind) || (workflow && workflow->muted)) {
            setMark(event.workflowId, event.mark); // not to be told, now or later
            return;
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
            if (m_engine->accountStatus(event.accountId).hold != RequestBudget::Hold::None)
                m_notifier->show(notificationFor(event, nullptr));
            continue;
        }
        const TrackedWorkflow *workflow = m_engine->workflow(event.workflowId);
        if (!workflow)
            continue;
        // Still so? After quiet hours it may have moved on (resumed, say): then that is news.
        const auto condition = conditionOf(*workflow);
        if (!condition || condition->mark != event.mark)
            continue;
        if (workflow->muted || !m_settings.isEnabled(event.kind)) {
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
        Notification summary =
            summaryFor(m_bulk, [this](qint64 id) { return m_engine->workflow(id); });
        summary.key += u':' + QString::number(m_bulks);
        m_notifier->show(summary);
    } else {
        for (const Event &event : std::as_const(workflows))
            m_notifier->show(notificationFor(event, m_engine->workflow(event.workflowId)));
    }
    for (const Event &event : std::as_const(workflows))
        setMark(event.workflowId, event.mark);
}

void NotificationCenter::setMark(qint64 id, const QString &mark)
{
    m_marks.insert(id, mark);
    if (!m_store || id <= 0)
        return;
    const auto error = m_store->setNotified(id, mark);
    if (!error) {
        m_lastStorageError.clear();
    } else if (*error != m_lastStorageError) { // said once until it changes or heals
        m_lastStorageError = *error;
        qCWarning(lcNotify).noquote() << *error;
        emit storageError(*error);
    }
}

Notification NotificationCenter::notificationFor(const Event &event,
                                                 const TrackedWorkflow *workflow)
{
    Notification notification;
    if (!event.workflowId) {
        notification.key = u"account:"_s + event.accountId;
        if (event.kind == Kind::CredentialsRejected) {
            notification.summary = u"Cloudflare rejected the credentials"_s;
            notification.body = u"No requests for account %1 until its credentials change in "
                                u"Settings."_s.arg(event.accountId);
            if (!event.detail.isEmpty())
                notification.body += u"\nCloudflare said: %1"_s.arg(event.detail);
        } else {
            notification.summary = u"Cloudflare rate-limited the account"_s;
            notification.body =
                u"No requests for account %1 until %2; checking resumes by itself."_s.arg(
                    event.accountId, event.until.toLocalTime().toString(u"HH:mm"_s));
        }
        notification.urgency =
            isUrgent(event.kind) ? Notification::Urgency::Critical : Notification::Urgency::Normal;
        notification.persistent = isUrgent(event.kind);
        notification.category = u"network.error"_s;
        return notification;
    }

    notification.key = workflowKey + QString::number(event.workflowId);
    notification.workflowId = event.workflowId;
    if (!workflow)
        return notification;
    const QString domain = domainOf(*workflow);
    const QString kind = kindText(*workflow);
    switch (event.kind) {
    case Kind::Succeeded:
        notification.summary = u"%1: %2 succeeded"_s.arg(domain, kind);
        notification.body = doneSentence(*workflow);
        notification.category = u"transfer.complete"_s;
        break;
    case Kind::Failed: {
        notification.summary = u"%1: %2 failed"_s.arg(domain, kind);
        const auto &error = workflow->status ? workflow->status->error : std::nullopt;
        notification.body =
            error ? (error->message.isEmpty() ? error->code
                                              : u"%1 (%2)"_s.arg(error->message, error->code))
                  : u"Cloudflare gave no reason."_s;
        notification.body += u"\nA failed workflow is not retried."_s;
        notification.category = u"transfer.error"_s;
        break;
    }
    case Kind::ActionRequired: {
        notification.summary = u"%1: %2 needs you"_s.arg(domain, kind);
        const QString action = workflow->status ? workflow->status->action() : QString();
        const QString sentTo =
            workflow->status ? workflow->status->confirmationSentTo() : QString();
        QStringList lines{action.isEmpty() ? u"Cloudflare waits for you to act."_s : action};
        if (!sentTo.isEmpty())
            lines.append(u"The confirmation was sent to %1."_s.arg(sentTo));
        lines.append(u"Once done, resume it in Registrar Watch."_s);
        notification.body = lines.join(u'\n');
        break;
    }
    case Kind::GaveUp:
        notification.summary = u"%1: no longer watching the %2"_s.arg(domain, kind);
        notification.body = (workflow->stopReason.isEmpty() ? u"Registrar Watch stopped."_s
                                                            : workflow->stopReason) +
                            u"\nResume it in Registrar Watch to watch it again."_s;
        break;
    case Kind::CredentialsRejected:
    case Kind::RateLimited:
        break;
    }
    notification.urgency =
        isUrgent(event.kind) ? Notification::Urgency::Critical : Notification::Urgency::Normal;
    notification.persistent = isUrgent(event.kind);
    return notification;
}

Notification
NotificationCenter::summaryFor(const QList<Event> &events,
                               const std::function<const TrackedWorkflow *(qint64)> &workflow)
{
    constexpr Kind order[] = {Kind::ActionRequired, Kind::Failed, Kind::GaveUp, Kind::Succeeded};
    constexpr Kind countOrder[] = {Kind::Succeeded, Kind::Failed, Kind::ActionRequired,
                                   Kind::GaveUp};
    QHash<Kind, QStringList> domains;
    for (const Event &event : events) {
        if (const TrackedWorkflow *found = workflow(event.workflowId))
            domains[event.kind].append(domainOf(*found));
    }
    Notification notification;
    notification.key = u"summary"_s;
    QStringList counts;
    for (const Kind kind : countOrder) {
        if (domains.contains(kind))
            counts.append(countOf(kind, domains.value(kind).size()));
    }
    notification.summary = counts.join(u", "_s);
    QStringList lines;
    bool urgent = false;
    for (const Kind kind : order) {
        QStringList names = domains.value(kind);
        if (names.isEmpty())
            continue;
        urgent = urgent || isUrgent(kind);
        names.sort();
        const qsizetype more = names.size() - 3;
        QString line = headingOf(kind) + u": "_s + names.mid(0, 3).join(u", "_s);
        if (more > 0)
            line += u" and %1 more"_s.arg(more);
        lines.append(line);
    }
    notification.body = lines.join(u'\n');
    notification.urgency = urgent ? Notification::Urgency::Critical : Notification::Urgency::Normal;
    notification.persistent = urgent;
    return notification;
}

} // namespace rw
