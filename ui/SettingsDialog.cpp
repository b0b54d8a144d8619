#include "ui/SettingsDialog.h"

#include "discovery/DiscoveryHost.h"
#include "engine/PollEngine.h"
#include "session/DesktopSession.h"
#include "ui/settings/AccountsPage.h"
#include "ui/settings/AdvancedPage.h"
#include "ui/settings/FormParts.h"
#include "ui/settings/NotificationsPage.h"
#include "ui/settings/PollingPage.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QPointer>
#include <QPushButton>
#include <QTabWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <utility>

using namespace Qt::StringLiterals;

namespace rw::ui {

SettingsDialog::SettingsDialog(AppSettings *settings, SecretStores stores,
                               QNetworkAccessManager *network, QWidget *parent)
    : QDialog(parent)
    , m_settings(settings)
{
    setWindowTitle(u"Settings"_s); // the desktop adds the application's name
    m_tabs = new QTabWidget(this);
    m_accounts = new AccountsPage(settings, std::move(stores), network, m_tabs);
    auto *advanced = new AdvancedPage(settings, m_tabs);
    struct Tab
    {
        SettingsPage *page;
        QString title;
        QString name;
    };
    const Tab tabs[] = {
        {m_accounts, u"Accounts"_s, u"accountsPage"_s},
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
    connect(advanced, &AdvancedPage::apiBaseEdited, m_accounts, &AccountsPage::setApiBase);
    connect(m_accounts, &AccountsPage::accountsSaved, this, &SettingsDialog::accountsSaved);

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
    resize(820, sizeHint().height()); // the accounts' rows whole, IDs and all
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
        dialog->followAccountsOf(session);
        dialog->open();
    }
    dialog->raise();
    dialog->activateWindow();
    if (atSecret)
        dialog->focusSecret();
    return dialog;
}

void SettingsDialog::followAccountsOf(session::DesktopSession *session)
{
    connect(this, &SettingsDialog::accountsSaved, session, &session::DesktopSession::applySettings);
    m_accounts->setWorkflowCount([engine = QPointer(session->engine())](const QString &accountId) {
        if (!engine)
            return 0;
        const QList<TrackedWorkflow> workflows = engine->snapshot();
        return int(std::count_if(
            workflows.cbegin(), workflows.cend(),
            [&accountId](const TrackedWorkflow &w) { return w.ref.account.id == accountId; }));
    });
    // Verify's requests count on the budget of the credentials it sends, as the engine's do.
    m_accounts->setRequestCounter([engine = QPointer(session->engine())](const QString &key) {
        if (engine)
            engine->countOutsideRequestOnKey(key);
    });
    // How long a full sweep of each account watched whole takes, as its discovery measures it.
    DiscoveryHost *discovery = session->discovery();
    if (!discovery)
        return;
    for (const AccountSettings &account : session->settings()->accounts())
        m_accounts->setSweepEstimate(account.id, discovery->sweepEstimate(account.id));
    connect(discovery, &DiscoveryHost::sweepEstimateChanged, m_accounts,
            [accounts = m_accounts, discovery](const QString &accountId) {
                accounts->setSweepEstimate(accountId, discovery->sweepEstimate(accountId));
            });
}

void SettingsDialog::focusSecret()
{
    m_tabs->setCurrentWidget(m_accounts);
    m_accounts->focusSecret();
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
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(wrong.isEmpty());
    m_problems->setText(wrong.isEmpty()
                            ? QString()
                            : u"To save, fix the marked fields: %1."_s.arg(wrong.join(u", "_s)));
}

void SettingsDialog::accept()
{
    validate();
    if (!isValid())
        return;
    // The accounts and their secrets are saved already: the rest, never a secret.
    for (SettingsPage *page : std::as_const(m_pages))
        page->save();
    m_settings->sync();
    emit saved();
    QDialog::accept();
}

} // namespace rw::ui
