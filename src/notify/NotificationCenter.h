#pragma once

#include "common/Clock.h"
#include "notify/Notification.h"
#include "store/TrackedWorkflow.h"

#include <QHash>
#include <QObject>
#include <QSet>

#include <chrono>
#include <functional>
#include <memory>

namespace rw {

class Notifier;
class PollEngine;
class WorkflowStore;
struct ApiError;

// Tells the operator when a workflow ends or needs them, and when Cloudflare holds the account.
// On transitions only, never on a poll that changes nothing, and once each: what was told is
// marked in the store, so a restart neither repeats it nor loses what happened while the app
// could not tell. Events gather for a moment, so a bulk of completions makes one summary
// instead of a flood. Nothing is shown for a muted workflow or a disabled event; during quiet
// hours nothing is shown, and what happened is told when they end.
class NotificationCenter final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(NotificationCenter)
public:
    using Kind = NotificationSettings::Event;
    // Events gather until none has come for a moment; many at once (a bulk: more than
    // summaryAbove) make one summary, and since their answers trickle in over a polling
    // interval a bulk gathers longer, and what comes soon after it updates the same summary.
    static constexpr std::chrono::milliseconds gatherFor{2000};
    static constexpr std::chrono::milliseconds gatherAtMost{10000};
    static constexpr std::chrono::milliseconds bulkGatherFor{10000};
    static constexpr std::chrono::milliseconds bulkGatherAtMost{30000};
    static constexpr std::chrono::milliseconds bulkLastsFor{60000}; // after its last update
    static constexpr int summaryAbove = 3;

    struct Event
    {
        Kind kind = Kind::Succeeded;
        qint64 workflowId = 0; // 0 for an account's event
        QString accountId;
        QString mark;    // what the store records once it is told (workflow events)
        QDateTime until; // a rate limit's end
        QString detail;  // what Cloudflare said (rejected credentials)
    };

    NotificationCenter(PollEngine *engine, WorkflowStore *store, Notifier *notifier,
                       const Clock &clock, NotificationSettings settings = {},
                       QObject *parent = nullptr);
    ~NotificationCenter() override;

    void setSettings(const NotificationSettings &settings);
    [[nodiscard]] const NotificationSettings &settings() const { return m_settings; }

    // Reads what was told before and tells what happened since without being told. Call once,
    // after the engine has loaded the store.
    void start();

    // The words, for one event and for a summary of many.
    [[nodiscard]] static Notification notificationFor(const Event &event,
                                                      const TrackedWorkflow *workflow);
    [[nodiscard]] static Notification
    summaryFor(const QList<Event> &events,
               const std::function<const TrackedWorkflow *(qint64)> &workflow);
    // What a workflow's current state would be told as, with its mark; none when nothing.
    [[nodiscard]] static std::optional<Event> conditionOf(const TrackedWorkflow &workflow);

signals:
    // The operator clicked a notification: show this workflow (0: just the window).
    void openRequested(qint64 workflowId);
    void storageError(const QString &message);

private:
    void onStateChanged(qint64 id, const StateChange &change);
    void onWatchChanged(qint64 id, WatchState from, WatchState to);
    void onPollFailed(qint64 id, const ApiError &error);
    void onActivated(const QString &key);
    void queue(Event event);
    void deliver();
    void defer(const QList<Event> &events);
    void quietEnded();
    void setMark(qint64 id, const QString &mark);
    void forget(qint64 id);

    PollEngine *m_engine;
    WorkflowStore *m_store;
    Notifier *m_notifier;
    const Clock &m_clock;
    NotificationSettings m_settings;
    std::unique_ptr<Alarm> m_gather;
    std::unique_ptr<Alarm> m_quiet;
    QDateTime m_gatherStarted;
    QList<Event> m_pending;  // gathering
    QList<Event> m_deferred; // waiting for the quiet hours to end
    QList<Event> m_bulk;     // what the summary on screen counts
    QDateTime m_bulkUntil;   // events before this join it
    int m_bulks = 0;         // each bulk has a bubble of its own: a new one never hides an old
    QHash<qint64, QString> m_marks;
    QSet<QString> m_accountsTold; // "account/kind", until the hold is released
    QString m_lastStorageError;
};

} // namespace rw
