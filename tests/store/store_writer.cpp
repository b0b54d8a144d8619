// A helper for tst_workflowstore: writes to a store as fast as it can and says after every
// commit what is now durable, so the test can kill it (-9) mid-write, or cap its file size to
// make the disk "full", and then check what survived.
//
//   store_writer PATH [--fsize-limit BYTES]
//
// Prints "committed N" after workflow N and its history row are committed, "error: TEXT" for a
// failed write (then carries on), and stops after 100000 workflows.

#include "store/WorkflowStore.h"

#include <QCoreApplication>
#include <QTextStream>
#include <QTimeZone>

#include <csignal>
#include <sys/resource.h>

using namespace Qt::StringLiterals;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = QCoreApplication::arguments();
    QTextStream out(stdout);
    if (args.size() < 2)
        return 2;
    if (args.size() == 4 && args.at(2) == u"--fsize-limit") {
        // Writes beyond the limit fail with EFBIG, which SQLite reports as a full disk.
        std::signal(SIGXFSZ, SIG_IGN);
        const rlim_t limit = args.at(3).toULongLong();
        const rlimit value{limit, limit};
        setrlimit(RLIMIT_FSIZE, &value);
    }
    auto store = rw::WorkflowStore::open(args.at(1));
    if (!store) {
        out << "error: " << store.error() << Qt::endl;
        return 1;
    }
    const QDateTime start(QDate(2026, 3, 1), QTime(12, 0), QTimeZone::utc());
    int failures = 0;
    for (int i = 1; i <= 100000 && failures < 20; ++i) {
        rw::TrackedWorkflow workflow;
        workflow.ref = {{u"023e105f4ecef8ad9ca31a8372d0c353"_s, false},
                        u"w%1.example"_s.arg(i),
                        rw::WorkflowKind::Update};
        workflow.trackedAt = start.addSecs(i);
        workflow.watchingSince = workflow.trackedAt;
        workflow.lastBody = QByteArray(512, 'x'); // some bulk, so the file grows
        auto id = store.value()->insert(workflow);
        if (!id) {
            out << "error: " << id.error() << Qt::endl;
            ++failures;
            continue;
        }
        workflow.id = id.value();
        workflow.polls = 1;
        const rw::StateChange change{workflow.id, workflow.trackedAt, std::nullopt, u"pending"_s,
                                     QJsonObject{{u"state"_s, u"pending"_s}}};
        if (const auto error = store.value()->save(workflow, change)) {
            out << "error: " << *error << Qt::endl;
            ++failures;
            continue;
        }
        out << "committed " << i << Qt::endl;
    }
    return 0;
}
