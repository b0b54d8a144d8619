#pragma once

#include "registrar/AccountLabels.h"
#include "store/TrackedWorkflow.h"

#include <QByteArray>
#include <QHash>
#include <QList>

namespace rw {

// The table and each workflow's timeline: CSV (one file each) or JSON (both in one). Nothing secret
// is in a TrackedWorkflow, so nothing secret can be exported.
namespace exporting {

// Each account is given by its ID and, beside it, the name the app shows it by (its label, or
// the ID again when it has none).

// One row per workflow; cells a spreadsheet would run as formulas are defused.
[[nodiscard]] QByteArray toCsv(const QList<TrackedWorkflow> &workflows, const QDateTime &now,
                               const AccountLabels &labels = {});
// One row per observed state change, workflow by workflow, oldest first.
[[nodiscard]] QByteArray timelinesToCsv(const QList<TrackedWorkflow> &workflows,
                                        const QHash<qint64, QList<StateChange>> &timelines,
                                        const AccountLabels &labels = {});
// {"exported_at", "workflows": [{..., "last_status": {...}, "timeline": [...]}]}; what is not
// known (a time, a state, an error) is null.
[[nodiscard]] QByteArray toJson(const QList<TrackedWorkflow> &workflows,
                                const QHash<qint64, QList<StateChange>> &timelines,
                                const QDateTime &now, const AccountLabels &labels = {});

} // namespace exporting
} // namespace rw
