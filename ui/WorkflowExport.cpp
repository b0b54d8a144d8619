#include "ui/WorkflowExport.h"

#include "common/Clock.h"
#include "engine/PollEngine.h"
#include "report/Export.h"
#include "store/WorkflowStore.h"

#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>
#include <QSaveFile>

using namespace Qt::StringLiterals;

namespace rw::ui {

std::optional<QString> writeExport(const QString &path, ExportFormat format,
                                   const QList<qint64> &ids, const PollEngine &engine,
                                   WorkflowStore *store, const AccountLabels &labels)
{
    const bool withTimelines = format != ExportFormat::Table;
    if (withTimelines && !store) {
        return u"Nothing was written: the state changes are kept on disk, and this session keeps "
               u"nothing there (the demo without a data folder). Export the table as CSV "
               u"instead."_s;
    }
    QList<TrackedWorkflow> workflows;
    QHash<qint64, QList<StateChange>> timelines;
    for (const qint64 id : ids) {
        const auto workflow = engine.workflow(id);
        if (!workflow)
            continue; // removed since the table was read
        workflows.append(*workflow);
        if (!withTimelines)
            continue;
        auto history = store->history(id);
        if (!history) // a partial export would pass for a whole one
            return u"Nothing was written: %1"_s.arg(history.error());
        timelines.insert(id, history.value());
    }
    const QDateTime now = SystemClock::instance().now();
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) ||
        file.write(format == ExportFormat::Both
                       ? exporting::toJson(workflows, timelines, now, labels)
                   : format == ExportFormat::Changes
                       ? exporting::timelinesToCsv(workflows, timelines, labels)
                       : exporting::toCsv(workflows, now, labels)) < 0 ||
        !file.commit())
        return u"Could not write %1: %2"_s.arg(path, file.errorString());
    return std::nullopt;
}

std::optional<QString> exportWorkflows(QWidget *parent, const QList<qint64> &ids,
                                       const PollEngine &engine, WorkflowStore *store,
                                       const AccountLabels &labels)
{
    const QString table = u"CSV: the table (*.csv)"_s;
    const QString changes = u"CSV: every state change (*.csv)"_s;
    const QString both = u"JSON: the table with each timeline and last answer (*.json)"_s;
    // Without a store there are no state changes to write: only the table is offered.
    const QStringList filters = store ? QStringList{table, changes, both} : QStringList{table};
    QFileDialog dialog(parent, u"Export workflows"_s, u"registrar-watch.csv"_s,
                       filters.join(u";;"_s));
    dialog.setAcceptMode(QFileDialog::AcceptSave);
    if (dialog.exec() != QDialog::Accepted || dialog.selectedFiles().isEmpty())
        return std::nullopt;
    const QString selectedFilter = dialog.selectedNameFilter();
    QString path = dialog.selectedFiles().constFirst();
    // A name typed without an extension gets the format's, so that the file opens in what reads
    // that format. The dialog asked about replacing the name as typed, not this one.
    if (QFileInfo(path).suffix().isEmpty()) {
        path += selectedFilter == both ? u".json"_s : u".csv"_s;
        if (QFileInfo::exists(path) &&
            QMessageBox::question(parent, u"Export workflows"_s,
                                  u"%1 already exists. Replace it?"_s.arg(
                                      QFileInfo(path).fileName())) != QMessageBox::Yes)
            return std::nullopt;
    }
    const bool json = selectedFilter == both || path.endsWith(u".json"_s, Qt::CaseInsensitive);
    const ExportFormat format = json                        ? ExportFormat::Both
                                : selectedFilter == changes ? ExportFormat::Changes
                                                            : ExportFormat::Table;
    if (const auto failure = writeExport(path, format, ids, engine, store, labels)) {
        QMessageBox::warning(parent, u"Export failed"_s, *failure);
        return std::nullopt;
    }
    return path;
}

} // namespace rw::ui
