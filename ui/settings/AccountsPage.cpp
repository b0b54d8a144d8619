#include "ui/settings/AccountsPage.h"

#include "settings/AppSettings.h"
#include "ui/settings/AccountDialog.h"
#include "ui/settings/AccountPage.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QMessageBox>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <utility>

using namespace Qt::StringLiterals;

namespace rw::ui {

namespace {

QString signIn(const AccountSettings &account)
{
    return account.usesGlobalKey() ? u"Global API Key of %1"_s.arg(account.email) : u"API token"_s;
}

// "0123…": enough to tell accounts apart in a sentence.
QString shortId(const QString &id)
{
    return id.size() > 8 ? id.left(4) + u'…' : id;
}

} // namespace

AccountsPage::AccountsPage(AppSettings *settings, SecretStores stores,
                           QNetworkAccessManager *network, QWidget *parent)
    : SettingsPage(settings, parent)
    , m_stores(std::move(stores))
    , m_network(network)
{
    m_list = new QTreeWidget(this);
    m_list->setObjectName(u"accountList"_s);
    m_list->setRootIsDecorated(false);
    m_list->setUniformRowHeights(true);
    m_list->setHeaderLabels({u"Label"_s, u"Account ID"_s, u"Signs in with"_s, u"Sandbox"_s,
                             u"Watched"_s, u"Full sweep"_s});
    m_list->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_list->header()->setStretchLastSection(true);
    m_add = new QPushButton(u"Add…"_s, this);
    m_add->setObjectName(u"addAccount"_s);
    m_edit = new QPushButton(u"Edit…"_s, this);
    m_edit->setObjectName(u"editAccount"_s);
    m_remove = new QPushButton(u"Remove…"_s, this);
    m_remove->setObjectName(u"removeAccount"_s);
    connect(m_add, &QPushButton::clicked, this, &AccountsPage::addAccount);
    connect(m_edit, &QPushButton::clicked, this, &AccountsPage::editAccount);
    connect(m_remove, &QPushButton::clicked, this, &AccountsPage::removeAccount);
    connect(m_list, &QTreeWidget::itemSelectionChanged, this, &AccountsPage::updateButtons);
    connect(m_list, &QTreeWidget::itemActivated, this, &AccountsPage::editAccount);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_add);
    buttons->addWidget(m_edit);
    buttons->addWidget(m_remove);
    buttons->addStretch();
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_list);
    layout->addLayout(buttons);
    updateButtons();
}

void AccountsPage::load()
{
    const QString current = selected() ? selected()->id : QString();
    m_list->clear();
    for (const AccountSettings &account : settings()->accounts()) {
        auto *item = new QTreeWidgetItem(m_list);
        item->setText(int(Column::Label), account.label);
        item->setText(int(Column::AccountId), account.id);
        item->setText(int(Column::SignIn), signIn(account));
        item->setText(int(Column::Sandbox), account.sandbox ? u"Sandbox"_s : QString());
        item->setText(int(Column::Watched), account.enabled ? u"On"_s : u"Off"_s);
        item->setText(int(Column::Sweep), account.watchWholeAccount
                                              ? m_sweepEstimates.value(account.id)
                                              : u"Not watched as a whole"_s);
        item->setData(int(Column::Label), Qt::UserRole, account.id);
        if (account.id == current || (current.isEmpty() && m_list->topLevelItemCount() == 1))
            m_list->setCurrentItem(item);
    }
    updateButtons();
}

AccountDialog *AccountsPage::openDialog() const
{
    return m_dialog;
}

void AccountsPage::setApiBase(const QString &text)
{
    m_apiBase = text;
    if (m_dialog)
        m_dialog->page()->setApiBase(text);
}

void AccountsPage::setWorkflowCount(std::function<int(const QString &)> count)
{
    m_count = std::move(count);
}

void AccountsPage::setRequestCounter(std::function<void(const QString &)> count)
{
    m_countRequest = std::move(count);
}

