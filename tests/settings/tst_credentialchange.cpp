// Changing the account's credentials as one transaction, without widgets: the secret goes to the
// store the operator chose, and the settings point to it only once it is safe; a failed write or
// a cancel leaves the old secret and the settings as they were; the secret of the account or
// scheme replaced goes only after the new one is safe; the private file is used only by explicit
// choice; and no secret ever reaches the settings file.

#include "settings/CredentialChange.h"
#include "settings/MemorySecretStore.h"
#include "settings/PrivateFileSecretStore.h"
#include "support/FakeSecretStore.h"

#include <QFile>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace rw;
using rw::test::FakeSecretStore;
using Storage = AppSettings::SecretStorage;
using Fallback = CredentialChange::Fallback;
using Outcome = CredentialChange::Outcome;
using Scheme = AppSettings::AuthScheme;

Q_DECLARE_METATYPE(rw::NewCredential)

namespace {

const QString accountA = u"023e105f4ecef8ad9ca31a8372d0c353"_s;
const QString accountB = u"0123456789abcdef0123456789abcdef"_s;
const QString oldToken = u"cfut_old-test-token"_s;
const QString newToken = u"cfut_new-test-token"_s;

std::optional<QByteArray> bytesOf(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return std::nullopt;
    return file.readAll();
}

NewCredential token(const QString &account, const QString &secret)
{
    return {Scheme::ApiToken, account, {}, secret};
}

// Settings in an ini file of a temporary directory, and the three stores the app has: the
// keychain (one the test controls), this session's memory, and the private file.
struct Harness
{
    QTemporaryDir dir;
    QString iniPath = dir.filePath(u"settings.ini"_s);
    QString secretsPath = dir.filePath(u"private/secrets.json"_s);
    AppSettings settings{new QSettings(iniPath, QSettings::IniFormat)};
    FakeSecretStore keychain;
    MemorySecretStore session;
    PrivateFileSecretStore realFile{secretsPath};
    SecretStore *file = &realFile;
    CredentialChange change{&settings, [this](Storage storage) -> SecretStore * {
                                switch (storage) {
                                case Storage::Keychain:
                                    return &keychain;
                                case Storage::SessionOnly:
                                    return &session;
                                case Storage::PrivateFile:
                                    return file;
                                }
                                return &session;
                            }};
    QSignalSpy finished{&change, &CredentialChange::finished};

    // A configured account, as an earlier change left it: its token in `store`.
    void seed(Storage storage, SecretStore &store, const QString &account = accountA)
    {
        settings.setAccountId(account);
        settings.setAuthScheme(Scheme::ApiToken);
        settings.setSecretStorage(storage);
        settings.sync();
        QObject context;
        bool written = false;
        store.write(SecretStore::keyFor(account, false), oldToken, &context,
                    [&](const SecretStore::Result &) { written = true; });
        QTRY_VERIFY(written);
    }
    // The one result of the change started last.
    [[nodiscard]] CredentialChange::Result result()
    {
        if (finished.isEmpty() && !finished.wait(5000))
            qFatal("the change did not finish");
        if (finished.size() != 1)
            qFatal("the change finished %d times", int(finished.size()));
        return finished.constFirst().constFirst().value<CredentialChange::Result>();
    }
    // What the next start of the app will read.
    [[nodiscard]] AppSettings saved() const
    {
        return AppSettings(new QSettings(iniPath, QSettings::IniFormat));
    }
};

SecretStore::Result await(SecretStore &store, const QString &key)
{
    std::optional<SecretStore::Result> result;
    QObject context;
    store.read(key, &context, [&](const SecretStore::Result &r) { result = r; });
    if (!QTest::qWaitFor([&] { return result.has_value(); }, 5000))
        qFatal("the secret store did not answer");
    return *result;
}

} // namespace

