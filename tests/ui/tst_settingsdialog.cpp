// The settings dialog and an account's dialog as an operator uses them: every field says what is
// wrong with it, beside it, and OK refuses until all are right; Cancel leaves the settings file
// and the secret store exactly as they were, even in the middle of saving; OK puts the secret in
// the secret store under the account's key and never in the settings file or a log; Global API
// Keys pasted as tokens are called out; Verify asks the simulator over loopback HTTP; without a
// keychain the dialog says so and offers this session only (the default) or, by explicit choice,
// a private file; and the Accounts page adds, edits and removes accounts, asking before removing.
// Widgets are found by their object names, as the pages give them.

#include "net/RegistrarClient.h"
#include "settings/AppSettings.h"
#include "settings/MemorySecretStore.h"
#include "settings/PrivateFileSecretStore.h"
#include "support/FakeSecretStore.h"
#include "support/FindChild.h"
#include "support/SimulatorFixture.h"
#include "ui/SettingsDialog.h"
#include "ui/settings/AccountDialog.h"
#include "ui/settings/AccountPage.h"
#include "ui/settings/AccountsPage.h"
#include "ui/settings/NotificationsPage.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QGroupBox>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QLoggingCategory>
#include <QMessageBox>
#include <QNetworkAccessManager>
#include <QPushButton>
#include <QRadioButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeEdit>
#include <QTreeWidget>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using namespace rw;
using namespace rw::test;
using rw::ui::AccountDialog;
using rw::ui::AccountsPage;
using rw::ui::SettingsDialog;
using Storage = AppSettings::SecretStorage;
using Event = NotificationSettings::Event;

namespace {

const QString otherAccountId = u"0123456789abcdef0123456789abcdef"_s;
const QString newToken = u"cfut_new-test-token"_s;
const QString oldToken = u"cfut_old-test-token"_s;
const QString &missingKeychainMessage = FakeSecretStore::missingKeychainMessage;

SecretStore::Result await(SecretStore &store, const QString &key)
{
    std::optional<SecretStore::Result> result;
    QObject context;
    store.read(key, &context, [&](const SecretStore::Result &r) { result = r; });
    if (!QTest::qWaitFor([&] { return result.has_value(); }, 5000))
        qFatal("the secret store did not answer");
    return *result;
}

void put(SecretStore &store, const QString &key, const QString &secret)
{
    QObject context;
    bool written = false;
    store.write(key, secret, &context, [&](const SecretStore::Result &) { written = true; });
    if (!QTest::qWaitFor([&] { return written; }, 5000))
        qFatal("the secret store did not answer");
}

std::optional<QByteArray> bytesOf(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return std::nullopt;
    return file.readAll();
}

// Every message the app logs while it lives, debug included: a secret must not be in any. The
// simulator and Qt's own HTTP server log what they receive; they stand for Cloudflare and are not
// the app. A category filter, because QT_LOGGING_RULES (set by ctest) outranks setFilterRules.
class LogCapture
{
public:
    LogCapture()
    {
        s_lines.clear();
        s_previousFilter = QLoggingCategory::installFilter([](QLoggingCategory *category) {
            if (s_previousFilter)
                s_previousFilter(category);
            if (isApp(category->categoryName())) {
                category->setEnabled(QtDebugMsg, true);
                category->setEnabled(QtInfoMsg, true);
            }
        });
        m_previousHandler = qInstallMessageHandler(
            [](QtMsgType, const QMessageLogContext &context, const QString &message) {
                if (isApp(context.category))
                    s_lines.append(message);
            });
    }
    ~LogCapture()
    {
        qInstallMessageHandler(m_previousHandler);
        QLoggingCategory::installFilter(s_previousFilter);
    }
    Q_DISABLE_COPY_MOVE(LogCapture)
    // The lines that mention `text`.
    [[nodiscard]] static QString linesWith(const QString &text)
    {
        return s_lines.filter(text).join(u'\n');
    }
    [[nodiscard]] static qsizetype size() { return s_lines.size(); }

private:
    static bool isApp(const char *category)
    {
        const QByteArrayView name(category ? category : "default");
        return name == "default" || (name.startsWith("rw.") && name != "rw.sim");
    }
    static inline QStringList s_lines;
    static inline QLoggingCategory::CategoryFilter s_previousFilter = nullptr;
    QtMessageHandler m_previousHandler = nullptr;
};

// One dialog over settings in an ini file of a temporary directory, with the three stores the
// app has: the keychain (a working in-memory one unless a test swaps it), this session's memory,
// and the private file.
struct Harness
{
    QTemporaryDir dir;
    QString iniPath = dir.filePath(u"settings.ini"_s);
    QString secretsPath = dir.filePath(u"private/secrets.json"_s);
    std::unique_ptr<AppSettings> settings;
    MemorySecretStore workingKeychain;
    MemorySecretStore session;
    PrivateFileSecretStore file{secretsPath};
    FakeSecretStore fakeKeychain;
    SecretStore *keychain = &workingKeychain;
    QNetworkAccessManager network;
    std::unique_ptr<SettingsDialog> dialog;
    std::unique_ptr<AccountDialog> accountDialog;

    Harness() { reopenSettings(); }

