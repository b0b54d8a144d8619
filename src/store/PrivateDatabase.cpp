#include "store/PrivateDatabase.h"

#include "common/FilePrivacy.h"
#include "common/Logging.h"

#include <QFile>
#include <QFileInfo>

using namespace Qt::StringLiterals;

namespace rw::privateDatabase {

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
    for (const QString &suffix : {QString(), u"-wal"_s, u"-shm"_s}) {
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

} // namespace rw::privateDatabase