class TestCredentialChange : public QObject
{
    Q_OBJECT
private slots:
    void savesTheSecretToTheKeychain_data();
    void savesTheSecretToTheKeychain();
    void aChosenPrivateFileStaysChosen();
    void anUnusableKeychainAsksForAChoice_data();
    void anUnusableKeychainAsksForAChoice();
    void theFallbackIsOnlyWhatTheOperatorChose_data();
    void theFallbackIsOnlyWhatTheOperatorChose();
    void aFailedWriteLeavesTheOldSecretAndSettings_data();
    void aFailedWriteLeavesTheOldSecretAndSettings();
    void cancelUndoesAHalfDoneChange_data();
    void cancelUndoesAHalfDoneChange();
    void theReplacedSecretGoesOnlyOnceTheNewIsSafe_data();
    void theReplacedSecretGoesOnlyOnceTheNewIsSafe();
    void aSecretInAnotherStoreStays_data();
    void aSecretInAnotherStoreStays();
    void noSecretReachesTheSettings_data();
    void noSecretReachesTheSettings();
    void oneChangeAtATime();
};

void TestCredentialChange::savesTheSecretToTheKeychain_data()
{
    QTest::addColumn<bool>("globalKey");
    QTest::newRow("API token") << false;
    QTest::newRow("Global API Key") << true;
}

void TestCredentialChange::savesTheSecretToTheKeychain()
{
    QFETCH(bool, globalKey);

    Harness h;
    const NewCredential credential{globalKey ? Scheme::GlobalApiKey : Scheme::ApiToken,
                                   u" %1 "_s.arg(accountA), u"ops@example.com"_s,
                                   u" %1 "_s.arg(newToken)};
    QVERIFY(h.change.start(credential, Fallback::None));
    QVERIFY(h.change.isRunning());
    QCOMPARE(h.result().outcome, Outcome::Saved);
    QCOMPARE(h.result().storage, Storage::Keychain);
    QVERIFY(!h.change.isRunning());

    // Trimmed, under the account's key for the scheme; nowhere else.
    QCOMPARE(h.keychain.secrets(),
             (QHash<QString, QString>{{SecretStore::keyFor(accountA, globalKey), newToken}}));
    QCOMPARE(h.session.size(), 0);
    QVERIFY(!QFile::exists(h.secretsPath));
    const AppSettings next = h.saved();
    QCOMPARE(next.accountId(), accountA);
    QCOMPARE(next.authScheme(), globalKey ? Scheme::GlobalApiKey : Scheme::ApiToken);
    QCOMPARE(next.email(), globalKey ? u"ops@example.com"_s : QString());
    QCOMPARE(next.secretStorage(), Storage::Keychain);
}

void TestCredentialChange::aChosenPrivateFileStaysChosen()
{
    Harness h;
    h.seed(Storage::PrivateFile, h.realFile);
    QVERIFY(h.change.start(token(accountA, newToken), Fallback::None));
    QCOMPARE(h.result().outcome, Outcome::Saved);
    QCOMPARE(h.result().storage, Storage::PrivateFile);
    QCOMPARE(await(h.realFile, SecretStore::keyFor(accountA, false)).secret, newToken);
    QCOMPARE(h.keychain.calls(), 0);
    QCOMPARE(h.saved().secretStorage(), Storage::PrivateFile);
}

void TestCredentialChange::anUnusableKeychainAsksForAChoice_data()
{
    QTest::addColumn<FakeSecretStore::Failing>("failing");
    QTest::addColumn<SecretStore::Status>("status");
    QTest::addColumn<QString>("message");

    QTest::newRow("no Secret Service")
        << FakeSecretStore::Failing::Everything << SecretStore::Status::Unavailable
        << FakeSecretStore::missingKeychainMessage;
    QTest::newRow("writes refused")
        << FakeSecretStore::Failing::Writes << SecretStore::Status::Failed
        << u"The keychain refused the entry."_s;
}