    void reopenSettings()
    {
        settings = std::make_unique<AppSettings>(new QSettings(iniPath, QSettings::IniFormat));
    }
    // A keychain with no Secret Service behind it (or a locked one): every request fails,
    // later, with Unavailable.
    FakeSecretStore &useMissingKeychain()
    {
        fakeKeychain.fail(FakeSecretStore::Failing::Everything);
        keychain = &fakeKeychain;
        return fakeKeychain;
    }
    // A keychain that answers only when the test says so, in the order it was asked.
    FakeSecretStore &useHeldKeychain()
    {
        fakeKeychain.holdAnswers(true);
        keychain = &fakeKeychain;
        return fakeKeychain;
    }
    // A configured account, as a previous OK left it.
    void seed(const QString &api = ApiBase::defaultUrl)
    {
        settings->setAccountId(testAccountId);
        settings->setAuthScheme(AppSettings::AuthScheme::ApiToken);
        settings->setApiBase(api);
        settings->setSecretStorage(Storage::Keychain);
        PollSettings poll;
        poll.budgetRequests = 700;
        settings->setPollSettings(poll);
        settings->sync();
    }
    [[nodiscard]] SecretStores stores()
    {
        return [this](Storage storage) -> SecretStore * {
            switch (storage) {
            case Storage::Keychain:
                return keychain;
            case Storage::SessionOnly:
                return &session;
            case Storage::PrivateFile:
                return &file;
            }
            return &session;
        };
    }
    SettingsDialog &open()
    {
        dialog = std::make_unique<SettingsDialog>(settings.get(), stores(), &network);
        dialog->show();
        return *dialog;
    }
    // The first account's dialog (Edit…), or Add… when there is none.
    AccountDialog &edit()
    {
        const QList<AccountSettings> accounts = settings->accounts();
        return edit(accounts.isEmpty() ? std::nullopt : std::optional(accounts.first()));
    }
    AccountDialog &edit(const std::optional<AccountSettings> &account)
    {
        accountDialog =
            std::make_unique<AccountDialog>(settings.get(), stores(), &network, account);
        accountDialog->show();
        return *accountDialog;
    }
    // What the next start of the app will read.
    [[nodiscard]] AppSettings saved() const
    {
        return AppSettings(new QSettings(iniPath, QSettings::IniFormat));
    }
};

QLineEdit *field(const QWidget &dialog, const QString &name)
{
    return child<QLineEdit>(dialog, name);
}

QLabel *label(const QWidget &dialog, const QString &name)
{
    return child<QLabel>(dialog, name);
}

QSpinBox *spin(const QWidget &dialog, const QString &name)
{
    return child<QSpinBox>(dialog, name);
}

QCheckBox *notifyBox(const QWidget &dialog, Event event)
{
    return child<QCheckBox>(dialog, ui::NotificationsPage::boxName(event));
}

QPushButton *button(const QDialog &dialog, QDialogButtonBox::StandardButton which)
{
    return dialog.findChild<QDialogButtonBox *>()->button(which);
}

bool isValid(const QDialog &dialog)
{
    if (const auto *settings = qobject_cast<const SettingsDialog *>(&dialog))
        return settings->isValid();
    return qobject_cast<const AccountDialog *>(&dialog)->isValid();
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

QLabel *labelContaining(const QDialog &dialog, const QString &text)
{
    const QList<QLabel *> labels = dialog.findChildren<QLabel *>();
    for (QLabel *candidate : labels) {
        if (candidate->text().contains(text))
            return candidate;
    }
    return nullptr;
}

bool shown(const QWidget *widget)
{
    return widget->isVisibleTo(widget->window());
}

// The account's fields, or the API base on the settings dialog.
void fillValid(QDialog &dialog, const QString &token = newToken)
{
    if (auto *base = dialog.findChild<QLineEdit *>(u"apiBase"_s)) {
        base->setText(ApiBase::defaultUrl);
        return;
    }
    if (!field(dialog, u"accountId"_s)->isReadOnly())
        field(dialog, u"accountId"_s)->setText(testAccountId);
    field(dialog, u"token"_s)->setText(token);
}

void useGlobalKey(QDialog &dialog, const QString &key = testKey)
{
    child<QRadioButton>(dialog, u"useGlobalApiKey"_s)->setChecked(true);
    field(dialog, u"email"_s)->setText(testEmail);
    field(dialog, u"globalApiKey"_s)->setText(key);
}

// One field made wrong in a dialog that was right before: the field and the text that was good.
struct WrongField
{
    QLineEdit *field = nullptr;
    QString good;
};

const QHash<QString, QString> fieldNames{{u"Account ID"_s, u"accountId"_s},
                                         {u"API token"_s, u"token"_s},
                                         {u"Email"_s, u"email"_s},
                                         {u"Global API Key"_s, u"globalApiKey"_s},
                                         {u"API base URL"_s, u"apiBase"_s}};

void wrongFieldRows()
{
    QTest::addColumn<QString>("fieldName");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("reason");

    QTest::newRow("no account ID") << u"Account ID"_s << u""_s << u"account ID is empty"_s;
    QTest::newRow("account ID with a dash")
        << u"Account ID"_s << u"023e105f-4ece-f8ad"_s << u"only letters and digits"_s;
    QTest::newRow("account ID too long")
        << u"Account ID"_s << testAccountId + u"0"_s << u"longer than 32 characters"_s;
    QTest::newRow("no token") << u"API token"_s << u"   "_s << u"the API token is empty"_s;
    QTest::newRow("token with a space")
        << u"API token"_s << u"cfut_abc def"_s << u"spaces or characters that cannot be sent"_s;
    QTest::newRow("email without @") << u"Email"_s << u"ops.example.com"_s << u"email"_s;
    QTest::newRow("no email") << u"Email"_s << u""_s << u"email"_s;
    QTest::newRow("no Global API Key")
        << u"Global API Key"_s << u""_s << u"Global API Key is empty"_s;
    QTest::newRow("plain http elsewhere")
        << u"API base URL"_s << u"http://api.cloudflare.com/client/v4"_s << u"must use https"_s;
    QTest::newRow("ftp") << u"API base URL"_s << u"ftp://api.cloudflare.com/client/v4"_s
                         << u"must use https"_s;
    QTest::newRow("no host") << u"API base URL"_s << u"/client/v4"_s
                             << u"absolute URL with a host"_s;
    QTest::newRow("password in the URL")
        << u"API base URL"_s << u"https://me:pw@api.cloudflare.com/client/v4"_s
        << u"must not carry a user name or password"_s;
    QTest::newRow("query") << u"API base URL"_s << u"https://api.cloudflare.com/client/v4?x=1"_s
                           << u"must not have a query"_s;
}

// Fills the dialog rightly, checks that OK is on offer, then makes `name` wrong with `text`.
WrongField makeWrong(QDialog &dialog, const QString &name, const QString &text)
{
    if (name == u"Email" || name == u"Global API Key")
        useGlobalKey(dialog);
    fillValid(dialog);
    if (!isValid(dialog) || !button(dialog, QDialogButtonBox::Ok)->isEnabled())
        qFatal("the dialog was not right before %s was made wrong", qPrintable(name));
    WrongField wrong{field(dialog, fieldNames.value(name)), {}};
    wrong.good = wrong.field->text();
    wrong.field->setText(text);
    return wrong;
}

QDialog &dialogFor(Harness &h, const QString &name)
{
    if (name == u"API base URL")
        return h.open();
    return h.edit();
}

} // namespace

class TestSettingsDialog : public QObject
{
    Q_OBJECT
private slots:
    void showsWhatIsSaved();
    void eachFieldSaysWhatIsWrong_data();
    void eachFieldSaysWhatIsWrong();
    void aWrongFieldSavesNothing_data();
    void aWrongFieldSavesNothing();
    void aFieldPutRightBringsOkBack_data();
    void aFieldPutRightBringsOkBack();
    void acceptsHttpsAndLoopbackHttp_data();
    void acceptsHttpsAndLoopbackHttp();
    void cancelWritesNothing_data();
    void cancelWritesNothing();
    void cancelWhileSavingWritesNothing_data();
    void cancelWhileSavingWritesNothing();
    void okPutsTheSecretInTheKeychain_data();
    void okPutsTheSecretInTheKeychain();
    void okKeepsTheSecretOutOfTheSettingsAndTheLog_data();
    void okKeepsTheSecretOutOfTheSettingsAndTheLog();
    void eachAccountKeepsItsOwnSecret();
    void savesPolling();
    void quietHoursNeedAnEnd();
    void savesNotifications();
    void everyEventOffIsKept();
    void verifyingSavesNothingAndLogsNoSecret();
    void verifyWithoutAUsableBaseSaysWhy();
    void verifyCountsOnTheBudgetOfTheCredentials();
    void aMissingKeychainIsSaidAndNothingSaved();
    void sessionOnlyIsTheDefaultChoice();
    void theFileChoiceNamesTheFile();
    void privateFileIsAnExplicitChoice();
    void readsTheSecretFromThePrivateFile();
    void missingKeychainIsSaidOnOpening();
    void theChoiceOfferedOnOpeningIsUsedByOk();
    void theTitleLeavesTheAppNameToTheDesktop();
    void keepsItsSizeWhenTheSignInChanges();
    void addsAccountsAndEditsALabel();
    void removingAnAccountAsksFirst();
    void nothingIsLostWhenVerifyFails();
    void opensAtTheSecretWhenAsked_data();
    void opensAtTheSecretWhenAsked();
};

void TestSettingsDialog::showsWhatIsSaved()
{
    Harness h;
    h.seed(u"http://127.0.0.1:8080/client/v4"_s);
    h.settings->setSandbox(true);
    h.settings->sync();
    put(h.workingKeychain, SecretStore::keyFor(testAccountId, false), oldToken);

    SettingsDialog &settings = h.open();
    QCOMPARE(field(settings, u"apiBase"_s)->text(), u"http://127.0.0.1:8080/client/v4"_s);
    QCOMPARE(spin(settings, u"budget"_s)->value(), 700);
    QCOMPARE(spin(settings, u"blockedMaxDelay"_s)->value(), 60);
    QCOMPARE(spin(settings, u"maxWatchTime"_s)->value(), 14);
    QVERIFY(settings.isValid());
    // The account is listed, named by its ID until the operator names it.
    auto *list = child<QTreeWidget>(settings, u"accountList"_s);
    QCOMPARE(list->topLevelItemCount(), 1);
    QCOMPARE(list->topLevelItem(0)->text(int(AccountsPage::Column::AccountId)), testAccountId);
    QCOMPARE(list->topLevelItem(0)->text(int(AccountsPage::Column::SignIn)), u"API token"_s);
    QCOMPARE(list->topLevelItem(0)->text(int(AccountsPage::Column::Sandbox)), u"Sandbox"_s);

    AccountDialog &dialog = h.edit();
    QCOMPARE(field(dialog, u"accountId"_s)->text(), testAccountId);
    QVERIFY(child<QCheckBox>(dialog, u"sandbox"_s)->isChecked());
    QVERIFY(child<QCheckBox>(dialog, u"enabled"_s)->isChecked());
    QVERIFY(child<QCheckBox>(dialog, u"watchWholeAccount"_s)->isChecked());
    QCOMPARE(spin(dialog, u"listEveryMinutes"_s)->value(), 30);
    QCOMPARE(spin(dialog, u"expiryWarningDays"_s)->value(), 30);
    // The secret comes from the keychain, later, like every keychain answer.
    QTRY_COMPARE(field(dialog, u"token"_s)->text(), oldToken);
    QCOMPARE(field(dialog, u"token"_s)->echoMode(), QLineEdit::Password);
    QVERIFY(isValid(dialog));
    QVERIFY(button(dialog, QDialogButtonBox::Ok)->isEnabled());
    QVERIFY(label(dialog, u"problems"_s)->text().isEmpty());
}

void TestSettingsDialog::eachFieldSaysWhatIsWrong_data()
{
    wrongFieldRows();
}

void TestSettingsDialog::eachFieldSaysWhatIsWrong()
{
    QFETCH(QString, fieldName);
    QFETCH(QString, text);
    QFETCH(QString, reason);

    Harness h;
    h.seed();
    QDialog &dialog = dialogFor(h, fieldName);
    const WrongField wrong = makeWrong(dialog, fieldName, text);

    // Under the tabs, whichever is in view, the field is named.
    QLabel *problems = label(dialog, u"problems"_s);
    QVERIFY(!isValid(dialog));
    QVERIFY(!button(dialog, QDialogButtonBox::Ok)->isEnabled());
    QVERIFY2(problems->text().contains(fieldName), qPrintable(problems->text()));
    QVERIFY(shown(problems));
    // On the field's tab, the reason is beside the field, and only there.
    if (auto *tabs = dialog.findChild<QTabWidget *>()) {
        for (int i = 0; i < tabs->count(); ++i) {
            if (tabs->widget(i)->isAncestorOf(wrong.field))
                tabs->setCurrentIndex(i);
        }
    }
    QVERIFY(shown(wrong.field));
    QVERIFY2(reasonBeside(wrong.field)->text().contains(reason),
             qPrintable(reasonBeside(wrong.field)->text()));
    QVERIFY(shown(reasonBeside(wrong.field)));
    for (const QString &name : fieldNames) {
        QLineEdit *other = dialog.findChild<QLineEdit *>(name);
        if (other && other != wrong.field)
            QVERIFY2(reasonBeside(other)->text().isEmpty(),
                     qPrintable(reasonBeside(other)->text()));
    }
}

void TestSettingsDialog::aWrongFieldSavesNothing_data()
{
    wrongFieldRows();
}

void TestSettingsDialog::aWrongFieldSavesNothing()
{
    QFETCH(QString, fieldName);
    QFETCH(QString, text);

    Harness h;
    h.seed();
    const auto before = bytesOf(h.iniPath);
    QDialog &dialog = dialogFor(h, fieldName);
    makeWrong(dialog, fieldName, text);

    // Neither the button nor Enter (accept()) saves.
    QSignalSpy accepted(&dialog, &QDialog::accepted);
    QTest::mouseClick(button(dialog, QDialogButtonBox::Ok), Qt::LeftButton);
    dialog.accept();
    QCoreApplication::processEvents();
    QCOMPARE(accepted.size(), 0);
    QVERIFY(dialog.isVisible());
    QCOMPARE(h.workingKeychain.size(), 0);
    QCOMPARE(bytesOf(h.iniPath), before);
}

void TestSettingsDialog::aFieldPutRightBringsOkBack_data()
{
    wrongFieldRows();
}

void TestSettingsDialog::aFieldPutRightBringsOkBack()
{
    QFETCH(QString, fieldName);
    QFETCH(QString, text);

    Harness h;
    h.seed();
    QDialog &dialog = dialogFor(h, fieldName);
    const WrongField wrong = makeWrong(dialog, fieldName, text);
    QVERIFY(!reasonBeside(wrong.field)->text().isEmpty());

    wrong.field->setText(wrong.good);
    QVERIFY(reasonBeside(wrong.field)->text().isEmpty());
    QVERIFY(button(dialog, QDialogButtonBox::Ok)->isEnabled());
    QVERIFY(label(dialog, u"problems"_s)->text().isEmpty());
}

void TestSettingsDialog::acceptsHttpsAndLoopbackHttp_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("stored");

