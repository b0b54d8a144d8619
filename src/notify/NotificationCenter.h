#pragma once

#include "common/Clock.h"
#include "notify/Batches.h"
#include "notify/Notification.h"
#include "notify/NotificationText.h"
#include "notify/Reminders.h"
#include "store/TrackedWorkflow.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QSet>

#include <chrono>
#include <memory>

namespace rw {

class Notifier;
class PollEngine;
class RegistrationNotices;
struct ApiError;
struct RegistrationNotice;

// Tells the operator when a workflow ends or needs them, and when Cloudflare holds the account.
// What the operator has just added is news however it first answers; a batch they added is
// told as one summary counted from its workflows as they are, so that it agrees with the
// table. An action_required left unanswered is told again after a while. Otherwise on
// transitions only, never on a poll that changes nothing, and once each: what was told is
// marked with the workflow (through the engine, the one writer of tracked workflows), so a
// restart neither repeats it nor loses what happened while the app could not tell. Events
// gather for a moment, so a bulk of completions makes one summary instead of a flood. Nothing
// is shown for a muted workflow or a disabled event; during quiet hours nothing is shown, and
// what happened is told when they end.
//
// What watching a whole account finds is told too: a found workflow as found when it is first
// seen in flight or waiting for the operator ("started elsewhere"), then like any other; and
// each registration that needs the operator, once (its toldAt, kept in the store).
//
// It learns everything from the engine's signals, which carry the workflow as it is: it never
// asks the engine about a workflow by id.
class NotificationCenter final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(NotificationCenter)
public:
    using Kind = NotificationSettings::Event;
    using Event = NotificationEvent;
    // Events gather until none has come for a moment; many at once (a bulk: more than
    // summaryAbove) make one summary, and since their answers trickle in over a polling
    // interval a bulk gathers longer, and what comes soon after it updates the same summary.
    static constexpr std::chrono::milliseconds gatherFor{2000};
    static constexpr std::chrono::milliseconds gatherAtMost{10000};
    static constexpr std::chrono::milliseconds bulkGatherFor{10000};
    static constexpr std::chrono::milliseconds bulkGatherAtMost{30000};
    static constexpr std::chrono::milliseconds bulkLastsFor{60000}; // after its last update
    static constexpr int summaryAbove = 3;
    // A rate limit shorter than this is shown in the window only: a bubble would be stale
    // before it was read.
    static constexpr std::chrono::seconds shortHold{60};

    NotificationCenter(PollEngine *engine, Notifier *notifier, const Clock &clock,
                       NotificationSettings settings = {}, QObject *parent = nullptr);
    ~NotificationCenter() override;

    void setSettings(const NotificationSettings &settings);
    [[nodiscard]] const NotificationSettings &settings() const { return m_settings; }
    // The operator's names for accounts, for the words (NotificationText) of what is told next.
    void setAccountLabels(const AccountLabels &labels) { m_labels = labels; }

    // Tells what happened to these workflows (what the engine tracks, as loaded from the store)
    // without being told before. Call once, after the engine has loaded the store.
    void start(const QList<TrackedWorkflow> &tracked);

    // The registrations that need the operator: each is told once, and marked told through
    // `notices` (RegistrationNotices::put with toldAt; the discovery keeps them in the store).
    void setRegistrationNotices(RegistrationNotices *notices);

    // What a workflow's current state would be told as, with its mark; none when nothing.
    [[nodiscard]] static std::optional<Event> conditionOf(const TrackedWorkflow &workflow);

signals:
    // The operator clicked a notification: show this workflow (0: just the window).
    void openRequested(qint64 workflowId);

private:
    void onStateChanged(const TrackedWorkflow &workflow, const StateChange &change);
    void onWatchChanged(const TrackedWorkflow &workflow, WatchState from, WatchState to);
    void onPollFailed(const TrackedWorkflow &workflow, const ApiError &error);
    void onUpdated(const TrackedWorkflow &workflow);
    // Keeps what the batches and the reminders know of the workflow up to date.
    void learn(const TrackedWorkflow &workflow);
    void onActivated(const QString &key);
    // A workflow found in the account, first seen in flight or waiting for the operator.
    void tellFound(const TrackedWorkflow &workflow);
    void deliverFound();
    void onNotice(const RegistrationNotice &notice);
    void deliverNotices();
    void queue(Event event, const TrackedWorkflow *workflow = nullptr);
    void deliver();
    void defer(const QList<Event> &events);
    void quietEnded();
    void setMark(qint64 id, const QString &mark);
    void forget(const TrackedWorkflow &workflow);
    // Forgets the copies of workflows that no event waits for any more, and batches past.
    void prune();
    void gather(bool bulk);
    void deliverBatches();
    void remind();
    [[nodiscard]] bool isTold(qint64 id, const QString &mark) const;

    PollEngine *m_engine; // for setTold(), the one way marks are written
    Notifier *m_notifier;
    const Clock &m_clock;
    NotificationSettings m_settings;
    AccountLabels m_labels;
    std::unique_ptr<Alarm> m_gather;
    std::unique_ptr<Alarm> m_quiet;
    QDateTime m_gatherStarted;
    QList<Event> m_pending;  // gathering
    QList<Event> m_deferred; // waiting for the quiet hours to end
    QList<Event> m_bulk;     // what the summary on screen counts
    QDateTime m_bulkUntil;   // events before this join it
    int m_bulks = 0;         // each bulk has a bubble of its own: a new one never hides an old
    QHash<qint64, QString> m_marks;
    // The workflows that events wait on, as the engine last described them.
    QHash<qint64, TrackedWorkflow> m_workflows;
    Batches m_batches;
    Reminders m_reminders;
    QSet<QString> m_held;         // accounts the engine holds
    QSet<QString> m_accountsTold; // "account/kind", until the hold is released
    QList<qint64> m_found;        // found workflows to tell as found (copies in m_workflows)
    QPointer<RegistrationNotices> m_notices;
    QList<RegistrationNotice> m_noticesPending; // to tell, as they were when they came
};

} // namespace rw
