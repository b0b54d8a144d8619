#pragma once

#include "common/Expected.h"
#include "registrar/WorkflowRef.h"

#include <QList>
#include <QString>

namespace rw {

// Workflows handed over (by `registrar-watch add`) while the desktop app was not running, kept
// in a file until its next start takes them. A workflow with no account takes the account the
// app runs with. Appends and takes are serialised with a lock file, so a script adding while
// the app starts loses nothing.
class PendingWorkflows
{
public:
    // `path`: empty: pending-workflows.jsonl in the user's data directory.
    explicit PendingWorkflows(QString path = {});

    [[nodiscard]] const QString &path() const { return m_path; }
    // Adds to what waits; an error sentence when the file cannot be written.
    [[nodiscard]] std::optional<QString> append(const QList<WorkflowRef> &workflows);
    // What waits, in the order it came, and forgets it; an error sentence when it cannot be
    // read (then it stays for the next try).
    [[nodiscard]] Expected<QList<WorkflowRef>> take();
    // What waits, left in place.
    [[nodiscard]] Expected<QList<WorkflowRef>> peek() const;

private:
    QString m_path;
};

} // namespace rw
