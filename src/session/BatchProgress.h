#pragma once

#include "common/Clock.h"
#include "store/TrackedWorkflow.h"

#include <QHash>
#include <QObject>

#include <chrono>
#include <memory>

namespace rw {
class PollEngine;
} // namespace rw

namespace rw::session {

// How the latest batch the operator added (TrackedWorkflow::batch) is getting on: "Batch of
// 14:02: 140 of 202 settled, 10 need you", for the status bar and the tray. Said while any of
// it is still watched, and for a while after the last one stopped; a batch of one is its row.
class BatchProgress final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BatchProgress)
public:
    // How long a finished batch is still shown: long enough to be seen on coming back.
    static constexpr std::chrono::minutes lingers{10};
    static constexpr int smallest = 2;

    struct Counts
    {
        qint64 batch = 0; // ms since the epoch; 0: no batch
        int total = 0;
        int settled = 0; // ended, successfully or not
        int failed = 0;  // of those settled
        int needYou = 0; // action required, or watching gave up
        int paused = 0;
        int watching = 0;
        QDateTime settledAt; // when the last of it stopped being watched; null while watched
    };

    BatchProgress(PollEngine *engine, const Clock &clock, QObject *parent = nullptr);
    ~BatchProgress() override;

    [[nodiscard]] const Counts &latest() const { return m_latest; }
    // The sentence, or empty when there is no batch worth showing now.
    [[nodiscard]] QString text() const;

signals:
    // text() may say something else now.
    void changed();

private:
    enum class Phase {
        Watching,
        Settled,
        Failed,
        NeedsYou,
        Paused,
    };
    struct Item
    {
        qint64 batch = 0;
        Phase phase = Phase::Watching;
        QDateTime lastHeard; // the last answer, or when it was added
    };

    void update(const TrackedWorkflow &workflow);
    void forget(const TrackedWorkflow &workflow);
    void recount();
    [[nodiscard]] static Phase phaseOf(const TrackedWorkflow &workflow);
    [[nodiscard]] static Item itemOf(const TrackedWorkflow &workflow);

    const Clock &m_clock;
    std::unique_ptr<Alarm> m_lingerEnds;
    QHash<qint64, Item> m_items; // workflows in a batch, by id
    Counts m_latest;
    QString m_text;
};

} // namespace rw::session
