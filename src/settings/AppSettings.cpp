#include "settings/AppSettings.h"

#include "common/Logging.h"
#include "registrar/ApiBase.h"
#include "settings/SecretStore.h"
#include "settings/SettingsFileCheck.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QMetaEnum>
#include <QSaveFile>
#include <QSettings>
#include <QTemporaryDir>

#include <algorithm>

using namespace Qt::StringLiterals;
using namespace std::chrono;

namespace rw {

namespace {

template<typename E>
E enumFrom(const QVariant &value, E fallback)
{
    bool ok = false;
    const int number =
        QMetaEnum::fromType<E>().keyToValue(value.toString().toLatin1().constData(), &ok);
    return ok ? E(number) : fallback;
}

template<typename E>
QString enumName(E value)
{
    return QString::fromLatin1(QMetaEnum::fromType<E>().valueToKey(int(value)));
}

// Where a settings file that is not used as it is goes: beside it, named for why and when.
QString besideFile(const QString &path, QStringView why)
{
    return u"%1.%2-%3"_s.arg(path, why,
                             QDateTime::currentDateTimeUtc().toString(u"yyyyMMdd-HHmmss"_s));
}

// Written whole or not at all, with the file's modes as they were.
bool replaceFile(const QString &path, const QByteArray &contents)
{
    const QFileDevice::Permissions permissions = QFile::permissions(path);
    QSaveFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(contents) == contents.size() &&
           file.commit() && QFile::setPermissions(path, permissions);
}

// "a (why) and b (why)": each value left out, with why.
QString listed(const QList<settingsfile::UnsafeValue> &values)
{
    QStringList named;
    for (const settingsfile::UnsafeValue &value : values)
        named.append(u"%1 (%2)"_s.arg(value.key, value.why));
    const QString last = named.takeLast();
    return named.isEmpty() ? last : u"%1 and %2"_s.arg(named.join(u", "_s), last);
}

// What is said of the file, one sentence after another.
QString said(const QString &before, const QString &sentence)
{
    return before.isEmpty() ? sentence : before + u' ' + sentence;
}

const QString eventsKey = u"notifications/events"_s;
const QString foundKey = u"notifications/found"_s;

QSet<NotificationSettings::Event> eventsFrom(const QVariant &stored)
{
    // A plain string now (`Succeeded,Failed`); before, a QStringList, which QSettings reads
    // back as a list (`Succeeded, Failed`) or a single string.
    QSet<NotificationSettings::Event> events;
    for (const QString &item : stored.toStringList()) {
        for (const QString &name : item.split(u',', Qt::SkipEmptyParts)) {
            bool ok = false;
            const int value = QMetaEnum::fromType<NotificationSettings::Event>().keyToValue(
                name.trimmed().toLatin1().constData(), &ok);
            if (ok)
                events.insert(NotificationSettings::Event(value));
        }
    }
    return events;
}

} // namespace

AppSettings::AppSettings(QSettings *settings, QObject *parent, Unparsable unparsable)
    : QObject(parent)
    , m_settings(settings ? settings : new QSettings())
{
    checkValues(unparsable);
    checkFile(unparsable);
    migrateSingleAccount();
    if (unparsable == Unparsable::SetAside)
        migrateEvents();
}

QString AppSettings::untoldProblem()
{
    if (m_problemTold)
        return {};
    m_problemTold = true;
    return m_problem;
}

void AppSettings::checkValues(Unparsable unparsable)
{
    // On Linux the native format is INI too; a custom format has a reader of its own.
    const QSettings::Format format = m_settings->format();
    if (format != QSettings::NativeFormat && format != QSettings::IniFormat)
        return;
    const QString path = m_settings->fileName();
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return; // none yet, or checkFile() says why
    const QByteArray contents = file.readAll();
    file.close();
    const QList<settingsfile::UnsafeValue> unsafe = settingsfile::unsafeValues(contents);
    if (unsafe.isEmpty())
        return;
    const QByteArray kept = settingsfile::withoutLines(contents, unsafe);
    const QString shown = QDir::toNativeSeparators(path);
    const bool one = unsafe.size() == 1;
    m_settings.reset(); // QSettings has not decoded a value yet; let go of the file
    if (unparsable == Unparsable::SetAside) {
        const QString aside = besideFile(path, u"unsafe");
        if (QFile::copy(path, aside)) {
            if (replaceFile(path, kept)) {
                m_settings = std::make_unique<QSettings>(path, format);
                m_problem = (one ? u"The settings at %1 held a value Registrar Watch will not "
                                   u"read, %2: it was left out, and the file as it was is kept "
                                   u"at %3."_s
                                 : u"The settings at %1 held values Registrar Watch will not "
                                   u"read, %2: they were left out, and the file as it was is "
                                   u"kept at %3."_s)
                                .arg(shown, listed(unsafe), QDir::toNativeSeparators(aside));
                return;
            }
            QFile::remove(aside); // the file is as it was: no copy of it is needed
        }
    }
    useScratch(kept);
    m_problem = (one ? u"The settings at %1 hold a value Registrar Watch will not read, %2: it "
                       u"is left out in this run, Registrar Watch leaves the file as it is, and "
                       u"changes made in Settings will not be saved."_s
                     : u"The settings at %1 hold values Registrar Watch will not read, %2: they "
                       u"are left out in this run, Registrar Watch leaves the file as it is, "
                       u"and changes made in Settings will not be saved."_s)
                    .arg(shown, listed(unsafe));
}

void AppSettings::useScratch(const QByteArray &contents)
{
    m_scratch = std::make_unique<QTemporaryDir>();
    const QString path = m_scratch->filePath(u"settings.ini"_s);
    if (!contents.isEmpty()) {
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(contents) != contents.size())
            qCWarning(lcSettings).noquote()
                << u"This run's copy of the settings could not be written: %1"_s.arg(
                       file.errorString());
    }
    m_settings = std::make_unique<QSettings>(path, QSettings::IniFormat);
    m_canSave = false;
}

