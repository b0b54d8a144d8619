#include "report/Deadline.h"

#include "registrar/Registration.h"

using namespace Qt::StringLiterals;
using namespace std::chrono;

namespace rw {

namespace {

// When the current state began, as far as anything says: the API's `updated_at` when it is the
// earlier (the workflow was already in it when it was first seen), else when it was seen.
QDateTime stateBegan(const TrackedWorkflow &workflow)
{
    const QDateTime updated = workflow.status ? workflow.status->updatedAt : QDateTime();
    if (updated.isValid() && (!workflow.stateSince.isValid() || updated < workflow.stateSince))
        return updated;
    return workflow.stateSince;
}

QDateTime plus(const QDateTime &time, days span)
{
    return time.isValid() ? time.addDays(span.count()) : QDateTime();
}

} // namespace

std::optional<Deadline> Deadline::of(const TrackedWorkflow &workflow, const QDateTime &now,
                                     days warnBefore)
{
    if (!workflow.status)
        return std::nullopt;
    const WorkflowStatus &status = *workflow.status;
    if (status.state == WorkflowState::ActionRequired) {
        Deadline deadline{Kind::WaitingForYou, stateBegan(workflow), {}, false, {}};
        // The API names no kind of change: the action's words are all there is. A change of
        // registrant is the one update Cloudflare asks the current registrant to approve.
        if (workflow.ref.kind == WorkflowKind::Update &&
            status.action().contains(u"registrant", Qt::CaseInsensitive)) {
            deadline.kind = Kind::RegistrantChange;
            deadline.end = plus(deadline.since, registrantChangeWindow);
            deadline.estimate = true;
        }
        return deadline;
    }
    if (status.state == WorkflowState::Blocked &&
        status.context.value(u"waiting_on").toString() == u"losing_registrar") {
        const QDateTime since = stateBegan(workflow);
        return Deadline{Kind::TransferRelease, since, plus(since, transferReleaseWindow), true, {}};
    }
    // What the workflow left behind: a registration that will lapse unless renewed.
    const QJsonValue registration = status.context.value(u"registration");
    if (!registration.isObject())
        return std::nullopt;
    const auto parsed = Registration::fromJson(registration);
    if (!parsed)
        return std::nullopt;
    const auto attention = RegistrationAttention::of(*parsed, now, warnBefore);
    if (!attention)
        return std::nullopt;
    const bool expiresSoon = attention->reason == RegistrationAttention::Reason::ExpiresSoon;
    return Deadline{expiresSoon ? Kind::Expires : Kind::Lapsed,
                    {},
                    attention->expiresAt,
                    false,
                    attention->reason};
}

Deadline Deadline::of(const RegistrationNotice &notice)
{
    const bool expiresSoon = notice.attention.reason == RegistrationAttention::Reason::ExpiresSoon;
    return {expiresSoon ? Kind::Expires : Kind::Lapsed,
            {},
            notice.attention.expiresAt,
            false,
            notice.attention.reason};
}

qint64 Deadline::sortKey() const
{
    if (end.isValid())
        return end.toMSecsSinceEpoch();
    // Beyond any end a registrar could give (year 2500 and later), still before "none".
    constexpr qint64 afterEveryEnd = qint64(16'725'225'600'000);
    if (since.isValid())
        return afterEveryEnd + since.toMSecsSinceEpoch();
    return noDeadline - 1;
}

} // namespace rw
