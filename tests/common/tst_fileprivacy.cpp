// A file that must be the user's alone, checked with real files, modes and links: what passes,
// what is refused and with which sentence, and what makePrivate fixes.

#include "common/FilePrivacy.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace Qt::StringLiterals;
using rw::FilePrivacy;

Q_DECLARE_METATYPE(std::optional<FilePrivacy::Kind>)

namespace {

void writeFile(const QString &path, mode_t mode)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("{}");
    file.close();
    QCOMPARE(::chmod(QFile::encodeName(path).constData(), mode), 0);
}

mode_t modeOf(const QString &path)
{
    struct stat st
    {};
    if (::lstat(QFile::encodeName(path).constData(), &st) != 0)
        return 0;
    return st.st_mode & 07777;
}

// Another user to own a file: only root can give one away.
std::optional<uid_t> otherUser()
{
    if (::geteuid() != 0)
        return std::nullopt;
    const passwd *nobody = ::getpwnam("nobody");
    return nobody ? std::optional<uid_t>(nobody->pw_uid) : std::nullopt;
}

} // namespace

class TestFilePrivacy : public QObject
{
    Q_OBJECT
private slots:
    void modes_data();
    void modes();
    void aSymlinkIsRefused();
    void anotherUsersFileIsRefused();
    void serviceCredentialsMayShowAclInGroupBits();
    void makePrivateFixesFileAndFolder();
    void makePrivateSaysWhyItCannot();
    void makeFoldersMakesThemPrivateWhateverTheUmask();
};

void TestFilePrivacy::modes_data()
{
    QTest::addColumn<int>("folderMode");
    QTest::addColumn<int>("fileMode"); // 0: no file
    QTest::addColumn<std::optional<FilePrivacy::Kind>>("expected");
    QTest::addColumn<QString>("words");
    using K = FilePrivacy::Kind;
    const std::optional<K> none;
    QTest::newRow("0600 in 0700") << 0700 << 0600 << none << QString();
    QTest::newRow("0600 in 0755") << 0755 << 0600 << none << QString();
    QTest::newRow("0400 in 0500") << 0500 << 0400 << none << QString();
    QTest::newRow("the issue's case: 0644 in 0755")
        << 0755 << 0644 << std::optional(K::OthersCanRead)
        << u"is readable by other users: mode 0644"_s;
    // Others could have replaced the file: that is said, not that they can read it.
    QTest::newRow("0644 in 0777") << 0777 << 0644 << std::optional(K::FolderWritableByOthers)
                                  << u"could replace the file"_s;
    QTest::newRow("group may read")
        << 0700 << 0640 << std::optional(K::OthersCanRead) << u"mode 0640"_s;
    QTest::newRow("others may read")
        << 0700 << 0604 << std::optional(K::OthersCanRead) << u"chmod 600"_s;
    QTest::newRow("group may write") << 0700 << 0620 << std::optional(K::OthersCanWrite)
                                     << u"can be written by other users: mode 0620"_s;
    QTest::newRow("everyone may write")
        << 0700 << 0666 << std::optional(K::OthersCanWrite) << u"mode 0666"_s;
    QTest::newRow("folder group-writable")
        << 0770 << 0600 << std::optional(K::FolderWritableByOthers) << u"could replace the file"_s;
    QTest::newRow("folder world-writable")
        << 0757 << 0600 << std::optional(K::FolderWritableByOthers) << u"mode 0757"_s;
    QTest::newRow("sticky world-writable folder, as /tmp") << 01777 << 0600 << none << QString();
    QTest::newRow("no file yet, private folder") << 0700 << 0 << none << QString();
    QTest::newRow("no file yet, world-writable folder")
        << 0777 << 0 << std::optional(K::FolderWritableByOthers) << u"chmod 700"_s;
}

void TestFilePrivacy::modes()
{
    QFETCH(int, folderMode);
    QFETCH(int, fileMode);
    QFETCH(std::optional<FilePrivacy::Kind>, expected);
    QFETCH(QString, words);
    QTemporaryDir top;
    QVERIFY(top.isValid());
    const QString folder = top.filePath(u"folder"_s);
    QVERIFY(QDir().mkdir(folder));
    const QString path = folder + u"/secrets.json"_s;
    if (fileMode != 0)
        writeFile(path, mode_t(fileMode));
    QCOMPARE(::chmod(QFile::encodeName(folder).constData(), mode_t(folderMode)), 0);

    const auto problem = FilePrivacy::check(path);
    QCOMPARE(problem ? std::optional(problem->kind) : std::nullopt, expected);
    if (problem) {
        QVERIFY2(problem->sentence.contains(words), qPrintable(problem->sentence));
        QVERIFY2(problem->sentence.contains(problem->path), qPrintable(problem->sentence));
        QCOMPARE(problem->onlyReadable(), *expected == FilePrivacy::Kind::OthersCanRead);
    }
    ::chmod(QFile::encodeName(folder).constData(), 0700); // so the folder can be removed
}

void TestFilePrivacy::aSymlinkIsRefused()
{
    QTemporaryDir dir;
    const QString target = dir.filePath(u"elsewhere.json"_s);
    writeFile(target, 0600);
    const QString link = dir.filePath(u"secrets.json"_s);
    QVERIFY(QFile::link(target, link));
    const auto problem = FilePrivacy::check(link);
    QVERIFY(problem);
    QCOMPARE(problem->kind, FilePrivacy::Kind::Symlink);
    QVERIFY2(problem->sentence.contains(u"symbolic link to "_s + target),
             qPrintable(problem->sentence));
    QVERIFY(FilePrivacy::makePrivate(link)); // not followed: a sentence
}

