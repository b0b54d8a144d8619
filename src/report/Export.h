#pragma once

#include "store/TrackedWorkflow.h"

#include <QByteArray>
#include <QHash>
#include <QList>

namespace rw {

// The table and each workflow's timeline: CSV (one file each) or JSON (both in one). Nothing secret
// is in a TrackedWorkflow, so nothing secret can be exported.
namespace exporting {

// One row per workflow; cells a spreadsheet would run as formulas are defused.
[[nodiscard]] QByteArray toCsv(const QList<TrackedWorkflow> &workflows, const QDateTime &now);
// One row per observed state change, workflow by workflow, oldest first.
[[nodiscard]] QByteArray timelinesToCsv(const QList<TrackedWorkflow> &workflows,
                                        const QHash<qint64, QList<StateChange>> &timelines);
// {"exported_at", "workflows": [{..., "last_status": {...}, "timeline": [...]}]}; what is not
// known (a time, a state, an error) is null.
[[nodiscard]] QByteArray toJson(const QList<TrackedWorkflow> &workflows,
                                const QHash<qint64, QList<StateChange>> &timelines,
                                const QDateTime &now);

} // namespace exporting
} // namespace rw
