#include "notify/Reminders.h"

#include "notify/Condition.h"

#include <QStringView>

using namespace Qt::StringLiterals;
using namespace std::chrono;

namespace rw {

namespace {

bool waitsOnOperator(const TrackedWorkflow &workflow)
{
    return workflow.state() == WorkflowState::ActionRequired &&
           workflow.watch == WatchState::NeedsOperator;
}

QString baseMark(const TrackedWorkflow &workflow)
{
    return conditionOf(workflow).value_or(NotificationEvent{}).mark;
}

} // namespace

Reminders::Reminders(const Clock &clock, std::function<QString(qint64)> toldMark, QObject *parent)
    : QObject(parent)
    , m_clock(clock)
    , m_toldMark(std::move(toldMark))
    , m_alarm(clock.createAlarm())
{
    connect(m_alarm.get(), &Alarm::rang, this, &Reminders::ring);
}

Reminders::~Reminders() = default;

void Reminders::setSettings(const NotificationSettings &settings)
{
    m_settings = settings;
    rearm();
}

void Reminders::learn(const TrackedWorkflow &workflow)
{
    if (waitsOnOperator(workflow))
        m_waiting.insert(workflow.id, workflow);
    else if (!m_waiting.remove(workflow.id))
        return;
    rearm();
}

void Reminders::forget(qint64 id)
{
    if (m_waiting.remove(id))
        rearm();
}

std::optional<int> Reminders::sentFor(const TrackedWorkflow &workflow) const
{
    // Only what was told is reminded of, and only while it is still the same wait.
    if (!m_settings.remind || !m_settings.isEnabled(NotificationSettings::Event::ActionRequired) ||
        workflow.muted || !workflow.stateSince.isValid())
        return std::nullopt;
    const QString told = m_toldMark(workflow.id);
    const QString base = baseMark(workflow);
    if (told == base)
        return 0;
    if (told.startsWith(base + u'#'))
        return QStringView(told).mid(base.size() + 1).toInt();
    return std::nullopt;
}

QDateTime Reminders::dueAt(const TrackedWorkflow &workflow, int sent) const
{
    return workflow.stateSince.addSecs(
        duration_cast<seconds>(m_settings.remindAfter + sent * m_settings.remindEvery).count());
}

void Reminders::rearm()
{
    QDateTime next;
    for (const TrackedWorkflow &workflow : std::as_const(m_waiting)) {
        const auto sent = sentFor(workflow);
        if (!sent)
            continue;
        const QDateTime due = dueAt(workflow, *sent);
        if (!next.isValid() || due < next)
            next = due;
    }
    if (next.isValid())
        m_alarm->setAt(std::max(next, m_clock.now()));
    else
        m_alarm->cancel();
}

QList<std::pair<TrackedWorkflow, QString>> Reminders::due(const QDateTime &now) const
{
    QList<std::pair<TrackedWorkflow, QString>> due;
    for (const TrackedWorkflow &workflow : std::as_const(m_waiting)) {
        const auto sent = sentFor(workflow);
        if (!sent || dueAt(workflow, *sent) > now)
            continue;
        int count = *sent + 1;
        while (dueAt(workflow, count) <= now)
            ++count;
        due.append({workflow, baseMark(workflow) + u'#' + QString::number(count)});
    }
    return due;
}

} // namespace rw
