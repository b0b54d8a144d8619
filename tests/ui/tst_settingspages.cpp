// Each page of the settings dialog alone, without the dialog: it loads its part of the settings,
// says what is wrong beside each field and names it for the dialog's summary, and saves only its
// part. The Account page warns about Global API Keys, verifies what the app needs of the
// credentials and the account against the simulator over loopback HTTP, and says where the
// secret really is; its secret is not its to save.

#include "net/RegistrarClient.h"
#include "settings/AppSettings.h"
#include "settings/MemorySecretStore.h"
#include "settings/PrivateFileSecretStore.h"
#include "support/FakeSecretStore.h"
#include "support/FindChild.h"
#include "support/SimulatorFixture.h"
#include "ui/settings/AccountPage.h"
#include "ui/settings/AdvancedPage.h"
#include "ui/settings/NotificationsPage.h"
#include "ui/settings/PollingPage.h"

#include <QCheckBox>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QPushButton>
#include <QRadioButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeEdit>
#include <QTimeZone>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using namespace rw;
using namespace rw::test;
using rw::ui::AccountPage;
using rw::ui::AdvancedPage;
using rw::ui::NotificationsPage;
using rw::ui::PollingPage;
using rw::ui::SettingsPage;
using Storage = AppSettings::SecretStorage;
using Event = NotificationSettings::Event;

namespace {

const QString otherAccountId = u"0123456789abcdef0123456789abcdef"_s;

// Settings in an ini file of a temporary directory.
struct Settings
{
    QTemporaryDir dir;
    AppSettings settings{new QSettings(dir.filePath(u"settings.ini"_s), QSettings::IniFormat)};
};

// The Account page alone, loaded from empty settings and shown, with a working keychain.
struct Account : Settings
{
    MemorySecretStore keychain;
    PrivateFileSecretStore file{dir.filePath(u"private/secrets.json"_s)};
    QNetworkAccessManager network;
    AccountPage page{&settings,
                     [this](Storage storage) -> SecretStore * {
                         return storage == Storage::PrivateFile ? static_cast<SecretStore *>(&file)
                                                                : &keychain;
                     },
                     &network};

    Account()
    {
        page.load();
        page.show();
    }
};

// The Account page over settings the test prepares, with a keychain whose answers the test
// controls, memory for this session, and a private file.
struct Stored : Settings
{
    test::FakeSecretStore keychain;
    MemorySecretStore memory;
    PrivateFileSecretStore file{dir.filePath(u"private/secrets.json"_s)};
    QNetworkAccessManager network;
    std::unique_ptr<AccountPage> page;

    void open()
    {
        page = std::make_unique<AccountPage>(
            &settings,
            [this](Storage storage) -> SecretStore * {
                switch (storage) {
                case Storage::Keychain:
                    return &keychain;
                case Storage::SessionOnly:
                    return &memory;
                case Storage::PrivateFile:
                    return &file;
                }
                return nullptr;
            },
            &network);
        page->load();
        page->show();
    }
};

QLineEdit *field(const QWidget &page, const QString &name)
{
    return child<QLineEdit>(page, name);
}

QLabel *label(const QWidget &page, const QString &name)
{
    return child<QLabel>(page, name);
}

// The reason shown beside a field: the one label that shares the field's row.
QLabel *reasonBeside(const QWidget *field)
{
    const QList<QLabel *> labels =
        field->parentWidget()->findChildren<QLabel *>(Qt::FindDirectChildrenOnly);
    if (labels.size() != 1)
        qFatal("expected one label beside %s", field->metaObject()->className());
    return labels.constFirst();
}

bool shown(const QWidget *widget)
{
    return widget->isVisibleTo(widget->window());
}

void fillValid(AccountPage &page, const QString &token)
{
    field(page, u"accountId"_s)->setText(testAccountId);
    field(page, u"token"_s)->setText(token);
}

void useGlobalKey(AccountPage &page, const QString &key = testKey)
{
    child<QRadioButton>(page, u"useGlobalApiKey"_s)->setChecked(true);
    field(page, u"email"_s)->setText(testEmail);
    field(page, u"globalApiKey"_s)->setText(key);
}

QStringList fieldsOf(const QList<SettingsPage::Problem> &problems)
{
    QStringList fields;
    for (const SettingsPage::Problem &problem : problems)
        fields.append(problem.field);
    return fields;
}

QString localTime(const QDateTime &utc)
{
    return utc.toLocalTime().toString(u"yyyy-MM-dd HH:mm"_s);
}

int requestsTo(SimulatorFixture &fixture)
{
    return fixture.simulator().stats().value(u"requests_total"_s).toInt();
}

} // namespace

