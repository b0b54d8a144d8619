// The list of accounts in the settings: what is saved is read back the same; one account's
// settings from before there were several become the first of the list by themselves, and its
// secret is still found; a list that cannot be used is refused with a sentence saying why.

#include "settings/AppSettings.h"
#include "settings/CredentialChange.h"
#include "settings/MemorySecretStore.h"

#include <QDataStream>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <limits>

using namespace Qt::StringLiterals;
using namespace rw;
using namespace std::chrono;
using namespace std::chrono_literals;
using Storage = AppSettings::SecretStorage;
using Scheme = AppSettings::AuthScheme;

namespace {

const QString acmeId = u"023e105f4ecef8ad9ca31a8372d0c353"_s;
const QString globexId = u"0123456789abcdef0123456789abcdef"_s;

AccountSettings acme()
{
    AccountSettings account;
    account.id = acmeId;
    account.label = u"Acme"_s;
    return account;
}

AccountSettings globex()
{
    AccountSettings account;
    account.id = globexId;
    account.label = u"Globex"_s;
    account.sandbox = true;
    account.scheme = Scheme::GlobalApiKey;
    account.email = u"ops@globex.example"_s;
    account.storage = Storage::PrivateFile;
    account.enabled = false;
    account.watchWholeAccount = false;
    account.listEvery = minutes(90);
    account.expiryWarning = days(45);
    return account;
}

void writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    QCOMPARE(file.write(bytes), bytes.size());
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// `@Variant(...)` as QSettings reads it: QDataStream's bytes (version Qt_4_0), each written
// with the INI escape `\xNN`.
QByteArray variantText(const QByteArray &stream)
{
    QByteArray text = "@Variant(";
    for (const char byte : stream)
        text += "\\x" + QByteArray::number(uchar(byte), 16);
    return text + ')';
}

QByteArray streamed(const QVariant &value)
{
    QByteArray stream;
    QDataStream out(&stream, QIODevice::WriteOnly);
    out.setVersion(QDataStream::Qt_4_0);
    out << value;
    return stream;
}

QSet<NotificationSettings::Event> events(std::initializer_list<NotificationSettings::Event> list)
{
    return QSet<NotificationSettings::Event>(list);
}

} // namespace

class TestAppSettings final : public QObject
{
    Q_OBJECT

private slots:
    void accountsRoundTrip()
    {
        QTemporaryDir dir;
        const QString ini = dir.filePath(u"settings.ini"_s);
        {
            AppSettings settings(new QSettings(ini, QSettings::IniFormat));
            QSignalSpy changed(&settings, &AppSettings::changed);
            QCOMPARE(settings.setAccounts({acme(), globex()}), std::nullopt);
            QCOMPARE(changed.size(), 1);
            settings.sync();
        }
        AppSettings next(new QSettings(ini, QSettings::IniFormat));
        QCOMPARE(next.accounts(), (QList<AccountSettings>{acme(), globex()}));
        QCOMPARE(next.account(globexId), globex());
        QCOMPARE(next.account(u"ffffffffffffffffffffffffffffffff"_s), std::nullopt);
        QVERIFY(next.isConfigured());
        // A new account watches the whole account, every 30 minutes, warning 30 days ahead.
        QCOMPARE(next.accounts().first().watchWholeAccount, true);
        QCOMPARE(next.accounts().first().listEvery, minutes(30));
        QCOMPARE(next.accounts().first().expiryWarning, days(30));
    }

    void aShorterListLeavesNothingBehind()
    {
        QTemporaryDir dir;
        const QString ini = dir.filePath(u"settings.ini"_s);
        {
            AppSettings settings(new QSettings(ini, QSettings::IniFormat));
            QCOMPARE(settings.setAccounts({acme(), globex()}), std::nullopt);
            QCOMPARE(settings.setAccounts({globex()}), std::nullopt);
            settings.sync();
        }
        AppSettings next(new QSettings(ini, QSettings::IniFormat));
        QCOMPARE(next.accounts(), QList<AccountSettings>{globex()});
        QVERIFY(!QSettings(ini, QSettings::IniFormat).contains(u"accounts/2/id"_s));
    }

    void migratesTheSingleAccount_data()
    {
        QTest::addColumn<bool>("globalKey");
        QTest::newRow("API token") << false;
        QTest::newRow("Global API Key") << true;
    }

