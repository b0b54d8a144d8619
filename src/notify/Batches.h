#pragma once

#include "store/TrackedWorkflow.h"

#include <QDateTime>
#include <QHash>
#include <QList>

#include <chrono>

namespace rw {

// The batches the operator added (workflows added within a couple of minutes of each other
// share TrackedWorkflow::batch), while they are live: each with its workflows as the engine last
// described them and the news waiting to be told in its summary. A summary counts the batch's
// workflows as they are, so that it says what the table says.
class Batches
{
public:
    // A batch's changes update its summary until this long after its last addition.
    static constexpr std::chrono::minutes liveFor{60};
    // Smaller batches are told workflow by workflow: a handful of bubbles is no flood.
    static constexpr int summaryAbove = 10;

    struct Summary
    {
        QDateTime began;
        QList<TrackedWorkflow> members;
        QHash<qint64, QString> news; // the members told by it, with their marks
    };

    // Keeps up with a workflow: joins its live batch (a workflow added again moves to the newer
    // one, staying in the older one's summary while news of it waits there), or none.
    void learn(const TrackedWorkflow &workflow, const QDateTime &now);
    void forget(qint64 id);
    // Notes news for the workflow's batch summary; false when it has none (no live batch, or
    // one too small for a summary): then it is told on its own.
    [[nodiscard]] bool addNews(const TrackedWorkflow &workflow, const QString &mark);
    [[nodiscard]] bool hasNews() const;
    // The summaries with news, which is then taken.
    [[nodiscard]] QList<Summary> takeNews();
    // Forgets batches past their live time with nothing left to tell.
    void prune(const QDateTime &now);

private:
    struct Batch
    {
        QDateTime began;
        QDateTime lastAdded;
        QHash<qint64, TrackedWorkflow> members;
        QHash<qint64, QString> news;
    };
    QHash<qint64, Batch> m_batches; // by the batch's id
};

} // namespace rw
