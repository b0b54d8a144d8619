#pragma once

#include "registrar/AccountLabels.h"

#include <QList>
#include <QString>

#include <optional>

class QWidget;

namespace rw {
class PollEngine;
class WorkflowStore;
} // namespace rw

namespace rw::ui {

enum class ExportFormat {
    Table,   // CSV: the table
    Changes, // CSV: every state change (from the store)
    Both,    // JSON: the table with each timeline (from the store) and last answer
};

// Writes these workflows to `path` in `format`, in this order. The state changes come from
// `store`; without one (a demo that keeps nothing on disk) only the table can be written.
// Returns the sentence that says why nothing was written, or nothing when it was.
[[nodiscard]] std::optional<QString> writeExport(const QString &path, ExportFormat format,
                                                 const QList<qint64> &ids, const PollEngine &engine,
                                                 WorkflowStore *store,
                                                 const AccountLabels &labels = {});

// "Export…": asks where and in which format (the table as CSV, every state change as CSV, or
// both as JSON), then writes these workflows there, in this order. Returns the path written;
// nothing when the operator cancelled or nothing could be written (said in a message box).
// Accounts are named by `labels` beside their IDs. Without a store, only the table is offered.
[[nodiscard]] std::optional<QString> exportWorkflows(QWidget *parent, const QList<qint64> &ids,
                                                     const PollEngine &engine, WorkflowStore *store,
                                                     const AccountLabels &labels = {});

} // namespace rw::ui