    void migratesTheSingleAccount()
    {
        QFETCH(bool, globalKey);
        QTemporaryDir dir;
        const QString ini = dir.filePath(u"settings.ini"_s);
        {
            // As the app wrote it when it knew one account.
            QSettings old(ini, QSettings::IniFormat);
            old.setValue(u"account/id"_s, acmeId);
            old.setValue(u"account/sandbox"_s, true);
            old.setValue(u"account/auth"_s, globalKey ? u"GlobalApiKey"_s : u"ApiToken"_s);
            old.setValue(u"account/email"_s, globalKey ? u"ops@acme.example"_s : QString());
            old.setValue(u"account/secretStorage"_s, u"SessionOnly"_s);
            old.setValue(u"advanced/apiBase"_s, u"http://127.0.0.1:9/client/v4"_s);
            old.setValue(u"polling/budgetRequests"_s, 600);
        }
        // The secret as the app kept it then.
        MemorySecretStore store;
        QObject context;
        bool written = false;
        store.write(SecretStore::keyFor(acmeId, globalKey), u"cfut_test-secret"_s, &context,
                    [&](const SecretStore::Result &) { written = true; });
        QTRY_VERIFY(written);

        {
            AppSettings settings(new QSettings(ini, QSettings::IniFormat));
            const QList<AccountSettings> accounts = settings.accounts();
            QCOMPARE(accounts.size(), 1);
            const AccountSettings &account = accounts.first();
            QCOMPARE(account.id, acmeId);
            QCOMPARE(account.label, acmeId);
            QCOMPARE(account.sandbox, true);
            QCOMPARE(account.scheme, globalKey ? Scheme::GlobalApiKey : Scheme::ApiToken);
            QCOMPARE(account.email, globalKey ? u"ops@acme.example"_s : QString());
            QCOMPARE(account.storage, Storage::SessionOnly);
            QCOMPARE(account.enabled, true);
            QCOMPARE(account.watchWholeAccount, true);
            // What was not the account's stays where it was.
            QCOMPARE(settings.apiBase(), u"http://127.0.0.1:9/client/v4"_s);
            QCOMPARE(settings.pollSettings().budgetRequests, 600);

            // The secret is found where the account now says it is.
            std::optional<SecretStore::Result> read;
            store.read(account.secretKey(), &context,
                       [&](const SecretStore::Result &result) { read = result; });
            QTRY_VERIFY(read.has_value());
            QCOMPARE(read->status, SecretStore::Status::Ok);
            QCOMPARE(read->secret, u"cfut_test-secret"_s);
        }
        // The old keys are gone, and a second start finds the list as the first left it.
        QSettings file(ini, QSettings::IniFormat);
        QVERIFY(!file.childGroups().contains(u"account"_s));
        AppSettings again(new QSettings(ini, QSettings::IniFormat));
        QCOMPARE(again.accounts().size(), 1);
        QCOMPARE(again.accounts().first().id, acmeId);
    }

    void nothingToMigrateWithoutAnId()
    {
        QTemporaryDir dir;
        const QString ini = dir.filePath(u"settings.ini"_s);
        QSettings(ini, QSettings::IniFormat).setValue(u"account/sandbox"_s, true);
        AppSettings settings(new QSettings(ini, QSettings::IniFormat));
        QVERIFY(settings.accounts().isEmpty());
        QVERIFY(!settings.isConfigured());
    }

    void refusesAListThatCannotBeUsed_data()
    {
        QTest::addColumn<QList<AccountSettings>>("accounts");
        QTest::addColumn<QString>("problem");
        AccountSettings noId = acme();
        noId.id = u"  "_s;
        QTest::newRow("no ID") << QList{globex(), noId} << u"Acme has no account ID."_s;
        AccountSettings noLabel = acme();
        noLabel.label.clear();
        QTest::newRow("no label")
            << QList{noLabel}
            << u"Account %1 has no label: give it a name you will recognise."_s.arg(acmeId);
        AccountSettings again = globex();
        again.id = acmeId;
        QTest::newRow("the same ID twice")
            << QList{acme(), again}
            << u"Acme and Globex are the same account (%1): each account can be listed once."_s.arg(
                   acmeId);
        AccountSettings sameName = globex();
        sameName.label = u"acme"_s;
        QTest::newRow("the same label twice")
            << QList{acme(), sameName}
            << u"Two accounts are labelled acme: each needs a label of its own."_s;
    }

