// Secret stores other than the OS keychain: this session's memory, and the private file an
// operator may choose explicitly.

#include "settings/MemorySecretStore.h"
#include "settings/PrivateFileSecretStore.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace Qt::StringLiterals;
using rw::SecretStore;

namespace {

SecretStore::Result await(const std::function<void(SecretStore::Callback)> &call,
                          bool *calledSynchronously = nullptr)
{
    std::optional<SecretStore::Result> result;
    call([&](const SecretStore::Result &r) { result = r; });
    if (calledSynchronously)
        *calledSynchronously = result.has_value();
    if (!QTest::qWaitFor([&] { return result.has_value(); }, 5000))
        qFatal("no answer");
    return *result;
}

} // namespace

class TestSecretStores : public QObject
{
    Q_OBJECT
private slots:
    void keysNameTheAccountAndTheScheme();
    void memoryAnswersLater();
    void memoryKeepsSecretsForTheSession();
    void fileStoreNamesItsFile();
    void fileIsReadableOnlyByTheUser();
    void fileKeepsEachAccountsSecretApart();
    void noCallbackAfterTheContextIsGone();
    void aFileOthersCanReadIsRefused();
    void aFolderOthersCanWriteIsRefused();
    void aCorruptFileIsNeverOverwritten();
    void aSecretMovesOutOnlyOfAFileOthersCanOnlyRead_data();
    void aSecretMovesOutOnlyOfAFileOthersCanOnlyRead();
};

void TestSecretStores::keysNameTheAccountAndTheScheme()
{
    QCOMPARE(SecretStore::keyFor(u"abc"_s, true), u"abc/global-api-key"_s);
    QCOMPARE(SecretStore::keyFor(u"abc"_s, false), u"abc/api-token"_s);
}

void TestSecretStores::memoryAnswersLater()
{
    rw::MemorySecretStore store;
    QObject context;
    bool synchronous = true;
    QCOMPARE(
        await([&](auto done) { store.write(u"k"_s, u"s3cret"_s, &context, done); }, &synchronous)
            .status,
        SecretStore::Status::Ok);
    QVERIFY(!synchronous); // always later, like a real keychain
}

void TestSecretStores::memoryKeepsSecretsForTheSession()
{
    rw::MemorySecretStore store;
    QObject context;
    const QString key = SecretStore::keyFor(u"abc"_s, true);
    QCOMPARE(await([&](auto done) { store.read(key, &context, done); }).status,
             SecretStore::Status::NotFound);
    QCOMPARE(await([&](auto done) { store.write(key, u"s3cret"_s, &context, done); }).status,
             SecretStore::Status::Ok);
    const auto read = await([&](auto done) { store.read(key, &context, done); });
    QCOMPARE(read.secret, u"s3cret"_s);
    QCOMPARE(await([&](auto done) { store.remove(key, &context, done); }).status,
             SecretStore::Status::Ok);
    QCOMPARE(store.size(), 0);
}

void TestSecretStores::fileStoreNamesItsFile()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"private/secrets.json"_s);
    rw::PrivateFileSecretStore store(path);
    QVERIFY(store.describe().contains(path));
}

void TestSecretStores::fileIsReadableOnlyByTheUser()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"private/deeper/secrets.json"_s);
    rw::PrivateFileSecretStore store(path);
    QObject context;
    QCOMPARE(await([&](auto done) { store.read(u"a/api-token"_s, &context, done); }).status,
             SecretStore::Status::NotFound);
    // A user private group's umask (002) would make folders 0775: every one made is private.
    const mode_t umask = ::umask(002);
    const auto written =
        await([&](auto done) { store.write(u"a/api-token"_s, u"one"_s, &context, done); });
    ::umask(umask);
    QCOMPARE(written.status, SecretStore::Status::Ok);
    // Neither group nor others may read the file or enter its directory.
    const auto permissions = [](const QString &file) {
        return QFileInfo(file).permissions();
    };
    QCOMPARE(permissions(path) & 0x0077, 0);
    QVERIFY(permissions(path).testFlags(QFileDevice::ReadOwner | QFileDevice::WriteOwner));
    QCOMPARE(permissions(dir.filePath(u"private"_s)) & 0x0077, 0);
    QCOMPARE(permissions(dir.filePath(u"private/deeper"_s)) & 0x0077, 0);
}

