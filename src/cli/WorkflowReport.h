#pragma once

#include "net/ApiError.h"
#include "registrar/WorkflowRef.h"
#include "registrar/WorkflowStatus.h"

#include <QJsonObject>

#include <optional>

namespace rw::cli {

// One observation of one workflow: its status, or why it could not be had. Shared by the
// subcommands for their human and JSON output.
struct WorkflowReport
{
    WorkflowRef workflow;
    std::optional<WorkflowStatus> status;
    std::optional<ApiError> error;
    QDateTime observedAt;

    // The fields of `status --json`: always the same keys, null where there is nothing.
    [[nodiscard]] QJsonObject toJson() const;
    // Columns of the human table: domain, kind, state, time in state, details.
    [[nodiscard]] QStringList toColumns(const QDateTime &now) const;
    [[nodiscard]] static QStringList columnTitles();
    // The status's note (report/WorkflowText), made safe for a terminal.
    [[nodiscard]] static QString details(const WorkflowStatus &status);
};

// Server text made safe for a terminal: control characters are shown escaped, not obeyed.
[[nodiscard]] QString printable(const QString &text);

// Aligned columns, the last one free; for terminals.
[[nodiscard]] QString formatTable(const QStringList &titles, const QList<QStringList> &rows);

} // namespace rw::cli