    void refusesAListThatCannotBeUsed()
    {
        QFETCH(QList<AccountSettings>, accounts);
        QFETCH(QString, problem);
        QTemporaryDir dir;
        AppSettings settings(new QSettings(dir.filePath(u"s.ini"_s), QSettings::IniFormat));
        QCOMPARE(settings.setAccounts({acme()}), std::nullopt);
        QSignalSpy changed(&settings, &AppSettings::changed);
        QCOMPARE(settings.setAccounts(accounts), std::optional<QString>(problem));
        // Nothing of it was saved.
        QCOMPARE(changed.size(), 0);
        QCOMPARE(settings.accounts(), QList<AccountSettings>{acme()});
    }

    void leavesOutEntriesOfTheFileThatCannotBeUsed()
    {
        QTemporaryDir dir;
        const QString ini = dir.filePath(u"settings.ini"_s);
        {
            QSettings file(ini, QSettings::IniFormat);
            file.setValue(u"accounts/size"_s, 3);
            file.setValue(u"accounts/1/id"_s, acmeId);
            file.setValue(u"accounts/1/label"_s, u"Acme"_s);
            file.setValue(u"accounts/2/label"_s, u"No ID"_s);
            file.setValue(u"accounts/3/id"_s, acmeId);
            file.setValue(u"accounts/3/label"_s, u"Acme again"_s);
        }
        AppSettings settings(new QSettings(ini, QSettings::IniFormat));
        QCOMPARE(settings.accounts(), QList<AccountSettings>{acme()});
    }

    // Issue 13, point 4: "1 of 1 requests", "in the last 0s" came from a file like this one.
    void hostilePollingValuesGiveTheDefaults()
    {
        QTemporaryDir dir;
        const QString ini = dir.filePath(u"settings.ini"_s);
        {
            QFile file(ini);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write("[polling]\nbudgetRequests=0\nbudgetWindowSeconds=0\n"
                       "activeMaxDelaySeconds=-5\nmaxWatchSeconds=1209600\n");
        }
        AppSettings settings(new QSettings(ini, QSettings::IniFormat));
        const PollSettings poll = settings.pollSettings();
        QCOMPARE(poll.budgetRequests, 900);
        QCOMPARE(poll.budgetWindow, 300s);
        QCOMPARE(poll.activeMaxDelay, PollSettings().activeMaxDelay);
        QCOMPARE(poll.maxWatchTime, 1209600s); // a sane value is taken
        // Each ignored value says so, the budget as the issue asks.
        const QStringList ignored = settings.readPollSettings().ignored;
        QCOMPARE(ignored.size(), 3);
        QVERIFY2(ignored.contains(u"The settings file asked for a request budget of 0; 900 per 5 "
                                  u"minutes is used instead (it may be 10 to 100000)."_s),
                 qPrintable(ignored.join(u'\n')));
    }

    // Found by tests/fuzz/fuzz_appsettings: a file saying `accounts/size=2147483647` made the app
    // read two billion empty entries at start (hours, a warning each). Only the entries the file
    // holds are read, and the size that does not match is said once.
    void aListSizeBeyondTheEntriesReadsOnlyTheEntries()
    {
        QTemporaryDir dir;
        const QString ini = dir.filePath(u"settings.ini"_s);
        {
            QSettings file(ini, QSettings::IniFormat);
            file.setValue(u"accounts/size"_s, std::numeric_limits<int>::max());
            file.setValue(u"accounts/1/id"_s, acmeId);
            file.setValue(u"accounts/1/label"_s, u"Acme"_s);
            file.setValue(u"accounts/7/id"_s, globexId);
            file.setValue(u"accounts/7/label"_s, u"Globex"_s);
        }
        AppSettings settings(new QSettings(ini, QSettings::IniFormat));
        QTest::ignoreMessage(QtWarningMsg,
                             QRegularExpression(u"list 2147483647 accounts but hold 2"_s));
        AccountSettings second;
        second.id = globexId;
        second.label = u"Globex"_s;
        QCOMPARE(settings.accounts(), (QList<AccountSettings>{acme(), second}));
    }

