#include "settings/AppSettings.h"

#include "registrar/ApiBase.h"

#include <QMetaEnum>
#include <QSettings>

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

} // namespace

AppSettings::AppSettings(QSettings *settings, QObject *parent)
    : QObject(parent)
    , m_settings(settings ? settings : new QSettings())
{}

AppSettings::~AppSettings() = default;

QString AppSettings::accountId() const
{
    return m_settings->value(u"account/id"_s).toString();
}

void AppSettings::setAccountId(const QString &id)
{
    m_settings->setValue(u"account/id"_s, id.trimmed());
    emit changed();
}

bool AppSettings::sandbox() const
{
    return m_settings->value(u"account/sandbox"_s, false).toBool();
}

void AppSettings::setSandbox(bool sandbox)
{
    m_settings->setValue(u"account/sandbox"_s, sandbox);
    emit changed();
}

AppSettings::AuthScheme AppSettings::authScheme() const
{
    return enumFrom(m_settings->value(u"account/auth"_s), AuthScheme::ApiToken);
}

void AppSettings::setAuthScheme(AuthScheme scheme)
{
    m_settings->setValue(u"account/auth"_s, enumName(scheme));
    emit changed();
}

QString AppSettings::email() const
{
    return m_settings->value(u"account/email"_s).toString();
}

void AppSettings::setEmail(const QString &email)
{
    m_settings->setValue(u"account/email"_s, email.trimmed());
    emit changed();
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

AppSettings::SecretStorage AppSettings::secretStorage() const
{
    return enumFrom(m_settings->value(u"account/secretStorage"_s), SecretStorage::Keychain);
}

void AppSettings::setSecretStorage(SecretStorage storage)
{
    m_settings->setValue(u"account/secretStorage"_s, enumName(storage));
    emit changed();
}

PollSettings AppSettings::pollSettings() const
{
    PollSettings poll;
    const auto secondsAt = [this](const QString &key, seconds fallback) {
        return seconds(m_settings->value(key, qint64(fallback.count())).toLongLong());
    };
    poll.budgetRequests =
        m_settings->value(u"polling/budgetRequests"_s, poll.budgetRequests).toInt();
    poll.budgetWindow = secondsAt(u"polling/budgetWindowSeconds"_s, poll.budgetWindow);
    poll.activeMaxDelay = secondsAt(u"polling/activeMaxDelaySeconds"_s, poll.activeMaxDelay);
    poll.blockedMaxDelay = secondsAt(u"polling/blockedMaxDelaySeconds"_s, poll.blockedMaxDelay);
    poll.maxWatchTime = secondsAt(u"polling/maxWatchSeconds"_s, poll.maxWatchTime);
    poll.maxActiveTime = secondsAt(u"polling/maxActiveSeconds"_s, poll.maxActiveTime);
    poll.maxBlockedTime = secondsAt(u"polling/maxBlockedSeconds"_s, poll.maxBlockedTime);
    return poll;
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
    emit changed();
}

NotificationSettings AppSettings::notificationSettings() const
{
    NotificationSettings notify;
    if (m_settings->contains(u"notifications/events"_s)) {
        notify.enabled.clear();
        const QStringList names = m_settings->value(u"notifications/events"_s).toStringList();
        for (const QString &name : names) {
            bool ok = false;
            const int value = QMetaEnum::fromType<NotificationSettings::Event>().keyToValue(
                name.toLatin1().constData(), &ok);
            if (ok)
                notify.enabled.insert(NotificationSettings::Event(value));
        }
    }
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
    QStringList names;
    for (const NotificationSettings::Event event : NotificationSettings::allEvents) {
        if (notify.isEnabled(event))
            names.append(enumName(event));
    }
    // Written even when empty: "none" is a choice, not a missing key.
    m_settings->setValue(u"notifications/events"_s, names.isEmpty() ? QVariant(u""_s) : names);
    m_settings->setValue(u"notifications/quietHours"_s, notify.quietHours);
    m_settings->setValue(u"notifications/quietStart"_s, notify.quietStart.toString(u"HH:mm"_s));
    m_settings->setValue(u"notifications/quietEnd"_s, notify.quietEnd.toString(u"HH:mm"_s));
    m_settings->setValue(u"notifications/remind"_s, notify.remind);
    m_settings->setValue(u"notifications/remindAfterMinutes"_s, qint64(notify.remindAfter.count()));
    m_settings->setValue(u"notifications/remindEveryMinutes"_s, qint64(notify.remindEvery.count()));
    emit changed();
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
