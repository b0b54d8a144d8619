#pragma once

#include "settings/AppSettings.h"
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

class AccountsPage;
class SettingsPage;

// The settings as pages (Accounts, Polling, Notifications, Advanced), one tab each. Every field is
// checked as it is typed, with the reason beside it, and the fields still wrong are named under
// the tabs. The accounts are saved as each is added, edited or removed (its own dialog saves its
// secret first: AccountDialog), and accountsSaved() says so; the other pages are written on OK
// only, and Cancel leaves them as they were.
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

    // The session applies each account as it is saved, and Remove… counts its workflows.
    void followAccountsOf(session::DesktopSession *session);
    [[nodiscard]] bool isValid() const;
    // The Accounts tab, and the first account's dialog with the cursor in the secret's field.
    void focusSecret();
    [[nodiscard]] AccountsPage *accountsPage() const { return m_accounts; }
    void accept() override;

signals:
    void saved();
    void accountsSaved();

private:
    void validate();

    AppSettings *m_settings;
    AccountsPage *m_accounts;
    QList<SettingsPage *> m_pages;
    QTabWidget *m_tabs;
    QLabel *m_problems;
    QDialogButtonBox *m_buttons;
};

} // namespace rw::ui
