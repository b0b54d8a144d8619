#include "store/PendingWorkflows.h"

#include "common/FilePrivacy.h"
#include "store/HandOver.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLockFile>
#include <QStandardPaths>

using namespace Qt::StringLiterals;

namespace rw {

namespace {

constexpr int lockWaitMs = 5000;

Expected<QList<WorkflowRef>> readAll(const QString &path)
{
    QFile file(path);
    if (!file.exists())
        return QList<WorkflowRef>();
    if (!file.open(QIODevice::ReadOnly))
        return Unexpected{u"Cannot read %1: %2"_s.arg(path, file.errorString())};
    QList<WorkflowRef> workflows;
    while (!file.atEnd()) {
        const QByteArray line = file.readLine().trimmed();
        if (line.isEmpty())
            continue;
        if (auto workflow = handOver::fromJsonLine(line)) // one it cannot read is skipped
            workflows.append(*workflow);
    }
    return workflows;
}

} // namespace

PendingWorkflows::PendingWorkflows(QString path)
    : m_path(path.isEmpty()
                 ? QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation))
                       .filePath(u"pending-workflows.jsonl"_s)
                 : std::move(path))
{}

std::optional<QString> PendingWorkflows::append(const QList<WorkflowRef> &workflows)
{
    // The data folder, which the store and the request ledger share: made private, as they
    // need it.
    const QString directory = QFileInfo(m_path).absolutePath();
    if (const auto problem = FilePrivacy::makeFolders(directory))
        return *problem;
    QLockFile lock(m_path + u".lock"_s);
    if (!lock.tryLock(lockWaitMs))
        return u"%1 is locked by another program."_s.arg(m_path);
    QFile file(m_path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Append))
        return u"Cannot write %1: %2"_s.arg(m_path, file.errorString());
    QByteArray lines;
    for (const WorkflowRef &workflow : workflows)
        lines += handOver::toJsonLine(workflow);
    if (file.write(lines) != lines.size() || !file.flush())
        return u"Cannot write %1: %2"_s.arg(m_path, file.errorString());
    return std::nullopt;
}

Expected<QList<WorkflowRef>> PendingWorkflows::take()
{
    if (!QFile::exists(m_path))
        return QList<WorkflowRef>(); // the usual case: nothing was handed over meanwhile
    QLockFile lock(m_path + u".lock"_s);
    if (!lock.tryLock(lockWaitMs))
        return Unexpected{u"%1 is locked by another program."_s.arg(m_path)};
    auto workflows = readAll(m_path);
    if (workflows && QFile::exists(m_path) && !QFile::remove(m_path))
        return Unexpected{
            u"Cannot remove %1 once read: its workflows stay for the next start."_s.arg(m_path)};
    return workflows;
}

Expected<QList<WorkflowRef>> PendingWorkflows::peek() const
{
    return readAll(m_path);
}

} // namespace rw