void AppSettings::checkFile(Unparsable unparsable)
{
    const QSettings::Status status = m_settings->status();
    // A scratch copy is this run's own: what became of the file is said already.
    if (status == QSettings::NoError || m_scratch)
        return;
    const QString path = m_settings->fileName();
    const QString shown = QDir::toNativeSeparators(path);
    const QSettings::Format format = m_settings->format();
    QString why;
    if (status == QSettings::FormatError) {
        why = u"it is not in a form Registrar Watch can read"_s;
    }
    if (status == QSettings::FormatError && unparsable == Unparsable::SetAside) {
        const QString aside = besideFile(path, u"unreadable");
        m_settings.reset(); // let go of the file before it moves
        if (QFile::rename(path, aside)) {
            m_settings = std::make_unique<QSettings>(path, format);
            m_problem = said(
                m_problem, u"The settings at %1 could not be read (%2). They were moved to %3, and "
                           u"Registrar Watch starts without them: set up your accounts again in "
                           u"Settings, or copy what you need from that file."_s.arg(
                               shown, why, QDir::toNativeSeparators(aside)));
            return;
        }
        why += u", and it could not be moved aside"_s;
    } else if (status != QSettings::FormatError) {
        // It opens for reading: what failed was writing it (QSettings says so as an access
        // error too).
        QFile file(path);
        why = QFileInfo(path).isDir()           ? u"it is a folder, not a file"_s
              : !file.open(QIODevice::ReadOnly) ? file.errorString()
                                                : u"it can be read but not written"_s;
    }
    // Left as it is, and never written over: this run keeps its settings in a scratch file.
    useScratch();
    m_problem = said(
        m_problem, u"The settings at %1 could not be read (%2). Registrar Watch runs without them, "
                   u"leaves the file as it is, and changes made in Settings will not be saved. "
                   u"Check the file (it must be yours and readable and writable by you), then "
                   u"restart."_s.arg(shown, why));
    // Said by whoever shows it (the window, `watch` on stderr), and logged there: not here too.
}

AppSettings::~AppSettings() = default;