class TestSettingsPages : public QObject
{
    Q_OBJECT
private slots:
    void accountProblemsNameTheFields();
    void emailAndKeyEachShowTheirReason();
    void theCredentialIsWhatWasTyped_data();
    void theCredentialIsWhatWasTyped();
    void theFallbackIsNoneUntilOffered();
    void theAccountPageSavesNoCredentials();
    void warnsAboutGlobalApiKeys_data();
    void warnsAboutGlobalApiKeys();
    void verifiesAgainstTheSimulator_data();
    void verifiesAgainstTheSimulator();
    void anotherTokenIsNotTheVerifiedOne();
    void aLateAnswerIsNotShownForAnotherToken();
    void anotherApiBaseIsNotTheVerifiedOne();
    void verifiesAnEmailAndKeyAsSuch();
    void aKeyIsVerifiedAgainstItsAccount();
    void aTokenAloneIsVerifiedWithoutAnAccount();
    void accountTokensVerifyUnderTheirAccount();
    void anAccountTokenNeedsItsAccountId();
    void saysWhereTheSecretReallyIs_data();
    void saysWhereTheSecretReallyIs();
    void remindsThatTheSecretWasForOneSessionOnly();
    void offersToMakeASecretFileOthersCanReadPrivate();
    void offersToMoveASecretFileOthersCanReadToTheKeychain();
    void aSecretStaysInTheFileWhenTheKeychainFails();
    void pollingLoadsAndSavesAlone();
    void theBudgetStaysWithinWhatCloudflareAllows();
    void aNewOperatorIsToldEverything();
    void saysWhyThereIsNoTrayIcon();
    void remindersRoundTrip();
    void quietHoursProblemNamesItsTab();
    void apiBaseProblemNamesItsTab();
    void savesTheApiBaseAsTheClientUsesIt();
};

void TestSettingsPages::accountProblemsNameTheFields()
{
    Account a;
    const QList<SettingsPage::Problem> problems = a.page.problems();
    QCOMPARE(fieldsOf(problems), (QStringList{u"API token"_s, u"Account ID"_s}));
    // The sentence for the summary is the one beside the field.
    QCOMPARE(problems.at(0).reason, reasonBeside(field(a.page, u"token"_s))->text());
    QCOMPARE(problems.at(1).reason, reasonBeside(field(a.page, u"accountId"_s))->text());
    QVERIFY(!problems.at(1).reason.isEmpty());

    fillValid(a.page, u"cfut_abc"_s);
    QVERIFY(a.page.problems().isEmpty());
}

void TestSettingsPages::emailAndKeyEachShowTheirReason()
{
    Account a;
    fillValid(a.page, u"cfut_abc"_s);
    QLineEdit *email = field(a.page, u"email"_s);
    QLineEdit *key = field(a.page, u"globalApiKey"_s);
    QLineEdit *token = field(a.page, u"token"_s);
    child<QRadioButton>(a.page, u"useGlobalApiKey"_s)->setChecked(true);
    email->setText(u"not-an-email"_s);
    key->clear();
    QVERIFY2(reasonBeside(email)->text().contains(u"email"_s),
             qPrintable(reasonBeside(email)->text()));
    QVERIFY2(reasonBeside(key)->text().contains(u"Global API Key is empty"_s),
             qPrintable(reasonBeside(key)->text()));
    QCOMPARE(fieldsOf(a.page.problems()), (QStringList{u"Email"_s, u"Global API Key"_s}));
    // The token is not used with a Global API Key: it is neither required nor checked.
    token->clear();
    QVERIFY(reasonBeside(token)->text().isEmpty());
    QVERIFY(!token->isEnabled());
    email->setText(testEmail);
    key->setText(testKey);
    QVERIFY(a.page.problems().isEmpty());
}

void TestSettingsPages::theCredentialIsWhatWasTyped_data()
{
    QTest::addColumn<bool>("globalKey");
    QTest::newRow("API token") << false;
    QTest::newRow("Global API Key") << true;
}

void TestSettingsPages::theCredentialIsWhatWasTyped()
{
    QFETCH(bool, globalKey);

    Account a;
    field(a.page, u"accountId"_s)->setText(u" %1 "_s.arg(testAccountId));
    field(a.page, u"token"_s)->setText(u" cfut_typed "_s);
    if (globalKey)
        useGlobalKey(a.page, u" %1 "_s.arg(testKey));
    const NewCredential credential = a.page.credential();
    QCOMPARE(credential.scheme,
             globalKey ? AppSettings::AuthScheme::GlobalApiKey : AppSettings::AuthScheme::ApiToken);
    QCOMPARE(credential.accountId, testAccountId);
    QCOMPARE(credential.email, globalKey ? testEmail : QString());
    QCOMPARE(credential.secret, globalKey ? testKey : u"cfut_typed"_s);
}

void TestSettingsPages::theFallbackIsNoneUntilOffered()
{
    Account a;
    auto *fallback = child<QWidget>(a.page, u"fallback"_s);
    QVERIFY(!shown(fallback));
    QCOMPARE(a.page.fallback(), CredentialChange::Fallback::None);

    a.page.offerFallback();
    QVERIFY(shown(fallback));
    QCOMPARE(a.page.fallback(), CredentialChange::Fallback::SessionOnly);
    QTest::mouseClick(child<QRadioButton>(a.page, u"fallbackFile"_s), Qt::LeftButton);
    QCOMPARE(a.page.fallback(), CredentialChange::Fallback::PrivateFile);
}

void TestSettingsPages::theAccountPageSavesNoCredentials()
{
    Account a;
    fillValid(a.page, u"cfut_abc"_s);
    child<QCheckBox>(a.page, u"sandbox"_s)->setChecked(true);
    a.page.save();
    QCoreApplication::processEvents();

    // The sandbox is the page's; the account, scheme and secret are the credential change's.
    QVERIFY(a.settings.sandbox());
    QVERIFY(a.settings.accountId().isEmpty());
    QCOMPARE(a.keychain.size(), 0);
}

