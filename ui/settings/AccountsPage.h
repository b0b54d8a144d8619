#pragma once

#include "settings/SecretStores.h"
#include "ui/settings/SettingsPage.h"

#include <QHash>
#include <QPointer>

#include <functional>

class QMessageBox;
class QNetworkAccessManager;
class QPushButton;
class QTreeWidget;

namespace rw::ui {

class AccountDialog;

// The accounts watched, one row each (label, account ID, how it signs in, sandbox, on or off,
// how long a full sweep takes), with Add…, Edit… and Remove…. Each change is saved as it is
// made, the secret first (AccountDialog), and accountsSaved() follows: an account is a secret in
// the keychain and workflows in the store, which a dialog's Cancel could not take back. Remove
// asks first, saying what goes with the account.
class AccountsPage final : public SettingsPage
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AccountsPage)
public:
    enum class Column {
        Label,
        AccountId,
        SignIn,
        Sandbox,
        Watched,
        Sweep,
        Count,
    };
    Q_ENUM(Column)

    AccountsPage(AppSettings *settings, SecretStores stores, QNetworkAccessManager *network,
                 QWidget *parent = nullptr);

    void load() override;
    [[nodiscard]] QList<Problem> problems() const override { return {}; }
    void save() override {} // saved as each change is made

    // How many workflows of an account are tracked, for what Remove says goes with it.
    void setWorkflowCount(std::function<int(const QString &accountId)> count);
    // How long a full sweep of the account takes at its size and the budget (discovery's
    // estimate), shown in its row and its edit dialog.
    void setSweepEstimate(const QString &accountId, const QString &text);
    // Told of each request the edit dialog's Verify sends (AccountPage::setRequestCounter).
    void setRequestCounter(std::function<void(const QString &budgetKey)> count);
    // The API base to verify against, as typed on the Advanced page.
    void setApiBase(const QString &text);
    // Edits the first account (adds one when there is none) with the cursor in its secret.
    void focusSecret();
    void addAccount();
    void editAccount();
    void removeAccount();
    // The dialog open for adding or editing, if any.
    [[nodiscard]] AccountDialog *openDialog() const;

signals:
    // An account was added, changed or removed, and the settings say so.
    void accountsSaved();

private:
    void openDialogFor(const std::optional<AccountSettings> &account, bool atSecret);
    void updateButtons();
    [[nodiscard]] std::optional<AccountSettings> selected() const;
    [[nodiscard]] QString removalQuestion(const AccountSettings &account) const;

    SecretStores m_stores;
    QNetworkAccessManager *m_network;
    std::function<int(const QString &)> m_count;
    std::function<void(const QString &)> m_countRequest;
    QHash<QString, QString> m_sweepEstimates;
    QString m_apiBase;
    QTreeWidget *m_list;
    QPushButton *m_add;
    QPushButton *m_edit;
    QPushButton *m_remove;
    QPointer<AccountDialog> m_dialog;
    QPointer<QMessageBox> m_confirm;
};

} // namespace rw::ui