namespace {

const QString accountsArray = u"accounts"_s;

AccountSettings readAccount(const QSettings &settings)
{
    AccountSettings account;
    account.id = settings.value(u"id"_s).toString().trimmed();
    account.label = settings.value(u"label"_s).toString().trimmed();
    if (account.label.isEmpty())
        account.label = account.id; // as the migration names it
    account.sandbox = settings.value(u"sandbox"_s, false).toBool();
    account.scheme = enumFrom(settings.value(u"auth"_s), AppSettings::AuthScheme::ApiToken);
    account.email = settings.value(u"email"_s).toString();
    account.storage =
        enumFrom(settings.value(u"secretStorage"_s), AppSettings::SecretStorage::Keychain);
    account.enabled = settings.value(u"enabled"_s, true).toBool();
    account.watchWholeAccount = settings.value(u"watchWholeAccount"_s, true).toBool();
    // At least a minute and a day: a pace of zero would be a flood, a warning of zero none.
    const int every = settings.value(u"listEveryMinutes"_s, 30).toInt();
    account.listEvery = minutes(every >= 1 ? every : 30);
    const int warning = settings.value(u"expiryWarningDays"_s, 30).toInt();
    account.expiryWarning = days(warning >= 1 ? warning : 30);
    return account;
}

void writeAccount(QSettings &settings, const AccountSettings &account)
{
    settings.setValue(u"id"_s, account.id.trimmed());
    settings.setValue(u"label"_s, account.label.trimmed());
    settings.setValue(u"sandbox"_s, account.sandbox);
    settings.setValue(u"auth"_s, enumName(account.scheme));
    settings.setValue(u"email"_s, account.usesGlobalKey() ? account.email.trimmed() : QString());
    settings.setValue(u"secretStorage"_s, enumName(account.storage));
    settings.setValue(u"enabled"_s, account.enabled);
    settings.setValue(u"watchWholeAccount"_s, account.watchWholeAccount);
    settings.setValue(u"listEveryMinutes"_s, qint64(account.listEvery.count()));
    settings.setValue(u"expiryWarningDays"_s, qint64(account.expiryWarning.count()));
}

} // namespace

QString AccountSettings::secretKey() const
{
    return SecretStore::keyFor(id, usesGlobalKey());
}

void AppSettings::migrateSingleAccount()
{
    const QString old = u"account"_s;
    if (!m_settings->childGroups().contains(old) && !m_settings->childKeys().contains(old))
        return;
    m_settings->beginGroup(old);
    AccountSettings account = readAccount(*m_settings);
    m_settings->endGroup();
    // The ID stays what it was, so the secret is found under the same key as before; the label
    // is the ID until the operator names the account.
    if (!account.id.isEmpty() && !m_settings->contains(accountsArray + u"/size"_s)) {
        account.label = account.id;
        m_settings->beginWriteArray(accountsArray, 1);
        m_settings->setArrayIndex(0);
        writeAccount(*m_settings, account);
        m_settings->endArray();
        qCInfo(lcSettings) << "The account's settings moved to the list of accounts";
    }
    m_settings->remove(old);
    m_settings->sync();
}

QList<AccountSettings> AppSettings::accounts() const
{
    QList<AccountSettings> accounts;
    // Only the entries the file holds: its `size` is a number anyone may have typed, and a huge
    // one would otherwise be read one empty entry at a time.
    m_settings->beginGroup(accountsArray);
    const QStringList groups = m_settings->childGroups();
    m_settings->endGroup();
    const int size = m_settings->beginReadArray(accountsArray);
    QList<int> entries;
    for (const QString &group : groups) {
        bool ok = false;
        const int number = group.toInt(&ok);
        if (ok && number >= 1 && number <= size)
            entries.append(number - 1);
    }
    std::sort(entries.begin(), entries.end());
    if (entries.size() < size)
        qCWarning(lcSettings).noquote()
            << u"The settings list %1 accounts but hold %2: the missing ones are left out"_s.arg(
                   QString::number(size), QString::number(entries.size()));
    for (const int i : std::as_const(entries)) {
        m_settings->setArrayIndex(i);
        const AccountSettings account = readAccount(*m_settings);
        const bool repeated =
            std::any_of(accounts.cbegin(), accounts.cend(),
                        [&account](const AccountSettings &a) { return a.id == account.id; });
        if (account.id.isEmpty() || repeated) {
            qCWarning(lcSettings) << "Account" << i + 1 << "of the settings is left out:"
                                  << (repeated ? "its ID is listed before" : "it has no ID");
            continue;
        }
        accounts.append(account);
    }
    m_settings->endArray();
    return accounts;
}

std::optional<QString> AppSettings::problemIn(const QList<AccountSettings> &accounts)
{
    for (qsizetype i = 0; i < accounts.size(); ++i) {
        const AccountSettings &account = accounts.at(i);
        const QString id = account.id.trimmed();
        const QString label = account.label.trimmed();
        if (id.isEmpty())
            return label.isEmpty() ? u"Account %1 has no account ID."_s.arg(i + 1)
                                   : u"%1 has no account ID."_s.arg(label);
        if (label.isEmpty())
            return u"Account %1 has no label: give it a name you will recognise."_s.arg(id);
        for (qsizetype j = 0; j < i; ++j) {
            if (accounts.at(j).id.trimmed() == id)
                return u"%1 and %2 are the same account (%3): each account can be listed once."_s
                    .arg(accounts.at(j).label.trimmed(), label, id);
            if (accounts.at(j).label.trimmed().compare(label, Qt::CaseInsensitive) == 0)
                return u"Two accounts are labelled %1: each needs a label of its own."_s.arg(label);
        }
    }
    return std::nullopt;
}