void TestSettingsPages::warnsAboutGlobalApiKeys_data()
{
    QTest::addColumn<bool>("globalKey");
    QTest::addColumn<QString>("secret");
    QTest::addColumn<bool>("warned");

    QTest::newRow("cfk_ key as a token") << false << u"cfk_not-a-real-key"_s << true;
    QTest::newRow("legacy 37-hex key as a token")
        << false << u"0123456789abcdef0123456789abcdef01234"_s << true;
    QTest::newRow("cfk_ key with spaces around") << false << u"  cfk_abc  "_s << true;
    QTest::newRow("user token") << false << u"cfut_not-a-real-tok"_s << false;
    QTest::newRow("account token") << false << u"cfat_not-a-real-tok"_s << false;
    QTest::newRow("older 40-character token")
        << false << u"Abc0123456789Abc0123456789Abc0123456789_"_s << false;
    QTest::newRow("cfk_ key as a Global API Key") << true << u"cfk_0123456789abcdef"_s << true;
}

void TestSettingsPages::warnsAboutGlobalApiKeys()
{
    QFETCH(bool, globalKey);
    QFETCH(QString, secret);
    QFETCH(bool, warned);

    Account a;
    fillValid(a.page, u"cfut_placeholder"_s);
    QLabel *warning = label(a.page, u"warning"_s);
    QVERIFY(!shown(warning));
    if (globalKey)
        useGlobalKey(a.page, secret);
    else
        field(a.page, u"token"_s)->setText(secret);
    QCOMPARE(shown(warning), warned);
    if (warned) {
        const QString text = warning->text();
        QVERIFY2(text.contains(u"Global API Key"_s), qPrintable(text));
        QVERIFY2(text.contains(u"API token"_s) && text.contains(u"read"_s), qPrintable(text));
        // A warning, not a refusal: the operator may still save.
        QVERIFY(a.page.problems().isEmpty());
    }
    // Back to a scoped token, the warning goes.
    child<QRadioButton>(a.page, u"useApiToken"_s)->setChecked(true);
    field(a.page, u"token"_s)->setText(u"cfut_scoped"_s);
    QVERIFY(!shown(warning));
}

void TestSettingsPages::verifiesAgainstTheSimulator_data()
{
    QTest::addColumn<QString>("token");
    QTest::addColumn<QString>("account");
    QTest::addColumn<QStringList>("expected");
    QTest::addColumn<QStringList>("absent");
    QTest::addColumn<int>("requests");

    const QDateTime expiry(QDate(2026, 6, 30), QTime(18, 0), QTimeZone::utc());
    const QDateTime expired(QDate(2026, 1, 31), QTime(9, 30), QTimeZone::utc());
    const QString registrations = u"✔ They can read the account's registrar registrations."_s;
    QTest::newRow("active, no expiry")
        << testToken << testAccountId
        << QStringList{u"✔ The token is active"_s, u"does not expire"_s, registrations}
        << QStringList{u"✘"_s} << 2;
    QTest::newRow("active until June")
        << u"cfut_expiring"_s << testAccountId
        << QStringList{u"✔ The token is active"_s, u"expires %1"_s.arg(localTime(expiry)),
                       registrations}
        << QStringList{u"✘"_s, u"does not expire"_s} << 2;
    QTest::newRow("expired in January")
        << u"cfut_expired"_s << testAccountId
        << QStringList{u"✘"_s, u"expired"_s, u"expired %1"_s.arg(localTime(expired))}
        << QStringList{u"✔"_s, u"expires"_s} << 1;
    QTest::newRow("disabled") << u"cfut_disabled"_s << testAccountId
                              << QStringList{u"✘"_s, u"disabled"_s}
                              << QStringList{u"✔"_s, u"active"_s} << 1;
    QTest::newRow("unknown token") << u"cfut_nobody"_s << testAccountId
                                   << QStringList{u"✘"_s, u"Cloudflare rejected the token"_s}
                                   << QStringList{u"✔"_s, u"active"_s} << 1;
    // An active token is not all the app needs: the account must be its own.
    QTest::newRow("an account of zeros")
        << testToken << u"00000000000000000000000000000000"_s
        << QStringList{u"✔ The token is active"_s,
                       u"✘ Account 00000000000000000000000000000000 cannot be reached with the "
                       u"token"_s,
                       u"– Registrar registrations: not checked."_s}
        << QStringList{registrations} << 2;
    QTest::newRow("no registrar permission")
        << u"cfut_noregistrar"_s << testAccountId
        << QStringList{u"✔ The token is active"_s,
                       u"✘ The token cannot read the registrar registrations"_s}
        << QStringList{registrations} << 2;
}

