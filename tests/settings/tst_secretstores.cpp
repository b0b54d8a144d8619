// Secret stores other than the OS keychain: this session's memory, and the private file an
// operator may choose explicitly.

#include "settings/MemorySecretStore.h"
#include "settings/PrivateFileSecretStore.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

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
    const QString path = dir.filePath(u"private/secrets.json"_s);
    rw::PrivateFileSecretStore store(path);
    QObject context;
    QCOMPARE(await([&](auto done) { store.read(u"a/api-token"_s, &context, done); }).status,
             SecretStore::Status::NotFound);
    QCOMPARE(
        await([&](auto done) { store.write(u"a/api-token"_s, u"one"_s, &context, done); }).status,
        SecretStore::Status::Ok);
    // Neither group nor others may read the file or enter its directory.
    const auto permissions = [](const QString &file) {
        return QFileInfo(file).permissions();
    };
    QCOMPARE(permissions(path) & 0x0077, 0);
    QVERIFY(permissions(path).testFlags(QFileDevice::ReadOwner | QFileDevice::WriteOwner));
    QCOMPARE(permissions(dir.filePath(u"private"_s)) & 0x0077, 0);
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

QTEST_GUILESS_MAIN(TestSecretStores)
#include "tst_secretstores.moc"
