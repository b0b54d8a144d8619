#include "notify/NotificationText.h"

#include "common/Duration.h"
#include "registrar/DomainName.h"
#include "report/WorkflowText.h"

using namespace Qt::StringLiterals;

namespace rw::notificationText {

namespace {

using Kind = NotificationSettings::Event;

QString domainOf(const TrackedWorkflow &workflow)
{
    return domain::toUnicode(workflow.ref.domain);
}

// "example.com (Acme)" among several accounts, for the operator to tell whose it is; the domain
// alone with one.
QString domainOf(const TrackedWorkflow &workflow, const AccountLabels &labels)
{
    return labels.withAccount(domainOf(workflow), workflow.ref.account.id);
}

// "Acme (<id>)" for a labelled account, its ID alone otherwise.
QString accountOf(const QString &accountId, const AccountLabels &labels)
{
    const QString label = labels.labelOf(accountId);
    return label == accountId ? accountId : u"%1 (%2)"_s.arg(label, accountId);
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

QString workflowKey(qint64 workflowId)
{
    return u"workflow:"_s + QString::number(workflowId);
}

qint64 workflowOfKey(const QString &key)
{
    return key.startsWith(u"workflow:") ? QStringView(key).mid(9).toLongLong() : 0;
}

Notification forAccount(const NotificationEvent &event, const AccountLabels &labels)
{
    const QString account = accountOf(event.accountId, labels);
    Notification notification;
    notification.key = u"account:"_s + event.accountId;
    if (event.kind == Kind::CredentialsRejected) {
        notification.summary = u"Cloudflare rejected the credentials"_s;
        notification.body = u"No requests for account %1 until its credentials change in "
                            u"Settings."_s.arg(account);
        if (!event.detail.isEmpty())
            notification.body += u"\nCloudflare said: %1"_s.arg(event.detail);
    } else {
        notification.summary = u"Cloudflare rate-limited the account"_s;
        // A hold of minutes is read against the clock to the second.
        const bool soon = event.at.isValid() && event.at.secsTo(event.until) < 3600;
        notification.body =
            u"No requests for account %1 until %2; checking resumes by itself."_s.arg(
                account, event.until.toLocalTime().toString(soon ? u"HH:mm:ss"_s : u"HH:mm"_s));
    }
    notification.urgency =
        isUrgent(event.kind) ? Notification::Urgency::Critical : Notification::Urgency::Normal;
    notification.persistent = isUrgent(event.kind);
    notification.category = u"network.error"_s;
    return notification;
}

Notification forWorkflow(const NotificationEvent &event, const TrackedWorkflow &workflow,
                         const AccountLabels &labels)
{
    Notification notification;
    notification.key = workflowKey(event.workflowId);
    notification.workflowId = event.workflowId;
    const QString domain = domainOf(workflow, labels);
    const QString kind = workflowText::kindLabel(workflow.ref);
    const WorkflowStatus status = workflow.status.value_or(WorkflowStatus{});
    switch (event.kind) {
    case Kind::Succeeded:
        notification.summary = u"%1: %2 succeeded"_s.arg(domain, kind);
        notification.body = workflowText::done(workflow);
        notification.category = u"transfer.complete"_s;
        break;
    case Kind::Failed:
        notification.summary = u"%1: %2 failed"_s.arg(domain, kind);
        notification.body =
            workflowText::failureReason(status) + u'\n' + workflowText::failureIsFinal();
        notification.category = u"transfer.error"_s;
        break;
    case Kind::ActionRequired:
        notification.summary = u"%1: %2 needs you"_s.arg(domain, kind);
        notification.body =
            (workflowText::whatToDo(status) << workflowText::resumeWhenDone()).join(u'\n');
        break;
    case Kind::GaveUp:
        notification.summary = u"%1: no longer watching the %2"_s.arg(domain, kind);
        notification.body =
            workflowText::whyStopped(workflow) + u'\n' + workflowText::resumeToWatchAgain();
        break;
    case Kind::CredentialsRejected:
    case Kind::RateLimited:
        break;
    }
    notification.urgency =
        isUrgent(event.kind) ? Notification::Urgency::Critical : Notification::Urgency::Normal;
    notification.persistent = isUrgent(event.kind);
    if (event.stale && workflow.status) {
        // Ended before the operator added it: worth a line in the list, not an alarm.
        notification.body =
            u"It was already so on %1, before you added it.\n"_s.arg(
                workflow.status->updatedAt.toLocalTime().toString(u"yyyy-MM-dd HH:mm"_s)) +
            notification.body;
        notification.urgency = Notification::Urgency::Low;
        notification.persistent = false;
    }
    return notification;
}

namespace {

// A summary of many workflows grouped by what became of them: the counts (those to act on
// listed first in the body, up to three names each), critical when any needs the operator.
// `running` counts those not ended yet; `footer` ends the body.
Notification grouped(QHash<Kind, QStringList> domains, int running, const QString &footer)
{
    Notification notification;
    QStringList counts;
    for (const Kind kind : {Kind::Succeeded, Kind::Failed, Kind::ActionRequired, Kind::GaveUp}) {
        if (domains.contains(kind))
            counts.append(countOf(kind, domains.value(kind).size()));
    }
    if (running)
        counts.append(u"%1 still running"_s.arg(running));
    notification.summary = counts.join(u", "_s);
    QStringList lines;
    bool urgent = false;
    for (const Kind kind : {Kind::ActionRequired, Kind::Failed, Kind::GaveUp, Kind::Succeeded}) {
        QStringList &names = domains[kind];
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
    if (!footer.isEmpty())
        lines.append(footer);
    notification.body = lines.join(u'\n');
    notification.urgency = urgent ? Notification::Urgency::Critical : Notification::Urgency::Normal;
    notification.persistent = urgent;
    return notification;
}

} // namespace

Notification summary(const QList<NotificationEvent> &events,
                     const QHash<qint64, TrackedWorkflow> &workflows, const AccountLabels &labels)
{
    QHash<Kind, QStringList> domains;
    for (const NotificationEvent &event : events) {
        const auto found = workflows.constFind(event.workflowId);
        if (found != workflows.cend())
            domains[event.kind].append(domainOf(found.value(), labels));
    }
    Notification notification = grouped(std::move(domains), 0, {});
    notification.key = u"summary"_s;
    return notification;
}

Notification batchSummary(const QList<TrackedWorkflow> &members, const QDateTime &began,
                          const AccountLabels &labels)
{
    QStringList accounts;
    for (const TrackedWorkflow &workflow : members)
        accounts.append(workflow.ref.account.id);
    // A batch is usually added to one account: named once in the footer, not after each domain.
    const QString account = labels.onlyAccountOf(accounts);
    const auto name = [&](const TrackedWorkflow &workflow) {
        return account.isEmpty() ? domainOf(workflow, labels) : domainOf(workflow);
    };
    QHash<Kind, QStringList> domains;
    int running = 0;
    for (const TrackedWorkflow &workflow : members) {
        if (workflow.watch == WatchState::GaveUp)
            domains[Kind::GaveUp].append(name(workflow));
        else if (workflow.state() == WorkflowState::Succeeded)
            domains[Kind::Succeeded].append(name(workflow));
        else if (workflow.state() == WorkflowState::Failed)
            domains[Kind::Failed].append(name(workflow));
        else if (workflow.state() == WorkflowState::ActionRequired)
            domains[Kind::ActionRequired].append(name(workflow));
        else
            ++running;
    }
    const QString at = began.toLocalTime().toString(u"HH:mm"_s);
    const QString footer =
        account.isEmpty()
            ? u"Of the %1 workflows you added at %2."_s.arg(members.size()).arg(at)
            : u"Of the %1 workflows you added to %2 at %3."_s.arg(members.size()).arg(account, at);
    Notification notification = grouped(std::move(domains), running, footer);
    notification.key = u"batch:"_s + QString::number(began.toMSecsSinceEpoch());
    return notification;
}

Notification reminder(const QList<TrackedWorkflow> &waiting, const QDateTime &now,
                      const AccountLabels &labels)
{
    Notification notification;
    notification.urgency = Notification::Urgency::Critical;
    notification.persistent = true;
    const auto waited = [&now](const TrackedWorkflow &workflow) {
        return formatDuration(std::chrono::seconds(
            workflow.stateSince.isValid() ? std::max<qint64>(0, workflow.stateSince.secsTo(now))
                                          : 0));
    };
    if (waiting.size() == 1) {
        const TrackedWorkflow &workflow = waiting.first();
        notification.key = workflowKey(workflow.id);
        notification.workflowId = workflow.id;
        notification.summary = u"%1: %2 still needs you"_s.arg(
            domainOf(workflow, labels), workflowText::kindLabel(workflow.ref));
        QStringList lines{u"Waiting for you for %1."_s.arg(waited(workflow))};
        lines << workflowText::whatToDo(workflow.status.value_or(WorkflowStatus{}))
              << workflowText::resumeWhenDone() << u"Mute it to stop these reminders."_s;
        notification.body = lines.join(u'\n');
        return notification;
    }
    notification.key = u"reminder"_s;
    notification.summary = u"%1 workflows still need you"_s.arg(waiting.size());
    QStringList names;
    for (const TrackedWorkflow &workflow : waiting)
        names.append(u"%1 (%2)"_s.arg(domainOf(workflow, labels), waited(workflow)));
    names.sort();
    const qsizetype more = names.size() - 5;
    notification.body = names.mid(0, 5).join(u", "_s) +
                        (more > 0 ? u" and %1 more"_s.arg(more) : QString()) +
                        u"\nOnce done, resume them in Registrar Watch."_s;
    return notification;
}

} // namespace rw::notificationText