void TestSettingsPages::verifiesAgainstTheSimulator()
{
    QFETCH(QString, token);
    QFETCH(QString, account);
    QFETCH(QStringList, expected);
    QFETCH(QStringList, absent);
    QFETCH(int, requests);

    QJsonObject scenario = baseScenario();
    scenario.insert(
        u"tokens"_s,
        QJsonArray{testToken,
                   QJsonObject{{u"token"_s, u"cfut_expiring"_s},
                               {u"expires_on"_s, u"2026-06-30T18:00:00Z"_s}},
                   QJsonObject{{u"token"_s, u"cfut_expired"_s},
                               {u"expires_on"_s, u"2026-01-31T09:30:00Z"_s}},
                   QJsonObject{{u"token"_s, u"cfut_disabled"_s}, {u"status"_s, u"disabled"_s}},
                   QJsonObject{{u"token"_s, u"cfut_noregistrar"_s}, {u"registrar"_s, false}}});
    SimulatorFixture fixture(scenario);
    QVERIFY2(fixture.isListening(), qPrintable(fixture.error()));
    Account a;
    fillValid(a.page, token);
    field(a.page, u"accountId"_s)->setText(account);
    a.page.setApiBase(fixture.baseUrl().toString());
    QLabel *result = label(a.page, u"verifyResult"_s);
    QTest::mouseClick(child<QPushButton>(a.page, u"verify"_s), Qt::LeftButton);
    QTRY_VERIFY(!result->text().isEmpty() && !result->text().contains(u"Verifying"_s));
    const QString text = result->text();
    for (const QString &part : expected)
        QVERIFY2(text.contains(part), qPrintable(text));
    for (const QString &part : absent)
        QVERIFY2(!text.contains(part), qPrintable(text));
    QVERIFY(shown(result));
    QCOMPARE(requestsTo(fixture), requests);
}

void TestSettingsPages::anotherTokenIsNotTheVerifiedOne()
{
    SimulatorFixture fixture(baseScenario());
    QVERIFY2(fixture.isListening(), qPrintable(fixture.error()));
    Account a;
    fillValid(a.page, testToken);
    a.page.setApiBase(fixture.baseUrl().toString());
    QLabel *result = label(a.page, u"verifyResult"_s);
    QTest::mouseClick(child<QPushButton>(a.page, u"verify"_s), Qt::LeftButton);
    QTRY_VERIFY(result->text().contains(u"active"_s));

    field(a.page, u"token"_s)->setText(u"cfut_nobody"_s);
    QVERIFY2(!result->text().contains(u"active"_s), qPrintable(result->text()));
}

void TestSettingsPages::aLateAnswerIsNotShownForAnotherToken()
{
    SimulatorFixture fixture(baseScenario());
    QVERIFY2(fixture.isListening(), qPrintable(fixture.error()));
    Account a;
    fillValid(a.page, testToken);
    a.page.setApiBase(fixture.baseUrl().toString());
    QLabel *result = label(a.page, u"verifyResult"_s);
    QTest::mouseClick(child<QPushButton>(a.page, u"verify"_s), Qt::LeftButton);
    QVERIFY(result->text().contains(u"Verifying"_s));
    field(a.page, u"token"_s)->setText(u"cfut_nobody"_s);
    // The verification stops there: its client is gone, and nothing more is asked.
    QVERIFY(a.page.findChildren<RegistrarClient *>().isEmpty());
    QVERIFY(requestsTo(fixture) <= 1);
    QVERIFY2(!result->text().contains(u"active"_s), qPrintable(result->text()));
}

void TestSettingsPages::anotherApiBaseIsNotTheVerifiedOne()
{
    SimulatorFixture fixture(baseScenario());
    QVERIFY2(fixture.isListening(), qPrintable(fixture.error()));
    Account a;
    fillValid(a.page, testToken);
    a.page.setApiBase(fixture.baseUrl().toString());
    QLabel *result = label(a.page, u"verifyResult"_s);
    QTest::mouseClick(child<QPushButton>(a.page, u"verify"_s), Qt::LeftButton);
    QTRY_VERIFY(result->text().contains(u"active"_s));

    a.page.setApiBase(u"https://api.cloudflare.com/client/v4"_s);
    QVERIFY2(result->text().isEmpty(), qPrintable(result->text()));
}

void TestSettingsPages::verifiesAnEmailAndKeyAsSuch()
{
    // There is no token to verify: the button says what it checks, and the answer is about the
    // email and key.
    SimulatorFixture fixture(baseScenario());
    QVERIFY2(fixture.isListening(), qPrintable(fixture.error()));
    Account a;
    fillValid(a.page, testToken);
    a.page.setApiBase(fixture.baseUrl().toString());
    auto *verify = child<QPushButton>(a.page, u"verify"_s);
    QCOMPARE(verify->text(), u"Verify token"_s);
    useGlobalKey(a.page);
    QCOMPARE(verify->text(), u"Verify email and key"_s);
    QLabel *result = label(a.page, u"verifyResult"_s);
    QTest::mouseClick(verify, Qt::LeftButton);
    QTRY_VERIFY(!result->text().isEmpty() && !result->text().contains(u"Verifying"_s));
    QCOMPARE(result->text(),
             u"✔ Cloudflare accepts the email and Global API Key.\n"
             u"✔ Account %1 can be reached with them.\n"
             u"✔ They can read the account's registrar registrations."_s.arg(testAccountId));
    QVERIFY(!result->text().contains(u"token"_s));
    QCOMPARE(requestsTo(fixture), 1);
}