void AccountsPage::setSweepEstimate(const QString &accountId, const QString &text)
{
    m_sweepEstimates.insert(accountId, text);
    if (m_dialog && m_dialog->page()->accountSettings().id == accountId)
        m_dialog->page()->setSweepEstimate(text);
    load();
}

std::optional<AccountSettings> AccountsPage::selected() const
{
    const QTreeWidgetItem *item = m_list->currentItem();
    if (!item || !item->isSelected())
        return std::nullopt;
    return settings()->account(item->data(int(Column::Label), Qt::UserRole).toString());
}

void AccountsPage::updateButtons()
{
    const bool one = selected().has_value();
    m_edit->setEnabled(one);
    m_remove->setEnabled(one);
}

void AccountsPage::addAccount()
{
    openDialogFor(std::nullopt, false);
}

void AccountsPage::editAccount()
{
    if (const auto account = selected())
        openDialogFor(account, false);
}

void AccountsPage::focusSecret()
{
    const QList<AccountSettings> accounts = settings()->accounts();
    openDialogFor(accounts.isEmpty() ? std::nullopt : std::optional(accounts.first()), true);
}

void AccountsPage::openDialogFor(const std::optional<AccountSettings> &account, bool atSecret)
{
    if (m_dialog && m_dialog->isVisible()) {
        m_dialog->raise();
        m_dialog->activateWindow();
        return;
    }
    auto *dialog = new AccountDialog(settings(), m_stores, m_network, account, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    if (!m_apiBase.isEmpty())
        dialog->page()->setApiBase(m_apiBase);
    if (account)
        dialog->page()->setSweepEstimate(m_sweepEstimates.value(account->id));
    if (m_countRequest)
        dialog->page()->setRequestCounter(m_countRequest);
    m_dialog = dialog;
    connect(dialog, &QDialog::accepted, this, [this] {
        load();
        emit accountsSaved();
    });
    dialog->open();
    if (atSecret)
        dialog->page()->focusSecret();
}

QString AccountsPage::removalQuestion(const AccountSettings &account) const
{
    const int workflows = m_count ? m_count(account.id) : 0;
    const QString what = workflows == 0 ? u"Its tracked workflows, if any, and their history are"_s
                         : workflows == 1
                             ? u"Its 1 tracked workflow and its history are"_s
                             : u"Its %1 tracked workflows and their history are"_s.arg(workflows);
    const QString secret = account.usesGlobalKey() ? u"Global API Key"_s : u"API token"_s;
    const QString where = m_stores(account.storage)->describe();
    return u"Remove %1 (%2)? %3 removed from this computer, and its %4 is deleted from %5."_s.arg(
        account.label, shortId(account.id), what, secret, where);
}

void AccountsPage::removeAccount()
{
    const std::optional<AccountSettings> account = selected();
    if (!account || (m_confirm && m_confirm->isVisible()))
        return;
    auto *confirm = new QMessageBox(QMessageBox::Question, u"Remove %1"_s.arg(account->label),
                                    removalQuestion(*account), QMessageBox::Cancel, this);
    confirm->setObjectName(u"removeConfirmation"_s);
    confirm->setAttribute(Qt::WA_DeleteOnClose);
    QPushButton *remove = confirm->addButton(u"Remove"_s, QMessageBox::DestructiveRole);
    remove->setObjectName(u"confirmRemove"_s);
    confirm->setDefaultButton(QMessageBox::Cancel);
    m_confirm = confirm;
    const QString id = account->id;
    connect(confirm, &QMessageBox::buttonClicked, this,
            [this, remove, id](QAbstractButton *button) {
                if (button != remove)
                    return;
                QList<AccountSettings> accounts = settings()->accounts();
                accounts.removeIf([&id](const AccountSettings &a) { return a.id == id; });
                // Fewer accounts than a valid list cannot be invalid.
                (void)settings()->setAccounts(accounts);
                settings()->sync();
                load();
                emit accountsSaved();
            });
    confirm->open();
}

} // namespace rw::ui
