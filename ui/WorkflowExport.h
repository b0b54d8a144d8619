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

// "Export…": asks where and in which format (the table as CSV, every state change as CSV, or
// both as JSON), then writes these workflows there, in this order. Returns the path written;
// nothing when the operator cancelled or nothing could be written (said in a message box).
// Accounts are named by `labels` beside their IDs.
[[nodiscard]] std::optional<QString> exportWorkflows(QWidget *parent, const QList<qint64> &ids,
                                                     const PollEngine &engine, WorkflowStore &store,
                                                     const AccountLabels &labels = {});

} // namespace rw::ui