void TestSettingsPages::aKeyIsVerifiedAgainstItsAccount()
{
    SimulatorFixture fixture(baseScenario());
    QVERIFY2(fixture.isListening(), qPrintable(fixture.error()));
    Account a;
    a.page.setApiBase(fixture.baseUrl().toString());
    useGlobalKey(a.page, u"not-the-key"_s);
    field(a.page, u"accountId"_s)->setText(testAccountId);
    QLabel *result = label(a.page, u"verifyResult"_s);
    auto *verify = child<QPushButton>(a.page, u"verify"_s);
    QTest::mouseClick(verify, Qt::LeftButton);
    QTRY_VERIFY2(result->text().startsWith(u"✘ Cloudflare rejected the email and Global API Key"_s),
                 qPrintable(result->text()));

    // Without an account there is nothing to check a key against, and nothing is asked.
    field(a.page, u"accountId"_s)->clear();
    QTest::mouseClick(verify, Qt::LeftButton);
    QVERIFY2(result->text().contains(u"Enter the account ID"_s), qPrintable(result->text()));
    QCOMPARE(requestsTo(fixture), 1);
}

void TestSettingsPages::aTokenAloneIsVerifiedWithoutAnAccount()
{
    SimulatorFixture fixture(baseScenario());
    QVERIFY2(fixture.isListening(), qPrintable(fixture.error()));
    Account a;
    field(a.page, u"token"_s)->setText(testToken);
    a.page.setApiBase(fixture.baseUrl().toString());
    QLabel *result = label(a.page, u"verifyResult"_s);
    QTest::mouseClick(child<QPushButton>(a.page, u"verify"_s), Qt::LeftButton);
    QTRY_VERIFY(!result->text().isEmpty() && !result->text().contains(u"Verifying"_s));
    QVERIFY2(result->text().startsWith(u"✔ The token is active"_s), qPrintable(result->text()));
    QVERIFY2(result->text().contains(u"– Account: not checked; enter the account ID"_s),
             qPrintable(result->text()));
    QCOMPARE(requestsTo(fixture), 1);
}

void TestSettingsPages::accountTokensVerifyUnderTheirAccount()
{
    // Account-owned tokens verify at /accounts/{id}/tokens/verify; the simulator answers that
    // only for its own account, so a wrong account ID shows which endpoint was asked.
    QJsonObject scenario = baseScenario();
    scenario.insert(u"tokens"_s, QJsonArray{u"cfat_AccountOwnedToken"_s});
    SimulatorFixture fixture(scenario);
    QVERIFY2(fixture.isListening(), qPrintable(fixture.error()));
    Account a;
    fillValid(a.page, u"cfat_AccountOwnedToken"_s);
    a.page.setApiBase(fixture.baseUrl().toString());
    QLabel *result = label(a.page, u"verifyResult"_s);
    auto *verify = child<QPushButton>(a.page, u"verify"_s);
    QTest::mouseClick(verify, Qt::LeftButton);
    QTRY_VERIFY2(result->text().contains(u"✔ The token is active"_s), qPrintable(result->text()));

    field(a.page, u"accountId"_s)->setText(otherAccountId);
    // Verified under the account: another account forgets it.
    QVERIFY2(result->text().isEmpty(), qPrintable(result->text()));
    QTest::mouseClick(verify, Qt::LeftButton);
    QTRY_VERIFY2(result->text().contains(u"✘"_s), qPrintable(result->text()));
    QVERIFY(!result->text().contains(u"active"_s));
    // Verified with its account and its registrations, then refused under the other account.
    QCOMPARE(requestsTo(fixture), 3);
}

void TestSettingsPages::anAccountTokenNeedsItsAccountId()
{
    QJsonObject scenario = baseScenario();
    scenario.insert(u"tokens"_s, QJsonArray{u"cfat_AccountOwnedToken"_s});
    SimulatorFixture fixture(scenario);
    QVERIFY2(fixture.isListening(), qPrintable(fixture.error()));
    Account a;
    fillValid(a.page, u"cfat_AccountOwnedToken"_s);
    a.page.setApiBase(fixture.baseUrl().toString());

    // Without an account ID there is nothing to ask, and the page says what is missing.
    field(a.page, u"accountId"_s)->clear();
    QLabel *result = label(a.page, u"verifyResult"_s);
    QTest::mouseClick(child<QPushButton>(a.page, u"verify"_s), Qt::LeftButton);
    QVERIFY2(result->text().contains(u"account ID"_s), qPrintable(result->text()));
    QCOMPARE(requestsTo(fixture), 0);
}

void TestSettingsPages::saysWhereTheSecretReallyIs_data()
{
    QTest::addColumn<bool>("account");
    QTest::addColumn<int>("keychain"); // 0: holds the token, 1: holds nothing, 2: cannot be used
    QTest::addColumn<QString>("note");
    QTest::addColumn<bool>("fallback");

    QTest::newRow("a new account")
        << false << 1 << u"Nowhere yet: OK saves it in the system keychain."_s << false;
    QTest::newRow("in the keychain") << true << 0 << u"the system keychain"_s << false;
    QTest::newRow("not in the keychain")
        << true << 1 << u"Nowhere yet: OK saves it in the system keychain."_s << false;
    // The case: no keychain works, and the page said it kept the secret there.
    QTest::newRow("no keychain") << true << 2
                                 << u"Nowhere yet: %1. Choose below where to keep it."_s.arg(
                                        test::FakeSecretStore::missingKeychainMessage)
                                 << true;
}

