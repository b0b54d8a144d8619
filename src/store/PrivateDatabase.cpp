#include "store/PrivateDatabase.h"

#include "common/FilePrivacy.h"
#include "common/Logging.h"

#include <QFile>
#include <QFileInfo>

#include <unistd.h>

using namespace Qt::StringLiterals;

namespace rw::privateDatabase {

namespace {

const QString suffixes[] = {QString(), u"-wal"_s, u"-shm"_s};

} // namespace

std::optional<QString> keep(const QString &path, bool opened)
{
    // A new database is made private from its start, in folders made private (SQLite gives its
    // -wal and -shm files the database file's mode). What cannot be made here is left to the
    // opening to say.
    if (!opened && !QFileInfo::exists(path)) {
        (void)FilePrivacy::makeFolders(QFileInfo(path).absolutePath());
        QFile file(path);
        (void)file.open(QIODevice::WriteOnly | QIODevice::NewOnly,
                        QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    }
    for (const QString &suffix : suffixes) {
        const auto problem = FilePrivacy::check(path + suffix);
        if (!problem || (!opened && problem->kind == FilePrivacy::Kind::CannotCheck))
            continue;
        if (!problem->onlyReadable())
            return problem->sentence;
        if (const auto error = FilePrivacy::makePrivate(path + suffix))
            return u"%1 %2"_s.arg(problem->sentence, *error);
        qCInfo(lcStore).noquote() << "Made private:" << problem->sentence;
    }
    return std::nullopt;
}

std::optional<FilePrivacy::Problem> mendable(const QString &path)
{
    // A folder others can write is the user's to make private only when it is theirs (a root's
    // shared folder is let through by check(), not ours to change).
    if (const auto folder = FilePrivacy::checkFolderOf(path);
        folder && (folder->kind != FilePrivacy::Kind::FolderWritableByOthers ||
                   QFileInfo(folder->path).ownerId() != ::geteuid()))
        return std::nullopt;
    for (const QString &suffix : suffixes) {
        const auto problem = FilePrivacy::check(path + suffix);
        if (!problem || problem->onlyReadable())
            continue; // keep() makes a file others can only read private on its own
        if (problem->kind == FilePrivacy::Kind::OthersCanWrite ||
            problem->kind == FilePrivacy::Kind::FolderWritableByOthers)
            return problem;
        return std::nullopt; // another user's, a link: not for us to change
    }
    return std::nullopt;
}

std::optional<QString> mend(const QString &path)
{
    // The folder first: while others can write it, one of them could put a link in a file's
    // place between its check and its chmod.
    if (const auto folder = FilePrivacy::checkFolderOf(path);
        folder && folder->kind == FilePrivacy::Kind::FolderWritableByOthers && mendable(path)) {
        if (const auto error = FilePrivacy::makeFolderPrivate(folder->path))
            return error;
        qCInfo(lcStore).noquote() << "Made private at the user's word:" << folder->sentence;
    }
    QString mended; // what a mode change did not mend (a file system without modes) is said
    while (const auto problem = mendable(path)) {
        if (problem->path == mended)
            return u"%1 It could not be changed here."_s.arg(problem->sentence);
        const auto error = problem->kind == FilePrivacy::Kind::FolderWritableByOthers
                               ? FilePrivacy::makeFolderPrivate(problem->path)
                               : FilePrivacy::makePrivate(problem->path);
        if (error)
            return error;
        qCInfo(lcStore).noquote() << "Made private at the user's word:" << problem->sentence;
        mended = problem->path;
    }
    return std::nullopt;
}

} // namespace rw::privateDatabase
