#pragma once

#include "settings/AppSettings.h"
#include "settings/CredentialChange.h"
#include "settings/SecretStores.h"

#include <QDialog>
#include <QList>

class QDialogButtonBox;
class QLabel;
class QNetworkAccessManager;
class QTabWidget;

namespace rw::session {
class DesktopSession;
} // namespace rw::session

namespace rw::ui {

class AccountPage;
class SettingsPage;

// The settings as pages (Account, Polling, Notifications, Advanced), one tab each. Every field is
// checked as it is typed, with the reason beside it, and the fields still wrong are named under
// the tabs. OK saves the secret first (a CredentialChange) and the rest of the settings only once
// it is safe; when the keychain cannot be used, the Account page offers the choice. Nothing is
// written before OK, and Cancel leaves everything as it was, even in the middle of saving.
class SettingsDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SettingsDialog)
public:
    using SecretStores = rw::SecretStores;

    SettingsDialog(AppSettings *settings, SecretStores stores, QNetworkAccessManager *network,
                   QWidget *parent = nullptr);

    // The session's settings in front of `parent`, window-modal, without blocking; once saved,
    // the session applies them. With `atSecret`, the cursor waits in the secret's field (the
    // status bar's and the tray's way to a missing secret). One at a time: an open one comes to
    // the front instead.
    static SettingsDialog *openFor(session::DesktopSession *session, QWidget *parent,
                                   bool atSecret);

    [[nodiscard]] bool isValid() const;
    // The Account tab, with the cursor in the secret's field.
    void focusSecret();
    void accept() override;
    void reject() override;

signals:
    void saved();

private:
    void validate();
    void setSaving(bool saving);
    void credentialChanged(const CredentialChange::Result &result);

    AppSettings *m_settings;
    CredentialChange *m_change;
    AccountPage *m_account;
    QList<SettingsPage *> m_pages;
    QTabWidget *m_tabs;
    QLabel *m_problems;
    QDialogButtonBox *m_buttons;
};

} // namespace rw::ui