    QTest::newRow("Cloudflare, trailing slash") << u" https://api.cloudflare.com/client/v4/ "_s
                                                << u"https://api.cloudflare.com/client/v4"_s;
    QTest::newRow("127.0.0.1 over http")
        << u"http://127.0.0.1:8080/client/v4"_s << u"http://127.0.0.1:8080/client/v4"_s;
    QTest::newRow("localhost over http")
        << u"http://localhost:4010/client/v4"_s << u"http://localhost:4010/client/v4"_s;
    QTest::newRow("::1 over http")
        << u"http://[::1]:4010/client/v4"_s << u"http://[::1]:4010/client/v4"_s;
}

void TestSettingsDialog::acceptsHttpsAndLoopbackHttp()
{
    QFETCH(QString, text);
    QFETCH(QString, stored);

    Harness h;
    SettingsDialog &dialog = h.open();
    fillValid(dialog);
    QLineEdit *apiBase = field(dialog, u"apiBase"_s);
    apiBase->setText(text);
    QVERIFY2(reasonBeside(apiBase)->text().isEmpty(), qPrintable(reasonBeside(apiBase)->text()));
    QPushButton *ok = button(dialog, QDialogButtonBox::Ok);
    QVERIFY(ok->isEnabled());
    QSignalSpy accepted(&dialog, &QDialog::accepted);
    QTest::mouseClick(ok, Qt::LeftButton);
    QTRY_COMPARE(accepted.size(), 1);
    QCOMPARE(h.saved().apiBase(), stored);
}

void TestSettingsDialog::cancelWritesNothing_data()
{
    QTest::addColumn<bool>("configured");
    QTest::newRow("a configured account") << true;
    QTest::newRow("the first run") << false;
}

