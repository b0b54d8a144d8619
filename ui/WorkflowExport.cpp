#include "ui/WorkflowExport.h"

#include "common/Clock.h"
#include "engine/PollEngine.h"
#include "report/Export.h"
#include "store/WorkflowStore.h"

#include <QFileDialog>
#include <QMessageBox>
#include <QSaveFile>

using namespace Qt::StringLiterals;

namespace rw::ui {

std::optional<QString> exportWorkflows(QWidget *parent, const QList<qint64> &ids,
                                       const PollEngine &engine, WorkflowStore &store)
{
    const QString table = u"CSV: the table (*.csv)"_s;
    const QString changes = u"CSV: every state change (*.csv)"_s;
    const QString both = u"JSON: the table with each timeline and last answer (*.json)"_s;
    QString selectedFilter;
    const QString path = QFileDialog::getSaveFileName(
        parent, u"Export workflows"_s, u"registrar-watch.csv"_s,
        QStringList{table, changes, both}.join(u";;"_s), &selectedFilter);
    if (path.isEmpty())
        return std::nullopt;
    const bool json = selectedFilter == both || path.endsWith(u".json"_s, Qt::CaseInsensitive);
    const bool timelinesOnly = !json && selectedFilter == changes;
    QList<TrackedWorkflow> workflows;
    QHash<qint64, QList<StateChange>> timelines;
    for (const qint64 id : ids) {
        workflows.append(*engine.workflow(id));
        if (!json && !timelinesOnly)
            continue;
        auto history = store.history(id);
        if (!history) { // a partial export would pass for a whole one
            QMessageBox::warning(parent, u"Export failed"_s,
                                 u"Nothing was written: %1"_s.arg(history.error()));
            return std::nullopt;
        }
        timelines.insert(id, history.value());
    }
    const QDateTime now = SystemClock::instance().now();
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) ||
        file.write(json            ? exporting::toJson(workflows, timelines, now)
                   : timelinesOnly ? exporting::timelinesToCsv(workflows, timelines)
                                   : exporting::toCsv(workflows, now)) < 0 ||
        !file.commit()) {
        QMessageBox::warning(parent, u"Export failed"_s,
                             u"Could not write %1: %2"_s.arg(path, file.errorString()));
        return std::nullopt;
    }
    return path;
}

} // namespace rw::ui