    // Adding a second account through a credential change keeps the first and its secret.
    void aCredentialChangeAddsAnAccount()
    {
        QTemporaryDir dir;
        AppSettings settings(new QSettings(dir.filePath(u"s.ini"_s), QSettings::IniFormat));
        QCOMPARE(settings.setAccounts({acme()}), std::nullopt);
        MemorySecretStore store;
        CredentialChange change(&settings, [&store](Storage) { return &store; });
        QSignalSpy finished(&change, &CredentialChange::finished);
        AccountSettings added = globex();
        added.storage = Storage::Keychain;
        change.setAccount(added, {});
        QVERIFY(change.start(
            {Scheme::GlobalApiKey, globexId, u"ops@globex.example"_s, u"test-global-key"_s},
            CredentialChange::Fallback::None));
        QTRY_COMPARE(finished.size(), 1);
        QCOMPARE(finished.first().first().value<CredentialChange::Result>().outcome,
                 CredentialChange::Outcome::Saved);
        QCOMPARE(settings.accounts(), (QList<AccountSettings>{acme(), added}));

        // Editing it in place: the label changes, the list keeps its order.
        AccountSettings renamed = added;
        renamed.label = u"Globex Corp"_s;
        change.setAccount(renamed, globexId);
        QVERIFY(change.start(
            {Scheme::GlobalApiKey, globexId, u"ops@globex.example"_s, u"test-global-key"_s},
            CredentialChange::Fallback::None));
        QTRY_COMPARE(finished.size(), 2);
        QCOMPARE(settings.accounts(), (QList<AccountSettings>{acme(), renamed}));
    }

    // Found by tests/fuzz/fuzz_appsettings (corpus/appsettings/finding-variant-*): a value
    // `@Variant(...)` declaring a huge list made Qt 6.4's QSettings allocate what it declared
    // (about 30 GB for the first) while the file was read: the app aborted at start. Such a
    // value is left out before QSettings reads the file, said in one sentence with the file and
    // the key; the file as it was is kept beside it, and the rest of the settings is read.
    void aHostileVariantValueIsLeftOut_data()
    {
        QTest::addColumn<QString>("finding");
        QTest::addColumn<int>("accounts");
        QTest::addColumn<bool>("quietHours");
        QTest::newRow("huge string list") << u"finding-variant-huge-stringlist"_s << 2 << true;
        QTest::newRow("out of memory") << u"finding-variant-oom"_s << 1 << true;
    }

    void aHostileVariantValueIsLeftOut()
    {
        QFETCH(QString, finding);
        QFETCH(int, accounts);
        QFETCH(bool, quietHours);
        const QByteArray hostile = readFile(QStringLiteral(RW_APPSETTINGS_CORPUS "/") + finding);
        QVERIFY(hostile.contains("events=@Variant("));
        QTemporaryDir dir;
        const QString ini = dir.filePath(u"settings.ini"_s);
        writeFile(ini, hostile);
        {
            AppSettings settings(new QSettings(ini, QSettings::IniFormat), nullptr,
                                 AppSettings::Unparsable::SetAside);
            QCOMPARE(settings.accounts().size(), accounts);
            const NotificationSettings notify = settings.notificationSettings();
            QCOMPARE(notify.quietHours, quietHours);
            QCOMPARE(notify.enabled, NotificationSettings().enabled); // the default, as unset
            (void)settings.pollSettings();
            (void)settings.value(u"window"_s);
            const QString problem = settings.problem();
            const QStringList aside = QDir(dir.path()).entryList({u"settings.ini.unsafe-*"_s});
            QCOMPARE(aside.size(), 1);
            QCOMPARE(readFile(dir.filePath(aside.first())), hostile);
            QVERIFY2(problem.contains(ini) && problem.contains(u"notifications/events"_s) &&
                         problem.contains(u"more than it holds"_s) &&
                         problem.contains(dir.filePath(aside.first())) &&
                         problem.count(u". "_s) == 0,
                     qPrintable(problem));
            QVERIFY(settings.canSave());
        }
        QVERIFY(!readFile(ini).contains("@Variant("));
        AppSettings next(new QSettings(ini, QSettings::IniFormat), nullptr,
                         AppSettings::Unparsable::SetAside);
        QVERIFY2(next.problem().isEmpty(), qPrintable(next.problem()));
        QCOMPARE(next.accounts().size(), accounts);
    }

