#pragma once

#include <QString>

#include <optional>

namespace rw {

// Whether a file that must be the user's alone (a secret, the store) is: owned by the effective
// user, giving group and others neither read nor write, in a folder others cannot write (a 0755
// folder is fine for a 0600 file; a folder others can write lets them replace the file, unless
// it has the sticky bit, as /tmp has). A symbolic link is refused, wherever it points: the file
// we check must be the file we read, and a link lets whoever can change it choose what we read.
// A file that does not exist yet has no problem of its own; its folder is still checked.
class FilePrivacy
{
public:
    enum class Kind {
        Symlink,
        NotOwner,
        OthersCanWrite,
        OthersCanRead,
        FolderNotOwner,
        FolderWritableByOthers,
        CannotCheck,
    };

    struct Problem
    {
        Kind kind = Kind::CannotCheck;
        QString path;     // the file or folder at fault
        QString sentence; // what is wrong, where, and what to do
        // Only reading is at fault: the file can be made private by its owner without losing
        // trust in what it holds.
        [[nodiscard]] bool onlyReadable() const { return kind == Kind::OthersCanRead; }
    };

    struct Rule
    {
        // systemd's $CREDENTIALS_DIRECTORY: the files may be root's, and the service user's read
        // access may be an ACL, whose mask shows in the group bits. Others still get nothing.
        bool rootMayOwn = false;
        bool groupMayRead = false;
    };

    [[nodiscard]] static std::optional<Problem> check(const QString &path, Rule rule);
    [[nodiscard]] static std::optional<Problem> check(const QString &path);
    // The folder's part of check() alone: whose it is and who can write it.
    [[nodiscard]] static std::optional<Problem> checkFolderOf(const QString &path);
    // Makes the file 0600 and, if others can write its folder, the folder 0700, when they are
    // ours; nothing when already private. A sentence when it cannot.
    [[nodiscard]] static std::optional<QString> makePrivate(const QString &path);
    // Makes a folder of ours 0700, as checked above (through a link to it). A sentence when it
    // cannot.
    [[nodiscard]] static std::optional<QString> makeFolderPrivate(const QString &folder);
    // Makes the folder and the parents it lacks, each private (0700) whatever the umask: with
    // a umask of 002 (a user private group's default) folders are made 0775, and the check
    // above refuses what they hold. Folders that exist are left as they are. A sentence when
    // one cannot be made.
    [[nodiscard]] static std::optional<QString> makeFolders(const QString &folder);
    // "0644"
    [[nodiscard]] static QString modeText(unsigned mode);
};

} // namespace rw