void TestCredentialChange::anUnusableKeychainAsksForAChoice()
{
    QFETCH(FakeSecretStore::Failing, failing);
    QFETCH(SecretStore::Status, status);
    QFETCH(QString, message);

    Harness h;
    h.keychain.fail(failing, status, message);
    QVERIFY(h.change.start(token(accountA, newToken), Fallback::None));
    const CredentialChange::Result result = h.result();
    QCOMPARE(result.outcome, Outcome::KeychainUnusable);
    QCOMPARE(result.storage, Storage::Keychain);
    QCOMPARE(result.message, message);
    QVERIFY(!h.change.isRunning());

    // Nothing went anywhere else by itself, and the settings were not written.
    QVERIFY(h.keychain.secrets().isEmpty());
    QCOMPARE(h.session.size(), 0);
    QVERIFY(!QFile::exists(h.secretsPath));
    QVERIFY(!QFile::exists(h.iniPath));
    QVERIFY(!h.settings.isConfigured());
}

void TestCredentialChange::theFallbackIsOnlyWhatTheOperatorChose_data()
{
    QTest::addColumn<Fallback>("fallback");
    QTest::newRow("this session only") << Fallback::SessionOnly;
    QTest::newRow("the private file") << Fallback::PrivateFile;
}

void TestCredentialChange::theFallbackIsOnlyWhatTheOperatorChose()
{
    QFETCH(Fallback, fallback);

    Harness h;
    h.keychain.fail(FakeSecretStore::Failing::Everything);
    QVERIFY(h.change.start(token(accountA, newToken), fallback));
    const CredentialChange::Result result = h.result();
    QCOMPARE(result.outcome, Outcome::Saved);

    // The keychain is not asked again once the operator chose.
    QCOMPARE(h.keychain.calls(), 0);
    const QString key = SecretStore::keyFor(accountA, false);
    if (fallback == Fallback::PrivateFile) {
        QCOMPARE(result.storage, Storage::PrivateFile);
        QCOMPARE(await(h.realFile, key).secret, newToken);
        QCOMPARE(h.session.size(), 0);
    } else {
        QCOMPARE(result.storage, Storage::SessionOnly);
        QCOMPARE(await(h.session, key).secret, newToken);
        QVERIFY(!QFile::exists(h.secretsPath));
    }
    QCOMPARE(h.saved().secretStorage(), result.storage);
}

void TestCredentialChange::aFailedWriteLeavesTheOldSecretAndSettings_data()
{
    QTest::addColumn<Storage>("storage");
    QTest::addColumn<Outcome>("outcome");
    QTest::newRow("the keychain refuses") << Storage::Keychain << Outcome::KeychainUnusable;
    QTest::newRow("the private file cannot be written") << Storage::PrivateFile << Outcome::Failed;
}

void TestCredentialChange::aFailedWriteLeavesTheOldSecretAndSettings()
{
    QFETCH(Storage, storage);
    QFETCH(Outcome, outcome);

    Harness h;
    FakeSecretStore brokenFile(u"the file secrets.json, readable only by you"_s);
    if (storage == Storage::PrivateFile)
        h.file = &brokenFile;
    FakeSecretStore &store = storage == Storage::PrivateFile ? brokenFile : h.keychain;
    h.seed(storage, store);
    const auto before = bytesOf(h.iniPath);
    QVERIFY(before.has_value());
    store.fail(FakeSecretStore::Failing::Writes, SecretStore::Status::Failed,
               u"Cannot write the secret."_s);

    // Another account and scheme, so that the old secret would be replaced.
    QVERIFY(h.change.start({Scheme::GlobalApiKey, accountB, u"ops@example.com"_s, newToken},
                           Fallback::None));
    const CredentialChange::Result result = h.result();
    QCOMPARE(result.outcome, outcome);
    QCOMPARE(result.storage, storage);
    QCOMPARE(result.message, u"Cannot write the secret."_s);

    QCOMPARE(store.secrets(),
             (QHash<QString, QString>{{SecretStore::keyFor(accountA, false), oldToken}}));
    QCOMPARE(bytesOf(h.iniPath), before);
    QCOMPARE(h.settings.accountId(), accountA);
    QCOMPARE(h.settings.authScheme(), Scheme::ApiToken);
    QCOMPARE(h.settings.secretStorage(), storage);
}

