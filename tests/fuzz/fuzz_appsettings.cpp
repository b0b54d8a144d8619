// The app's settings file (INI), read with the app's own code: the input is written to a file,
// which AppSettings reads through QSettings as the app does (including the migration of one
// account's settings from before there were several). Every value is read; the accounts listed
// have an ID each and no ID twice. Clamping of numbers belongs to the reading path too, so this
// target checks it once it is there.
#include "fuzz/FuzzCommon.h"
#include "settings/AppSettings.h"

#include <QFile>
#include <QSet>
#include <QSettings>
#include <QTemporaryDir>

using namespace rw;
using namespace Qt::StringLiterals;

RW_FUZZ_INIT

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    // Open finding (docs/FUZZING.md): Qt 6.4's QSettings reads an `@Variant(...)` value with
    // QDataStream, which allocates the element count the file declares (gigabytes) before it
    // reads a byte of them. Such values are skipped until the app stops writing lists that way
    // and refuses them; the inputs are in open-findings/.
    if (QByteArrayView(data, size).contains("@Variant("))
        return 0;
    static QTemporaryDir dir;
    static quint64 run = 0;
    if (!dir.isValid())
        fuzz::fail("no temporary folder", dir.errorString());
    // A new name each run: QSettings caches a file it read and may not notice a rewrite made
    // within the same second with the same size.
    const QString path = dir.filePath(u"settings-%1.ini"_s.arg(++run));
    {
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly) ||
            file.write(reinterpret_cast<const char *>(data), qint64(size)) != qint64(size))
            fuzz::fail("cannot write the settings file", file.errorString());
    }
    {
        AppSettings settings(new QSettings(path, QSettings::IniFormat));
        const QList<AccountSettings> accounts = settings.accounts();
        QSet<QString> ids;
        for (const AccountSettings &account : accounts) {
            fuzz::check(!account.id.isEmpty(), "a listed account has an ID");
            fuzz::check(!ids.contains(account.id), "no account ID is listed twice", account.id);
            ids.insert(account.id);
            (void)account.secretKey();
            fuzz::check(settings.account(account.id).has_value(), "a listed account is found",
                        account.id);
        }
        (void)AppSettings::problemIn(accounts);
        (void)settings.accountId();
        (void)settings.sandbox();
        (void)settings.authScheme();
        (void)settings.email();
        (void)settings.secretStorage();
        (void)settings.apiBase();
        (void)settings.pollSettings();
        (void)settings.notificationSettings();
        (void)settings.trayIcon();
        (void)settings.isConfigured();
        (void)settings.value(u"window/geometry"_s);
    }
    QFile::remove(path);
    return 0;
}