void TestSecretStores::fileKeepsEachAccountsSecretApart()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"private/secrets.json"_s);
    rw::PrivateFileSecretStore store(path);
    QObject context;
    QCOMPARE(
        await([&](auto done) { store.write(u"a/api-token"_s, u"one"_s, &context, done); }).status,
        SecretStore::Status::Ok);
    QCOMPARE(
        await([&](auto done) { store.write(u"b/api-token"_s, u"two"_s, &context, done); }).status,
        SecretStore::Status::Ok);
    QCOMPARE(await([&](auto done) { store.read(u"a/api-token"_s, &context, done); }).secret,
             u"one"_s);
    QCOMPARE(await([&](auto done) { store.remove(u"a/api-token"_s, &context, done); }).status,
             SecretStore::Status::Ok);
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QJsonObject content = QJsonDocument::fromJson(file.readAll()).object();
    QCOMPARE(content.keys(), QStringList{u"b/api-token"_s});
}

void TestSecretStores::noCallbackAfterTheContextIsGone()
{
    rw::MemorySecretStore store;
    bool called = false;
    {
        QObject context;
        store.write(u"k"_s, u"v"_s, &context, [&](const SecretStore::Result &) { called = true; });
    }
    // Answers come in the order asked: once a later request is answered, the first would have
    // been too.
    QObject context;
    QCOMPARE(await([&](auto done) { store.read(u"k"_s, &context, done); }).secret, u"v"_s);
    QVERIFY(!called);
}