std::optional<QString> AppSettings::setAccounts(const QList<AccountSettings> &accounts)
{
    if (auto problem = problemIn(accounts))
        return problem;
    // Removed first: a shorter list would otherwise leave the entries after it behind.
    m_settings->remove(accountsArray);
    m_settings->beginWriteArray(accountsArray, int(accounts.size()));
    for (int i = 0; i < accounts.size(); ++i) {
        m_settings->setArrayIndex(i);
        writeAccount(*m_settings, accounts.at(i));
    }
    m_settings->endArray();
    emit changed();
    return std::nullopt;
}

std::optional<AccountSettings> AppSettings::account(const QString &id) const
{
    for (const AccountSettings &account : accounts()) {
        if (account.id == id)
            return account;
    }
    return std::nullopt;
}

bool AppSettings::isConfigured() const
{
    return !accounts().isEmpty();
}

QVariant AppSettings::first(const QString &key, const QVariant &fallback) const
{
    return m_settings->value(accountsArray + u"/1/"_s + key, fallback);
}

void AppSettings::setFirst(const QString &key, const QVariant &value)
{
    // Written in place, not through setAccounts(): callers set the fields one by one, and the
    // entry has no ID until one of them gives it.
    if (m_settings->value(accountsArray + u"/size"_s, 0).toInt() < 1)
        m_settings->setValue(accountsArray + u"/size"_s, 1);
    m_settings->setValue(accountsArray + u"/1/"_s + key, value);
    emit changed();
}

QString AppSettings::accountId() const
{
    return first(u"id"_s).toString();
}

void AppSettings::setAccountId(const QString &id)
{
    setFirst(u"id"_s, id.trimmed());
}

bool AppSettings::sandbox() const
{
    return first(u"sandbox"_s, false).toBool();
}

void AppSettings::setSandbox(bool sandbox)
{
    setFirst(u"sandbox"_s, sandbox);
}

AppSettings::AuthScheme AppSettings::authScheme() const
{
    return enumFrom(first(u"auth"_s), AuthScheme::ApiToken);
}

void AppSettings::setAuthScheme(AuthScheme scheme)
{
    setFirst(u"auth"_s, enumName(scheme));
}

QString AppSettings::email() const
{
    return first(u"email"_s).toString();
}

void AppSettings::setEmail(const QString &email)
{
    setFirst(u"email"_s, email.trimmed());
}

AppSettings::SecretStorage AppSettings::secretStorage() const
{
    return enumFrom(first(u"secretStorage"_s), SecretStorage::Keychain);
}

void AppSettings::setSecretStorage(SecretStorage storage)
{
    setFirst(u"secretStorage"_s, enumName(storage));
}

QString AppSettings::apiBase() const
{
    return m_settings->value(u"advanced/apiBase"_s, ApiBase::defaultUrl).toString();
}

void AppSettings::setApiBase(const QString &url)
{
    m_settings->setValue(u"advanced/apiBase"_s, url.trimmed());
    emit changed();
}

PollSettings AppSettings::pollSettings() const
{
    return readPollSettings().settings;
}

PollSettingsRead AppSettings::readPollSettings() const
{
    // As the file has them: rw::readPollSettings checks them and says what it ignores.
    QHash<QString, QString> raw;
    m_settings->beginGroup(u"polling"_s);
    for (const QString &key : m_settings->childKeys())
        raw.insert(key, m_settings->value(key).toString());
    m_settings->endGroup();
    return rw::readPollSettings(raw);
}

void AppSettings::setPollSettings(const PollSettings &poll)
{
    m_settings->setValue(u"polling/budgetRequests"_s, poll.budgetRequests);
    m_settings->setValue(u"polling/budgetWindowSeconds"_s, qint64(poll.budgetWindow.count()));
    m_settings->setValue(u"polling/activeMaxDelaySeconds"_s, qint64(poll.activeMaxDelay.count()));
    m_settings->setValue(u"polling/blockedMaxDelaySeconds"_s, qint64(poll.blockedMaxDelay.count()));
    m_settings->setValue(u"polling/maxWatchSeconds"_s, qint64(poll.maxWatchTime.count()));
    m_settings->setValue(u"polling/maxActiveSeconds"_s, qint64(poll.maxActiveTime.count()));
    m_settings->setValue(u"polling/maxBlockedSeconds"_s, qint64(poll.maxBlockedTime.count()));
    m_settings->setValue(u"polling/pacing"_s, poll.pacing ? u"true"_s : u"false"_s);
    m_settings->setValue(u"polling/speedShare"_s, poll.speedShare);
    m_settings->setValue(u"polling/fastFloorSeconds"_s, qint64(poll.fastFloor.count()));
    m_settings->setValue(u"polling/likelihood"_s, poll.likelihood ? u"true"_s : u"false"_s);
    emit changed();
}

