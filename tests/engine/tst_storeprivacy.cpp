// The workflow store holds no secret, but domain names and account IDs: it is kept private
// (0600) by the engine's host, and one that others can change is not opened at all. The same
// for the request ledger, which says when and on which credentials the user's processes ask,
// and decides how often they may: whichever process opens it (the app, `watch`, `status`).

#include "engine/EngineHost.h"
#include "store/PrivateDatabase.h"
#include "store/RequestLedger.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>
#include <unistd.h>

using namespace Qt::StringLiterals;
using rw::EngineHost;

namespace {

mode_t modeOf(const QString &path)
{
    struct stat st
    {};
    if (::stat(QFile::encodeName(path).constData(), &st) != 0)
        return 0;
    return st.st_mode & 07777;
}

bool setMode(const QString &path, mode_t mode)
{
    return ::chmod(QFile::encodeName(path).constData(), mode) == 0;
}

QByteArray contentOf(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// A store as a first start leaves it; closed again.
bool makeStore(const QString &path)
{
    auto host = EngineHost::open({path, {}, false});
    return host.hasValue();
}

} // namespace

class TestStorePrivacy : public QObject
{
    Q_OBJECT
private slots:
    void aNewStoreIsPrivate();
    void aStoreOthersCanReadIsMadePrivate();
    void aStoreOthersCanWriteIsNotOpened();
    void aStoreInAFolderOthersCanWriteIsNotOpened();
    void aStoreOthersCanWriteIsMadePrivateAtTheUsersWord();
    void aStoreInAFolderOthersCanWriteIsMadePrivateAtTheUsersWord();
    void whatIsNotTheUsersIsNotMendable();
    void aNewLedgerIsPrivate();
    void aLedgerOthersCanReadIsMadePrivate();
    void aLedgerOthersCanWriteIsNotUsed();
};

void TestStorePrivacy::aNewStoreIsPrivate()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"watch.sqlite"_s);
    auto host = EngineHost::open({path, {}, false});
    QVERIFY2(host.hasValue(), qPrintable(host ? QString() : host.error()));
    QCOMPARE(modeOf(path), mode_t(0600));
}

void TestStorePrivacy::aStoreOthersCanReadIsMadePrivate()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"watch.sqlite"_s);
    QVERIFY(makeStore(path));
    QVERIFY(setMode(path, 0644));
    QVERIFY(setMode(dir.path(), 0755));
    auto host = EngineHost::open({path, {}, false});
    QVERIFY2(host.hasValue(), qPrintable(host ? QString() : host.error()));
    QCOMPARE(modeOf(path), mode_t(0600));
    for (const QString &suffix : {u"-wal"_s, u"-shm"_s}) {
        if (QFile::exists(path + suffix))
            QCOMPARE(modeOf(path + suffix), mode_t(0600));
    }
    QCOMPARE(modeOf(dir.path()), mode_t(0755)); // the folder was not at fault
    QVERIFY(setMode(dir.path(), 0700));
}

void TestStorePrivacy::aStoreOthersCanWriteIsNotOpened()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"watch.sqlite"_s);
    QVERIFY(makeStore(path));
    QVERIFY(setMode(path, 0666));
    const QByteArray before = contentOf(path);
    auto host = EngineHost::open({path, {}, false});
    QVERIFY(!host.hasValue());
    QVERIFY2(host.error().contains(path) &&
                 host.error().contains(u"can be written by other users: mode 0666"_s),
             qPrintable(host.error()));
    QCOMPARE(modeOf(path), mode_t(0666)); // not ours to trust, nor to change silently
    QCOMPARE(contentOf(path), before);
}

void TestStorePrivacy::aStoreInAFolderOthersCanWriteIsNotOpened()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"watch.sqlite"_s);
    QVERIFY(makeStore(path));
    QVERIFY(setMode(dir.path(), 0777));
    auto host = EngineHost::open({path, {}, false});
    QVERIFY(!host.hasValue());
    QVERIFY2(host.error().contains(u"can be written by other users (mode 0777)"_s),
             qPrintable(host.error()));
    QVERIFY(setMode(dir.path(), 0700));
}

