// The OS keychain through QtKeychain, for real: a round trip against gnome-keyring in a private
// D-Bus session, or, with RW_EXPECT_KEYCHAIN=missing and no session bus, a clear "unavailable".

#include "settings/KeychainSecretStore.h"

#include <QTest>

using namespace Qt::StringLiterals;
using rw::SecretStore;

namespace {

SecretStore::Result await(const std::function<void(SecretStore::Callback)> &call)
{
    std::optional<SecretStore::Result> result;
    call([&](const SecretStore::Result &r) { result = r; });
    if (!QTest::qWaitFor([&] { return result.has_value(); }, 30000))
        qFatal("the keychain did not answer");
    return *result;
}

} // namespace

class TestKeychain : public QObject
{
    Q_OBJECT
private slots:
    void roundTrip();
};

void TestKeychain::roundTrip()
{
    rw::KeychainSecretStore store(u"registrar-watch-test"_s);
    QObject context;
    const QString key = SecretStore::keyFor(u"023e105f4ecef8ad9ca31a8372d0c353"_s, false);
    const QString secret = u"cfut_keychain-test"_s;
    const auto written = await([&](auto done) { store.write(key, secret, &context, done); });

    if (qEnvironmentVariable("RW_EXPECT_KEYCHAIN") == u"missing") {
        QCOMPARE(written.status, SecretStore::Status::Unavailable);
        QVERIFY2(written.message.startsWith(u"The system keychain is not available: "_s),
                 qPrintable(written.message));
        QVERIFY(!written.message.contains(secret));
        const auto read = await([&](auto done) { store.read(key, &context, done); });
        QCOMPARE(read.status, SecretStore::Status::Unavailable);
        return;
    }

    QVERIFY2(written.status == SecretStore::Status::Ok, qPrintable(written.message));
    auto read = await([&](auto done) { store.read(key, &context, done); });
    QVERIFY2(read.status == SecretStore::Status::Ok, qPrintable(read.message));
    QCOMPARE(read.secret, secret);
    // Another account's key is another entry.
    const auto other = await([&](auto done) {
        store.read(SecretStore::keyFor(u"ffffffffffffffffffffffffffffffff"_s, false), &context,
                   done);
    });
    QCOMPARE(other.status, SecretStore::Status::NotFound);
    const auto removed = await([&](auto done) { store.remove(key, &context, done); });
    QVERIFY2(removed.status == SecretStore::Status::Ok, qPrintable(removed.message));
    read = await([&](auto done) { store.read(key, &context, done); });
    QCOMPARE(read.status, SecretStore::Status::NotFound);
    // Removing what is not there is fine.
    QCOMPARE(await([&](auto done) { store.remove(key, &context, done); }).status,
             SecretStore::Status::Ok);
}

QTEST_GUILESS_MAIN(TestKeychain)
#include "tst_keychain.moc"