namespace {

QByteArray contentOf(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

void writeRaw(const QString &path, const QByteArray &content, QFileDevice::Permissions modes)
{
    QVERIFY(QDir().mkpath(QFileInfo(path).absolutePath()));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(content);
    file.close();
    QVERIFY(file.setPermissions(modes));
}

constexpr auto owner = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
constexpr auto folder755 = QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                           QFileDevice::ExeOwner | QFileDevice::ReadGroup | QFileDevice::ExeGroup |
                           QFileDevice::ReadOther | QFileDevice::ExeOther;

} // namespace

// The issue's case: secrets.json at 0644 in a 0755 folder. Refused with a sentence, not used,
// not rewritten, not described as private; made private again, it is read.
void TestSecretStores::aFileOthersCanReadIsRefused()
{
    QTemporaryDir dir;
    const QString folder = dir.filePath(u"registrar-watch"_s);
    const QString path = folder + u"/secrets.json"_s;
    const QByteArray content = R"({"a/api-token": "one"})";
    writeRaw(path, content, owner | QFileDevice::ReadGroup | QFileDevice::ReadOther);
    QVERIFY(QFile::setPermissions(folder, folder755));
    rw::PrivateFileSecretStore store(path);
    QObject context;

    const SecretStore::Result read =
        await([&](auto done) { store.read(u"a/api-token"_s, &context, done); });
    QCOMPARE(read.status, SecretStore::Status::NotPrivate);
    QVERIFY(read.secret.isEmpty());
    QVERIFY2(read.message.contains(u"readable by other users: mode 0644"_s),
             qPrintable(read.message));
    QVERIFY2(read.message.contains(path), qPrintable(read.message));
    QVERIFY2(!store.describe().contains(u"only by you"_s), qPrintable(store.describe()));
    QVERIFY2(store.describe().contains(u"other users can read"_s), qPrintable(store.describe()));

    const SecretStore::Result written =
        await([&](auto done) { store.write(u"b/api-token"_s, u"two"_s, &context, done); });
    QCOMPARE(written.status, SecretStore::Status::NotPrivate);
    QCOMPARE(contentOf(path), content);

    QVERIFY(QFile::setPermissions(path, owner));
    const SecretStore::Result again =
        await([&](auto done) { store.read(u"a/api-token"_s, &context, done); });
    QCOMPARE(again.status, SecretStore::Status::Ok);
    QCOMPARE(again.secret, u"one"_s);
    QVERIFY2(store.describe().contains(u"readable only by you"_s), qPrintable(store.describe()));
}

void TestSecretStores::aFolderOthersCanWriteIsRefused()
{
    QTemporaryDir dir;
    const QString folder = dir.filePath(u"shared"_s);
    const QString path = folder + u"/secrets.json"_s;
    writeRaw(path, R"({"a/api-token": "one"})", owner);
    QVERIFY(QFile::setPermissions(folder, folder755 | QFileDevice::WriteGroup));
    rw::PrivateFileSecretStore store(path);
    QObject context;
    const SecretStore::Result read =
        await([&](auto done) { store.read(u"a/api-token"_s, &context, done); });
    QCOMPARE(read.status, SecretStore::Status::NotPrivate);
    QVERIFY2(read.message.contains(folder), qPrintable(read.message));
    QCOMPARE(
        await([&](auto done) { store.write(u"a/api-token"_s, u"two"_s, &context, done); }).status,
        SecretStore::Status::NotPrivate);
    QCOMPARE(contentOf(path), QByteArray(R"({"a/api-token": "one"})"));
}

// For a move to the keychain, a file that others can read but not change is read, and
// rewritten private without the secret; one that others could have changed (the file, or its
// folder, which FilePrivacy checks only once the file itself is private) is refused as ever.
void TestSecretStores::aSecretMovesOutOnlyOfAFileOthersCanOnlyRead_data()
{
    QTest::addColumn<QFileDevice::Permissions>("file");
    QTest::addColumn<QFileDevice::Permissions>("folder");
    QTest::addColumn<bool>("moves");
    const auto everyoneReads = owner | QFileDevice::ReadGroup | QFileDevice::ReadOther;
    QTest::newRow("0644 in 0755") << everyoneReads << folder755 << true;
    QTest::newRow("0644 in 0775") << everyoneReads << (folder755 | QFileDevice::WriteGroup)
                                  << false;
    QTest::newRow("0664 in 0755") << (everyoneReads | QFileDevice::WriteGroup) << folder755
                                  << false;
}

void TestSecretStores::aSecretMovesOutOnlyOfAFileOthersCanOnlyRead()
{
    QFETCH(QFileDevice::Permissions, file);
    QFETCH(QFileDevice::Permissions, folder);
    QFETCH(bool, moves);
    QTemporaryDir dir;
    const QString path = dir.filePath(u"registrar-watch/secrets.json"_s);
    const QByteArray content = R"({"a/api-token": "one", "b/api-token": "two"})";
    writeRaw(path, content, file);
    QVERIFY(QFile::setPermissions(QFileInfo(path).absolutePath(), folder));
    rw::PrivateFileSecretStore store(path);
    QObject context;
    QCOMPARE(store.canMoveOut(), moves);

    const SecretStore::Result read =
        await([&](auto done) { store.readToMove(u"a/api-token"_s, &context, done); });
    const SecretStore::Result removed =
        await([&](auto done) { store.removeMoved(u"a/api-token"_s, &context, done); });
    if (!moves) {
        QCOMPARE(read.status, SecretStore::Status::NotPrivate);
        QVERIFY(read.secret.isEmpty());
        QCOMPARE(removed.status, SecretStore::Status::NotPrivate);
        QCOMPARE(contentOf(path), content);
        return;
    }
    QCOMPARE(read.status, SecretStore::Status::Ok);
    QCOMPARE(read.secret, u"one"_s);
    QCOMPARE(removed.status, SecretStore::Status::Ok);
    QCOMPARE(QJsonDocument::fromJson(contentOf(path)).object(),
             (QJsonObject{{u"b/api-token"_s, u"two"_s}}));
    QCOMPARE(QFileInfo(path).permissions() & 0x0077, 0);
    // The ordinary read is refused as ever until the file is private, as it now is.
    QCOMPARE(await([&](auto done) { store.read(u"b/api-token"_s, &context, done); }).secret,
             u"two"_s);
}

// Parsed as empty, a corrupt file would lose every other account's secret at the next save.
void TestSecretStores::aCorruptFileIsNeverOverwritten()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"private/secrets.json"_s);
    const QByteArray content = R"({"a/api-token": "one", "b/api-tok)";
    writeRaw(path, content, owner);
    rw::PrivateFileSecretStore store(path);
    QObject context;

    const SecretStore::Result read =
        await([&](auto done) { store.read(u"a/api-token"_s, &context, done); });
    QCOMPARE(read.status, SecretStore::Status::Failed);
    QVERIFY2(read.message.contains(u"not valid JSON"_s), qPrintable(read.message));

    for (const auto &change : std::initializer_list<std::function<void(SecretStore::Callback)>>{
             [&](auto done) { store.write(u"c/api-token"_s, u"three"_s, &context, done); },
             [&](auto done) {
                 store.remove(u"a/api-token"_s, &context, done);
             }}) {
        const SecretStore::Result result = await(change);
        QCOMPARE(result.status, SecretStore::Status::Failed);
        QVERIFY2(result.message.contains(path) && result.message.contains(u"not valid JSON"_s),
                 qPrintable(result.message));
        QCOMPARE(contentOf(path), content);
    }
}

QTEST_GUILESS_MAIN(TestSecretStores)
#include "tst_secretstores.moc"