void TestStorePrivacy::aStoreOthersCanWriteIsMadePrivateAtTheUsersWord()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"watch.sqlite"_s);
    QVERIFY(makeStore(path));
    QVERIFY(setMode(path, 0666));
    QVERIFY(setMode(dir.path(), 0775));
    const QByteArray before = contentOf(path);

    const auto problem = rw::privateDatabase::mendable(path);
    QVERIFY(problem);
    QCOMPARE(problem->kind, rw::FilePrivacy::Kind::OthersCanWrite);
    QCOMPARE(problem->path, path);
    QCOMPARE(rw::privateDatabase::mend(path), std::nullopt);
    QCOMPARE(modeOf(path), mode_t(0600));
    QCOMPARE(modeOf(dir.path()), mode_t(0700)); // its folder was at fault too
    QCOMPARE(contentOf(path), before);
    QVERIFY(!rw::privateDatabase::mendable(path));
    auto host = EngineHost::open({path, {}, false});
    QVERIFY2(host.hasValue(), qPrintable(host ? QString() : host.error()));
}

// An earlier version made its data folder under a umask of 002: 0775.
void TestStorePrivacy::aStoreInAFolderOthersCanWriteIsMadePrivateAtTheUsersWord()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"watch.sqlite"_s);
    QVERIFY(makeStore(path));
    QVERIFY(setMode(dir.path(), 0775));
    QVERIFY(!EngineHost::open({path, {}, false}).hasValue());

    const auto problem = rw::privateDatabase::mendable(path);
    QVERIFY(problem);
    QCOMPARE(problem->kind, rw::FilePrivacy::Kind::FolderWritableByOthers);
    QCOMPARE(problem->path, dir.path());
    QCOMPARE(rw::privateDatabase::mend(path), std::nullopt);
    QCOMPARE(modeOf(dir.path()), mode_t(0700));
    QCOMPARE(modeOf(path), mode_t(0600));
    auto host = EngineHost::open({path, {}, false});
    QVERIFY2(host.hasValue(), qPrintable(host ? QString() : host.error()));
}

void TestStorePrivacy::whatIsNotTheUsersIsNotMendable()
{
    QTemporaryDir dir;
    const QString real = dir.filePath(u"real.sqlite"_s);
    QVERIFY(makeStore(real));
    QVERIFY(setMode(real, 0666));
    const QString link = dir.filePath(u"watch.sqlite"_s);
    QVERIFY(QFile::link(real, link));
    QVERIFY(!rw::privateDatabase::mendable(link)); // a link: whoever made it chose the file
    QCOMPARE(rw::privateDatabase::mend(link), std::nullopt); // and left as it is
    QCOMPARE(modeOf(real), mode_t(0666));

    if (::geteuid() != 0)
        return; // only root can give a file to another user
    QVERIFY(QFile::remove(link));
    QCOMPARE(::chown(QFile::encodeName(real).constData(), 65534, 65534), 0);
    QVERIFY(!rw::privateDatabase::mendable(real));
    QCOMPARE(modeOf(real), mode_t(0666));
}

void TestStorePrivacy::aNewLedgerIsPrivate()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"requests.sqlite"_s);
    const mode_t before = ::umask(022); // as a desktop session has it: new files 0644
    auto ledger = rw::RequestLedger::open(path);
    ::umask(before);
    QVERIFY2(ledger.hasValue(), qPrintable(ledger ? QString() : ledger.error()));
    QVERIFY(!(*ledger)->record(u"key"_s, 1000));
    for (const QString &suffix : {QString(), u"-wal"_s, u"-shm"_s}) {
        QVERIFY(QFile::exists(path + suffix));
        QCOMPARE(modeOf(path + suffix), mode_t(0600));
    }
}

void TestStorePrivacy::aLedgerOthersCanReadIsMadePrivate()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"requests.sqlite"_s);
    QVERIFY(rw::RequestLedger::open(path).hasValue());
    QVERIFY(setMode(path, 0644));
    auto ledger = rw::RequestLedger::open(path);
    QVERIFY2(ledger.hasValue(), qPrintable(ledger ? QString() : ledger.error()));
    QCOMPARE(modeOf(path), mode_t(0600));
}

void TestStorePrivacy::aLedgerOthersCanWriteIsNotUsed()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"requests.sqlite"_s);
    QVERIFY(rw::RequestLedger::open(path).hasValue());
    QVERIFY(setMode(path, 0666));
    const QByteArray before = contentOf(path);
    auto ledger = rw::RequestLedger::open(path);
    QVERIFY(!ledger.hasValue());
    QVERIFY2(ledger.error().contains(path) &&
                 ledger.error().contains(u"can be written by other users: mode 0666"_s) &&
                 ledger.error().contains(u"counts only its own requests"_s),
             qPrintable(ledger.error()));
    QCOMPARE(modeOf(path), mode_t(0666));
    QCOMPARE(contentOf(path), before);
}

QTEST_GUILESS_MAIN(TestStorePrivacy)
#include "tst_storeprivacy.moc"
