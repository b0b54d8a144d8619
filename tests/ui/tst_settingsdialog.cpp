// The settings dialog as an operator uses it: every field says what is wrong with it, beside it,
// and OK refuses until all are right; Cancel leaves the settings file and the secret store exactly
// as they were, even in the middle of saving; OK puts the secret in the secret store under the
// account's key and never in the settings file or a log; Global API Keys pasted as tokens are
// called out; Verify asks the simulator over loopback HTTP; and without a keychain the dialog
// says so and offers this session only (the default) or, by explicit choice, a private file.

#include "net/RegistrarClient.h"
#include "settings/AppSettings.h"
#include "settings/MemorySecretStore.h"
#include "settings/PrivateFileSecretStore.h"
#include "support/SimulatorFixture.h"
#include "ui/SettingsDialog.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QPointer>
#include <QPushButton>
#include <QRadioButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeEdit>
#include <QTimeZone>
#include <QTimer>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using namespace rw;
using namespace rw::test;
using rw::ui::SettingsDialog;
using Storage = AppSettings::SecretStorage;

namespace {

const QString otherAccountId = u"0123456789abcdef0123456789abcdef"_s;
const QString newToken = u"cfut_new-test-token"_s;
const QString oldToken = u"cfut_old-test-token"_s;
const QString missingKeychainMessage =
    u"The system keychain is not available: The name org.freedesktop.secrets was not provided "
    u"by any .service files"_s;

// What the operator sees when QtKeychain finds no Secret Service (or a locked one): every job
// fails, later, with Unavailable.
class MissingKeychain final : public SecretStore
{
public:
    int calls = 0;

    void read(const QString &, QObject *context, Callback done) override { fail(context, done); }
    void write(const QString &, const QString &, QObject *context, Callback done) override
    {
        fail(context, done);
    }
    void remove(const QString &, QObject *context, Callback done) override { fail(context, done); }
    [[nodiscard]] QString describe() const override { return u"the system keychain"_s; }

private:
    void fail(QObject *context, Callback done)
    {
        ++calls;
        QTimer::singleShot(0, context, [done] {
            done({Status::Unavailable, {}, missingKeychainMessage});
        });
    }
};

// A keychain that answers only when the test says so, in the order it was asked, like QtKeychain
// working through its queue while the operator waits (an unlock prompt, a slow bus).
class HeldKeychain final : public SecretStore
{
public:
    QHash<QString, QString> secrets;

    void read(const QString &key, QObject *context, Callback done) override
    {
        hold(context, std::move(done), [this, key] {
            const auto it = secrets.constFind(key);
            return it == secrets.cend() ? Result{Status::NotFound, {}, u"Nothing stored."_s}
                                        : Result{Status::Ok, it.value(), {}};
        });
    }
    void write(const QString &key, const QString &secret, QObject *context, Callback done) override
    {
        hold(context, std::move(done), [this, key, secret] {
            secrets.insert(key, secret);
            return Result{};
        });
    }
    void remove(const QString &key, QObject *context, Callback done) override
    {
        hold(context, std::move(done), [this, key] {
            secrets.remove(key);
            return Result{};
        });
    }
    [[nodiscard]] QString describe() const override { return u"the system keychain"_s; }

    [[nodiscard]] qsizetype waiting() const { return m_queue.size(); }
    // Runs the oldest request and answers it; false when none waits.
    bool releaseOne()
    {
        if (m_queue.isEmpty())
            return false;
        m_queue.takeFirst()();
        return true;
    }
    void releaseAll()
    {
        while (releaseOne()) {
        }
    }

private:
    void hold(QObject *context, Callback done, std::function<Result()> operation)
    {
        m_queue.append([guard = QPointer<QObject>(context), done = std::move(done),
                        operation = std::move(operation)] {
            const Result result = operation();
            if (guard)
                done(result);
        });
    }
    QList<std::function<void()>> m_queue;
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
    SecretStore *keychain = &workingKeychain;
    QNetworkAccessManager network;
    std::unique_ptr<SettingsDialog> dialog;

    Harness() { reopenSettings(); }

