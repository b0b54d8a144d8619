#pragma once

#include "common/Clock.h"
#include "notify/Notification.h"
#include "store/TrackedWorkflow.h"

#include <QHash>
#include <QObject>

#include <functional>
#include <memory>

namespace rw {

// When to remind the operator of an action_required they have not answered: after
// remindAfter, then every remindEvery, counted from when it began, as long as it waits, was
// told, is not muted and reminders are on. How many reminders were sent is part of the
// workflow's mark ("action_required@<since>#2"), so a restart neither repeats nor forgets them.
class Reminders final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Reminders)
public:
    // `toldMark`: what the operator was last told of a workflow.
    Reminders(const Clock &clock, std::function<QString(qint64)> toldMark,
              QObject *parent = nullptr);
    ~Reminders() override;

    void setSettings(const NotificationSettings &settings);
    // Keeps up with a workflow: one waiting on the operator is watched, any other forgotten.
    void learn(const TrackedWorkflow &workflow);
    void forget(qint64 id);
    // The marks changed (told, or reminded): when the next one is due may have too.
    void rearm();

    // What is due now, and the mark each gets once reminded (missed ones are not sent one by
    // one: the count goes to what is due by now).
    [[nodiscard]] QList<std::pair<TrackedWorkflow, QString>> due(const QDateTime &now) const;
    [[nodiscard]] bool isWatching(qint64 id) const { return m_waiting.contains(id); }

signals:
    void ring();

private:
    [[nodiscard]] QDateTime dueAt(const TrackedWorkflow &workflow, int sent) const;
    [[nodiscard]] std::optional<int> sentFor(const TrackedWorkflow &workflow) const;

    const Clock &m_clock;
    std::function<QString(qint64)> m_toldMark;
    NotificationSettings m_settings;
    std::unique_ptr<Alarm> m_alarm;
    QHash<qint64, TrackedWorkflow> m_waiting;
};

} // namespace rw
