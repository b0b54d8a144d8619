// The app's settings file (INI), read with the app's own code: the input is written to a file,
// which AppSettings reads through QSettings as the app does (including the migration of one
// account's settings from before there were several). Every value is read; the accounts listed
// have an ID each and no ID twice. Clamping of numbers belongs to the reading path too, so this
// target checks it once it is there.
//
// Qt 6.4's QSettings decodes `@Variant(...)` values with QDataStream, which allocates what a
// value declares; AppSettings leaves out what settingsfile::unsafeValues finds before QSettings
// reads the file. So that check must read the file as QSettings does: every value QSettings
// reads from the file without those lines is a string, a list, bytes or one of its own small
// kinds, never a decoded `@Variant(` the check did not see (the list of strings it let through
// aside).
#include "fuzz/FuzzCommon.h"
#include "settings/AppSettings.h"
#include "settings/SettingsFileCheck.h"

#include <QFile>
#include <QMetaType>
#include <QSet>
#include <QSettings>
#include <QTemporaryDir>

#include <algorithm>

using namespace rw;
using namespace Qt::StringLiterals;

RW_FUZZ_INIT

namespace {

bool onlyCheckedKinds(const QVariant &value)
{
    switch (value.metaType().id()) {
    case QMetaType::UnknownType: // @Invalid()
    case QMetaType::QString:
    case QMetaType::QStringList: // checked: its sizes fit in its bytes
    case QMetaType::QByteArray:
    case QMetaType::QRect:
    case QMetaType::QSize:
    case QMetaType::QPoint:
        return true;
    case QMetaType::QVariantList: {
        const QVariantList items = value.toList();
        return std::all_of(items.cbegin(), items.cend(), onlyCheckedKinds);
    }
    default:
        return false;
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
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
        const QByteArrayView input(data, size);
        const QByteArray kept =
            settingsfile::withoutLines(input, settingsfile::unsafeValues(input));
        const QString keptPath = path + u".kept"_s;
        QFile file(keptPath);
        if (!file.open(QIODevice::WriteOnly) || file.write(kept) != kept.size())
            fuzz::fail("cannot write the settings file", file.errorString());
        file.close();
        QSettings plain(keptPath, QSettings::IniFormat);
        for (const QString &key : plain.allKeys()) {
            const QVariant value = plain.value(key);
            fuzz::check(onlyCheckedKinds(value), "QSettings decodes only values the check saw",
                        key + u": "_s + QString::fromLatin1(value.metaType().name()));
        }
        QFile::remove(keptPath);
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