void TestSettingsDialog::cancelWritesNothing()
{
    QFETCH(bool, configured);

    Harness h;
    if (configured) {
        h.seed();
        put(h.workingKeychain, SecretStore::keyFor(testAccountId, false), oldToken);
    }
    const auto before = bytesOf(h.iniPath);
    QCOMPARE(before.has_value(), configured);

    // The account's dialog: change everything there is to change, then think better of it.
    AccountDialog &account = h.edit();
    if (configured)
        QTRY_COMPARE(field(account, u"token"_s)->text(), oldToken);
    else
        field(account, u"accountId"_s)->setText(otherAccountId);
    field(account, u"token"_s)->setText(newToken);
    field(account, u"label"_s)->setText(u"Acme"_s);
    child<QCheckBox>(account, u"sandbox"_s)->setChecked(true);
    child<QCheckBox>(account, u"enabled"_s)->setChecked(false);
    QVERIFY(button(account, QDialogButtonBox::Ok)->isEnabled());
    QSignalSpy accountRejected(&account, &QDialog::rejected);
    QTest::mouseClick(button(account, QDialogButtonBox::Cancel), Qt::LeftButton);
    QCOMPARE(accountRejected.size(), 1);
    h.accountDialog.reset();

    // The same with the other settings.
    SettingsDialog &dialog = h.open();
    field(dialog, u"apiBase"_s)->setText(u"http://127.0.0.1:9/client/v4"_s);
    spin(dialog, u"budget"_s)->setValue(300);
    spin(dialog, u"maxWatchTime"_s)->setValue(3);
    notifyBox(dialog, Event::Succeeded)->setChecked(false);
    child<QCheckBox>(dialog, u"quietHours"_s)->setChecked(true);
    child<QCheckBox>(dialog, u"trayIcon"_s)->setChecked(false);
    QVERIFY(button(dialog, QDialogButtonBox::Ok)->isEnabled());
    QSignalSpy rejected(&dialog, &QDialog::rejected);
    QSignalSpy saved(&dialog, &SettingsDialog::saved);
    QTest::mouseClick(button(dialog, QDialogButtonBox::Cancel), Qt::LeftButton);
    QCOMPARE(rejected.size(), 1);
    QVERIFY(!dialog.isVisible());
    h.dialog.reset();
    QCoreApplication::processEvents();

    QCOMPARE(saved.size(), 0);
    QCOMPARE(bytesOf(h.iniPath), before);
    QCOMPARE(h.workingKeychain.size(), configured ? 1 : 0);
    QCOMPARE(h.session.size(), 0);
    QVERIFY(!QFile::exists(h.secretsPath));
    if (configured)
        QCOMPARE(await(h.workingKeychain, SecretStore::keyFor(testAccountId, false)).secret,
                 oldToken);
    QCOMPARE(await(h.workingKeychain, SecretStore::keyFor(otherAccountId, false)).status,
             SecretStore::Status::NotFound);
    QCOMPARE(h.settings->accountId(), configured ? testAccountId : QString());
    QCOMPARE(h.settings->pollSettings().budgetRequests, configured ? 700 : 900);
}

void TestSettingsDialog::cancelWhileSavingWritesNothing_data()
{
    QTest::addColumn<int>("answeredBeforeCancel");
    QTest::addColumn<bool>("hadSecret");

    QTest::newRow("cancelled before the keychain answers") << 0 << true;
    QTest::newRow("cancelled while the secret is being written") << 1 << true;
    QTest::newRow("cancelled while the first secret is being written") << 1 << false;
}

void TestSettingsDialog::cancelWhileSavingWritesNothing()
{
    QFETCH(int, answeredBeforeCancel);
    QFETCH(bool, hadSecret);

    Harness h;
    FakeSecretStore &keychain = h.useHeldKeychain();
    h.seed();
    const QString key = SecretStore::keyFor(testAccountId, false);
    if (hadSecret)
        keychain.secrets().insert(key, oldToken);
    const auto before = bytesOf(h.iniPath);

    AccountDialog &dialog = h.edit();
    keychain.releaseAll(); // the dialog reads what is stored
    QCOMPARE(field(dialog, u"token"_s)->text(), hadSecret ? oldToken : QString());
    field(dialog, u"token"_s)->setText(newToken);
    QSignalSpy accepted(&dialog, &QDialog::accepted);
    QSignalSpy rejected(&dialog, &QDialog::rejected);
    QTest::mouseClick(button(dialog, QDialogButtonBox::Ok), Qt::LeftButton);
    QVERIFY(keychain.waiting() > 0);
    QVERIFY(!button(dialog, QDialogButtonBox::Ok)->isEnabled()); // no second save meanwhile
    for (int i = 0; i < answeredBeforeCancel; ++i)
        QVERIFY(keychain.releaseOne());
    QCOMPARE(accepted.size(), 0);

    QTest::mouseClick(button(dialog, QDialogButtonBox::Cancel), Qt::LeftButton);
    QCOMPARE(rejected.size(), 1);
    keychain.releaseAll();
    QCoreApplication::processEvents();
    h.accountDialog.reset();
    keychain.releaseAll();

    QCOMPARE(accepted.size(), 0);
    QCOMPARE(bytesOf(h.iniPath), before);
    QCOMPARE(h.settings->pollSettings().budgetRequests, 700);
    if (hadSecret)
        QCOMPARE(keychain.secrets().value(key), oldToken);
    else
        QVERIFY(!keychain.secrets().contains(key));
    QCOMPARE(keychain.secrets().size(), hadSecret ? 1 : 0);
}

namespace {

// Saves a secret for testAccountId through the dialog, with spaces around the account and the
// secret, as a paste leaves them; the dialog has closed when this returns.
void saveSecret(Harness &h, bool globalKey, const QString &secret)
{
    AccountDialog &dialog = h.edit();
    field(dialog, u"accountId"_s)->setText(u" %1 "_s.arg(testAccountId));
    if (globalKey)
        useGlobalKey(dialog, u" %1 "_s.arg(secret));
    else
        field(dialog, u"token"_s)->setText(u" %1 "_s.arg(secret));
    QSignalSpy accepted(&dialog, &QDialog::accepted);
    QTest::mouseClick(button(dialog, QDialogButtonBox::Ok), Qt::LeftButton);
    QTRY_COMPARE(accepted.size(), 1);
    QVERIFY(!dialog.isVisible());
}

QString secretFor(bool globalKey)
{
    return globalKey ? u"0123456789abcdef0123456789abcdef01234"_s : newToken;
}

} // namespace

void TestSettingsDialog::okPutsTheSecretInTheKeychain_data()
{
    QTest::addColumn<bool>("globalKey");
    QTest::newRow("API token") << false;
    QTest::newRow("Global API Key") << true;
}

void TestSettingsDialog::okPutsTheSecretInTheKeychain()
{
    QFETCH(bool, globalKey);

    Harness h;
    const QString secret = secretFor(globalKey);
    saveSecret(h, globalKey, secret);
    if (QTest::currentTestFailed())
        return;

    // The secret is in the keychain under the account's key, trimmed, and nowhere else.
    const QString key = SecretStore::keyFor(testAccountId, globalKey);
    QCOMPARE(key, testAccountId + (globalKey ? u"/global-api-key"_s : u"/api-token"_s));
    const auto stored = await(h.workingKeychain, key);
    QCOMPARE(stored.status, SecretStore::Status::Ok);
    QCOMPARE(stored.secret, secret);
    QCOMPARE(h.workingKeychain.size(), 1);
    QCOMPARE(h.session.size(), 0);
    QVERIFY(!QFile::exists(h.secretsPath));
}

void TestSettingsDialog::okKeepsTheSecretOutOfTheSettingsAndTheLog_data()
{
    QTest::addColumn<bool>("globalKey");
    QTest::newRow("API token") << false;
    QTest::newRow("Global API Key") << true;
}

