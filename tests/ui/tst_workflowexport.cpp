// Export from a session that keeps nothing on disk: the demo started where no store can be made
// has no state changes to write. The table is written; the timelines are refused with a sentence,
// never a crash (MainWindow::exportTable dereferenced the missing store).

#include "engine/PollEngine.h"
#include "session/DesktopSession.h"
#include "settings/AppSettings.h"
#include "settings/MemorySecretStore.h"
#include "ui/WorkflowExport.h"

#include <QFile>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace rw;
using rw::session::DesktopSession;
using rw::ui::ExportFormat;

class TestWorkflowExport : public QObject
{
    Q_OBJECT
private slots:
    void theDemoWithoutAStoreExportsTheTableOnly();
};

void TestWorkflowExport::theDemoWithoutAStoreExportsTheTableOnly()
{
    QTemporaryDir dir;
    QFile blocker(dir.filePath(u"blocker"_s));
    QVERIFY(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    // The data folder would be inside a file: no store can be made there.
    const QByteArray data = qgetenv("XDG_DATA_HOME");
    qputenv("XDG_DATA_HOME", blocker.fileName().toUtf8() + "/data");
    AppSettings settings{new QSettings(dir.filePath(u"settings.ini"_s), QSettings::IniFormat)};
    MemorySecretStore memory;
    DesktopSession demo(
        &settings, [&memory](AppSettings::SecretStorage) { return &memory; },
        DesktopSession::Options{true, {}, {}});
    const auto started = demo.start();
    qputenv("XDG_DATA_HOME", data);
    QVERIFY2(!started, qPrintable(started.value_or(QString())));
    QCOMPARE(demo.store(), nullptr);
    QList<qint64> ids;
    for (const TrackedWorkflow &workflow : demo.engine()->snapshot())
        ids.append(workflow.id);
    QVERIFY(!ids.isEmpty());

    const QString table = dir.filePath(u"table.csv"_s);
    const auto tableFailure =
        ui::writeExport(table, ExportFormat::Table, ids, *demo.engine(), demo.store());
    QVERIFY2(!tableFailure, qPrintable(tableFailure.value_or(QString())));
    QFile written(table);
    QVERIFY(written.open(QIODevice::ReadOnly));
    const QByteArray csv = written.readAll();
    for (const TrackedWorkflow &workflow : demo.engine()->snapshot())
        QVERIFY2(csv.contains(workflow.ref.domain.toUtf8()), csv.constData());

    for (const ExportFormat format : {ExportFormat::Changes, ExportFormat::Both}) {
        const QString path = dir.filePath(u"changes"_s);
        const auto failure = ui::writeExport(path, format, ids, *demo.engine(), demo.store());
        QVERIFY(failure);
        QVERIFY2(failure->contains(u"Nothing was written"_s) &&
                     failure->contains(u"Export the table as CSV"_s),
                 qPrintable(*failure));
        QVERIFY(!QFile::exists(path));
    }
}

QTEST_MAIN(TestWorkflowExport)
#include "tst_workflowexport.moc"
