#pragma once

#include "engine/PollSettings.h"
#include "notify/Notification.h"

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QString>

#include <chrono>
#include <memory>
#include <optional>

class QSettings;
class QTemporaryDir;

namespace rw {

struct AccountSettings;

// The desktop app's settings, typed, over QSettings. Enums are stored by name. Secrets are not
// here: they live in a SecretStore.
class AppSettings final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AppSettings)
public:
    enum class AuthScheme {
        ApiToken,
        GlobalApiKey,
    };
    Q_ENUM(AuthScheme)
    enum class SecretStorage {
        Keychain,    // the OS keychain (the default)
        SessionOnly, // memory: asked again after a restart
        PrivateFile, // a file only the user can read, by explicit choice
    };
    Q_ENUM(SecretStorage)

    // What is done with a settings file QSettings cannot parse. Only the desktop app sets it
    // aside (and starts without it); a command-line command reports it and leaves it where it
    // is, since the desktop app may be running on it.
    enum class Unparsable {
        Report,
        SetAside,
    };

    // Takes ownership of `settings`; null: the application's default QSettings.
    explicit AppSettings(QSettings *settings = nullptr, QObject *parent = nullptr,
                         Unparsable unparsable = Unparsable::Report);
    ~AppSettings() override;

    // The accounts watched, in the operator's order. Entries that cannot be used (no ID, an ID
    // already listed) are left out, with a warning in the log.
    [[nodiscard]] QList<AccountSettings> accounts() const;
    // Saves the list, or saves nothing and says why (a sentence for the operator) when an entry
    // has no ID or label, or repeats another's ID or label.
    [[nodiscard]] std::optional<QString> setAccounts(const QList<AccountSettings> &accounts);
    [[nodiscard]] std::optional<AccountSettings> account(const QString &id) const;
    [[nodiscard]] static std::optional<QString> problemIn(const QList<AccountSettings> &accounts);

    // The first account, as when there was only one: for code that has not yet moved to
    // accounts(). The setters change the first entry (creating it when there is none).
    [[nodiscard]] QString accountId() const;
    void setAccountId(const QString &id);
    [[nodiscard]] bool sandbox() const;
    void setSandbox(bool sandbox);
    [[nodiscard]] AuthScheme authScheme() const;
    void setAuthScheme(AuthScheme scheme);
    [[nodiscard]] QString email() const; // for the Global API Key; not a secret
    void setEmail(const QString &email);
    [[nodiscard]] SecretStorage secretStorage() const;
    void setSecretStorage(SecretStorage storage);

    // For every account.
    [[nodiscard]] QString apiBase() const;
    void setApiBase(const QString &url);

    [[nodiscard]] PollSettings pollSettings() const;
    // The same, with a sentence for each value of the file that is ignored (out of bounds).
    [[nodiscard]] PollSettingsRead readPollSettings() const;
    void setPollSettings(const PollSettings &settings);
    [[nodiscard]] NotificationSettings notificationSettings() const;
    void setNotificationSettings(const NotificationSettings &settings);
    // An icon in the system tray (where there is one); closing the window then keeps watching.
    [[nodiscard]] bool trayIcon() const;
    void setTrayIcon(bool on);

    // Window and table layout, for the widgets layer.
    [[nodiscard]] QByteArray value(const QString &key) const;
    void setValue(const QString &key, const QByteArray &value);

    // An account is set up: the app can watch something real.
    [[nodiscard]] bool isConfigured() const;
    // What became of a settings file that could not be read (set aside, or left alone), in
    // sentences for the operator; empty when it was read. Such a start is not a first run.
    [[nodiscard]] const QString &problem() const { return m_problem; }
    // problem(), the first time it is asked for in this run; empty after that (a session
    // started again does not say it again).
    [[nodiscard]] QString untoldProblem();
    // False when the file could be neither read nor set aside: it is left as it is, and what
    // changes in this run is kept in memory only.
    [[nodiscard]] bool canSave() const { return m_canSave; }
    void sync();

signals:
    void changed();

private:
    // Values QSettings must not decode (settings/SettingsFileCheck) are left out before it
    // reads the file: the desktop app keeps the file as it was beside it and saves it without
    // them; a command reads a scratch copy without them and leaves the file alone.
    void checkValues(Unparsable unparsable);
    // A file QSettings cannot parse is set aside; one it cannot open is left alone, and this
    // run works on a scratch copy instead.
    void checkFile(Unparsable unparsable);
    // This run's settings in a scratch file, which starts as `contents`: the file itself is
    // never written over.
    void useScratch(const QByteArray &contents = {});
    // The events were a QStringList before: kept as the plain string they are written as now.
    void migrateEvents();
    void writeEvents(const QSet<NotificationSettings::Event> &events);
    // One account's settings from before there were several become the first of the list.
    void migrateSingleAccount();
    void setFirst(const QString &key, const QVariant &value);
    [[nodiscard]] QVariant first(const QString &key, const QVariant &fallback = {}) const;

    std::unique_ptr<QTemporaryDir> m_scratch; // where this run's settings go when none can be
    std::unique_ptr<QSettings> m_settings;
    QString m_problem;
    bool m_problemTold = false;
    bool m_canSave = true;
};

// One Cloudflare account the app watches, and how it signs in to it. The secret is not here: it
// is in the store `storage` names, under SecretStore::keyFor(id, scheme is GlobalApiKey).
struct AccountSettings
{
    QString id;    // the Cloudflare account ID, unique in the list
    QString label; // the operator's name for it, unique in the list
    bool sandbox = false;
    AppSettings::AuthScheme scheme = AppSettings::AuthScheme::ApiToken;
    QString email; // with a Global API Key; not a secret
    AppSettings::SecretStorage storage = AppSettings::SecretStorage::Keychain;
    bool enabled = true;
    // Discovery: the registrations list is read every `listEvery`, and registrations expiring
    // within `expiryWarning` without auto-renew need the operator.
    bool watchWholeAccount = true;
    std::chrono::minutes listEvery{30};
    std::chrono::days expiryWarning{30};

    [[nodiscard]] bool usesGlobalKey() const
    {
        return scheme == AppSettings::AuthScheme::GlobalApiKey;
    }
    // The key of its secret in its store.
    [[nodiscard]] QString secretKey() const;
    friend bool operator==(const AccountSettings &, const AccountSettings &) = default;
};

} // namespace rw