void TestSettingsDialog::okKeepsTheSecretOutOfTheSettingsAndTheLog()
{
    QFETCH(bool, globalKey);

    Harness h;
    const QString secret = secretFor(globalKey);
    LogCapture log;
    saveSecret(h, globalKey, secret);
    if (QTest::currentTestFailed())
        return;

    // The settings say everything else, but not the secret, in any form.
    const AppSettings next = h.saved();
    QCOMPARE(next.accountId(), testAccountId);
    QCOMPARE(next.authScheme(),
             globalKey ? AppSettings::AuthScheme::GlobalApiKey : AppSettings::AuthScheme::ApiToken);
    QCOMPARE(next.email(), globalKey ? testEmail : QString());
    QCOMPARE(next.secretStorage(), Storage::Keychain);
    const QByteArray ini = bytesOf(h.iniPath).value_or(QByteArray());
    QVERIFY(ini.contains(testAccountId.toLatin1()));
    QVERIFY2(!ini.contains(secret.toLatin1()), ini.constData());
    QVERIFY(!ini.contains(secret.toLatin1().toBase64()));
    QVERIFY(!ini.contains(secret.left(12).toLatin1()));
    QVERIFY2(LogCapture::linesWith(secret).isEmpty(), qPrintable(LogCapture::linesWith(secret)));
}

void TestSettingsDialog::eachAccountKeepsItsOwnSecret()
{
    Harness h;
    const QString secondToken = u"cfut_second-account"_s;
    {
        AccountDialog &dialog = h.edit();
        fillValid(dialog, newToken);
        QSignalSpy accepted(&dialog, &QDialog::accepted);
        QTest::mouseClick(button(dialog, QDialogButtonBox::Ok), Qt::LeftButton);
        QTRY_COMPARE(accepted.size(), 1);
    }
    {
        AccountDialog &dialog = h.edit(std::nullopt); // Add…
        QVERIFY(field(dialog, u"token"_s)->text().isEmpty());
        field(dialog, u"accountId"_s)->setText(otherAccountId);
        field(dialog, u"token"_s)->setText(secondToken);
        QSignalSpy accepted(&dialog, &QDialog::accepted);
        QTest::mouseClick(button(dialog, QDialogButtonBox::Ok), Qt::LeftButton);
        QTRY_COMPARE(accepted.size(), 1);
    }
    // Each account's secret has its own key, and stays.
    QCOMPARE(await(h.workingKeychain, SecretStore::keyFor(otherAccountId, false)).secret,
             secondToken);
    QCOMPARE(await(h.workingKeychain, SecretStore::keyFor(testAccountId, false)).secret, newToken);
    QCOMPARE(h.workingKeychain.size(), 2);
    QCOMPARE(h.saved().accounts().size(), 2);
    QCOMPARE(h.saved().accounts().at(1).id, otherAccountId);
    const QByteArray ini = bytesOf(h.iniPath).value_or(QByteArray());
    QVERIFY(!ini.contains(newToken.toLatin1()));
    QVERIFY(!ini.contains(secondToken.toLatin1()));
    // Opened again, each account's dialog shows its own token.
    AccountDialog &dialog = h.edit(h.settings->account(otherAccountId));
    QTRY_COMPARE(field(dialog, u"token"_s)->text(), secondToken);
    QVERIFY(field(dialog, u"accountId"_s)->isReadOnly()); // another ID is another account
}

void TestSettingsDialog::savesPolling()
{
    Harness h;
    h.seed();
    SettingsDialog &dialog = h.open();
    spin(dialog, u"budget"_s)->setValue(450);
    spin(dialog, u"activeMaxDelay"_s)->setValue(90);
    spin(dialog, u"blockedMaxDelay"_s)->setValue(30);
    spin(dialog, u"maxWatchTime"_s)->setValue(5);
    spin(dialog, u"maxActiveTime"_s)->setValue(12);
    spin(dialog, u"maxBlockedTime"_s)->setValue(2);
    QSignalSpy accepted(&dialog, &QDialog::accepted);
    QTest::mouseClick(button(dialog, QDialogButtonBox::Ok), Qt::LeftButton);
    QTRY_COMPARE(accepted.size(), 1);

    const PollSettings poll = h.saved().pollSettings();
    QCOMPARE(poll.budgetRequests, 450);
    QCOMPARE(poll.activeMaxDelay, 90s);
    QCOMPARE(poll.blockedMaxDelay, 30min);
    QCOMPARE(poll.maxWatchTime, 5 * 24h);
    QCOMPARE(poll.maxActiveTime, 12h);
    QCOMPARE(poll.maxBlockedTime, 2 * 24h);
    QCOMPARE(poll.budgetWindow, PollSettings().budgetWindow); // not the dialog's to change
}

void TestSettingsDialog::quietHoursNeedAnEnd()
{
    Harness h;
    h.seed();
    SettingsDialog &dialog = h.open();
    auto *start = child<QTimeEdit>(dialog, u"quietStart"_s);
    auto *end = child<QTimeEdit>(dialog, u"quietEnd"_s);
    child<QCheckBox>(dialog, u"quietHours"_s)->setChecked(true);
    QVERIFY(start->isEnabled());
    // Quiet hours that end where they start are no hours at all: said, and OK waits.
    start->setTime(QTime(23, 0));
    end->setTime(QTime(23, 0));
    QCOMPARE(label(dialog, u"quietProblem"_s)->text(),
             u"Quiet hours need an end other than their start."_s);
    QVERIFY(!button(dialog, QDialogButtonBox::Ok)->isEnabled());
    QVERIFY(label(dialog, u"problems"_s)->text().contains(u"Quiet hours (Notifications tab)"_s));
    end->setTime(QTime(6, 30));
    QCOMPARE(label(dialog, u"quietProblem"_s)->text(), QString());
    QVERIFY(button(dialog, QDialogButtonBox::Ok)->isEnabled());
}

void TestSettingsDialog::savesNotifications()
{
    Harness h;
    h.seed();
    SettingsDialog &dialog = h.open();
    notifyBox(dialog, Event::Succeeded)->setChecked(false);
    notifyBox(dialog, Event::RateLimited)->setChecked(false);
    child<QCheckBox>(dialog, u"quietHours"_s)->setChecked(true);
    child<QTimeEdit>(dialog, u"quietStart"_s)->setTime(QTime(23, 0));
    child<QTimeEdit>(dialog, u"quietEnd"_s)->setTime(QTime(6, 30));
    QSignalSpy accepted(&dialog, &QDialog::accepted);
    QTest::mouseClick(button(dialog, QDialogButtonBox::Ok), Qt::LeftButton);
    QTRY_COMPARE(accepted.size(), 1);

    const NotificationSettings saved = h.saved().notificationSettings();
    QVERIFY(!saved.isEnabled(Event::Succeeded));
    QVERIFY(!saved.isEnabled(Event::RateLimited));
    QVERIFY(saved.isEnabled(Event::Failed));
    QVERIFY(saved.isEnabled(Event::ActionRequired));
    QVERIFY(saved.quietHours);
    QCOMPARE(saved.quietStart, QTime(23, 0));
    QCOMPARE(saved.quietEnd, QTime(6, 30));
    // Across midnight: quiet at 01:00, not at 12:00 (local time).
    const QDate today = QDate::currentDate();
    QVERIFY(saved.isQuietAt(QDateTime(today, QTime(1, 0))));
    QVERIFY(!saved.isQuietAt(QDateTime(today, QTime(12, 0))));
    QCOMPARE(saved.quietEndAfter(QDateTime(today, QTime(23, 30))),
             QDateTime(today.addDays(1), QTime(6, 30)).toUTC());
}

