#pragma once

#include "registrar/WorkflowRef.h"

#include <QDateTime>

namespace rw {

// What watching a whole account remembers of a workflow it found, by (account, domain, kind):
// the last update it saw, or one the operator removed. A workflow is known by when it started
// (its `created_at`): the API gives no other identity, and a newer workflow starts later.
struct WorkflowMark
{
    WorkflowRef ref;
    QDateTime startedAt; // null when the API did not say
    QDateTime markedAt;  // when it was seen or removed
};

} // namespace rw