void TestCredentialChange::cancelUndoesAHalfDoneChange_data()
{
    QTest::addColumn<int>("answeredBeforeCancel");
    QTest::addColumn<bool>("hadSecret");
    QTest::addColumn<bool>("destroyed");

    QTest::newRow("cancelled before the store answers") << 0 << true << false;
    QTest::newRow("cancelled while the secret is being written") << 1 << true << false;
    QTest::newRow("cancelled while the first secret is being written") << 1 << false << false;
    QTest::newRow("destroyed while the secret is being written") << 1 << true << true;
}

void TestCredentialChange::cancelUndoesAHalfDoneChange()
{
    QFETCH(int, answeredBeforeCancel);
    QFETCH(bool, hadSecret);
    QFETCH(bool, destroyed);

    QTemporaryDir dir;
    const QString iniPath = dir.filePath(u"settings.ini"_s);
    AppSettings settings(new QSettings(iniPath, QSettings::IniFormat));
    settings.setAccountId(accountA);
    settings.sync();
    const auto before = bytesOf(iniPath);
    FakeSecretStore keychain;
    const QString key = SecretStore::keyFor(accountA, false);
    if (hadSecret)
        keychain.secrets().insert(key, oldToken);
    keychain.holdAnswers(true);

    auto change = std::make_unique<CredentialChange>(
        &settings, [&keychain](Storage) -> SecretStore * { return &keychain; });
    QSignalSpy finished(change.get(), &CredentialChange::finished);
    QVERIFY(change->start(token(accountA, newToken), Fallback::None));
    for (int i = 0; i < answeredBeforeCancel; ++i)
        QVERIFY(keychain.releaseOne());
    QCOMPARE(keychain.waiting(), 1);
    if (destroyed)
        change.reset();
    else
        change->cancel();
    QVERIFY(!change || !change->isRunning());

    // The store works through what it was asked, the new secret included, then the undo.
    keychain.releaseAll();
    QCoreApplication::processEvents();
    keychain.releaseAll();
    QCOMPARE(finished.size(), 0);
    if (hadSecret)
        QCOMPARE(keychain.secrets(), (QHash<QString, QString>{{key, oldToken}}));
    else
        QVERIFY(keychain.secrets().isEmpty());
    QCOMPARE(bytesOf(iniPath), before);
}

void TestCredentialChange::theReplacedSecretGoesOnlyOnceTheNewIsSafe_data()
{
    QTest::addColumn<NewCredential>("credential");
    QTest::addColumn<bool>("replaced");

    QTest::newRow("another account: each keeps its own") << token(accountB, newToken) << false;
    QTest::newRow("a Global API Key instead of the token")
        << NewCredential{Scheme::GlobalApiKey, accountA, u"ops@example.com"_s, newToken} << true;
    QTest::newRow("the same account and scheme") << token(accountA, newToken) << false;
}

void TestCredentialChange::theReplacedSecretGoesOnlyOnceTheNewIsSafe()
{
    QFETCH(NewCredential, credential);
    QFETCH(bool, replaced);

    Harness h;
    h.seed(Storage::Keychain, h.keychain);
    h.keychain.holdAnswers(true);
    const QString oldKey = SecretStore::keyFor(accountA, false);
    const QString newKey =
        SecretStore::keyFor(credential.accountId, credential.scheme == Scheme::GlobalApiKey);
    QVERIFY(h.change.start(credential, Fallback::None));

    QVERIFY(h.keychain.releaseOne()); // what the store held under the new key
    QCOMPARE(h.keychain.secrets().value(oldKey), oldToken);
    QVERIFY(h.keychain.releaseOne()); // the new secret, written
    QCOMPARE(h.result().outcome, Outcome::Saved);
    QCOMPARE(h.saved().accountId(), credential.accountId);
    QCOMPARE(h.saved().authScheme(), credential.scheme);
    QCOMPARE(h.keychain.secrets().value(newKey), newToken);

    // Only then, with the settings pointing to the new secret, is the old one asked to go.
    QCOMPARE(h.keychain.waiting(), replaced ? 1 : 0);
    h.keychain.releaseAll();
    QHash<QString, QString> expected{{newKey, newToken}};
    if (!replaced && oldKey != newKey) // another account's: kept
        expected.insert(oldKey, oldToken);
    QCOMPARE(h.keychain.secrets(), expected);
}