void TestSettingsDialog::everyEventOffIsKept()
{
    Harness h;
    h.seed();
    NotificationSettings notify;
    notify.enabled.remove(Event::Succeeded);
    h.settings->setNotificationSettings(notify);
    h.settings->sync();
    h.reopenSettings();

    SettingsDialog &dialog = h.open();
    QVERIFY(!notifyBox(dialog, Event::Succeeded)->isChecked());
    QVERIFY(notifyBox(dialog, Event::Failed)->isChecked());
    for (const Event event : NotificationSettings::allEvents)
        notifyBox(dialog, event)->setChecked(false);
    QSignalSpy accepted(&dialog, &QDialog::accepted);
    QTest::mouseClick(button(dialog, QDialogButtonBox::Ok), Qt::LeftButton);
    QTRY_COMPARE(accepted.size(), 1);

    // Every event off is a choice that survives, not a missing setting.
    QVERIFY(h.saved().notificationSettings().enabled.isEmpty());
    h.reopenSettings();
    SettingsDialog &again = h.open();
    for (const Event event : NotificationSettings::allEvents)
        QVERIFY(!notifyBox(again, event)->isChecked());
}

void TestSettingsDialog::verifyingSavesNothingAndLogsNoSecret()
{
    SimulatorFixture fixture(baseScenario());
    QVERIFY2(fixture.isListening(), qPrintable(fixture.error()));
    Harness h;
    LogCapture log;
    AccountDialog &dialog = h.edit();
    fillValid(dialog, testToken);
    dialog.page()->setApiBase(fixture.baseUrl().toString()); // as typed on the Advanced tab
    QTest::mouseClick(child<QPushButton>(dialog, u"verify"_s), Qt::LeftButton);
    QTRY_VERIFY(label(dialog, u"verifyResult"_s)->text().contains(u"active"_s));

    QVERIFY(dialog.isVisible());
    QCOMPARE(h.workingKeychain.size(), 0);
    QVERIFY(!QFile::exists(h.iniPath));
    QVERIFY(LogCapture::size() > 0); // the client did log the request
    QVERIFY2(LogCapture::linesWith(testToken).isEmpty(),
             qPrintable(LogCapture::linesWith(testToken)));
}

void TestSettingsDialog::verifyCountsOnTheBudgetOfTheCredentials()
{
    // Issue 13, point 2: Verify's requests (the token, then one page of registrations) count on
    // the budget of the credentials typed, before they are saved: the desktop gives the counter
    // to the engine (SettingsDialog::followAccountsOf).
    SimulatorFixture fixture(baseScenario());
    QVERIFY2(fixture.isListening(), qPrintable(fixture.error()));
    Harness h;
    SettingsDialog &settings = h.open();
    QStringList counted;
    settings.accountsPage()->setRequestCounter(
        [&counted](const QString &key) { counted.append(key); });
    settings.accountsPage()->addAccount();
    AccountDialog *dialog = settings.accountsPage()->openDialog();
    QVERIFY(dialog != nullptr);
    fillValid(*dialog, testToken);
    dialog->page()->setApiBase(fixture.baseUrl().toString());
    QTest::mouseClick(child<QPushButton>(*dialog, u"verify"_s), Qt::LeftButton);
    QTRY_VERIFY(label(*dialog, u"verifyResult"_s)->text().contains(u"active"_s));
    const int sent = fixture.simulator().stats().value(u"requests_total"_s).toInt();
    QCOMPARE(sent, 2);
    QCOMPARE(counted, QStringList(sent, Credentials::apiToken(testToken).budgetKey()));
}

void TestSettingsDialog::verifyWithoutAUsableBaseSaysWhy()
{
    SimulatorFixture fixture(baseScenario());
    QVERIFY2(fixture.isListening(), qPrintable(fixture.error()));
    Harness h;
    AccountDialog &dialog = h.edit();
    fillValid(dialog, testToken);
    dialog.page()->setApiBase(u"http://example.com/client/v4"_s);
    QLabel *result = label(dialog, u"verifyResult"_s);
    QTest::mouseClick(child<QPushButton>(dialog, u"verify"_s), Qt::LeftButton);
    QVERIFY2(result->text().contains(u"must use https"_s), qPrintable(result->text()));
    QCOMPARE(fixture.simulator().stats().value(u"requests_total"_s).toInt(), 0);
}

void TestSettingsDialog::aMissingKeychainIsSaidAndNothingSaved()
{
    Harness h;
    h.useMissingKeychain();
    AccountDialog &dialog = h.edit();
    auto *fallback = child<QGroupBox>(dialog, u"fallback"_s);
    QVERIFY(!shown(fallback));
    fillValid(dialog);
    QSignalSpy accepted(&dialog, &QDialog::accepted);
    QTest::mouseClick(button(dialog, QDialogButtonBox::Ok), Qt::LeftButton);

    // Said plainly, with the keychain's reason, and the choice offered; nothing saved yet.
    QTRY_VERIFY(shown(fallback));
    QLabel *problems = label(dialog, u"problems"_s);
    QVERIFY2(problems->text().contains(missingKeychainMessage), qPrintable(problems->text()));
    QVERIFY(fallback->title().contains(u"keychain cannot be used"_s));
    QCOMPARE(fallback->findChildren<QRadioButton *>().size(), 2);
    QVERIFY(dialog.isVisible());
    QCOMPARE(accepted.size(), 0);
    QVERIFY(!QFile::exists(h.iniPath));
    QCOMPARE(h.session.size(), 0);
    QVERIFY(button(dialog, QDialogButtonBox::Ok)->isEnabled());
}

void TestSettingsDialog::sessionOnlyIsTheDefaultChoice()
{
    Harness h;
    FakeSecretStore &keychain = h.useMissingKeychain();
    AccountDialog &dialog = h.edit();
    fillValid(dialog);
    QSignalSpy accepted(&dialog, &QDialog::accepted);
    QTest::mouseClick(button(dialog, QDialogButtonBox::Ok), Qt::LeftButton);
    QTRY_VERIFY(shown(child<QGroupBox>(dialog, u"fallback"_s)));
    auto *sessionOnly = child<QRadioButton>(dialog, u"fallbackSessionOnly"_s);
    QVERIFY(sessionOnly->text().contains(u"this session only"_s));
    QVERIFY(sessionOnly->isChecked());
    QVERIFY(!child<QRadioButton>(dialog, u"fallbackFile"_s)->isChecked());

    // OK again: this session's memory, and the settings remember that choice, not the secret.
    QTest::mouseClick(button(dialog, QDialogButtonBox::Ok), Qt::LeftButton);
    QTRY_COMPARE(accepted.size(), 1);
    QCOMPARE(keychain.calls(), 1); // not asked again once the operator chose
    QCOMPARE(await(h.session, SecretStore::keyFor(testAccountId, false)).secret, newToken);
    QVERIFY(!QFile::exists(h.secretsPath));
    QCOMPARE(h.saved().secretStorage(), Storage::SessionOnly);
    QVERIFY(!bytesOf(h.iniPath).value_or(QByteArray()).contains(newToken.toLatin1()));
}

void TestSettingsDialog::theFileChoiceNamesTheFile()
{
    Harness h;
    h.useMissingKeychain();
    AccountDialog &dialog = h.edit();
    // The choice names the file the secret would go to.
    auto *toFile = child<QRadioButton>(dialog, u"fallbackFile"_s);
    QVERIFY2(toFile->text().contains(QDir::toNativeSeparators(h.secretsPath)),
             qPrintable(toFile->text()));
}

