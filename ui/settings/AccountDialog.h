#pragma once

#include "settings/CredentialChange.h"
#include "settings/SecretStores.h"

#include <QDialog>

#include <optional>

class QDialogButtonBox;
class QLabel;
class QNetworkAccessManager;

namespace rw::ui {

class AccountPage;

// Adds an account, or edits one: the fields of an AccountPage and OK. OK saves the secret first
// (a CredentialChange for this account) and the account only once the secret is safe; when the
// keychain cannot be used, the page offers where else to keep it, and nothing is saved until the
// operator chooses. Cancel leaves the settings and the store as they were.
class AccountDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AccountDialog)
public:
    // `account`: the listed account to edit; none: a new one.
    AccountDialog(AppSettings *settings, SecretStores stores, QNetworkAccessManager *network,
                  const std::optional<AccountSettings> &account, QWidget *parent = nullptr);

    [[nodiscard]] AccountPage *page() const { return m_page; }
    [[nodiscard]] bool isValid() const;
    void accept() override;
    void reject() override;

private:
    void validate();
    void setSaving(bool saving);
    void credentialChanged(const CredentialChange::Result &result);

    CredentialChange *m_change;
    AccountPage *m_page;
    QString m_previousId;
    QLabel *m_problems;
    QDialogButtonBox *m_buttons;
};

} // namespace rw::ui
