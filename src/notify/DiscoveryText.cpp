#include "notify/DiscoveryText.h"

#include "registrar/DomainName.h"
#include "report/WorkflowText.h"

#include <QLocale>

using namespace Qt::StringLiterals;

namespace rw::discoveryText {

namespace {

// Shown by name in a summary; the rest are counted.
constexpr qsizetype namedInSummary = 3;

QString aKind(WorkflowKind kind)
{
    switch (kind) {
    case WorkflowKind::Update:
        return u"an update"_s;
    case WorkflowKind::Registration:
        return u"a registration"_s;
    case WorkflowKind::TransferIn:
        return u"a transfer in"_s;
    }
    return u"a workflow"_s;
}

QString isNow(const TrackedWorkflow &workflow)
{
    switch (workflow.state().value_or(WorkflowState::Unknown)) {
    case WorkflowState::Pending:
        return u"is pending"_s;
    case WorkflowState::InProgress:
        return u"is in progress"_s;
    case WorkflowState::Blocked:
        return u"is blocked, waiting on a third party"_s;
    case WorkflowState::ActionRequired:
        return u"needs you"_s;
    case WorkflowState::Succeeded:
        return u"has succeeded"_s;
    case WorkflowState::Failed:
        return u"has failed"_s;
    case WorkflowState::Unknown:
        break;
    }
    return u"is under way"_s;
}

QString dateOf(const QDateTime &time)
{
    return QLocale(QLocale::English).toString(time.toLocalTime().date(), u"d MMMM yyyy"_s);
}

QString withMore(QStringList names, qsizetype total)
{
    if (total > names.size())
        names.append(u"and %1 more"_s.arg(total - names.size()));
    return names.join(u'\n');
}

} // namespace

Notification foundWorkflow(const TrackedWorkflow &workflow, const AccountLabels &labels)
{
    Notification notification;
    notification.key = u"workflow:"_s + QString::number(workflow.id);
    notification.workflowId = workflow.id;
    const QString domain =
        labels.withAccount(domain::toUnicode(workflow.ref.domain), workflow.ref.account.id);
    notification.summary =
        u"%1: %2 started elsewhere %3"_s.arg(domain, aKind(workflow.ref.kind), isNow(workflow));
    if (workflow.state() == WorkflowState::ActionRequired) {
        const WorkflowStatus status = workflow.status.value_or(WorkflowStatus{});
        notification.body =
            (workflowText::whatToDo(status) << workflowText::resumeWhenDone()).join(u'\n');
        notification.urgency = Notification::Urgency::Critical;
        notification.persistent = true;
    } else {
        notification.body = u"Registrar Watch found it in the account and watches it until it "
                            u"ends."_s;
    }
    return notification;
}

Notification foundSummary(const QList<TrackedWorkflow> &workflows, const AccountLabels &labels)
{
    QStringList accounts;
    for (const TrackedWorkflow &workflow : workflows)
        accounts.append(workflow.ref.account.id);
    const QString account = labels.onlyAccountOf(accounts);
    Notification notification;
    notification.key = u"found"_s;
    notification.summary =
        account.isEmpty()
            ? u"%1 workflows started elsewhere were found"_s.arg(workflows.size())
            : u"%1 workflows started elsewhere were found in %2"_s.arg(workflows.size())
                  .arg(account);
    QStringList names;
    bool needsYou = false;
    for (const TrackedWorkflow &workflow : workflows) {
        needsYou = needsYou || workflow.state() == WorkflowState::ActionRequired;
        if (names.size() >= namedInSummary)
            continue;
        const QString domain = domain::toUnicode(workflow.ref.domain);
        names.append(u"%1: %2, %3"_s.arg(
            account.isEmpty() ? labels.withAccount(domain, workflow.ref.account.id) : domain,
            workflowText::kindLabel(workflow.ref), workflowText::stateLabel(workflow)));
    }
    notification.body = withMore(names, workflows.size());
    if (needsYou) {
        notification.urgency = Notification::Urgency::Critical;
        notification.persistent = true;
    }
    return notification;
}

Notification registrationNotice(const RegistrationNotice &notice, const AccountLabels &labels)
{
    using Reason = RegistrationAttention::Reason;
    Notification notification;
    notification.key = noticeKey(notice);
    const QString domain = labels.withAccount(domain::toUnicode(notice.domain), notice.account.id);
    const QDateTime &expires = notice.attention.expiresAt;
    switch (notice.attention.reason) {
    case Reason::ExpiresSoon:
        notification.summary =
            expires.isValid()
                ? u"%1 expires on %2 and auto-renew is off"_s.arg(domain, dateOf(expires))
                : u"%1 expires soon and auto-renew is off"_s.arg(domain);
        notification.body = u"Renew it, or turn auto-renew on in the Cloudflare dashboard, "
                            u"before then."_s;
        break;
    case Reason::Expired:
        notification.summary = u"%1 has expired"_s.arg(domain);
        notification.body = u"Renew it in the Cloudflare dashboard while it can still be "
                            u"renewed."_s;
        break;
    case Reason::RedemptionPeriod:
        notification.summary = u"%1 is in its redemption period"_s.arg(domain);
        notification.body = u"Only a paid restore in the Cloudflare dashboard brings it back."_s;
        break;
    case Reason::PendingDelete:
        notification.summary = u"%1 is about to be deleted"_s.arg(domain);
        notification.body = u"It is too late to restore it: the registry will release it."_s;
        break;
    case Reason::Suspended:
        notification.summary = u"%1 is suspended"_s.arg(domain);
        notification.body = u"The registry or the registrar holds it; the Cloudflare dashboard "
                            u"says why."_s;
        break;
    }
    // Lapsed is urgent; a coming expiry leaves time.
    const bool urgent = notice.attention.reason != Reason::ExpiresSoon;
    notification.urgency = urgent ? Notification::Urgency::Critical : Notification::Urgency::Normal;
    notification.persistent = urgent;
    return notification;
}

Notification noticeSummary(const QList<RegistrationNotice> &notices, const AccountLabels &labels)
{
    Notification notification;
    notification.key = u"registrations"_s;
    notification.summary = u"%1 registrations need you"_s.arg(notices.size());
    QStringList names;
    bool urgent = false;
    for (const RegistrationNotice &notice : notices) {
        const Notification one = registrationNotice(notice, labels);
        urgent = urgent || one.urgency == Notification::Urgency::Critical;
        if (names.size() < namedInSummary)
            names.append(one.summary);
    }
    notification.body = withMore(names, notices.size());
    notification.urgency = urgent ? Notification::Urgency::Critical : Notification::Urgency::Normal;
    notification.persistent = urgent;
    return notification;
}

QString noticeKey(const RegistrationNotice &notice)
{
    return u"registration:%1/%2"_s.arg(notice.account.id, notice.domain);
}

} // namespace rw::discoveryText