void TestSettingsDialog::privateFileIsAnExplicitChoice()
{
    Harness h;
    h.useMissingKeychain();
    AccountDialog &dialog = h.edit();
    fillValid(dialog);
    QSignalSpy accepted(&dialog, &QDialog::accepted);
    QTest::mouseClick(button(dialog, QDialogButtonBox::Ok), Qt::LeftButton);
    QTRY_VERIFY(shown(child<QGroupBox>(dialog, u"fallback"_s)));
    QVERIFY(!QFile::exists(h.secretsPath));

    auto *toFile = child<QRadioButton>(dialog, u"fallbackFile"_s);
    QTest::mouseClick(toFile, Qt::LeftButton);
    QVERIFY(toFile->isChecked());
    QTest::mouseClick(button(dialog, QDialogButtonBox::Ok), Qt::LeftButton);
    QTRY_COMPARE(accepted.size(), 1);

    QVERIFY(QFile::exists(h.secretsPath));
    const QFileDevice::Permissions permissions = QFile::permissions(h.secretsPath);
    QVERIFY(permissions.testFlags(QFileDevice::ReadOwner | QFileDevice::WriteOwner));
    QCOMPARE(permissions &
                 (QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ExeGroup |
                  QFileDevice::ReadOther | QFileDevice::WriteOther | QFileDevice::ExeOther),
             QFileDevice::Permissions());
    QCOMPARE(QFile::permissions(QFileInfo(h.secretsPath).absolutePath()) & 0x0077, 0);
    const QJsonObject secrets =
        QJsonDocument::fromJson(bytesOf(h.secretsPath).value_or(QByteArray())).object();
    QCOMPARE(secrets.value(SecretStore::keyFor(testAccountId, false)).toString(), newToken);
    QCOMPARE(h.session.size(), 0);
    QCOMPARE(h.saved().secretStorage(), Storage::PrivateFile);
    QVERIFY(!bytesOf(h.iniPath).value_or(QByteArray()).contains(newToken.toLatin1()));
}

void TestSettingsDialog::readsTheSecretFromThePrivateFile()
{
    Harness h;
    h.useMissingKeychain();
    h.seed();
    h.settings->setSecretStorage(Storage::PrivateFile);
    h.settings->sync();
    put(h.file, SecretStore::keyFor(testAccountId, false), newToken);

    AccountDialog &dialog = h.edit();
    QTRY_COMPARE(field(dialog, u"token"_s)->text(), newToken);
    QVERIFY(!shown(child<QGroupBox>(dialog, u"fallback"_s)));
}

void TestSettingsDialog::missingKeychainIsSaidOnOpening()
{
    Harness h;
    h.seed();
    h.useMissingKeychain();
    AccountDialog &dialog = h.edit();
    // Reading the stored secret fails: the dialog says why and offers the choice at once.
    QTRY_VERIFY(labelContaining(dialog, missingKeychainMessage) != nullptr);
    QVERIFY(shown(labelContaining(dialog, missingKeychainMessage)));
    QVERIFY(shown(child<QGroupBox>(dialog, u"fallback"_s)));
    QVERIFY(!child<QRadioButton>(dialog, u"fallbackFile"_s)->isChecked());
    QVERIFY(field(dialog, u"token"_s)->text().isEmpty());
}

void TestSettingsDialog::theChoiceOfferedOnOpeningIsUsedByOk()
{
    Harness h;
    h.seed();
    FakeSecretStore &keychain = h.useMissingKeychain();
    AccountDialog &dialog = h.edit();
    QTRY_VERIFY(shown(child<QGroupBox>(dialog, u"fallback"_s)));

    field(dialog, u"token"_s)->setText(newToken);
    QSignalSpy accepted(&dialog, &QDialog::accepted);
    QTest::mouseClick(button(dialog, QDialogButtonBox::Ok), Qt::LeftButton);
    QTRY_COMPARE(accepted.size(), 1);
    QCOMPARE(keychain.calls(), 1); // the read; the write went to the chosen store
    QCOMPARE(await(h.session, SecretStore::keyFor(testAccountId, false)).secret, newToken);
}

void TestSettingsDialog::theTitleLeavesTheAppNameToTheDesktop()
{
    Harness h;
    SettingsDialog &dialog = h.open();
    QCOMPARE(dialog.windowTitle(), u"Settings"_s);
}

void TestSettingsDialog::keepsItsSizeWhenTheSignInChanges()
{
    // A dialog that grows and shrinks as a radio button is clicked moves its buttons from under
    // the pointer: it keeps one size whichever way the operator signs in, problems included.
    Harness h;
    h.seed(); // an account that works: no problems shown until the mode changes
    put(*h.keychain, SecretStore::keyFor(testAccountId, false), testToken);
    AccountDialog &dialog = h.edit();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QTRY_VERIFY(!field(dialog, u"token"_s)->text().isEmpty());
    const QSize size = dialog.size();
    auto *key = child<QRadioButton>(dialog, u"useGlobalApiKey"_s);
    auto *token = child<QRadioButton>(dialog, u"useApiToken"_s);
    key->click();
    QCoreApplication::processEvents(); // the layout's request to grow, if any
    QCOMPARE(dialog.size(), size);
    token->click();
    field(dialog, u"token"_s)
        ->setText(u"cfk_not-a-key"_s); // a warning too (a fake, short of a real key's length)
    QCoreApplication::processEvents(); // the layout's request to grow, if any
    QCOMPARE(dialog.size(), size);
}

void TestSettingsDialog::opensAtTheSecretWhenAsked_data()
{
    QTest::addColumn<bool>("globalKey");
    QTest::addColumn<QString>("secretField");
    QTest::newRow("API token") << false << u"token"_s;
    QTest::newRow("Global API Key") << true << u"globalApiKey"_s;
}

void TestSettingsDialog::opensAtTheSecretWhenAsked()
{
    QFETCH(bool, globalKey);
    QFETCH(QString, secretField);
    Harness h;
    h.seed();
    if (globalKey) {
        h.settings->setAuthScheme(AppSettings::AuthScheme::GlobalApiKey);
        h.settings->setEmail(testEmail);
    }
    SettingsDialog &dialog = h.open();
    child<QTabWidget>(dialog, QString())->setCurrentIndex(2); // elsewhere, as the operator left it
    dialog.focusSecret();
    QCOMPARE(child<QTabWidget>(dialog, QString())->currentWidget()->objectName(),
             u"accountsPage"_s);
    AccountDialog *account = dialog.accountsPage()->openDialog();
    QVERIFY(account != nullptr);
    QCOMPARE(account->focusWidget(), field(*account, secretField));
}

