#pragma once

#include "registrar/WorkflowRef.h"

#include <QByteArray>
#include <QList>
#include <QStringList>

#include <optional>

namespace rw::handOver {

// What one Registrar Watch hands another through the single-instance channel, and what
// `registrar-watch add` records for the app's next start: a verb, then its words.

// A later launch of the desktop app, with its arguments: "launch", then the arguments.
[[nodiscard]] QStringList launch(const QStringList &arguments);
[[nodiscard]] std::optional<QStringList> launchArguments(const QStringList &message);

// Workflows to watch: "add", then the workflows as JSON. A workflow without an account takes
// the account the app runs with.
[[nodiscard]] QStringList add(const QList<WorkflowRef> &workflows);
[[nodiscard]] std::optional<QList<WorkflowRef>> workflowsOf(const QStringList &message);

// One workflow as a line of JSON, and back (none for a line this version cannot read).
[[nodiscard]] QByteArray toJsonLine(const WorkflowRef &workflow);
[[nodiscard]] std::optional<WorkflowRef> fromJsonLine(const QByteArray &line);

} // namespace rw::handOver