void TestSettingsPages::saysWhereTheSecretReallyIs()
{
    QFETCH(bool, account);
    QFETCH(int, keychain);
    QFETCH(QString, note);
    QFETCH(bool, fallback);

    Stored s;
    if (account)
        s.settings.setAccountId(testAccountId);
    if (keychain == 0)
        s.keychain.secrets().insert(SecretStore::keyFor(testAccountId, false), testToken);
    if (keychain == 2)
        s.keychain.fail(test::FakeSecretStore::Failing::Everything);
    s.open();
    QLabel *where = label(*s.page, u"storageNote"_s);
    QTRY_VERIFY2(!where->text().startsWith(u"Looking"_s), qPrintable(where->text()));
    QCOMPARE(where->text(), note);
    QCOMPARE(shown(child<QWidget>(*s.page, u"fallback"_s)), fallback);

    // Offered after OK too (the dialog does that when the keychain fails on saving): the note
    // follows.
    s.page->offerFallback();
    QVERIFY2(where->text().startsWith(u"Nowhere yet: "_s) &&
                 where->text().endsWith(u"Choose below where to keep it."_s),
             qPrintable(where->text()));
}

void TestSettingsPages::remindsThatTheSecretWasForOneSessionOnly()
{
    // After a restart, a secret kept for one session is gone, as chosen: said so, not as a fault.
    Stored s;
    s.settings.setAccountId(testAccountId);
    s.settings.setSecretStorage(Storage::SessionOnly);
    s.open();
    QLabel *where = label(*s.page, u"storageNote"_s);
    QTRY_COMPARE(where->text(), u"Nowhere: you chose to keep it for this session only, so it is "
                                u"asked for again after each restart. Enter it above."_s);
    QCOMPARE(field(*s.page, u"token"_s)->placeholderText(),
             u"Enter it again: it was kept for the last session only"_s);
    QVERIFY(!shown(child<QWidget>(*s.page, u"fallback"_s)));

    // Entered again, it is in memory until the app quits.
    bool written = false;
    s.memory.write(SecretStore::keyFor(testAccountId, false), testToken, &s.memory,
                   [&written](const SecretStore::Result &) { written = true; });
    QTRY_VERIFY(written);
    s.open();
    where = label(*s.page, u"storageNote"_s);
    QTRY_COMPARE(where->text(), u"memory, for this session only (asked for again after a "
                                u"restart)"_s);
}

// Issue 13, point 1: the account's secret in secrets.json at 0644 in a 0755 folder, and the
// page open on it, saying so; its note, or none when it could not be set up.
QLabel *openExposed(Stored &s)
{
    s.settings.setAccountId(testAccountId);
    s.settings.setSecretStorage(Storage::PrivateFile);
    const QString folder = s.dir.filePath(u"private"_s);
    QFile file(s.file.path());
    if (!QDir().mkpath(folder) || !file.open(QIODevice::WriteOnly))
        return nullptr;
    file.write(QJsonDocument(QJsonObject{{SecretStore::keyFor(testAccountId, false), testToken}})
                   .toJson());
    file.close();
    const auto everyoneReads =
        QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup | QFile::ReadOther;
    if (!QFile::setPermissions(s.file.path(), everyoneReads) ||
        !QFile::setPermissions(folder,
                               everyoneReads | QFile::ExeOwner | QFile::ExeGroup | QFile::ExeOther))
        return nullptr;
    s.open();
    QLabel *where = label(*s.page, u"storageNote"_s);
    const bool said = QTest::qWaitFor(
        [where] { return where->text().contains(u"readable by other users: mode 0644"_s); });
    return said ? where : nullptr;
}

// Not used, not called private; one click makes it private, and the secret is then read.
void TestSettingsPages::offersToMakeASecretFileOthersCanReadPrivate()
{
    Stored s;
    QLabel *where = openExposed(s);
    QVERIFY(where);
    QVERIFY2(!where->text().contains(u"readable only by you"_s), qPrintable(where->text()));
    QVERIFY(field(*s.page, u"token"_s)->text().isEmpty());
    auto *makePrivate = child<QPushButton>(*s.page, u"makePrivate"_s);
    QVERIFY(shown(makePrivate));

    makePrivate->click();
    QTRY_COMPARE(field(*s.page, u"token"_s)->text(), testToken);
    QVERIFY2(where->text().contains(u"readable only by you"_s), qPrintable(where->text()));
    QVERIFY(!shown(makePrivate));
    QCOMPARE(QFileInfo(s.file.path()).permissions() & 0x0077, 0);
}

// Issue 13, point 1, the other offer: the secret moves to the keychain, the account then uses
// the keychain, and only then does the file lose it (rewritten private).
void TestSettingsPages::offersToMoveASecretFileOthersCanReadToTheKeychain()
{
    Stored s;
    QLabel *where = openExposed(s);
    QVERIFY(where);
    auto *move = child<QPushButton>(*s.page, u"moveToKeychain"_s);
    QVERIFY(shown(move));

    const QString key = SecretStore::keyFor(testAccountId, false);
    move->click();
    QTRY_COMPARE(field(*s.page, u"token"_s)->text(), testToken);
    QCOMPARE(s.keychain.secrets().value(key), testToken);
    QCOMPARE(s.settings.account(testAccountId)->storage, Storage::Keychain);
    QCOMPARE(where->text(), u"the system keychain"_s);
    QVERIFY(!shown(move));
    QVERIFY(!shown(child<QPushButton>(*s.page, u"makePrivate"_s)));
    QFile file(s.file.path());
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(!QJsonDocument::fromJson(file.readAll()).object().contains(key));
    QCOMPARE(QFileInfo(s.file.path()).permissions() & 0x0077, 0);
}

