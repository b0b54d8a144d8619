// A helper for tst_workflowstore: opens a store as the user it runs as (the test runs it as
// another user under runuser, since root ignores the modes of files and folders), says what it
// found, and tries one write.
//
//   store_open PATH
//
// Prints "error: TEXT" when the store cannot be opened; else "notice: TEXT" for each notice,
// "readonly 0|1", "workflows N", and "insert: ok" or "insert: TEXT".

#include "store/WorkflowStore.h"

#include <QCoreApplication>
#include <QTextStream>

using namespace Qt::StringLiterals;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = QCoreApplication::arguments();
    QTextStream out(stdout);
    if (args.size() != 2)
        return 2;
    auto store = rw::WorkflowStore::open(args.at(1));
    if (!store) {
        out << "error: " << store.error() << Qt::endl;
        return 1;
    }
    for (const QString &notice : store.value()->notices())
        out << "notice: " << notice << Qt::endl;
    out << "readonly " << (store.value()->isReadOnly() ? 1 : 0) << Qt::endl;
    const auto loaded = store.value()->loadAll();
    out << "workflows " << (loaded ? QString::number(loaded->size()) : loaded.error()) << Qt::endl;
    rw::TrackedWorkflow workflow;
    workflow.ref = {
        {u"023e105f4ecef8ad9ca31a8372d0c353"_s, false}, u"new.example"_s, rw::WorkflowKind::Update};
    workflow.trackedAt = QDateTime::currentDateTimeUtc();
    const auto id = store.value()->insert(workflow);
    out << "insert: " << (id ? u"ok"_s : id.error()) << Qt::endl;
    return 0;
}
