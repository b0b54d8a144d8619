#include "notify/Batches.h"

#include <QTimeZone>

using namespace std::chrono;

namespace rw {

void Batches::learn(const TrackedWorkflow &workflow, const QDateTime &now)
{
    for (auto it = m_batches.begin(); it != m_batches.end(); ++it) {
        if (it.key() == workflow.batch)
            continue;
        // Added again in another batch: its news waiting in this summary is told there, as it
        // is now; else it leaves this batch.
        if (it->news.contains(workflow.id))
            it->members.insert(workflow.id, workflow);
        else
            it->members.remove(workflow.id);
    }
    if (!workflow.batch || workflow.origin != WorkflowOrigin::Operator ||
        !workflow.addedAt.isValid())
        return;
    Batch &batch = m_batches[workflow.batch];
    if (!batch.began.isValid())
        batch.began = QDateTime::fromMSecsSinceEpoch(workflow.batch, QTimeZone::utc());
    batch.lastAdded = std::max(batch.lastAdded, workflow.addedAt);
    // Past its hour, a member stays described as it is while the summary waits to be told (the
    // quiet hours, say): told from an old copy, it would count an end as running and leave it
    // untold.
    if (now < batch.lastAdded.addSecs(duration_cast<seconds>(liveFor).count()) ||
        (!batch.news.isEmpty() && batch.members.contains(workflow.id)))
        batch.members.insert(workflow.id, workflow);
    else if (batch.news.isEmpty())
        m_batches.remove(workflow.batch);
}

void Batches::forget(qint64 id)
{
    for (Batch &batch : m_batches) {
        batch.members.remove(id);
        batch.news.remove(id);
    }
}

bool Batches::addNews(const TrackedWorkflow &workflow, const QString &mark)
{
    const auto it = m_batches.find(workflow.batch);
    if (it == m_batches.end() || !it->members.contains(workflow.id) ||
        it->members.size() <= summaryAbove)
        return false;
    it->news.insert(workflow.id, mark);
    return true;
}

bool Batches::hasNews() const
{
    return std::any_of(m_batches.cbegin(), m_batches.cend(),
                       [](const Batch &batch) { return !batch.news.isEmpty(); });
}

QList<Batches::Summary> Batches::takeNews()
{
    QList<Summary> summaries;
    for (Batch &batch : m_batches) {
        if (!batch.news.isEmpty())
            summaries.append({batch.began, batch.members.values(), std::exchange(batch.news, {})});
    }
    return summaries;
}

void Batches::prune(const QDateTime &now)
{
    m_batches.removeIf([&now](const auto &it) {
        return it->news.isEmpty() &&
               now >= it->lastAdded.addSecs(duration_cast<seconds>(liveFor).count());
    });
}

} // namespace rw
