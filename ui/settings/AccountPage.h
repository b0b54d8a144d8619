#pragma once

#include "settings/CredentialChange.h"
#include "settings/SecretStores.h"
#include "ui/settings/SettingsPage.h"

#include <QPointer>

#include <functional>
#include <optional>

class QCheckBox;
class QGroupBox;
class QLabel;
class QLineEdit;
class QNetworkAccessManager;
class QPushButton;
class QRadioButton;
class QSpinBox;

namespace rw {
class AccessCheck;
} // namespace rw

namespace rw::ui {

// One account and how to sign in to it: an API token (recommended) or an email with a Global API
// Key, the account ID and the sandbox; its label, on or off, and watching the whole account (its
// pace and how early an expiry needs the operator). Verify checks what the app needs of the
// credentials and the account (AccessCheck).
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

    // The account load() shows: a listed one (its ID then stays: another ID is another
    // account), or none for a new one. Until this is called, the first account of the settings.
    void setAccount(const std::optional<AccountSettings> &account);
    // Labels and IDs of the other accounts, which this one may not repeat.
    void setOthers(const QList<AccountSettings> &others);
    // How long a full sweep of the account's registrations takes, as discovery estimates it.
    void setSweepEstimate(const QString &text);
    // Told of each request Verify sends, with the budget key of the credentials it sends: the
    // engine counts it on their budget.
    void setRequestCounter(std::function<void(const QString &budgetKey)> count);

    void load() override;
    [[nodiscard]] QList<Problem> problems() const override;
    // The sandbox; the credentials and the secret go through credential().
    void save() override;

    [[nodiscard]] NewCredential credential() const;
    // The account as the fields have it, but for its credentials (credential()).
    [[nodiscard]] AccountSettings accountSettings() const;
    // Where the operator chose to keep the secret, once the keychain was found unusable.
    [[nodiscard]] CredentialChange::Fallback fallback() const;
    void offerFallback();
    // The API base to verify against, as typed on the Advanced page.
    void setApiBase(const QString &text);
    // Asks Cloudflare about the credentials in the fields and the account; the answer, one line
    // per check, shows beside the button.
    void verify();
    // The fields as tall as they get (email and key, each with its reason, and the warning), for
    // a dialog to take its size from; load() puts back what is to be shown.
    void showTallest();
    // Puts the cursor in the secret's field (the token, or the Global API Key).
    void focusSecret();

private:
    struct FieldProblems
    {
        QString token;
        QString email;
        QString key;
        QString account;
        QString label;
    };

    [[nodiscard]] bool usesGlobalKey() const;
    [[nodiscard]] FieldProblems fieldProblems() const;
    void validate();
    void warn();
    void forgetVerification();
    // Where the secret really is, or that it is nowhere yet, and what OK will do.
    void showStorage();
    // The private file others could reach, made private (FilePrivacy::makePrivate) and read again.
    void makeFilePrivate();
    // Its secret moved to the keychain instead (CredentialChange::moveToKeychain), when others
    // can only read the file; then read again from there.
    void moveToKeychain();
    void moved(const CredentialChange::Result &result);
    // The private file is refused only because others can read it: its secret can be moved
    // (PrivateFileSecretStore::canMoveOut).
    [[nodiscard]] bool secretCanMove() const;

    // The account shown, as it was loaded; none while it is a new one.
    [[nodiscard]] std::optional<AccountSettings> loaded() const;

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
    bool m_accountSet = false; // setAccount() was called
    std::optional<AccountSettings> m_shown;
    QList<AccountSettings> m_others;

    QRadioButton *m_useToken;
    QRadioButton *m_useKey;
    QLineEdit *m_token;
    QLineEdit *m_email;
    QLineEdit *m_key;
    QLineEdit *m_account;
    QCheckBox *m_sandbox;
    QLineEdit *m_label;
    QLabel *m_labelProblem;
    QCheckBox *m_enabled;
    QCheckBox *m_watchWhole;
    QSpinBox *m_listEvery;
    QSpinBox *m_expiryWarning;
    QLabel *m_sweepEstimate;
    QLabel *m_tokenProblem;
    QLabel *m_emailProblem;
    QLabel *m_keyProblem;
    QLabel *m_accountProblem;
    QLabel *m_warning;
    QPushButton *m_verify;
    QLabel *m_verifyResult;
    QLabel *m_storageNote;
    QPushButton *m_makePrivate;
    QPushButton *m_moveToKeychain;
    CredentialChange *m_move;
    QString m_moveNote; // what became of the last move, after where the secret is
    QGroupBox *m_fallback;
    QRadioButton *m_sessionOnly;
    QRadioButton *m_toFile;
    Stored m_stored = Stored::NotRead;
    QString m_storeProblem;
    // The verification under way; an edit or another verification stops it, so that no answer
    // is shown for what is no longer in the fields.
    QPointer<AccessCheck> m_check;
    std::function<void(const QString &)> m_countRequest;
};

} // namespace rw::ui