// When the keychain cannot take it, nothing changes: the settings, the file and its mode stay
// as they were, and the page says why.
void TestSettingsPages::aSecretStaysInTheFileWhenTheKeychainFails()
{
    Stored s;
    QLabel *where = openExposed(s);
    QVERIFY(where);
    QFile file(s.file.path());
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray before = file.readAll();
    file.close();
    s.keychain.fail(test::FakeSecretStore::Failing::Writes, SecretStore::Status::Failed,
                    u"The keychain refused the secret."_s);
    auto *move = child<QPushButton>(*s.page, u"moveToKeychain"_s);
    QVERIFY(shown(move));

    move->click();
    QTRY_VERIFY2(where->text().contains(u"The keychain refused the secret."_s),
                 qPrintable(where->text()));
    QVERIFY2(where->text().contains(u"nothing was moved"_s, Qt::CaseInsensitive),
             qPrintable(where->text()));
    QVERIFY(s.keychain.secrets().isEmpty());
    QCOMPARE(s.settings.account(testAccountId)->storage, Storage::PrivateFile);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), before);
    QVERIFY(QFileInfo(s.file.path()).permissions() & QFile::ReadOther);
    QVERIFY(field(*s.page, u"token"_s)->text().isEmpty());
    QVERIFY(shown(move)); // may be tried again
}

void TestSettingsPages::pollingLoadsAndSavesAlone()
{
    Settings s;
    PollSettings poll;
    poll.budgetRequests = 700;
    poll.blockedMaxDelay = 45min;
    poll.maxWatchTime = 10 * 24h;
    s.settings.setPollSettings(poll);
    PollingPage page(&s.settings);
    page.load();
    QCOMPARE(child<QSpinBox>(page, u"budget"_s)->value(), 700);
    QCOMPARE(child<QSpinBox>(page, u"blockedMaxDelay"_s)->value(), 45);
    QCOMPARE(child<QSpinBox>(page, u"maxWatchTime"_s)->value(), 10);
    QCOMPARE(child<QSpinBox>(page, u"activeMaxDelay"_s)->value(), 60);
    QVERIFY(child<QCheckBox>(page, u"pacing"_s)->isChecked());
    QCOMPARE(child<QSpinBox>(page, u"speedShare"_s)->value(), 400);
    QVERIFY(page.problems().isEmpty());

    // Pacing off: its share is not asked for.
    child<QCheckBox>(page, u"pacing"_s)->setChecked(false);
    QVERIFY(!child<QSpinBox>(page, u"speedShare"_s)->isEnabled());
    child<QSpinBox>(page, u"budget"_s)->setValue(450);
    child<QSpinBox>(page, u"maxActiveTime"_s)->setValue(12);
    child<QSpinBox>(page, u"maxBlockedTime"_s)->setValue(2);
    page.save();
    const PollSettings saved = s.settings.pollSettings();
    QCOMPARE(saved.budgetRequests, 450);
    QCOMPARE(saved.blockedMaxDelay, 45min);
    QCOMPARE(saved.maxWatchTime, 10 * 24h);
    QCOMPARE(saved.maxActiveTime, 12h);
    QCOMPARE(saved.maxBlockedTime, 2 * 24h);
    QVERIFY(!saved.pacing);
    QCOMPARE(saved.speedShare, 400);

    PollingPage again(&s.settings);
    again.load();
    QVERIFY(!child<QCheckBox>(again, u"pacing"_s)->isChecked());
    child<QCheckBox>(again, u"pacing"_s)->setChecked(true);
    child<QSpinBox>(again, u"speedShare"_s)->setValue(200);
    again.save();
    QVERIFY(s.settings.pollSettings().pacing);
    QCOMPARE(s.settings.pollSettings().speedShare, 200);
}

void TestSettingsPages::theBudgetStaysWithinWhatCloudflareAllows()
{
    Settings s;
    PollingPage page(&s.settings);
    page.load();
    QSpinBox *budget = child<QSpinBox>(page, u"budget"_s);
    budget->setValue(5000);
    QCOMPARE(budget->value(), 1200);
    budget->setValue(450);
    QCOMPARE(budget->value(), 450);
}

void TestSettingsPages::aNewOperatorIsToldEverything()
{
    Settings s;
    NotificationsPage page(&s.settings);
    page.load();
    // What a new operator starts with: every event, no quiet hours, the tray.
    for (const Event event : NotificationSettings::allEvents)
        QVERIFY(child<QCheckBox>(page, NotificationsPage::boxName(event))->isChecked());
    auto *found = child<QCheckBox>(page, u"notifyFound"_s);
    QVERIFY(found->isChecked());
    QVERIFY(!child<QCheckBox>(page, u"quietHours"_s)->isChecked());
    QVERIFY(!child<QTimeEdit>(page, u"quietStart"_s)->isEnabled());
    QVERIFY(child<QCheckBox>(page, u"trayIcon"_s)->isChecked());

    // Found workflows can be left untold alone, every end still told.
    found->setChecked(false);
    page.save();
    const NotificationSettings saved = s.settings.notificationSettings();
    QVERIFY(!saved.found);
    QCOMPARE(saved.enabled, NotificationSettings().enabled);
    NotificationsPage again(&s.settings);
    again.load();
    QVERIFY(!child<QCheckBox>(again, u"notifyFound"_s)->isChecked());
}