    void reopenSettings()
    {
        settings = std::make_unique<AppSettings>(new QSettings(iniPath, QSettings::IniFormat));
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
    SettingsDialog &open()
    {
        dialog = std::make_unique<SettingsDialog>(
            settings.get(),
            [this](Storage storage) -> SecretStore * {
                switch (storage) {
                case Storage::Keychain:
                    return keychain;
                case Storage::SessionOnly:
                    return &session;
                case Storage::PrivateFile:
                    return &file;
                }
                return &session;
            },
            &network);
        dialog->show();
        return *dialog;
    }
    // What the next start of the app will read.
    [[nodiscard]] AppSettings saved() const
    {
        return AppSettings(new QSettings(iniPath, QSettings::IniFormat));
    }
};

QPushButton *button(const SettingsDialog &dialog, QDialogButtonBox::StandardButton which)
{
    return dialog.findChild<QDialogButtonBox *>()->button(which);
}

QPushButton *buttonNamed(const SettingsDialog &dialog, const QString &text)
{
    const QList<QPushButton *> buttons = dialog.findChildren<QPushButton *>();
    for (QPushButton *candidate : buttons) {
        if (candidate->text() == text)
            return candidate;
    }
    qFatal("no button named %s", qPrintable(text));
    return nullptr;
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

QSpinBox *spinLabelled(const SettingsDialog &dialog, const QString &label)
{
    const QList<QSpinBox *> boxes = dialog.findChildren<QSpinBox *>();
    for (QSpinBox *box : boxes) {
        const auto *form = qobject_cast<QFormLayout *>(box->parentWidget()->layout());
        const auto *name = form ? qobject_cast<QLabel *>(form->labelForField(box)) : nullptr;
        if (name && name->text() == label)
            return box;
    }
    qFatal("no spin box labelled %s", qPrintable(label));
    return nullptr;
}

QRadioButton *radioStarting(const SettingsDialog &dialog, const QString &text)
{
    const QList<QRadioButton *> radios = dialog.findChildren<QRadioButton *>();
    for (QRadioButton *radio : radios) {
        if (radio->text().startsWith(text))
            return radio;
    }
    qFatal("no radio button starting %s", qPrintable(text));
    return nullptr;
}

QLabel *labelContaining(const SettingsDialog &dialog, const QString &text)
{
    const QList<QLabel *> labels = dialog.findChildren<QLabel *>();
    for (QLabel *label : labels) {
        if (label->text().contains(text))
            return label;
    }
    return nullptr;
}

bool shown(const QWidget *widget)
{
    return widget->isVisibleTo(widget->window());
}

void fillValid(SettingsDialog &dialog, const QString &token = newToken)
{
    dialog.accountField()->setText(testAccountId);
    dialog.tokenField()->setText(token);
    dialog.apiBaseField()->setText(ApiBase::defaultUrl);
}

QString localTime(const QDateTime &utc)
{
    return utc.toLocalTime().toString(u"yyyy-MM-dd HH:mm"_s);
}

} // namespace

class TestSettingsDialog : public QObject
{
    Q_OBJECT
private slots:
    void showsWhatIsSaved();
    void eachFieldSaysWhatIsWrong_data();
    void eachFieldSaysWhatIsWrong();
    void emailAndKeyEachShowTheirReason();
    void acceptsHttpsAndLoopbackHttp_data();
    void acceptsHttpsAndLoopbackHttp();
    void cancelWritesNothing();
    void cancelWhileSavingWritesNothing_data();
    void cancelWhileSavingWritesNothing();
    void okKeepsTheSecretOutOfTheSettings_data();
    void okKeepsTheSecretOutOfTheSettings();
    void secretsAreKeptPerAccount();
    void savesPolling();
    void savesNotifications();
    void warnsAboutGlobalApiKeys_data();
    void warnsAboutGlobalApiKeys();
    void verifiesAgainstTheSimulator_data();
    void verifiesAgainstTheSimulator();
    void verificationFollowsTheFields();
    void accountTokensVerifyUnderTheirAccount();
    void missingKeychainOffersSessionOnlyByDefault();
    void privateFileIsAnExplicitChoice();
    void fallbackChoiceWorksFromAnotherTab();
    void missingKeychainIsSaidOnOpening();
};

void TestSettingsDialog::showsWhatIsSaved()
{
    Harness h;
    h.seed(u"http://127.0.0.1:8080/client/v4"_s);
    h.settings->setSandbox(true);
    h.settings->sync();
    QObject context;
    bool written = false;
    h.workingKeychain.write(SecretStore::keyFor(testAccountId, false), oldToken, &context,
                            [&](const SecretStore::Result &) { written = true; });
    QTRY_VERIFY(written);

    SettingsDialog &dialog = h.open();
    QCOMPARE(dialog.accountField()->text(), testAccountId);
    QCOMPARE(dialog.apiBaseField()->text(), u"http://127.0.0.1:8080/client/v4"_s);
    QVERIFY(dialog.sandboxBox()->isChecked());
    QCOMPARE(spinLabelled(dialog, u"Budget:"_s)->value(), 700);
    QCOMPARE(spinLabelled(dialog, u"Longest wait while blocked:"_s)->value(), 60);
    QCOMPARE(spinLabelled(dialog, u"Stop watching after:"_s)->value(), 14);
    // The secret comes from the keychain, later, like every keychain answer.
    QTRY_COMPARE(dialog.tokenField()->text(), oldToken);
    QCOMPARE(dialog.tokenField()->echoMode(), QLineEdit::Password);
    QVERIFY(dialog.isValid());
    QVERIFY(button(dialog, QDialogButtonBox::Ok)->isEnabled());
    QVERIFY(dialog.problemsLabel()->text().isEmpty());
}

void TestSettingsDialog::eachFieldSaysWhatIsWrong_data()
{
    QTest::addColumn<QString>("field");
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

void TestSettingsDialog::eachFieldSaysWhatIsWrong()
{
    QFETCH(QString, field);
    QFETCH(QString, text);
    QFETCH(QString, reason);

    Harness h;
    h.seed();
    const auto before = bytesOf(h.iniPath);
    SettingsDialog &dialog = h.open();
    const bool globalKey = field == u"Email" || field == u"Global API Key";
    if (globalKey) {
        dialog.globalKeyChoice()->setChecked(true);
        dialog.emailField()->setText(testEmail);
        dialog.keyField()->setText(testKey);
    }
    fillValid(dialog);
    QVERIFY(dialog.isValid());
    QPushButton *ok = button(dialog, QDialogButtonBox::Ok);
    QVERIFY(ok->isEnabled());

    const QHash<QString, QLineEdit *> fields{{u"Account ID"_s, dialog.accountField()},
                                             {u"API token"_s, dialog.tokenField()},
                                             {u"Email"_s, dialog.emailField()},
                                             {u"Global API Key"_s, dialog.keyField()},
                                             {u"API base URL"_s, dialog.apiBaseField()}};
    QLineEdit *wrong = fields.value(field);
    const QString good = wrong->text();
    wrong->setText(text);

    // Under the tabs, whichever is in view, the field is named.
    QVERIFY(!dialog.isValid());
    QVERIFY(!ok->isEnabled());
    QVERIFY2(dialog.problemsLabel()->text().contains(field),
             qPrintable(dialog.problemsLabel()->text()));
    QVERIFY(shown(dialog.problemsLabel()));
    // On the field's tab, the reason is beside the field, and only there.
    auto *tabs = dialog.findChild<QTabWidget *>();
    for (int i = 0; i < tabs->count(); ++i) {
        if (tabs->widget(i)->isAncestorOf(wrong))
            tabs->setCurrentIndex(i);
    }
    QVERIFY(shown(wrong));
    QVERIFY2(reasonBeside(wrong)->text().contains(reason), qPrintable(reasonBeside(wrong)->text()));
    QVERIFY(shown(reasonBeside(wrong)));
    for (QLineEdit *other : fields) {
        if (other != wrong)
            QVERIFY2(reasonBeside(other)->text().isEmpty(),
                     qPrintable(reasonBeside(other)->text()));
    }

    // Neither the button nor Enter (accept()) saves.
    QSignalSpy accepted(&dialog, &QDialog::accepted);
    QSignalSpy saved(&dialog, &SettingsDialog::saved);
    QTest::mouseClick(ok, Qt::LeftButton);
    dialog.accept();
    QCoreApplication::processEvents();
    QCOMPARE(accepted.size(), 0);
    QCOMPARE(saved.size(), 0);
    QVERIFY(dialog.isVisible());
    QCOMPARE(h.workingKeychain.size(), 0);
    QCOMPARE(bytesOf(h.iniPath), before);

    // Put right, the reason goes and OK comes back.
    wrong->setText(good);
    QVERIFY(reasonBeside(wrong)->text().isEmpty());
    QVERIFY(ok->isEnabled());
    QVERIFY(dialog.problemsLabel()->text().isEmpty());
}

void TestSettingsDialog::emailAndKeyEachShowTheirReason()
{
    Harness h;
    SettingsDialog &dialog = h.open();
    fillValid(dialog);
    dialog.globalKeyChoice()->setChecked(true);
    dialog.emailField()->setText(u"not-an-email"_s);
    dialog.keyField()->clear();
    QVERIFY2(reasonBeside(dialog.emailField())->text().contains(u"email"_s),
             qPrintable(reasonBeside(dialog.emailField())->text()));
    QVERIFY2(reasonBeside(dialog.keyField())->text().contains(u"Global API Key is empty"_s),
             qPrintable(reasonBeside(dialog.keyField())->text()));
    // The token is not used with a Global API Key: it is neither required nor checked.
    dialog.tokenField()->clear();
    QVERIFY(reasonBeside(dialog.tokenField())->text().isEmpty());
    QVERIFY(!dialog.tokenField()->isEnabled());
    dialog.emailField()->setText(testEmail);
    dialog.keyField()->setText(testKey);
    QVERIFY(dialog.isValid());
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
    dialog.apiBaseField()->setText(text);
    QVERIFY2(reasonBeside(dialog.apiBaseField())->text().isEmpty(),
             qPrintable(reasonBeside(dialog.apiBaseField())->text()));
    QPushButton *ok = button(dialog, QDialogButtonBox::Ok);
    QVERIFY(ok->isEnabled());
    QSignalSpy accepted(&dialog, &QDialog::accepted);
    QTest::mouseClick(ok, Qt::LeftButton);
    QTRY_COMPARE(accepted.size(), 1);
    QCOMPARE(h.saved().apiBase(), stored);
}

void TestSettingsDialog::cancelWritesNothing()
{
    for (const bool configured : {true, false}) {
        Harness h;
        if (configured) {
            h.seed();
            QObject context;
            bool written = false;
            h.workingKeychain.write(SecretStore::keyFor(testAccountId, false), oldToken, &context,
                                    [&](const SecretStore::Result &) { written = true; });
            QTRY_VERIFY(written);
        }
        const auto before = bytesOf(h.iniPath);
        QCOMPARE(before.has_value(), configured);

        SettingsDialog &dialog = h.open();
        if (configured)
            QTRY_COMPARE(dialog.tokenField()->text(), oldToken);
        // Change everything there is to change, then think better of it.
        dialog.accountField()->setText(otherAccountId);
        dialog.tokenField()->setText(newToken);
        dialog.apiBaseField()->setText(u"http://127.0.0.1:9/client/v4"_s);
        dialog.sandboxBox()->setChecked(true);
        spinLabelled(dialog, u"Budget:"_s)->setValue(300);
        spinLabelled(dialog, u"Stop watching after:"_s)->setValue(3);
        dialog.notifyBox(NotificationSettings::Event::Succeeded)->setChecked(false);
        dialog.quietHoursBox()->setChecked(true);
        dialog.trayBox()->setChecked(false);
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
    HeldKeychain keychain;
    h.keychain = &keychain;
    h.seed();
    const QString key = SecretStore::keyFor(testAccountId, false);
    if (hadSecret)
        keychain.secrets.insert(key, oldToken);
    const auto before = bytesOf(h.iniPath);

    SettingsDialog &dialog = h.open();
    keychain.releaseAll(); // the dialog reads what is stored
    QCOMPARE(dialog.tokenField()->text(), hadSecret ? oldToken : QString());
    dialog.tokenField()->setText(newToken);
    spinLabelled(dialog, u"Budget:"_s)->setValue(300);
    QSignalSpy accepted(&dialog, &QDialog::accepted);
    QSignalSpy rejected(&dialog, &QDialog::rejected);
    QSignalSpy saved(&dialog, &SettingsDialog::saved);
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
    h.dialog.reset();
    keychain.releaseAll();

    QCOMPARE(accepted.size(), 0);
    QCOMPARE(saved.size(), 0);
    QCOMPARE(bytesOf(h.iniPath), before);
    QCOMPARE(h.settings->pollSettings().budgetRequests, 700);
    if (hadSecret)
        QCOMPARE(keychain.secrets.value(key), oldToken);
    else
        QVERIFY(!keychain.secrets.contains(key));
    QCOMPARE(keychain.secrets.size(), hadSecret ? 1 : 0);
}

void TestSettingsDialog::okKeepsTheSecretOutOfTheSettings_data()
{
    QTest::addColumn<bool>("globalKey");
    QTest::newRow("API token") << false;
    QTest::newRow("Global API Key") << true;
}

void TestSettingsDialog::okKeepsTheSecretOutOfTheSettings()
{
    QFETCH(bool, globalKey);

    Harness h;
    const QString secret = globalKey ? u"0123456789abcdef0123456789abcdef01234"_s : newToken;
    LogCapture log;
    SettingsDialog &dialog = h.open();
    dialog.accountField()->setText(u" %1 "_s.arg(testAccountId));
    if (globalKey) {
        dialog.globalKeyChoice()->setChecked(true);
        dialog.emailField()->setText(testEmail);
        dialog.keyField()->setText(u" %1 "_s.arg(secret));
    } else {
        dialog.tokenField()->setText(u" %1 "_s.arg(secret));
    }
    QSignalSpy accepted(&dialog, &QDialog::accepted);
    QSignalSpy saved(&dialog, &SettingsDialog::saved);
    QTest::mouseClick(button(dialog, QDialogButtonBox::Ok), Qt::LeftButton);
    QTRY_COMPARE(accepted.size(), 1);
    QCOMPARE(saved.size(), 1);
    QVERIFY(!dialog.isVisible());

    // The secret is in the keychain under the account's key, trimmed...
    const QString key = SecretStore::keyFor(testAccountId, globalKey);
    QCOMPARE(key, testAccountId + (globalKey ? u"/global-api-key"_s : u"/api-token"_s));
    const auto stored = await(h.workingKeychain, key);
    QCOMPARE(stored.status, SecretStore::Status::Ok);
    QCOMPARE(stored.secret, secret);
    QCOMPARE(h.workingKeychain.size(), 1);
    QCOMPARE(h.session.size(), 0);
    QVERIFY(!QFile::exists(h.secretsPath));

    // ...and the settings say everything else, but not the secret, in any form.
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

void TestSettingsDialog::secretsAreKeptPerAccount()
{
    Harness h;
    const QString secondToken = u"cfut_second-account"_s;
    {
        SettingsDialog &dialog = h.open();
        fillValid(dialog, newToken);
        QSignalSpy accepted(&dialog, &QDialog::accepted);
        QTest::mouseClick(button(dialog, QDialogButtonBox::Ok), Qt::LeftButton);
        QTRY_COMPARE(accepted.size(), 1);
    }
    {
        SettingsDialog &dialog = h.open();
        QTRY_COMPARE(dialog.tokenField()->text(), newToken);
        dialog.accountField()->setText(otherAccountId);
        dialog.tokenField()->setText(secondToken);
        QSignalSpy accepted(&dialog, &QDialog::accepted);
        QTest::mouseClick(button(dialog, QDialogButtonBox::Ok), Qt::LeftButton);
        QTRY_COMPARE(accepted.size(), 1);
    }
    QCOMPARE(h.workingKeychain.size(), 2);
    QCOMPARE(await(h.workingKeychain, SecretStore::keyFor(testAccountId, false)).secret, newToken);
    QCOMPARE(await(h.workingKeychain, SecretStore::keyFor(otherAccountId, false)).secret,
             secondToken);
    QCOMPARE(h.saved().accountId(), otherAccountId);
    const QByteArray ini = bytesOf(h.iniPath).value_or(QByteArray());
    QVERIFY(!ini.contains(newToken.toLatin1()));
    QVERIFY(!ini.contains(secondToken.toLatin1()));
    // Opened again, the dialog shows the second account's token.
    SettingsDialog &dialog = h.open();
    QTRY_COMPARE(dialog.tokenField()->text(), secondToken);
}

void TestSettingsDialog::savesPolling()
{
    Harness h;
    h.seed();
    SettingsDialog &dialog = h.open();
    QTRY_VERIFY(dialog.tokenField()->placeholderText().isEmpty()); // the keychain answered
    dialog.tokenField()->setText(newToken);
    spinLabelled(dialog, u"Budget:"_s)->setValue(450);
    spinLabelled(dialog, u"Longest wait while in progress:"_s)->setValue(90);
    spinLabelled(dialog, u"Longest wait while blocked:"_s)->setValue(30);
    spinLabelled(dialog, u"Stop watching after:"_s)->setValue(5);
    spinLabelled(dialog, u"…or still pending/in progress after:"_s)->setValue(12);
    spinLabelled(dialog, u"…or blocked without change for:"_s)->setValue(2);
    // The budget cannot exceed what Cloudflare allows.
    spinLabelled(dialog, u"Budget:"_s)->setValue(5000);
    QCOMPARE(spinLabelled(dialog, u"Budget:"_s)->value(), 1200);
    spinLabelled(dialog, u"Budget:"_s)->setValue(450);
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

void TestSettingsDialog::savesNotifications()
{
    Harness h;
    h.seed();
    SettingsDialog &dialog = h.open();
    QTRY_VERIFY(dialog.tokenField()->placeholderText().isEmpty());
    dialog.tokenField()->setText(newToken);
    // What a new operator starts with: every event, no quiet hours, the tray.
    for (const NotificationSettings::Event event : NotificationSettings::allEvents)
        QVERIFY(dialog.notifyBox(event)->isChecked());
    QVERIFY(!dialog.quietHoursBox()->isChecked());
    QVERIFY(!dialog.quietStartField()->isEnabled());
    QVERIFY(dialog.trayBox()->isChecked());

    dialog.notifyBox(NotificationSettings::Event::Succeeded)->setChecked(false);
    dialog.notifyBox(NotificationSettings::Event::RateLimited)->setChecked(false);
    dialog.quietHoursBox()->setChecked(true);
    QVERIFY(dialog.quietStartField()->isEnabled());
    // Quiet hours that end where they start are no hours at all: said, and OK waits.
    dialog.quietStartField()->setTime(QTime(23, 0));
    dialog.quietEndField()->setTime(QTime(23, 0));
    QCOMPARE(dialog.quietProblemLabel()->text(),
             u"Quiet hours need an end other than their start."_s);
    QVERIFY(!button(dialog, QDialogButtonBox::Ok)->isEnabled());
    QVERIFY(dialog.problemsLabel()->text().contains(u"Quiet hours (Notifications tab)"_s));
    dialog.quietEndField()->setTime(QTime(6, 30));
    QCOMPARE(dialog.quietProblemLabel()->text(), QString());
    QVERIFY(button(dialog, QDialogButtonBox::Ok)->isEnabled());
    QSignalSpy accepted(&dialog, &QDialog::accepted);
    QTest::mouseClick(button(dialog, QDialogButtonBox::Ok), Qt::LeftButton);
    QTRY_COMPARE(accepted.size(), 1);

    const NotificationSettings saved = h.saved().notificationSettings();
    QVERIFY(!saved.isEnabled(NotificationSettings::Event::Succeeded));
    QVERIFY(!saved.isEnabled(NotificationSettings::Event::RateLimited));
    QVERIFY(saved.isEnabled(NotificationSettings::Event::Failed));
    QVERIFY(saved.isEnabled(NotificationSettings::Event::ActionRequired));
    QVERIFY(saved.quietHours);
    QCOMPARE(saved.quietStart, QTime(23, 0));
    QCOMPARE(saved.quietEnd, QTime(6, 30));
    // Across midnight: quiet at 01:00, not at 12:00 (local time).
    const QDate today = QDate::currentDate();
    QVERIFY(saved.isQuietAt(QDateTime(today, QTime(1, 0))));
    QVERIFY(!saved.isQuietAt(QDateTime(today, QTime(12, 0))));
    QCOMPARE(saved.quietEndAfter(QDateTime(today, QTime(23, 30))),
             QDateTime(today.addDays(1), QTime(6, 30)).toUTC());

    // Every event off is a choice that survives, not a missing setting.
    h.reopenSettings();
    SettingsDialog &again = h.open();
    QTRY_VERIFY(again.tokenField()->placeholderText().isEmpty());
    QVERIFY(!again.notifyBox(NotificationSettings::Event::Succeeded)->isChecked());
    for (const NotificationSettings::Event event : NotificationSettings::allEvents)
        again.notifyBox(event)->setChecked(false);
    QSignalSpy acceptedAgain(&again, &QDialog::accepted);
    QTest::mouseClick(button(again, QDialogButtonBox::Ok), Qt::LeftButton);
    QTRY_COMPARE(acceptedAgain.size(), 1);
    QVERIFY(h.saved().notificationSettings().enabled.isEmpty());
}

void TestSettingsDialog::warnsAboutGlobalApiKeys_data()
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

void TestSettingsDialog::warnsAboutGlobalApiKeys()
{
    QFETCH(bool, globalKey);
    QFETCH(QString, secret);
    QFETCH(bool, warned);

    Harness h;
    SettingsDialog &dialog = h.open();
    fillValid(dialog, u"cfut_placeholder"_s);
    QVERIFY(!shown(dialog.warningLabel()));
    if (globalKey) {
        dialog.globalKeyChoice()->setChecked(true);
        dialog.emailField()->setText(testEmail);
        dialog.keyField()->setText(secret);
    } else {
        dialog.tokenField()->setText(secret);
    }
    QCOMPARE(shown(dialog.warningLabel()), warned);
    if (warned) {
        const QString text = dialog.warningLabel()->text();
        QVERIFY2(text.contains(u"Global API Key"_s), qPrintable(text));
        QVERIFY2(text.contains(u"API token"_s) && text.contains(u"read"_s), qPrintable(text));
        // A warning, not a refusal: the operator may still save.
        QVERIFY(dialog.isValid());
    }
    // Back to a scoped token, the warning goes.
    radioStarting(dialog, u"API token"_s)->setChecked(true);
    dialog.tokenField()->setText(u"cfut_scoped"_s);
    QVERIFY(!shown(dialog.warningLabel()));
}

void TestSettingsDialog::verifiesAgainstTheSimulator_data()
{
    QTest::addColumn<QString>("token");
    QTest::addColumn<QStringList>("expected");
    QTest::addColumn<QStringList>("absent");

    const QDateTime expiry(QDate(2026, 6, 30), QTime(18, 0), QTimeZone::utc());
    const QDateTime expired(QDate(2026, 1, 31), QTime(9, 30), QTimeZone::utc());
    QTest::newRow("active, no expiry")
        << testToken << QStringList{u"✔"_s, u"active"_s, u"does not expire"_s}
        << QStringList{u"✘"_s};
    QTest::newRow("active until June")
        << u"cfut_expiring"_s
        << QStringList{u"✔"_s, u"active"_s, u"expires %1"_s.arg(localTime(expiry))}
        << QStringList{u"✘"_s, u"does not expire"_s};
    QTest::newRow("expired in January")
        << u"cfut_expired"_s
        << QStringList{u"✘"_s, u"expired"_s, u"expired %1"_s.arg(localTime(expired))}
        << QStringList{u"✔"_s, u"expires"_s};
    QTest::newRow("disabled") << u"cfut_disabled"_s << QStringList{u"✘"_s, u"disabled"_s}
                              << QStringList{u"✔"_s, u"active"_s};
    QTest::newRow("unknown token")
        << u"cfut_nobody"_s << QStringList{u"✘"_s, u"rejected the credentials"_s}
        << QStringList{u"✔"_s, u"active"_s};
}

void TestSettingsDialog::verifiesAgainstTheSimulator()
{
    QFETCH(QString, token);
    QFETCH(QStringList, expected);
    QFETCH(QStringList, absent);

    QJsonObject scenario = baseScenario();
    scenario.insert(
        u"tokens"_s,
        QJsonArray{testToken,
                   QJsonObject{{u"token"_s, u"cfut_expiring"_s},
                               {u"expires_on"_s, u"2026-06-30T18:00:00Z"_s}},
                   QJsonObject{{u"token"_s, u"cfut_expired"_s},
                               {u"expires_on"_s, u"2026-01-31T09:30:00Z"_s}},
                   QJsonObject{{u"token"_s, u"cfut_disabled"_s}, {u"status"_s, u"disabled"_s}}});
    SimulatorFixture fixture(scenario);
    QVERIFY2(fixture.isListening(), qPrintable(fixture.error()));

    Harness h;
    LogCapture log;
    SettingsDialog &dialog = h.open();
    fillValid(dialog, token);
    dialog.apiBaseField()->setText(fixture.baseUrl().toString());
    QTest::mouseClick(buttonNamed(dialog, u"Verify token"_s), Qt::LeftButton);
    QTRY_VERIFY(!dialog.verifyLabel()->text().isEmpty() &&
                !dialog.verifyLabel()->text().contains(u"Verifying"_s));
    const QString text = dialog.verifyLabel()->text();
    for (const QString &part : expected)
        QVERIFY2(text.contains(part), qPrintable(text));
    for (const QString &part : absent)
        QVERIFY2(!text.contains(part), qPrintable(text));
    QVERIFY(shown(dialog.verifyLabel()));
    QCOMPARE(fixture.simulator().stats().value(u"requests_total"_s).toInt(), 1);

    // Verifying saves nothing and logs no secret.
    QVERIFY(dialog.isVisible());
    QCOMPARE(h.workingKeychain.size(), 0);
    QVERIFY(!QFile::exists(h.iniPath));
    QVERIFY(LogCapture::size() > 0); // the client did log the request
    QVERIFY2(LogCapture::linesWith(token).isEmpty(), qPrintable(LogCapture::linesWith(token)));
}

void TestSettingsDialog::verificationFollowsTheFields()
{
    SimulatorFixture fixture(baseScenario());
    QVERIFY2(fixture.isListening(), qPrintable(fixture.error()));
    Harness h;
    SettingsDialog &dialog = h.open();
    fillValid(dialog, testToken);
    dialog.apiBaseField()->setText(fixture.baseUrl().toString());
    QPushButton *verify = buttonNamed(dialog, u"Verify token"_s);
    QTest::mouseClick(verify, Qt::LeftButton);
    QTRY_VERIFY(dialog.verifyLabel()->text().contains(u"active"_s));

    // A different token is not the one that was verified.
    dialog.tokenField()->setText(u"cfut_nobody"_s);
    QVERIFY2(!dialog.verifyLabel()->text().contains(u"active"_s),
             qPrintable(dialog.verifyLabel()->text()));

    // An answer that comes after the token changed is not shown for the new token.
    dialog.tokenField()->setText(testToken);
    QTest::mouseClick(verify, Qt::LeftButton);
    QVERIFY(dialog.verifyLabel()->text().contains(u"Verifying"_s));
    dialog.tokenField()->setText(u"cfut_nobody"_s);
    // The client is gone once its answer was handled.
    QTRY_VERIFY(dialog.findChildren<RegistrarClient *>().isEmpty());
    QCOMPARE(fixture.simulator().stats().value(u"requests_total"_s).toInt(), 2);
    QVERIFY2(!dialog.verifyLabel()->text().contains(u"active"_s),
             qPrintable(dialog.verifyLabel()->text()));

    // Without a usable API base, Verify says why and sends nothing.
    dialog.tokenField()->setText(testToken);
    dialog.apiBaseField()->setText(u"http://example.com/client/v4"_s);
    QTest::mouseClick(verify, Qt::LeftButton);
    QVERIFY2(dialog.verifyLabel()->text().contains(u"must use https"_s),
             qPrintable(dialog.verifyLabel()->text()));
    // A Global API Key cannot be checked there, and the dialog says so.
    dialog.apiBaseField()->setText(fixture.baseUrl().toString());
    dialog.globalKeyChoice()->setChecked(true);
    dialog.emailField()->setText(testEmail);
    dialog.keyField()->setText(testKey);
    QTest::mouseClick(verify, Qt::LeftButton);
    QVERIFY2(dialog.verifyLabel()->text().contains(u"Global API Key"_s),
             qPrintable(dialog.verifyLabel()->text()));
    QCOMPARE(fixture.simulator().stats().value(u"requests_total"_s).toInt(), 2);
}

void TestSettingsDialog::accountTokensVerifyUnderTheirAccount()
{
    // Account-owned tokens verify at /accounts/{id}/tokens/verify; the simulator answers that
    // only for its own account, so a wrong account ID shows which endpoint was asked.
    QJsonObject scenario = baseScenario();
    scenario.insert(u"tokens"_s, QJsonArray{u"cfat_AccountOwnedToken"_s});
    SimulatorFixture fixture(scenario);
    QVERIFY2(fixture.isListening(), qPrintable(fixture.error()));
    Harness h;
    SettingsDialog &dialog = h.open();
    fillValid(dialog, u"cfat_AccountOwnedToken"_s);
    dialog.apiBaseField()->setText(fixture.baseUrl().toString());
    QPushButton *verify = buttonNamed(dialog, u"Verify token"_s);
    QTest::mouseClick(verify, Qt::LeftButton);
    QTRY_VERIFY2(dialog.verifyLabel()->text().contains(u"✔ The token is active"_s),
                 qPrintable(dialog.verifyLabel()->text()));

    dialog.accountField()->setText(otherAccountId);
    QTest::mouseClick(verify, Qt::LeftButton);
    QTRY_VERIFY2(dialog.verifyLabel()->text().contains(u"✘"_s),
                 qPrintable(dialog.verifyLabel()->text()));
    QVERIFY(!dialog.verifyLabel()->text().contains(u"active"_s));

    // Without an account ID there is nothing to ask, and the dialog says what is missing.
    dialog.accountField()->clear();
    QTest::mouseClick(verify, Qt::LeftButton);
    QVERIFY2(dialog.verifyLabel()->text().contains(u"account ID"_s),
             qPrintable(dialog.verifyLabel()->text()));
    QCOMPARE(fixture.simulator().stats().value(u"requests_total"_s).toInt(), 2);
}

void TestSettingsDialog::missingKeychainOffersSessionOnlyByDefault()
{
    Harness h;
    MissingKeychain keychain;
    h.keychain = &keychain;
    SettingsDialog &dialog = h.open();
    QVERIFY(!shown(dialog.fallbackBox()));
    fillValid(dialog);
    QSignalSpy accepted(&dialog, &QDialog::accepted);
    QTest::mouseClick(button(dialog, QDialogButtonBox::Ok), Qt::LeftButton);

    // Said plainly, with the keychain's reason, and the choice offered; nothing saved yet.
    QTRY_VERIFY(shown(dialog.fallbackBox()));
    QVERIFY2(dialog.problemsLabel()->text().contains(missingKeychainMessage),
             qPrintable(dialog.problemsLabel()->text()));
    QVERIFY(dialog.fallbackBox()->title().contains(u"keychain cannot be used"_s));
    const QList<QRadioButton *> choices = dialog.fallbackBox()->findChildren<QRadioButton *>();
    QCOMPARE(choices.size(), 2);
    QRadioButton *sessionOnly =
        choices.constFirst() == dialog.fileChoice() ? choices.constLast() : choices.constFirst();
    QVERIFY(sessionOnly->text().contains(u"this session only"_s));
    QVERIFY(sessionOnly->isChecked());
    QVERIFY(!dialog.fileChoice()->isChecked());
    QVERIFY(dialog.isVisible());
    QCOMPARE(accepted.size(), 0);
    QVERIFY(!QFile::exists(h.iniPath));
    QCOMPARE(h.session.size(), 0);
    QVERIFY(button(dialog, QDialogButtonBox::Ok)->isEnabled());

    // OK again: this session's memory, and the settings remember that choice, not the secret.
    QTest::mouseClick(button(dialog, QDialogButtonBox::Ok), Qt::LeftButton);
    QTRY_COMPARE(accepted.size(), 1);
    QCOMPARE(keychain.calls, 1); // not asked again once the operator chose
    QCOMPARE(await(h.session, SecretStore::keyFor(testAccountId, false)).secret, newToken);
    QVERIFY(!QFile::exists(h.secretsPath));
    QCOMPARE(h.saved().secretStorage(), Storage::SessionOnly);
    QVERIFY(!bytesOf(h.iniPath).value_or(QByteArray()).contains(newToken.toLatin1()));
}

void TestSettingsDialog::privateFileIsAnExplicitChoice()
{
    Harness h;
    MissingKeychain keychain;
    h.keychain = &keychain;
    SettingsDialog &dialog = h.open();
    fillValid(dialog);
    // The choice names the file the secret would go to.
    QVERIFY2(dialog.fileChoice()->text().contains(QDir::toNativeSeparators(h.secretsPath)),
             qPrintable(dialog.fileChoice()->text()));
    QSignalSpy accepted(&dialog, &QDialog::accepted);
    QTest::mouseClick(button(dialog, QDialogButtonBox::Ok), Qt::LeftButton);
    QTRY_VERIFY(shown(dialog.fallbackBox()));
    QVERIFY(!QFile::exists(h.secretsPath));

    QTest::mouseClick(dialog.fileChoice(), Qt::LeftButton);
    QVERIFY(dialog.fileChoice()->isChecked());
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

    // Opened again, the dialog reads the file.
    SettingsDialog &again = h.open();
    QTRY_COMPARE(again.tokenField()->text(), newToken);
}

void TestSettingsDialog::fallbackChoiceWorksFromAnotherTab()
{
    Harness h;
    MissingKeychain keychain;
    h.keychain = &keychain;
    SettingsDialog &dialog = h.open();
    fillValid(dialog);
    auto *tabs = dialog.findChild<QTabWidget *>();
    tabs->setCurrentIndex(1); // Polling
    QSignalSpy accepted(&dialog, &QDialog::accepted);
    QTest::mouseClick(button(dialog, QDialogButtonBox::Ok), Qt::LeftButton);
    // The choice is on the Account tab: the dialog shows it.
    QTRY_VERIFY(shown(dialog.fallbackBox()));
    QCOMPARE(tabs->currentIndex(), 0);
    QVERIFY(dialog.fallbackBox()->isVisible());

    // The operator looks at another tab before pressing OK: the choice still holds.
    tabs->setCurrentIndex(2); // Advanced
    QTest::mouseClick(button(dialog, QDialogButtonBox::Ok), Qt::LeftButton);
    QTRY_COMPARE(accepted.size(), 1);
    QCOMPARE(keychain.calls, 1);
    QCOMPARE(h.saved().secretStorage(), Storage::SessionOnly);
    QCOMPARE(await(h.session, SecretStore::keyFor(testAccountId, false)).secret, newToken);
}

void TestSettingsDialog::missingKeychainIsSaidOnOpening()
{
    Harness h;
    h.seed();
    MissingKeychain keychain;
    h.keychain = &keychain;
    SettingsDialog &dialog = h.open();
    // Reading the stored secret fails: the dialog says why and offers the choice at once.
    QTRY_VERIFY(labelContaining(dialog, missingKeychainMessage) != nullptr);
    QVERIFY(shown(labelContaining(dialog, missingKeychainMessage)));
    QVERIFY(shown(dialog.fallbackBox()));
    QVERIFY(!dialog.fileChoice()->isChecked());
    QVERIFY(dialog.tokenField()->text().isEmpty());

    dialog.tokenField()->setText(newToken);
    QSignalSpy accepted(&dialog, &QDialog::accepted);
    QTest::mouseClick(button(dialog, QDialogButtonBox::Ok), Qt::LeftButton);
    QTRY_COMPARE(accepted.size(), 1);
    QCOMPARE(keychain.calls, 1); // the read; the write went to the chosen store
    QCOMPARE(await(h.session, SecretStore::keyFor(testAccountId, false)).secret, newToken);
}

QTEST_MAIN(TestSettingsDialog)
#include "tst_settingsdialog.moc"
