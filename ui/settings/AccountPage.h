#pragma once

#include "settings/CredentialChange.h"
#include "settings/SecretStores.h"
#include "ui/settings/SettingsPage.h"

#include <QPointer>

class QCheckBox;
class QGroupBox;
class QLabel;
class QLineEdit;
class QNetworkAccessManager;
class QPushButton;
class QRadioButton;

namespace rw {
class AccessCheck;
} // namespace rw

namespace rw::ui {

// The account and how to sign in to it: an API token (recommended) or an email with a Global API
// Key, the account ID and the sandbox. Verify checks what the app needs of them (AccessCheck).
// The secret is read from its store on load, and the page says where it really is; it is saved
// by a CredentialChange, not by save(). When the keychain cannot be used, the page offers where
// to keep the secret instead.
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
    // Asks Cloudflare about the credentials in the fields and the account; the answer, one line
    // per check, shows beside the button.
    void verify();
    // Puts the cursor in the secret's field (the token, or the Global API Key).
    void focusSecret();

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
    // Where the secret really is, or that it is nowhere yet, and what OK will do.
    void showStorage();

    // What load() found of the secret in its store.
    enum class Stored {
        NotRead, // no account yet: nothing to look for
        Reading,
        Found,
        NotFound,
        Unusable, // the store could not be read; m_storeProblem says why
    };

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
    QPushButton *m_verify;
    QLabel *m_verifyResult;
    QLabel *m_storageNote;
    QGroupBox *m_fallback;
    QRadioButton *m_sessionOnly;
    QRadioButton *m_toFile;
    Stored m_stored = Stored::NotRead;
    QString m_storeProblem;
    // The verification under way; an edit or another verification stops it, so that no answer
    // is shown for what is no longer in the fields.
    QPointer<AccessCheck> m_check;
};

} // namespace rw::ui
