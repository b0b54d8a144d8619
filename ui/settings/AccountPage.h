#pragma once

#include "settings/CredentialChange.h"
#include "settings/SecretStores.h"
#include "ui/settings/SettingsPage.h"

class QCheckBox;
class QGroupBox;
class QLabel;
class QLineEdit;
class QNetworkAccessManager;
class QRadioButton;

namespace rw {
struct TokenStatus;
} // namespace rw

namespace rw::ui {

// The account and how to sign in to it: an API token (recommended) or an email with a Global API
// Key, the account ID and the sandbox. The token can be verified here. The secret is read from
// its store on load; it is saved by a CredentialChange, not by save(). When the keychain cannot
// be used, the page offers where to keep the secret instead.
class AccountPage final : public SettingsPage
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AccountPage)
public:
    AccountPage(AppSettings *settings, SecretStores stores, QNetworkAccessManager *network,
                QWidget *parent = nullptr);

    void load() override;
    [[nodiscard]] QList<Problem> problems() const override;
    // The sandbox; the credentials and the secret go through credential().
    void save() override;

    [[nodiscard]] NewCredential credential() const;
    // Where the operator chose to keep the secret, once the keychain was found unusable.
    [[nodiscard]] CredentialChange::Fallback fallback() const;
    void offerFallback();
    // The API base to verify against, as typed on the Advanced page.
    void setApiBase(const QString &text);
    // Asks Cloudflare about the token in the field; the answer shows beside the button.
    void verify();

private:
    struct FieldProblems
    {
        QString token;
        QString email;
        QString key;
        QString account;
    };

    [[nodiscard]] bool usesGlobalKey() const;
    [[nodiscard]] FieldProblems fieldProblems() const;
    void validate();
    void warn();
    void forgetVerification();
    void showVerified(const TokenStatus &status);

    SecretStores m_stores;
    QNetworkAccessManager *m_network;
    QString m_apiBase;

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
    // Answers to a verification overtaken by an edit or another verification are ignored.
    quint64 m_verifyRun = 0;
};

} // namespace rw::ui
