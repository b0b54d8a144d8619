#pragma once

#include "registrar/RegistrationAttention.h"
#include "store/RegistrationNotice.h"
#include "store/TrackedWorkflow.h"

#include <QDateTime>

#include <chrono>
#include <limits>
#include <optional>

namespace rw {

// The one date that matters most about a row, for the operator: since when a workflow has
// waited for them and, where the kind of change has a known window, when it is expected to end
// by itself; or when a registration expires. Made from facts alone (pure), so that the table,
// the details and the notifications agree; the words are workflowText's.
struct Deadline
{
    enum class Kind {
        WaitingForYou,    // action_required, no window known: it waits as long as it takes
        RegistrantChange, // an unconfirmed change of registrant is cancelled after 7 days
        TransferRelease,  // the losing registrar has up to 5 days to approve or reject
        Expires,          // active, auto-renew off, expires within the warning period
        Lapsed,           // expired, in redemption, pending delete or suspended
    };

    // Cloudflare's published rules of thumb (docs "Domain contact updates" and its transfer
    // guidance), not fields of the API: what they give is an estimate.
    static constexpr std::chrono::days registrantChangeWindow{7};
    static constexpr std::chrono::days transferReleaseWindow{5};

    Kind kind = Kind::WaitingForYou;
    QDateTime since; // when the wait began; null for a registration's dates
    QDateTime end;   // when it is expected to end, or expires; null when nothing says
    bool estimate = false;
    RegistrationAttention::Reason reason = RegistrationAttention::Reason::ExpiresSoon; // Lapsed

    // Nothing for a workflow that waits on no one with a date: pending, in progress, finished.
    [[nodiscard]] static std::optional<Deadline>
    of(const TrackedWorkflow &workflow, const QDateTime &now,
       std::chrono::days warnBefore = std::chrono::days(30));
    [[nodiscard]] static Deadline of(const RegistrationNotice &notice);

    // Nearest first: a known end by its time (past ones first), then waits without an end,
    // longest first, after every known end.
    [[nodiscard]] qint64 sortKey() const;
    // What a row without a deadline sorts as: after all of them.
    static constexpr qint64 noDeadline = std::numeric_limits<qint64>::max();

    friend bool operator==(const Deadline &, const Deadline &) = default;
};

} // namespace rw
