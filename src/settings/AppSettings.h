#pragma once

#include "engine/PollSettings.h"
#include "notify/Notification.h"

#include <QByteArray>
#include <QObject>
#include <QString>

#include <memory>

class QSettings;

namespace rw {

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

    // Takes ownership of `settings`; null: the application's default QSettings.
    explicit AppSettings(QSettings *settings = nullptr, QObject *parent = nullptr);
    ~AppSettings() override;

    [[nodiscard]] QString accountId() const;
    void setAccountId(const QString &id);
    [[nodiscard]] bool sandbox() const;
    void setSandbox(bool sandbox);
    [[nodiscard]] AuthScheme authScheme() const;
    void setAuthScheme(AuthScheme scheme);
    [[nodiscard]] QString email() const; // for the Global API Key; not a secret
    void setEmail(const QString &email);
    [[nodiscard]] QString apiBase() const;
    void setApiBase(const QString &url);
    [[nodiscard]] SecretStorage secretStorage() const;
    void setSecretStorage(SecretStorage storage);

    [[nodiscard]] PollSettings pollSettings() const;
    void setPollSettings(const PollSettings &settings);
    [[nodiscard]] NotificationSettings notificationSettings() const;
    void setNotificationSettings(const NotificationSettings &settings);
    // An icon in the system tray (where there is one); closing the window then keeps watching.
    [[nodiscard]] bool trayIcon() const;
    void setTrayIcon(bool on);

    // Window and table layout, for the widgets layer.
    [[nodiscard]] QByteArray value(const QString &key) const;
    void setValue(const QString &key, const QByteArray &value);

    // An account ID is set: the app can watch something real.
    [[nodiscard]] bool isConfigured() const { return !accountId().isEmpty(); }
    void sync();

signals:
    void changed();

private:
    std::unique_ptr<QSettings> m_settings;
};

} // namespace rw
