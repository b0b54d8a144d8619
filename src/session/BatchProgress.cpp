#include "session/BatchProgress.h"

#include "engine/PollEngine.h"

#include <QTimeZone>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace rw::session {

BatchProgress::BatchProgress(PollEngine *engine, const Clock &clock, QObject *parent)
    : QObject(parent)
    , m_clock(clock)
    , m_lingerEnds(clock.createAlarm())
{
    for (const TrackedWorkflow &workflow : engine->snapshot()) {
        if (workflow.batch != 0)
            m_items.insert(workflow.id, itemOf(workflow));
    }
    recount();
    connect(engine, &PollEngine::workflowAdded, this, &BatchProgress::update);
    connect(engine, &PollEngine::workflowUpdated, this, &BatchProgress::update);
    connect(engine, &PollEngine::workflowRemoved, this, &BatchProgress::forget);
    connect(m_lingerEnds.get(), &Alarm::rang, this, &BatchProgress::recount);
}

BatchProgress::~BatchProgress() = default;

BatchProgress::Phase BatchProgress::phaseOf(const TrackedWorkflow &workflow)
{
    switch (workflow.watch) {
    case WatchState::Paused:
        return Phase::Paused;
    case WatchState::Settled:
        return workflow.state() == WorkflowState::Failed ? Phase::Failed : Phase::Settled;
    case WatchState::NeedsOperator:
    case WatchState::GaveUp:
        return Phase::NeedsYou;
    case WatchState::Watching:
        break;
    }
    // Resumed while Cloudflare still waits for the operator: it still needs them.
    return workflow.state() == WorkflowState::ActionRequired ? Phase::NeedsYou : Phase::Watching;
}

BatchProgress::Item BatchProgress::itemOf(const TrackedWorkflow &workflow)
{
    return {workflow.batch, phaseOf(workflow),
            workflow.lastCheckedAt.isValid() ? workflow.lastCheckedAt : workflow.addedAt};
}

void BatchProgress::update(const TrackedWorkflow &workflow)
{
    if (workflow.batch == 0) {
        if (m_items.remove(workflow.id))
            recount();
        return;
    }
    m_items.insert(workflow.id, itemOf(workflow));
    recount();
}

void BatchProgress::forget(const TrackedWorkflow &workflow)
{
    if (m_items.remove(workflow.id))
        recount();
}

void BatchProgress::recount()
{
    Counts counts;
    for (const Item &item : std::as_const(m_items))
        counts.batch = std::max(counts.batch, item.batch);
    QDateTime lastHeard;
    for (const Item &item : std::as_const(m_items)) {
        if (item.batch != counts.batch)
            continue;
        ++counts.total;
        switch (item.phase) {
        case Phase::Watching:
            ++counts.watching;
            break;
        case Phase::Failed:
            ++counts.failed;
            [[fallthrough]];
        case Phase::Settled:
            ++counts.settled;
            break;
        case Phase::NeedsYou:
            ++counts.needYou;
            break;
        case Phase::Paused:
            ++counts.paused;
            break;
        }
        if (item.lastHeard.isValid() && (!lastHeard.isValid() || item.lastHeard > lastHeard))
            lastHeard = item.lastHeard;
    }
    const QDateTime now = m_clock.now();
    if (counts.total > 0 && counts.watching == 0) {
        const bool same = counts.batch == m_latest.batch;
        if (same && m_latest.settledAt.isValid())
            counts.settledAt = m_latest.settledAt;
        else if (same && m_latest.watching > 0)
            counts.settledAt = now; // seen happening
        else
            counts.settledAt = lastHeard.isValid() ? lastHeard : now; // over before we looked
    }
    m_latest = counts;

    QString text;
    const bool shown = counts.total >= smallest &&
                       (counts.watching > 0 ||
                        now < counts.settledAt.addSecs(std::chrono::seconds(lingers).count()));
    if (shown) {
        const QString began = QDateTime::fromMSecsSinceEpoch(counts.batch, QTimeZone::utc())
                                  .toLocalTime()
                                  .toString(u"HH:mm"_s);
        text = u"Batch of %1: %2 of %3 settled"_s.arg(began).arg(counts.settled).arg(counts.total);
        if (counts.failed > 0)
            text += u" (%1 failed)"_s.arg(counts.failed);
        if (counts.needYou > 0)
            text +=
                counts.needYou == 1 ? u", 1 needs you"_s : u", %1 need you"_s.arg(counts.needYou);
        if (counts.paused > 0)
            text += u", %1 paused"_s.arg(counts.paused);
    }
    if (shown && counts.watching == 0)
        m_lingerEnds->setAt(counts.settledAt.addSecs(std::chrono::seconds(lingers).count()));
    else
        m_lingerEnds->cancel();
    if (text != m_text) {
        m_text = text;
        emit changed();
    }
}

QString BatchProgress::text() const
{
    return m_text;
}

} // namespace rw::session