    // A value of a kind the app never writes (anything but a list of strings) is left out too,
    // in whatever form the INI escaping gives it (`\x40` is '@'). A command leaves the file as
    // it is and reads the rest.
    void aVariantOfAKindNeverWrittenIsLeftOut()
    {
        QTemporaryDir dir;
        const QString ini = dir.filePath(u"settings.ini"_s);
        const QByteArray file =
            "[accounts]\n1\\id=" + acmeId.toLatin1() +
            "\n1\\label=" + variantText(streamed(QVariantList{1, 2})) +
            "\nsize=1\n\n[ui]\nwindow=\\x40Variant(\\0\\0\\0\\x2\\0\\0\\0\\x5)\n";
        writeFile(ini, file);
        {
            AppSettings settings(new QSettings(ini, QSettings::IniFormat));
            const QString problem = settings.problem();
            QVERIFY2(problem.contains(ini) && problem.contains(u"accounts/1/label"_s) &&
                         problem.contains(u"ui/window"_s) && problem.contains(u"never writes"_s) &&
                         problem.contains(u"leaves the file as it is"_s),
                     qPrintable(problem));
            QCOMPARE(settings.accountId(), acmeId);
            QVERIFY(settings.value(u"window"_s).isEmpty());
            QVERIFY(!settings.canSave());
        }
        QCOMPARE(readFile(ini), file);
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::NoDotAndDotDot),
                 QStringList{u"settings.ini"_s});
    }

    // A list of strings that declares more strings, or longer ones, than the value holds.
    void aVariantListLongerThanItsBytesIsLeftOut_data()
    {
        QTest::addColumn<QByteArray>("stream");
        // QStringList is type 11; then the count, then each string's length in bytes.
        QTest::newRow("count") << QByteArray("\0\0\0\x0b\x10\0\0\0", 8);
        QTest::newRow("length") << QByteArray("\0\0\0\x0b\0\0\0\x01\x7f\0\0\0\0a", 14);
        QTest::newRow("odd length") << QByteArray("\0\0\0\x0b\0\0\0\x01\0\0\0\x01\0a", 14);
        QTest::newRow("no count") << QByteArray("\0\0\0\x0b\0", 5);
    }

    void aVariantListLongerThanItsBytesIsLeftOut()
    {
        QFETCH(QByteArray, stream);
        QTemporaryDir dir;
        const QString ini = dir.filePath(u"settings.ini"_s);
        writeFile(ini, "[notifications]\nevents=" + variantText(stream) + "\nremind=false\n");
        AppSettings settings(new QSettings(ini, QSettings::IniFormat), nullptr,
                             AppSettings::Unparsable::SetAside);
        QVERIFY2(settings.problem().contains(u"notifications/events"_s),
                 qPrintable(settings.problem()));
        QCOMPARE(settings.notificationSettings().enabled, NotificationSettings().enabled);
        QCOMPARE(settings.notificationSettings().remind, false);
    }

    // The previous version wrote the events as a QStringList: QSettings stores that as a plain
    // list (`a, b`), and a file may hold it as `@Variant(\0\0\0\v...)` (QDataStream's
    // QStringList). Either way the operator's choice is read, and the desktop app writes it back
    // in the plain form.
    void readsTheEventsOfThePreviousVersion_data()
    {
        using Event = NotificationSettings::Event;
        QTest::addColumn<QByteArray>("value");
        QTest::addColumn<QSet<Event>>("expected");
        QTest::newRow("list") << QByteArray("Succeeded, ActionRequired")
                              << events({Event::Succeeded, Event::ActionRequired});
        QTest::newRow("one") << QByteArray("Failed") << events({Event::Failed});
        QTest::newRow("none") << QByteArray("") << events({});
        QTest::newRow("variant") << variantText(
                                        streamed(QStringList{u"Succeeded"_s, u"ActionRequired"_s}))
                                 << events({Event::Succeeded, Event::ActionRequired});
        QTest::newRow("variant, none") << variantText(streamed(QStringList{})) << events({});
    }

    void readsTheEventsOfThePreviousVersion()
    {
        using Event = NotificationSettings::Event;
        QFETCH(QByteArray, value);
        QFETCH(QSet<Event>, expected);
        QTemporaryDir dir;
        const QString ini = dir.filePath(u"settings.ini"_s);
        writeFile(ini, "[notifications]\nevents=" + value + "\nremind=false\n");
        {
            AppSettings settings(new QSettings(ini, QSettings::IniFormat), nullptr,
                                 AppSettings::Unparsable::SetAside);
            QVERIFY2(settings.problem().isEmpty(), qPrintable(settings.problem()));
            QCOMPARE(settings.notificationSettings().enabled, expected);
        }
        QVERIFY(!readFile(ini).contains("@Variant("));
        QCOMPARE(QSettings(ini, QSettings::IniFormat).value(u"notifications/events"_s).metaType(),
                 QMetaType::fromType<QString>());
        AppSettings next(new QSettings(ini, QSettings::IniFormat));
        QCOMPARE(next.notificationSettings().enabled, expected);
        QCOMPARE(next.notificationSettings().remind, false);
    }

    // From now on the events are one plain string, `Succeeded,Failed`, never `@Variant(`.
    void eventsRoundTripInThePlainForm_data()
    {
        using Event = NotificationSettings::Event;
        QTest::addColumn<QSet<Event>>("enabled");
        QTest::newRow("none") << events({});
        QTest::newRow("one") << events({Event::RateLimited});
        QTest::newRow("three") << events(
            {Event::Failed, Event::GaveUp, Event::CredentialsRejected});
        QTest::newRow("all") << NotificationSettings().enabled;
    }

    void eventsRoundTripInThePlainForm()
    {
        using Event = NotificationSettings::Event;
        QFETCH(QSet<Event>, enabled);
        QTemporaryDir dir;
        const QString ini = dir.filePath(u"settings.ini"_s);
        {
            AppSettings settings(new QSettings(ini, QSettings::IniFormat));
            NotificationSettings notify;
            notify.enabled = enabled;
            settings.setNotificationSettings(notify);
            settings.sync();
        }
        QVERIFY(!readFile(ini).contains("@Variant("));
        QCOMPARE(QSettings(ini, QSettings::IniFormat).value(u"notifications/events"_s).metaType(),
                 QMetaType::fromType<QString>());
        AppSettings next(new QSettings(ini, QSettings::IniFormat));
        QCOMPARE(next.notificationSettings().enabled, enabled);
    }

    // Whether a workflow found running is told: until the operator chooses, as before there
    // was a choice (told unless every end of a workflow was unticked); then as chosen.
    void foundIsToldAsChosenOrAsBefore_data()
    {
        QTest::addColumn<QByteArray>("file");
        QTest::addColumn<bool>("found");
        QTest::newRow("nothing set") << QByteArray() << true;
        QTest::newRow("no end told")
            << QByteArray("[notifications]\nevents=RateLimited\n") << false;
        QTest::newRow("one end told") << QByteArray("[notifications]\nevents=GaveUp\n") << true;
        QTest::newRow("chosen off") << QByteArray("[notifications]\nfound=false\n") << false;
        QTest::newRow("chosen on, no end")
            << QByteArray("[notifications]\nevents=\nfound=true\n") << true;
    }

    void foundIsToldAsChosenOrAsBefore()
    {
        QFETCH(QByteArray, file);
        QFETCH(bool, found);
        QTemporaryDir dir;
        const QString ini = dir.filePath(u"settings.ini"_s);
        writeFile(ini, file);
        AppSettings settings(new QSettings(ini, QSettings::IniFormat));
        NotificationSettings notify = settings.notificationSettings();
        QCOMPARE(notify.found, found);

        notify.found = !found; // a choice made is kept, whatever the ends
        notify.enabled.clear();
        settings.setNotificationSettings(notify);
        settings.sync();
        QCOMPARE(AppSettings(new QSettings(ini, QSettings::IniFormat)).notificationSettings().found,
                 !found);
    }

    // A settings file QSettings cannot parse is set aside like a damaged store, said where, and
    // the app starts without it: nothing of it is written over.
    void setsAsideASettingsFileItCannotParse()
    {
        QTemporaryDir dir;
        const QString ini = dir.filePath(u"settings.ini"_s);
        const QByteArray garbage("\x00\x01\xff\xfe not settings\n[[[\n=\n", 24);
        {
            QFile file(ini);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(garbage);
        }
        AppSettings settings(new QSettings(ini, QSettings::IniFormat), nullptr,
                             AppSettings::Unparsable::SetAside);
        const QStringList aside = QDir(dir.path()).entryList({u"settings.ini.unreadable-*"_s});
        QCOMPARE(aside.size(), 1);
        QFile kept(dir.filePath(aside.first()));
        QVERIFY(kept.open(QIODevice::ReadOnly));
        QCOMPARE(kept.readAll(), garbage);
        const QString problem = settings.problem();
        QVERIFY2(problem.contains(u"could not be read"_s) && problem.contains(ini) &&
                     problem.contains(dir.filePath(aside.first())),
                 qPrintable(problem));
        QVERIFY(settings.canSave());
        QVERIFY(!settings.isConfigured());
        // What is set up now is kept, in a new file.
        QCOMPARE(settings.setAccounts({acme()}), std::nullopt);
        settings.sync();
        AppSettings next(new QSettings(ini, QSettings::IniFormat));
        QCOMPARE(next.accounts(), QList<AccountSettings>{acme()});
        QVERIFY(next.problem().isEmpty());
    }

    // A command-line command never moves the desktop app's file (the app may be running on
    // it): it reports the problem, leaves the file as it is and writes nothing to it.
    void aCommandLeavesASettingsFileItCannotParseInPlace()
    {
        QTemporaryDir dir;
        const QString ini = dir.filePath(u"settings.ini"_s);
        const QByteArray garbage("\x00\x01\xff\xfe not settings\n[[[\n=\n", 24);
        {
            QFile file(ini);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(garbage);
        }
        {
            AppSettings settings(new QSettings(ini, QSettings::IniFormat));
            const QString problem = settings.problem();
            QVERIFY2(problem.contains(u"could not be read"_s) && problem.contains(ini) &&
                         problem.contains(u"leaves the file as it is"_s),
                     qPrintable(problem));
            QVERIFY(!settings.canSave());
            QCOMPARE(settings.setAccounts({acme()}), std::nullopt);
            settings.sync();
        }
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::NoDotAndDotDot),
                 QStringList{u"settings.ini"_s});
        QFile kept(ini);
        QVERIFY(kept.open(QIODevice::ReadOnly));
        QCOMPARE(kept.readAll(), garbage);
    }

    // The problem is told once a run, however often a session asks.
    void theProblemIsToldOnce()
    {
        QTemporaryDir dir;
        const QString ini = dir.filePath(u"settings.ini"_s);
        QVERIFY(QDir().mkpath(ini));
        AppSettings settings(new QSettings(ini, QSettings::IniFormat));
        QVERIFY(!settings.problem().isEmpty());
        QCOMPARE(settings.untoldProblem(), settings.problem());
        QVERIFY(settings.untoldProblem().isEmpty());
        QVERIFY(!settings.problem().isEmpty());
    }

    // A settings file that cannot even be opened (here a directory, which stops root too; a
    // mode of 000 does the same to anyone else) is left as it is and never written over in this
    // run; the operator hears that changes will not be saved.
    void leavesASettingsFileItCannotOpenAlone()
    {
        QTemporaryDir dir;
        const QString ini = dir.filePath(u"settings.ini"_s);
        QVERIFY(QDir().mkpath(ini));
        {
            QFile inside(ini + u"/inside"_s);
            QVERIFY(inside.open(QIODevice::WriteOnly));
            inside.write("[accounts]\nsize=0\n");
        }
        {
            AppSettings settings(new QSettings(ini, QSettings::IniFormat));
            const QString problem = settings.problem();
            QVERIFY2(problem.contains(u"could not be read"_s) && problem.contains(ini) &&
                         problem.contains(u"will not be saved"_s),
                     qPrintable(problem));
            QVERIFY(!settings.canSave());
            // The app works in memory for this run.
            QCOMPARE(settings.setAccounts({acme()}), std::nullopt);
            QCOMPARE(settings.accounts(), QList<AccountSettings>{acme()});
            settings.sync();
        }
        QVERIFY(QFileInfo(ini).isDir());
        QCOMPARE(QDir(ini).entryList(QDir::Files), QStringList{u"inside"_s});
        QVERIFY(QDir(dir.path()).entryList({u"settings.ini?*"_s}).isEmpty()); // nothing beside
    }
};

QTEST_GUILESS_MAIN(TestAppSettings)
#include "tst_appsettings.moc"
