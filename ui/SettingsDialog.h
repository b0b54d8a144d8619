#pragma once

#include "settings/AppSettings.h"
#include "settings/SecretStore.h"

#include <QDialog>
#include <QHash>

#include <functional>
#include <optional>

class QButtonGroup;
class QCheckBox;
class QDialogButtonBox;
class QGroupBox;
class QLabel;
class QLineEdit;
class QNetworkAccessManager;
class QRadioButton;
class QSpinBox;
class QTabWidget;
class QTimeEdit;

namespace rw::ui {

// Account, credentials, polling, notifications and the API base. Every field is checked as it is
// typed, with the reason beside it. Secrets go to a SecretStore, never to the settings; when the
// keychain cannot be used, the operator chooses: this session only (the default) or a private file.
// Nothing is written before OK, and Cancel leaves everything as it was.
class SettingsDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SettingsDialog)
public:
    using SecretStores = std::function<SecretStore *(AppSettings::SecretStorage)>;

    SettingsDialog(AppSettings *settings, SecretStores stores, QNetworkAccessManager *network,
                   QWidget *parent = nullptr);
    ~SettingsDialog() override;

    // For tests and for the app: the fields, by role.
    [[nodiscard]] QLineEdit *tokenField() const { return m_token; }
    [[nodiscard]] QLineEdit *emailField() const { return m_email; }
    [[nodiscard]] QLineEdit *keyField() const { return m_key; }
    [[nodiscard]] QLineEdit *accountField() const { return m_account; }
    [[nodiscard]] QLineEdit *apiBaseField() const { return m_apiBase; }
    [[nodiscard]] QCheckBox *sandboxBox() const { return m_sandbox; }
    [[nodiscard]] QRadioButton *globalKeyChoice() const { return m_useKey; }
    [[nodiscard]] QLabel *problemsLabel() const { return m_problems; }
    [[nodiscard]] QLabel *warningLabel() const { return m_warning; }
    [[nodiscard]] QLabel *verifyLabel() const { return m_verifyResult; }
    [[nodiscard]] QLabel *storageLabel() const { return m_storageNote; }
    [[nodiscard]] QGroupBox *fallbackBox() const { return m_fallback; }
    [[nodiscard]] QRadioButton *fileChoice() const { return m_toFile; }
    [[nodiscard]] QCheckBox *notifyBox(NotificationSettings::Event event) const
    {
        return m_notify.value(event);
    }
    [[nodiscard]] QCheckBox *quietHoursBox() const { return m_quiet; }
    [[nodiscard]] QTimeEdit *quietStartField() const { return m_quietStart; }
    [[nodiscard]] QTimeEdit *quietEndField() const { return m_quietEnd; }
    [[nodiscard]] QLabel *quietProblemLabel() const { return m_quietProblem; }
    [[nodiscard]] QCheckBox *trayBox() const { return m_tray; }
    [[nodiscard]] bool isValid() const;
    void verify();
    void accept() override;
    void reject() override;

signals:
    void saved();

private:
    void load();
    void validate();
    void save(AppSettings::SecretStorage storage);
    void writeSecret(quint64 run, AppSettings::SecretStorage storage, const QString &key,
                     const QString &secret);
    void saveFailed(AppSettings::SecretStorage storage, const SecretStore::Result &result);
    void writeSettings(AppSettings::SecretStorage storage, SecretStore *store);
    void cancelSaving();
    void offerFallback();
    void forgetVerification();
    [[nodiscard]] QString secret() const;
    [[nodiscard]] QString secretKey() const;

    AppSettings *m_settings;
    SecretStores m_stores;
    QNetworkAccessManager *m_network;

    QRadioButton *m_useToken;
    QRadioButton *m_useKey;
    QLineEdit *m_token;
    QLineEdit *m_email;
    QLineEdit *m_key;
    QLineEdit *m_account;
    QCheckBox *m_sandbox;
    QLabel *m_tokenProblem;
    QLabel *m_emailProblem;
    QLabel *m_keyProblem;
    QLabel *m_accountProblem;
    QLabel *m_warning;
    QLabel *m_verifyResult;
    QLabel *m_storageNote;
    QGroupBox *m_fallback;
    QRadioButton *m_sessionOnly;
    QRadioButton *m_toFile;
    QSpinBox *m_budget;
    QSpinBox *m_activeCap;
    QSpinBox *m_blockedCap;
    QSpinBox *m_maxWatchDays;
    QSpinBox *m_maxActiveHours;
    QSpinBox *m_maxBlockedDays;
    QHash<NotificationSettings::Event, QCheckBox *> m_notify;
    QCheckBox *m_quiet;
    QTimeEdit *m_quietStart;
    QTimeEdit *m_quietEnd;
    QLabel *m_quietProblem;
    QCheckBox *m_tray;
    QLineEdit *m_apiBase;
    QLabel *m_apiBaseProblem;
    QLabel *m_problems;
    QDialogButtonBox *m_buttons;
    QTabWidget *m_tabs;
    QWidget *m_accountPage;
    bool m_saving = false;
    // Answers from a save or a verification that was since cancelled or overtaken are ignored.
    quint64 m_saveRun = 0;
    quint64 m_verifyRun = 0;
    // While the secret is being written: what the store held before, so Cancel can put it back.
    struct Undo
    {
        SecretStore *store = nullptr;
        QString key;
        std::optional<QString> previous;
    };
    std::optional<Undo> m_undo;
};

} // namespace rw::ui