void TestSettingsPages::saysWhyThereIsNoTrayIcon()
{
    Settings s;
    NotificationsPage page(&s.settings);
    page.load();
    page.show();
    // Offscreen there is no tray: the box is off, and the page says why where it is seen.
    QVERIFY(!child<QCheckBox>(page, u"trayIcon"_s)->isEnabled());
    QLabel *why = label(page, u"trayUnavailable"_s);
    QVERIFY(shown(why));
    QVERIFY2(why->text().startsWith(u"This desktop has no system tray"_s), qPrintable(why->text()));
    QCOMPARE(child<QCheckBox>(page, u"trayIcon"_s)->toolTip(), why->text()); // on hover too
}

void TestSettingsPages::remindersRoundTrip()
{
    using std::chrono::minutes;
    Settings s;
    auto page = std::make_unique<NotificationsPage>(&s.settings);
    page->load();
    // What a new operator starts with: reminded after 4 hours, then daily.
    auto *remind = child<QCheckBox>(*page, u"remind"_s);
    auto *after = child<QSpinBox>(*page, u"remindAfter"_s);
    auto *every = child<QSpinBox>(*page, u"remindEvery"_s);
    QVERIFY(remind->isChecked());
    QCOMPARE(after->value(), 4);
    QCOMPARE(every->value(), 24);
    QCOMPARE(after->suffix(), u" hours"_s);
    QVERIFY(after->isEnabled() && every->isEnabled());

    after->setValue(2);
    every->setValue(12);
    page->save();
    NotificationSettings saved = s.settings.notificationSettings();
    QVERIFY(saved.remind);
    QCOMPARE(saved.remindAfter, minutes(120));
    QCOMPARE(saved.remindEvery, minutes(720));

    remind->setChecked(false);
    QVERIFY(!after->isEnabled() && !every->isEnabled());
    page->save();
    QVERIFY(!s.settings.notificationSettings().remind);

    // Read back as saved; a time set by hand in minutes is kept while the fields are untouched.
    saved = s.settings.notificationSettings();
    saved.remind = true;
    saved.remindAfter = minutes(90);
    s.settings.setNotificationSettings(saved);
    page = std::make_unique<NotificationsPage>(&s.settings);
    page->load();
    QVERIFY(child<QCheckBox>(*page, u"remind"_s)->isChecked());
    QCOMPARE(child<QSpinBox>(*page, u"remindAfter"_s)->value(), 2); // rounded up for the eye
    QCOMPARE(child<QSpinBox>(*page, u"remindEvery"_s)->value(), 12);
    page->save();
    QCOMPARE(s.settings.notificationSettings().remindAfter, minutes(90));
    QCOMPARE(s.settings.notificationSettings().remindEvery, minutes(720));
}

void TestSettingsPages::quietHoursProblemNamesItsTab()
{
    Settings s;
    NotificationsPage page(&s.settings);
    page.load();
    QSignalSpy edited(&page, &SettingsPage::edited);
    child<QCheckBox>(page, u"quietHours"_s)->setChecked(true);
    child<QTimeEdit>(page, u"quietStart"_s)->setTime(QTime(23, 0));
    child<QTimeEdit>(page, u"quietEnd"_s)->setTime(QTime(23, 0));
    QVERIFY(edited.size() >= 2);
    const QList<SettingsPage::Problem> problems = page.problems();
    QCOMPARE(fieldsOf(problems), QStringList{u"Quiet hours (Notifications tab)"_s});
    QCOMPARE(problems.constFirst().reason, label(page, u"quietProblem"_s)->text());
}

void TestSettingsPages::apiBaseProblemNamesItsTab()
{
    Settings s;
    AdvancedPage page(&s.settings);
    page.load();
    QVERIFY(page.problems().isEmpty());
    QSignalSpy edited(&page, &AdvancedPage::apiBaseEdited);
    QLineEdit *apiBase = field(page, u"apiBase"_s);
    apiBase->setText(u"http://example.com/client/v4"_s);
    QCOMPARE(edited.size(), 1);
    QCOMPARE(edited.constFirst().constFirst().toString(), u"http://example.com/client/v4"_s);
    const QList<SettingsPage::Problem> problems = page.problems();
    QCOMPARE(fieldsOf(problems), QStringList{u"API base URL (Advanced tab)"_s});
    QVERIFY2(problems.constFirst().reason.contains(u"must use https"_s),
             qPrintable(problems.constFirst().reason));
    QCOMPARE(problems.constFirst().reason, reasonBeside(apiBase)->text());
}

void TestSettingsPages::savesTheApiBaseAsTheClientUsesIt()
{
    Settings s;
    AdvancedPage page(&s.settings);
    page.load();
    field(page, u"apiBase"_s)->setText(u" https://api.cloudflare.com/client/v4/ "_s);
    page.save();
    QCOMPARE(s.settings.apiBase(), u"https://api.cloudflare.com/client/v4"_s);
}

QTEST_MAIN(TestSettingsPages)
#include "tst_settingspages.moc"