void TestCredentialChange::aSecretInAnotherStoreStays_data()
{
    QTest::addColumn<Storage>("from");
    QTest::addColumn<Fallback>("fallback");
    QTest::addColumn<Storage>("to");

    QTest::newRow("from the missing keychain to this session")
        << Storage::Keychain << Fallback::SessionOnly << Storage::SessionOnly;
    QTest::newRow("from this session to the keychain, back")
        << Storage::SessionOnly << Fallback::None << Storage::Keychain;
}

void TestCredentialChange::aSecretInAnotherStoreStays()
{
    QFETCH(Storage, from);
    QFETCH(Fallback, fallback);
    QFETCH(Storage, to);

    Harness h;
    if (from == Storage::Keychain) {
        h.seed(from, h.keychain);
        h.keychain.fail(FakeSecretStore::Failing::Everything);
    } else {
        h.seed(from, h.session);
    }
    const int keychainCalls = h.keychain.calls();
    QVERIFY(h.change.start(token(accountB, newToken), fallback));
    QCOMPARE(h.result().outcome, Outcome::Saved);
    QCOMPARE(h.result().storage, to);
    QCoreApplication::processEvents();

    const QString oldKey = SecretStore::keyFor(accountA, false);
    if (from == Storage::Keychain) {
        // The store that failed is not asked again, not even to forget.
        QCOMPARE(h.keychain.calls(), keychainCalls);
        QCOMPARE(h.keychain.secrets().value(oldKey), oldToken);
    } else {
        QCOMPARE(await(h.session, oldKey).secret, oldToken);
        QCOMPARE(h.keychain.secrets().value(SecretStore::keyFor(accountB, false)), newToken);
    }
}

void TestCredentialChange::noSecretReachesTheSettings_data()
{
    QTest::addColumn<bool>("globalKey");
    QTest::newRow("API token") << false;
    QTest::newRow("Global API Key") << true;
}

void TestCredentialChange::noSecretReachesTheSettings()
{
    QFETCH(bool, globalKey);

    Harness h;
    const QString secret = globalKey ? u"0123456789abcdef0123456789abcdef01234"_s : newToken;
    QVERIFY(h.change.start({globalKey ? Scheme::GlobalApiKey : Scheme::ApiToken, accountA,
                            u"ops@example.com"_s, secret},
                           Fallback::None));
    QCOMPARE(h.result().outcome, Outcome::Saved);

    const QByteArray ini = bytesOf(h.iniPath).value_or(QByteArray());
    QVERIFY(ini.contains(accountA.toLatin1()));
    QVERIFY2(!ini.contains(secret.toLatin1()), ini.constData());
    QVERIFY(!ini.contains(secret.toLatin1().toBase64()));
    QVERIFY(!ini.contains(secret.left(12).toLatin1()));
    const QSettings raw(h.iniPath, QSettings::IniFormat);
    for (const QString &name : raw.allKeys())
        QVERIFY2(!raw.value(name).toString().contains(secret.left(12)), qPrintable(name));
}

void TestCredentialChange::oneChangeAtATime()
{
    Harness h;
    QVERIFY(h.change.start(token(accountA, newToken), Fallback::None));
    QVERIFY(!h.change.start(token(accountB, u"cfut_second"_s), Fallback::None));
    QCOMPARE(h.result().outcome, Outcome::Saved);
    QCOMPARE(h.keychain.secrets(),
             (QHash<QString, QString>{{SecretStore::keyFor(accountA, false), newToken}}));
    QCOMPARE(h.saved().accountId(), accountA);
}

QTEST_GUILESS_MAIN(TestCredentialChange)
#include "tst_credentialchange.moc"
