#pragma once

#include "notify/NotificationText.h"
#include "store/TrackedWorkflow.h"

#include <optional>

namespace rw {

// What a workflow's current state would be told as (succeeded, failed, needs the operator, no
// longer watched), with the mark the store keeps once it is told: the condition and since when
// ("failed@<ms>"), so that the same condition is told once and a new one again. None when its
// state is nothing to tell.
[[nodiscard]] std::optional<NotificationEvent> conditionOf(const TrackedWorkflow &workflow);

// Whether `told` (a workflow's mark) already covers `mark`: the same condition, reminders of it
// included ("action_required@<ms>#2").
[[nodiscard]] bool covers(const QString &told, const QString &mark);

} // namespace rw
