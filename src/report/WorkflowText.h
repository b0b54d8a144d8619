#pragma once

#include "store/TrackedWorkflow.h"

#include <QString>

namespace rw {

// What matters about a status, in words: the action to take, the error, what it waits on, and
// any oddity the parser noticed. Plain text; a terminal or a widget decides how to show it.
[[nodiscard]] QString statusNote(const WorkflowStatus &status);

// The note for a tracked workflow: why it gave up, what the operator must do, the error of a
// failure, the last poll's error, or else statusNote().
[[nodiscard]] QString trackedNote(const TrackedWorkflow &workflow);

} // namespace rw