void TestSettingsDialog::addsAccountsAndEditsALabel()
{
    Harness h;
    SettingsDialog &dialog = h.open();
    QSignalSpy accountsSaved(&dialog, &SettingsDialog::accountsSaved);
    auto *list = child<QTreeWidget>(dialog, u"accountList"_s);
    QCOMPARE(list->topLevelItemCount(), 0);
    QVERIFY(!child<QPushButton>(dialog, u"editAccount"_s)->isEnabled());
    QVERIFY(!child<QPushButton>(dialog, u"removeAccount"_s)->isEnabled());
    const auto add = [&dialog](const QString &label, const QString &id, const QString &token) {
        QTest::mouseClick(child<QPushButton>(dialog, u"addAccount"_s), Qt::LeftButton);
        AccountDialog *account = dialog.accountsPage()->openDialog();
        QVERIFY(account != nullptr);
        QVERIFY(!field(*account, u"accountId"_s)->isReadOnly());
        field(*account, u"label"_s)->setText(label);
        field(*account, u"accountId"_s)->setText(id);
        field(*account, u"token"_s)->setText(token);
        QSignalSpy accepted(account, &QDialog::accepted);
        QTest::mouseClick(button(*account, QDialogButtonBox::Ok), Qt::LeftButton);
        QTRY_COMPARE(accepted.size(), 1);
    };
    add(u"Acme"_s, testAccountId, newToken);
    add(u"Globex"_s, otherAccountId, oldToken);
    QCOMPARE(accountsSaved.size(), 2);
    QCOMPARE(list->topLevelItemCount(), 2);
    QCOMPARE(list->topLevelItem(0)->text(int(AccountsPage::Column::Label)), u"Acme"_s);
    QCOMPARE(list->topLevelItem(1)->text(int(AccountsPage::Column::Label)), u"Globex"_s);
    QCOMPARE(list->topLevelItem(1)->text(int(AccountsPage::Column::AccountId)), otherAccountId);
    QCOMPARE(list->topLevelItem(1)->text(int(AccountsPage::Column::Watched)), u"On"_s);
    QCOMPARE(h.saved().accounts().size(), 2);
    QCOMPARE(await(h.workingKeychain, SecretStore::keyFor(otherAccountId, false)).secret, oldToken);

    // A label or an ID already listed is said, and OK waits.
    QTest::mouseClick(child<QPushButton>(dialog, u"addAccount"_s), Qt::LeftButton);
    AccountDialog *third = dialog.accountsPage()->openDialog();
    field(*third, u"label"_s)->setText(u"acme"_s);
    field(*third, u"accountId"_s)->setText(otherAccountId);
    field(*third, u"token"_s)->setText(newToken);
    QCOMPARE(label(*third, u"labelProblem"_s)->text(), u"Another account is labelled Acme."_s);
    QCOMPARE(label(*third, u"accountIdProblem"_s)->text(),
             u"This account is already listed, as Globex."_s);
    QVERIFY(!button(*third, QDialogButtonBox::Ok)->isEnabled());
    QTest::mouseClick(button(*third, QDialogButtonBox::Cancel), Qt::LeftButton);
    QCOMPARE(h.saved().accounts().size(), 2);

    // Globex renamed: the row and the settings say so; its secret stays where it was.
    list->setCurrentItem(list->topLevelItem(1));
    QTest::mouseClick(child<QPushButton>(dialog, u"editAccount"_s), Qt::LeftButton);
    AccountDialog *edit = dialog.accountsPage()->openDialog();
    QVERIFY(edit != nullptr);
    QCOMPARE(field(*edit, u"label"_s)->text(), u"Globex"_s);
    QTRY_COMPARE(field(*edit, u"token"_s)->text(), oldToken);
    field(*edit, u"label"_s)->setText(u"Globex Corp"_s);
    QSignalSpy accepted(edit, &QDialog::accepted);
    QTest::mouseClick(button(*edit, QDialogButtonBox::Ok), Qt::LeftButton);
    QTRY_COMPARE(accepted.size(), 1);
    QCOMPARE(accountsSaved.size(), 3);
    QCOMPARE(list->topLevelItem(1)->text(int(AccountsPage::Column::Label)), u"Globex Corp"_s);
    QCOMPARE(h.saved().account(otherAccountId)->label, u"Globex Corp"_s);
    QCOMPARE(h.saved().accounts().first().label, u"Acme"_s);
    QCOMPARE(h.workingKeychain.size(), 2);
}

void TestSettingsDialog::removingAnAccountAsksFirst()
{
    Harness h;
    AccountSettings acme;
    acme.id = testAccountId;
    acme.label = u"Acme"_s;
    AccountSettings globex;
    globex.id = otherAccountId;
    globex.label = u"Globex"_s;
    QCOMPARE(h.settings->setAccounts({acme, globex}), std::nullopt);
    put(h.workingKeychain, acme.secretKey(), newToken);
    SettingsDialog &dialog = h.open();
    dialog.accountsPage()->setWorkflowCount(
        [](const QString &id) { return id == testAccountId ? 12 : 0; });
    QSignalSpy accountsSaved(&dialog, &SettingsDialog::accountsSaved);
    auto *list = child<QTreeWidget>(dialog, u"accountList"_s);
    list->setCurrentItem(list->topLevelItem(0));

    const auto askToRemove = [&dialog] {
        QTest::mouseClick(child<QPushButton>(dialog, u"removeAccount"_s), Qt::LeftButton);
        return child<QMessageBox>(dialog, u"removeConfirmation"_s);
    };
    // Cancel: nothing goes.
    QMessageBox *ask = askToRemove();
    QCOMPARE(ask->text(),
             u"Remove Acme (023e…)? Its 12 tracked workflows and their history are "
             u"removed from this computer, and its API token is deleted from %1."_s.arg(
                 h.workingKeychain.describe()));
    QCOMPARE(ask->defaultButton(), ask->button(QMessageBox::Cancel));
    QTest::mouseClick(ask->button(QMessageBox::Cancel), Qt::LeftButton);
    QTRY_VERIFY(!ask->isVisible());
    QCOMPARE(accountsSaved.size(), 0);
    QCOMPARE(h.saved().accounts().size(), 2);
    QCOMPARE(list->topLevelItemCount(), 2);

    // Remove: the account goes from the list and the settings; the session takes the rest.
    ask = askToRemove();
    QTest::mouseClick(child<QPushButton>(*ask, u"confirmRemove"_s), Qt::LeftButton);
    QCOMPARE(accountsSaved.size(), 1);
    QCOMPARE(h.saved().accounts(), QList<AccountSettings>{globex});
    QCOMPARE(list->topLevelItemCount(), 1);
    QCOMPARE(list->topLevelItem(0)->text(int(AccountsPage::Column::Label)), u"Globex"_s);
}

void TestSettingsDialog::nothingIsLostWhenVerifyFails()
{
    SimulatorFixture fixture(baseScenario());
    QVERIFY2(fixture.isListening(), qPrintable(fixture.error()));
    Harness h;
    AccountDialog &dialog = h.edit();
    dialog.page()->setApiBase(fixture.baseUrl().toString());
    field(dialog, u"label"_s)->setText(u"Acme"_s);
    field(dialog, u"accountId"_s)->setText(testAccountId);
    field(dialog, u"token"_s)->setText(u"cfut_nobody"_s); // a token the registrar does not know
    child<QCheckBox>(dialog, u"sandbox"_s)->setChecked(true);
    spin(dialog, u"listEveryMinutes"_s)->setValue(45);
    QTest::mouseClick(child<QPushButton>(dialog, u"verify"_s), Qt::LeftButton);
    QTRY_VERIFY(label(dialog, u"verifyResult"_s)->text().contains(u"✘"_s));

    // Every field keeps what was typed, and OK still saves it as it is.
    QCOMPARE(field(dialog, u"label"_s)->text(), u"Acme"_s);
    QCOMPARE(field(dialog, u"accountId"_s)->text(), testAccountId);
    QCOMPARE(field(dialog, u"token"_s)->text(), u"cfut_nobody"_s);
    QVERIFY(child<QCheckBox>(dialog, u"sandbox"_s)->isChecked());
    QCOMPARE(spin(dialog, u"listEveryMinutes"_s)->value(), 45);
    QVERIFY(button(dialog, QDialogButtonBox::Ok)->isEnabled());
    QVERIFY(dialog.isVisible());
    QSignalSpy accepted(&dialog, &QDialog::accepted);
    QTest::mouseClick(button(dialog, QDialogButtonBox::Ok), Qt::LeftButton);
    QTRY_COMPARE(accepted.size(), 1);
    QCOMPARE(h.saved().account(testAccountId)->listEvery, std::chrono::minutes(45));
}

QTEST_MAIN(TestSettingsDialog)
#include "tst_settingsdialog.moc"
