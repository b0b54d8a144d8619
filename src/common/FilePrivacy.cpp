#include "common/FilePrivacy.h"

#include <QDir>
#include <QFileInfo>

#include <cerrno>
#include <cstring>
#include <sys/stat.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace rw {

namespace {

QString native(const QString &path)
{
    return QDir::toNativeSeparators(path);
}

QString folderOf(const QString &path)
{
    return QFileInfo(path).absolutePath();
}

QString errnoText(int error)
{
    return QString::fromLocal8Bit(std::strerror(error));
}

FilePrivacy::Problem problem(FilePrivacy::Kind kind, const QString &path, QString sentence)
{
    return {kind, path, std::move(sentence)};
}

std::optional<FilePrivacy::Problem> checkFolder(const QString &file)
{
    const QString folder = folderOf(file);
    struct stat st
    {};
    if (::stat(QFile::encodeName(folder).constData(), &st) != 0) {
        if (errno == ENOENT)
            return std::nullopt; // created private when the file is written
        return problem(
            FilePrivacy::Kind::CannotCheck, folder,
            u"The folder %1 cannot be checked: %2."_s.arg(native(folder), errnoText(errno)));
    }
    const uid_t me = ::geteuid();
    if (st.st_uid != me && st.st_uid != 0)
        return problem(FilePrivacy::Kind::FolderNotOwner, folder,
                       u"The folder %1, which holds %2, belongs to another user (uid %3), who "
                       u"can replace the file: move it to a folder of yours."_s
                           .arg(native(folder), native(file))
                           .arg(st.st_uid));
    const bool othersWrite = (st.st_mode & (S_IWGRP | S_IWOTH)) != 0;
    const bool sticky = (st.st_mode & S_ISVTX) != 0;
    if (othersWrite && !sticky)
        return problem(FilePrivacy::Kind::FolderWritableByOthers, folder,
                       u"The folder %1, which holds %2, can be written by other users (mode %3), "
                       u"who could replace the file: make the folder private (chmod 700 %1)."_s.arg(
                           native(folder), native(file), FilePrivacy::modeText(st.st_mode)));
    return std::nullopt;
}

} // namespace

std::optional<QString> FilePrivacy::makeFolders(const QString &folder)
{
    QStringList missing;
    QString at = QDir::cleanPath(QFileInfo(folder).absoluteFilePath());
    while (!QFileInfo::exists(at)) {
        missing.prepend(at);
        const QString parent = QFileInfo(at).absolutePath();
        if (parent == at)
            break;
        at = parent;
    }
    if (!QFileInfo(at).isDir()) // a file where a folder must be
        return u"The folder %1 cannot be made: %2 is not a folder."_s.arg(
            native(QDir::cleanPath(QFileInfo(folder).absoluteFilePath())), native(at));
    for (const QString &path : std::as_const(missing)) {
        if (QDir().mkdir(path,
                         QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner))
            continue;
        const int error = errno;
        if (!QFileInfo(path).isDir()) // not made by another process meanwhile
            return u"The folder %1 cannot be made: %2."_s.arg(native(path), errnoText(error));
    }
    return std::nullopt;
}

QString FilePrivacy::modeText(unsigned mode)
{
    return u"%1"_s.arg(mode & 07777, 4, 8, QLatin1Char('0'));
}

std::optional<FilePrivacy::Problem> FilePrivacy::checkFolderOf(const QString &path)
{
    return checkFolder(path);
}

std::optional<FilePrivacy::Problem> FilePrivacy::check(const QString &path)
{
    return check(path, Rule{});
}

std::optional<FilePrivacy::Problem> FilePrivacy::check(const QString &path, Rule rule)
{
    struct stat st
    {};
    if (::lstat(QFile::encodeName(path).constData(), &st) != 0) {
        if (errno == ENOENT)
            return checkFolder(path);
        return problem(Kind::CannotCheck, path,
                       u"%1 cannot be checked: %2."_s.arg(native(path), errnoText(errno)));
    }
    if (S_ISLNK(st.st_mode))
        return problem(Kind::Symlink, path,
                       u"%1 is a symbolic link to %2; a private file must be the file itself: "
                       u"put the file in its place."_s.arg(
                           native(path), native(QFileInfo(path).symLinkTarget())));
    const uid_t me = ::geteuid();
    if (st.st_uid != me && !(rule.rootMayOwn && st.st_uid == 0))
        return problem(Kind::NotOwner, path,
                       u"%1 belongs to another user (uid %2, not %3): a private file must be "
                       u"yours; replace it with one of your own."_s.arg(native(path))
                           .arg(st.st_uid)
                           .arg(me));
    const mode_t writable = S_IWGRP | S_IWOTH;
    if (st.st_mode & writable)
        return problem(Kind::OthersCanWrite, path,
                       u"%1 can be written by other users: mode %2. Make it private (chmod 600 "
                       u"%1) and check what it holds."_s.arg(native(path), modeText(st.st_mode)));
    const mode_t readable = rule.groupMayRead ? S_IROTH : (S_IRGRP | S_IROTH);
    // A file others could have replaced is worse than one they can read: the folder is said
    // first, and the file is not "only readable" (onlyReadable() trusts what it holds).
    if (st.st_mode & readable) {
        if (auto folder = checkFolder(path))
            return folder;
        return problem(
            Kind::OthersCanRead, path,
            u"%1 is readable by other users: mode %2. Make it private (chmod 600 %1)."_s.arg(
                native(path), modeText(st.st_mode)));
    }
    return checkFolder(path);
}

std::optional<QString> FilePrivacy::makePrivate(const QString &path)
{
    const QByteArray name = QFile::encodeName(path);
    struct stat st
    {};
    if (::lstat(name.constData(), &st) != 0)
        return u"%1 cannot be made private: %2."_s.arg(native(path), errnoText(errno));
    if (S_ISLNK(st.st_mode))
        return u"%1 is a symbolic link; it is not changed: put the file itself in its place."_s.arg(
            native(path));
    const uid_t me = ::geteuid();
    if (st.st_uid != me)
        return u"%1 belongs to another user (uid %2): only they or an administrator can change "
               u"its mode."_s.arg(native(path))
                   .arg(st.st_uid);
    if ((st.st_mode & 0777) != 0600 && ::chmod(name.constData(), 0600) != 0)
        return u"%1 cannot be made private: %2."_s.arg(native(path), errnoText(errno));
    if (const auto folder = checkFolder(path);
        folder && folder->kind == Kind::FolderWritableByOthers)
        return makeFolderPrivate(folder->path);
    return std::nullopt;
}

std::optional<QString> FilePrivacy::makeFolderPrivate(const QString &folder)
{
    const QByteArray name = QFile::encodeName(folder);
    struct stat dir
    {};
    if (::stat(name.constData(), &dir) != 0)
        return u"The folder %1 cannot be made private: %2."_s.arg(native(folder), errnoText(errno));
    if (!S_ISDIR(dir.st_mode) || dir.st_uid != ::geteuid())
        return u"The folder %1 is not yours: only its owner or an administrator can make it "
               u"private."_s.arg(native(folder));
    if ((dir.st_mode & 0777) != 0700 && ::chmod(name.constData(), 0700) != 0)
        return u"The folder %1 cannot be made private: %2."_s.arg(native(folder), errnoText(errno));
    return std::nullopt;
}

} // namespace rw
