#pragma once

#include "notify/Notification.h"
#include "registrar/AccountLabels.h"
#include "store/TrackedWorkflow.h"

#include <QList>

namespace rw {

// One thing worth telling: a workflow's condition (with the mark the store keeps once it is
// told), or an account's hold.
struct NotificationEvent
{
    using Kind = NotificationSettings::Event;
    Kind kind = Kind::Succeeded;
    qint64 workflowId = 0; // 0 for an account's event
    QString accountId;
    QString mark;    // what the store records once it is told (workflow events)
    QDateTime at;    // when it happened
    QDateTime until; // a rate limit's end
    QString detail;  // what Cloudflare said (rejected credentials)
    // Already so long before the operator added it: told, but quietly.
    bool stale = false;
    int reminder = 0; // 0: the first telling; n: the n-th reminder that it still waits
};

// The words of notifications: for one event about a workflow (as it is now) or an account, and
// for a summary of many. Plain text; whatever shows them decides how.
namespace notificationText {

// A notification's key for a workflow ("workflow:12"), and back (0 for another key).
[[nodiscard]] QString workflowKey(qint64 workflowId);
[[nodiscard]] qint64 workflowOfKey(const QString &key);

// With several accounts, a workflow's words name its account by its label, or its ID without one
// ("example.com (Acme): update needs you"); with one, they leave it out. An account's own
// event names it by its label whenever it has one.
[[nodiscard]] Notification forWorkflow(const NotificationEvent &event,
                                       const TrackedWorkflow &workflow,
                                       const AccountLabels &labels = {});
[[nodiscard]] Notification forAccount(const NotificationEvent &event,
                                      const AccountLabels &labels = {});
// `workflows` holds each event's workflow as it is now; events without one are left out.
[[nodiscard]] Notification summary(const QList<NotificationEvent> &events,
                                   const QHash<qint64, TrackedWorkflow> &workflows,
                                   const AccountLabels &labels = {});
// A batch the operator added, as its workflows are now: how many ended how, and how many run.
// Among several accounts, it names the batch's account once, or each domain's when it has
// more than one.
[[nodiscard]] Notification batchSummary(const QList<TrackedWorkflow> &members,
                                        const QDateTime &began, const AccountLabels &labels = {});
// Reminders that workflows still wait for the operator (one or several).
[[nodiscard]] Notification reminder(const QList<TrackedWorkflow> &waiting, const QDateTime &now,
                                    const AccountLabels &labels = {});

} // namespace notificationText

} // namespace rw