void TestFilePrivacy::anotherUsersFileIsRefused()
{
    const auto other = otherUser();
    if (!other)
        QSKIP("Giving a file to another user needs root and the user nobody.");
    QTemporaryDir dir;
    const QString path = dir.filePath(u"secrets.json"_s);
    writeFile(path, 0600);
    QCOMPARE(::chown(QFile::encodeName(path).constData(), *other, gid_t(-1)), 0);
    const auto problem = FilePrivacy::check(path);
    QVERIFY(problem);
    QCOMPARE(problem->kind, FilePrivacy::Kind::NotOwner);
    QVERIFY2(problem->sentence.contains(u"belongs to another user"_s),
             qPrintable(problem->sentence));
    const auto why = FilePrivacy::makePrivate(path);
    QVERIFY(why);
    QVERIFY2(why->contains(path), qPrintable(*why));
}

void TestFilePrivacy::serviceCredentialsMayShowAclInGroupBits()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"token"_s);
    writeFile(path, 0440);
    QCOMPARE(::chmod(QFile::encodeName(dir.path()).constData(), 0500), 0);
    const FilePrivacy::Rule service{true, true};
    QVERIFY(!FilePrivacy::check(path, service));
    QVERIFY(FilePrivacy::check(path)); // the strict rule refuses it
    QCOMPARE(::chmod(QFile::encodeName(path).constData(), 0444), 0);
    const auto problem = FilePrivacy::check(path, service);
    QVERIFY(problem);
    QCOMPARE(problem->kind, FilePrivacy::Kind::OthersCanRead);
    ::chmod(QFile::encodeName(dir.path()).constData(), 0700);
}

void TestFilePrivacy::makePrivateFixesFileAndFolder()
{
    QTemporaryDir top;
    const QString folder = top.filePath(u"folder"_s);
    QVERIFY(QDir().mkdir(folder));
    const QString path = folder + u"/secrets.json"_s;
    writeFile(path, 0644);
    QCOMPARE(::chmod(QFile::encodeName(folder).constData(), 0775), 0);
    QVERIFY(FilePrivacy::check(path));

    const auto error = FilePrivacy::makePrivate(path);
    QVERIFY2(!error, qPrintable(error.value_or(QString())));
    QCOMPARE(modeOf(path), mode_t(0600));
    QCOMPARE(modeOf(folder), mode_t(0700));
    QVERIFY(!FilePrivacy::check(path));

    // A private folder that others may read is left as it is: only what is at fault changes.
    QCOMPARE(::chmod(QFile::encodeName(folder).constData(), 0755), 0);
    QCOMPARE(::chmod(QFile::encodeName(path).constData(), 0644), 0);
    QVERIFY(!FilePrivacy::makePrivate(path));
    QCOMPARE(modeOf(path), mode_t(0600));
    QCOMPARE(modeOf(folder), mode_t(0755));
}

void TestFilePrivacy::makePrivateSaysWhyItCannot()
{
    QTemporaryDir dir;
    const QString missing = dir.filePath(u"missing.json"_s);
    const auto why = FilePrivacy::makePrivate(missing);
    QVERIFY(why);
    QVERIFY2(why->contains(missing), qPrintable(*why));
}

// With a umask of 002 (a user private group's default) QDir::mkpath makes folders 0775, which
// the check refuses: the folders made for a private file are 0700, the ones there left alone.
void TestFilePrivacy::makeFoldersMakesThemPrivateWhateverTheUmask()
{
    QTemporaryDir dir;
    const QString there = dir.filePath(u"there"_s);
    QVERIFY(QDir().mkdir(there));
    QCOMPARE(::chmod(QFile::encodeName(there).constData(), 0755), 0);
    const QString deep = there + u"/Registrar Watch/registrar-watch"_s;
    const mode_t before = ::umask(002);
    const auto problem = FilePrivacy::makeFolders(deep);
    ::umask(before);
    QVERIFY2(!problem, qPrintable(problem.value_or(QString())));
    const auto modeOf = [](const QString &path) {
        struct stat st
        {};
        return ::stat(QFile::encodeName(path).constData(), &st) == 0 ? st.st_mode & 07777 : 0;
    };
    QCOMPARE(modeOf(there), mode_t(0755)); // there before: not changed
    QCOMPARE(modeOf(there + u"/Registrar Watch"_s), mode_t(0700));
    QCOMPARE(modeOf(deep), mode_t(0700));
    QVERIFY(!FilePrivacy::check(deep + u"/watch.sqlite"_s));
    QVERIFY(!FilePrivacy::makeFolders(deep)); // already there: nothing to do

    // Where a folder cannot be made, it says which and why.
    QFile blocker(dir.filePath(u"file"_s));
    QVERIFY(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    const auto refused = FilePrivacy::makeFolders(dir.filePath(u"file/inside"_s));
    QVERIFY(refused);
    QVERIFY2(refused->contains(u"file/inside cannot be made"_s), qPrintable(*refused));
    // The folder asked for is itself a file: not taken as made (the store's own sentence said
    // "unable to open database file" after it was).
    const auto aFile = FilePrivacy::makeFolders(blocker.fileName());
    QVERIFY(aFile);
    QVERIFY2(aFile->contains(u"is not a folder"_s), qPrintable(*aFile));
}

QTEST_GUILESS_MAIN(TestFilePrivacy)
#include "tst_fileprivacy.moc"
