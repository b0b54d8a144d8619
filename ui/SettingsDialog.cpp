#include "ui/SettingsDialog.h"

#include "session/DesktopSession.h"
#include "ui/settings/AccountPage.h"
#include "ui/settings/AdvancedPage.h"
#include "ui/settings/FormParts.h"
#include "ui/settings/NotificationsPage.h"
#include "ui/settings/PollingPage.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QPushButton>
#include <QTabWidget>
#include <QVBoxLayout>

#include <utility>

using namespace Qt::StringLiterals;

namespace rw::ui {

SettingsDialog::SettingsDialog(AppSettings *settings, SecretStores stores,
                               QNetworkAccessManager *network, QWidget *parent)
    : QDialog(parent)
    , m_settings(settings)
    , m_change(new CredentialChange(settings, stores, this))
{
    setWindowTitle(u"Settings"_s); // the desktop adds the application's name
    m_tabs = new QTabWidget(this);
    m_account = new AccountPage(settings, std::move(stores), network, m_tabs);
    auto *advanced = new AdvancedPage(settings, m_tabs);
    struct Tab
    {
        SettingsPage *page;
        QString title;
        QString name;
    };
    const Tab tabs[] = {
        {m_account, u"Account"_s, u"accountPage"_s},
        {new PollingPage(settings, m_tabs), u"Polling"_s, u"pollingPage"_s},
        {new NotificationsPage(settings, m_tabs), u"Notifications"_s, u"notificationsPage"_s},
        {advanced, u"Advanced"_s, u"advancedPage"_s},
    };
    for (const Tab &tab : tabs) {
        tab.page->setObjectName(tab.name);
        m_tabs->addTab(tab.page, tab.title);
        m_pages.append(tab.page);
    }
    // Verify asks the API base typed on the Advanced page.
    connect(advanced, &AdvancedPage::apiBaseEdited, m_account, &AccountPage::setApiBase);
    connect(m_change, &CredentialChange::finished, this, &SettingsDialog::credentialChanged);

    m_problems = form::problemLabel(u"problems"_s, this);
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &SettingsDialog::reject);
    // Every edit on a page updates the summary and OK, which exist only from here on.
    for (SettingsPage *page : std::as_const(m_pages))
        connect(page, &SettingsPage::edited, this, &SettingsDialog::validate);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_tabs);
    layout->addWidget(m_problems);
    layout->addWidget(m_buttons);

    for (SettingsPage *page : std::as_const(m_pages))
        page->load();
    validate();
    resize(640, sizeHint().height());
}

SettingsDialog *SettingsDialog::openFor(session::DesktopSession *session, QWidget *parent,
                                        bool atSecret)
{
    SettingsDialog *dialog = nullptr;
    for (SettingsDialog *open : parent->findChildren<SettingsDialog *>()) {
        if (open->isVisible())
            dialog = open;
    }
    if (!dialog) {
        dialog = new SettingsDialog(session->settings(), session->secretStores(),
                                    session->network(), parent);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        connect(dialog, &SettingsDialog::saved, session, &session::DesktopSession::applySettings);
        dialog->open();
    }
    dialog->raise();
    dialog->activateWindow();
    if (atSecret)
        dialog->focusSecret();
    return dialog;
}

void SettingsDialog::focusSecret()
{
    m_tabs->setCurrentWidget(m_account);
    m_account->focusSecret();
}

bool SettingsDialog::isValid() const
{
    for (const SettingsPage *page : m_pages) {
        if (!page->problems().isEmpty())
            return false;
    }
    return true;
}

void SettingsDialog::validate()
{
    // Named, because the field may be on a tab not in view.
    QStringList wrong;
    for (const SettingsPage *page : std::as_const(m_pages)) {
        for (const SettingsPage::Problem &problem : page->problems())
            wrong.append(problem.field);
    }
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(wrong.isEmpty() && !m_change->isRunning());
    m_problems->setText(wrong.isEmpty()
                            ? QString()
                            : u"To save, fix the marked fields: %1."_s.arg(wrong.join(u", "_s)));
}

void SettingsDialog::setSaving(bool saving)
{
    // What is saved is what the fields held when OK was pressed.
    m_tabs->setEnabled(!saving);
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(!saving && isValid());
}

void SettingsDialog::accept()
{
    validate();
    if (!isValid() || !m_change->start(m_account->credential(), m_account->fallback()))
        return;
    setSaving(true);
    m_problems->setText(u"Saving…"_s);
}

void SettingsDialog::reject()
{
    m_change->cancel();
    setSaving(false);
    QDialog::reject();
}

void SettingsDialog::credentialChanged(const CredentialChange::Result &result)
{
    if (result.outcome == CredentialChange::Outcome::Saved) {
        // The secret is safe and the settings point to it: now the rest, never the secret.
        for (SettingsPage *page : std::as_const(m_pages))
            page->save();
        m_settings->sync();
        emit saved();
        QDialog::accept();
        return;
    }
    setSaving(false);
    validate(); // the message below replaces its text
    if (result.outcome == CredentialChange::Outcome::KeychainUnusable) {
        // Said plainly, and the choice shown, whichever tab is in view.
        m_account->offerFallback();
        m_tabs->setCurrentWidget(m_account);
        m_problems->setText(result.message +
                            u"\nChoose where to keep the secret instead, then press OK."_s);
    } else {
        m_problems->setText(result.message);
    }
}

} // namespace rw::ui