NotificationSettings AppSettings::notificationSettings() const
{
    NotificationSettings notify;
    if (m_settings->contains(eventsKey))
        notify.enabled = eventsFrom(m_settings->value(eventsKey));
    // Before it could be chosen, a workflow found running was told unless every end of a
    // workflow was unticked: that stays the choice until one is made.
    using Event = NotificationSettings::Event;
    const bool endsTold =
        std::any_of(notify.enabled.cbegin(), notify.enabled.cend(), [](Event event) {
            return event == Event::Succeeded || event == Event::Failed ||
                   event == Event::ActionRequired || event == Event::GaveUp;
        });
    notify.found = m_settings->value(foundKey, endsTold).toBool();
    notify.quietHours = m_settings->value(u"notifications/quietHours"_s, false).toBool();
    const auto time = [this](const QString &key, QTime fallback) {
        const QTime read = QTime::fromString(m_settings->value(key).toString(), u"HH:mm"_s);
        return read.isValid() ? read : fallback;
    };
    notify.quietStart = time(u"notifications/quietStart"_s, notify.quietStart);
    notify.quietEnd = time(u"notifications/quietEnd"_s, notify.quietEnd);
    notify.remind = m_settings->value(u"notifications/remind"_s, notify.remind).toBool();
    // Whole minutes, at least one: a reminder every few seconds would be a flood.
    const auto minutes = [this](const QString &key, std::chrono::minutes fallback) {
        bool ok = false;
        const int value = m_settings->value(key).toInt(&ok);
        return std::chrono::minutes(ok && value >= 1 ? value : fallback.count());
    };
    notify.remindAfter = minutes(u"notifications/remindAfterMinutes"_s, notify.remindAfter);
    notify.remindEvery = minutes(u"notifications/remindEveryMinutes"_s, notify.remindEvery);
    return notify;
}

void AppSettings::setNotificationSettings(const NotificationSettings &notify)
{
    writeEvents(notify.enabled);
    m_settings->setValue(foundKey, notify.found);
    m_settings->setValue(u"notifications/quietHours"_s, notify.quietHours);
    m_settings->setValue(u"notifications/quietStart"_s, notify.quietStart.toString(u"HH:mm"_s));
    m_settings->setValue(u"notifications/quietEnd"_s, notify.quietEnd.toString(u"HH:mm"_s));
    m_settings->setValue(u"notifications/remind"_s, notify.remind);
    m_settings->setValue(u"notifications/remindAfterMinutes"_s, qint64(notify.remindAfter.count()));
    m_settings->setValue(u"notifications/remindEveryMinutes"_s, qint64(notify.remindEvery.count()));
    emit changed();
}

void AppSettings::writeEvents(const QSet<NotificationSettings::Event> &events)
{
    QStringList names;
    for (const NotificationSettings::Event event : NotificationSettings::allEvents) {
        if (events.contains(event))
            names.append(enumName(event));
    }
    // One plain string, never a QStringList: QSettings has written such lists in forms that
    // its reader must decode (`@Variant(`), which a file can abuse. Written even when empty:
    // "none" is a choice, not a missing key.
    m_settings->setValue(eventsKey, names.join(u','));
}

void AppSettings::migrateEvents()
{
    const QVariant stored = m_settings->value(eventsKey);
    if (!m_canSave || !stored.isValid() || stored.metaType() == QMetaType::fromType<QString>())
        return;
    writeEvents(eventsFrom(stored));
    m_settings->sync();
    qCInfo(lcSettings) << "The notification events are kept in their new, plain form";
}

bool AppSettings::trayIcon() const
{
    return m_settings->value(u"desktop/trayIcon"_s, true).toBool();
}

void AppSettings::setTrayIcon(bool on)
{
    m_settings->setValue(u"desktop/trayIcon"_s, on);
    emit changed();
}

QByteArray AppSettings::value(const QString &key) const
{
    return m_settings->value(u"ui/"_s + key).toByteArray();
}

void AppSettings::setValue(const QString &key, const QByteArray &value)
{
    m_settings->setValue(u"ui/"_s + key, value);
}

void AppSettings::sync()
{
    m_settings->sync();
}

} // namespace rw
