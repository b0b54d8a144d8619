#pragma once

#include "engine/PollEngine.h"

#include <QString>

namespace rw {

// What became of workflows the operator asked to watch, in one sentence: "3 workflows added;
// 2 already watched, checked again now; 1 line rejected."
[[nodiscard]] QString watchSummaryText(const PollEngine::WatchSummary &summary, int rejected = 0);

} // namespace rw
