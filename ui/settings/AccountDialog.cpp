#include "ui/settings/AccountDialog.h"

#include "ui/settings/AccountPage.h"
#include "ui/settings/FormParts.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace rw::ui {

AccountDialog::AccountDialog(AppSettings *settings, SecretStores stores,
                             QNetworkAccessManager *network,
                             const std::optional<AccountSettings> &account, QWidget *parent)
    : QDialog(parent)
    , m_change(new CredentialChange(settings, stores, this))
    , m_page(new AccountPage(settings, std::move(stores), network, this))
    , m_previousId(account ? account->id : QString())
{
    setObjectName(u"accountDialog"_s);
    setWindowTitle(account ? u"Edit %1"_s.arg(account->label) : u"Add an account"_s);
    m_page->setObjectName(u"accountPage"_s);
    m_page->setAccount(account);
    QList<AccountSettings> others = settings->accounts();
    others.removeIf([this](const AccountSettings &other) { return other.id == m_previousId; });
    m_page->setOthers(others);
    m_page->setApiBase(settings->apiBase());
    connect(m_change, &CredentialChange::finished, this, &AccountDialog::credentialChanged);
    connect(m_page, &AccountPage::edited, this, &AccountDialog::validate);

    m_problems = form::problemLabel(u"problems"_s, this);
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &AccountDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &AccountDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_page);
    layout->addWidget(m_problems);
    layout->addWidget(m_buttons);
    // As tall as the fields get, so that switching how to sign in does not move the buttons.
    m_page->showTallest();
    validate();
    const int height = sizeHint().height();
    m_page->load();
    validate();
    resize(600, height);
}

bool AccountDialog::isValid() const
{
    return m_page->problems().isEmpty();
}

void AccountDialog::validate()
{
    QStringList wrong;
    for (const SettingsPage::Problem &problem : m_page->problems())
        wrong.append(problem.field);
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(wrong.isEmpty() && !m_change->isRunning());
    m_problems->setText(wrong.isEmpty()
                            ? QString()
                            : u"To save, fix the marked fields: %1."_s.arg(wrong.join(u", "_s)));
}

void AccountDialog::setSaving(bool saving)
{
    // What is saved is what the fields held when OK was pressed.
    m_page->setEnabled(!saving);
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(!saving && m_page->problems().isEmpty());
}

void AccountDialog::accept()
{
    validate();
    if (!m_page->problems().isEmpty())
        return;
    m_change->setAccount(m_page->accountSettings(), m_previousId);
    if (!m_change->start(m_page->credential(), m_page->fallback()))
        return;
    setSaving(true);
    m_problems->setText(u"Saving…"_s);
}

void AccountDialog::reject()
{
    m_change->cancel();
    setSaving(false);
    QDialog::reject();
}

void AccountDialog::credentialChanged(const CredentialChange::Result &result)
{
    if (result.outcome == CredentialChange::Outcome::Saved) {
        QDialog::accept();
        return;
    }
    // Nothing was saved, and every field keeps what was typed.
    setSaving(false);
    validate();
    if (result.outcome == CredentialChange::Outcome::KeychainUnusable) {
        m_page->offerFallback();
        m_problems->setText(result.message +
                            u"\nChoose where to keep the secret instead, then press OK."_s);
    } else {
        m_problems->setText(result.message);
    }
}

} // namespace rw::ui
