#include "ui/settings/AccountPage.h"

#include "common/FilePrivacy.h"
#include "net/AccessCheck.h"
#include "net/Credentials.h"
#include "registrar/ApiBase.h"
#include "registrar/WorkflowRef.h"
#include "settings/PrivateFileSecretStore.h"
#include "ui/settings/FormParts.h"

#include <QButtonGroup>
#include <QCheckBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QRegularExpression>
#include <QSpinBox>
#include <QVBoxLayout>

#include <utility>

using namespace Qt::StringLiterals;
using namespace std::chrono;

namespace rw::ui {

namespace {

// A Global API Key pasted where a token belongs: "cfk_..." keys, and the older 37 hex digits.
bool looksLikeGlobalKey(const QString &token)
{
    static const QRegularExpression legacy(u"^[0-9a-f]{37}$"_s);
    return token.startsWith(u"cfk_") || legacy.match(token).hasMatch();
}

QLabel *noteLabel(const QString &name, QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setObjectName(name);
    label->setWordWrap(true);
    label->setTextFormat(Qt::PlainText);
    return label;
}

QLineEdit *lineEdit(const QString &name, QWidget *parent)
{
    auto *edit = new QLineEdit(parent);
    edit->setObjectName(name);
    return edit;
}

QRadioButton *radio(const QString &name, const QString &text, QWidget *parent)
{
    auto *button = new QRadioButton(text, parent);
    button->setObjectName(name);
    return button;
}

} // namespace

AccountPage::AccountPage(AppSettings *settings, SecretStores stores, QNetworkAccessManager *network,
                         QWidget *parent)
    : SettingsPage(settings, parent)
    , m_stores(std::move(stores))
    , m_network(network)
    , m_apiBase(ApiBase::defaultUrl)
{
    auto *form = new QFormLayout(this);
    m_label = lineEdit(u"label"_s, this);
    m_label->setPlaceholderText(u"A name you will recognise, e.g. Acme or Customer X"_s);
    m_labelProblem = form::problemLabel(u"labelProblem"_s, this);
    form->addRow(u"Label:"_s, form::withProblem(m_label, m_labelProblem));
    m_enabled = new QCheckBox(u"Watch this account"_s, this);
    m_enabled->setObjectName(u"enabled"_s);
    m_enabled->setToolTip(u"Turned off, nothing is sent for this account; its workflows stay "
                          u"in the table."_s);
    m_enabled->setChecked(true);
    form->addRow(QString(), m_enabled);
    m_useToken = radio(u"useApiToken"_s,
                       u"API token (recommended: read-only, Registrar permission)"_s, this);
    m_useKey = radio(u"useGlobalApiKey"_s, u"Email and Global API Key"_s, this);
    auto *scheme = new QButtonGroup(this);
    scheme->addButton(m_useToken);
    scheme->addButton(m_useKey);
    form->addRow(u"Sign in with:"_s, m_useToken);
    form->addRow(QString(), m_useKey);

    m_token = lineEdit(u"token"_s, this);
    m_token->setEchoMode(QLineEdit::Password);
    m_token->setPlaceholderText(u"Paste the API token"_s);
    m_tokenProblem = form::problemLabel(u"tokenProblem"_s, this);
    form->addRow(u"API token:"_s, form::withProblem(m_token, m_tokenProblem));
    m_email = lineEdit(u"email"_s, this);
    m_email->setPlaceholderText(u"you@example.com"_s);
    m_emailProblem = form::problemLabel(u"emailProblem"_s, this);
    form->addRow(u"Email:"_s, form::withProblem(m_email, m_emailProblem));
    m_key = lineEdit(u"globalApiKey"_s, this);
    m_key->setEchoMode(QLineEdit::Password);
    m_keyProblem = form::problemLabel(u"globalApiKeyProblem"_s, this);
    form->addRow(u"Global API Key:"_s, form::withProblem(m_key, m_keyProblem));
    m_warning = noteLabel(u"warning"_s, this);
    form->addRow(QString(), m_warning);

    m_account = lineEdit(u"accountId"_s, this);
    m_account->setPlaceholderText(u"32 hexadecimal characters, from the dashboard's overview"_s);
    m_accountProblem = form::problemLabel(u"accountIdProblem"_s, this);
    form->addRow(u"Account ID:"_s, form::withProblem(m_account, m_accountProblem));
    m_sandbox = new QCheckBox(u"Use the account's registrar sandbox"_s, this);
    m_sandbox->setObjectName(u"sandbox"_s);
    form->addRow(QString(), m_sandbox);

    m_watchWhole = new QCheckBox(u"Watch the whole account"_s, this);
    m_watchWhole->setObjectName(u"watchWholeAccount"_s);
    m_watchWhole->setToolTip(u"Workflows started elsewhere (the dashboard, a script, a "
                             u"colleague) and registrations that need you show up by "
                             u"themselves, using only requests nothing else needs."_s);
    m_watchWhole->setChecked(true);
    form->addRow(QString(), m_watchWhole);
    m_listEvery = form::spin(u"listEveryMinutes"_s, 1, 24 * 60, u" min"_s, this);
    m_listEvery->setValue(30);
    form->addRow(u"Read its registrations every:"_s, m_listEvery);
    m_expiryWarning = form::spin(u"expiryWarningDays"_s, 1, 365, u" days"_s, this);
    m_expiryWarning->setValue(30);
    m_expiryWarning->setToolTip(u"A registration expiring this soon with auto-renew off needs "
                                u"you."_s);
    form->addRow(u"Warn of an expiry:"_s, m_expiryWarning);
    m_sweepEstimate = noteLabel(u"sweepEstimate"_s, this);
    form->addRow(QString(), m_sweepEstimate);
    connect(m_watchWhole, &QCheckBox::toggled, m_listEvery, &QWidget::setEnabled);
    connect(m_watchWhole, &QCheckBox::toggled, m_expiryWarning, &QWidget::setEnabled);

    m_verify = new QPushButton(this);
    m_verify->setObjectName(u"verify"_s);
    m_verify->setToolTip(u"Checks that Cloudflare accepts these credentials, that the account can "
                         u"be reached with them, and that they can read its registrar "
                         u"registrations."_s);
    m_verifyResult = noteLabel(u"verifyResult"_s, this);
    auto *verifyRow = new QHBoxLayout;
    verifyRow->addWidget(m_verify, 0, Qt::AlignTop);
    verifyRow->addWidget(m_verifyResult, 1);
    form->addRow(QString(), verifyRow);
    connect(m_verify, &QPushButton::clicked, this, &AccountPage::verify);

    m_storageNote = noteLabel(u"storageNote"_s, this);
    form->addRow(u"Secret kept in:"_s, m_storageNote);
    // A private file others can reach is refused; its owner can make it private here.
    m_makePrivate = new QPushButton(u"Make it private"_s, this);
    m_makePrivate->setObjectName(u"makePrivate"_s);
    m_makePrivate->setToolTip(u"Gives the file mode 0600 (and its folder 0700 if others can "
                              u"write it), then reads it again. OK then uses the secret."_s);
    m_makePrivate->hide();
    form->addRow(QString(), m_makePrivate);
    connect(m_makePrivate, &QPushButton::clicked, this, &AccountPage::makeFilePrivate);
    // Or its secret moves to the keychain, where it was meant to be.
    m_moveToKeychain = new QPushButton(u"Move to the keychain"_s, this);
    m_moveToKeychain->setObjectName(u"moveToKeychain"_s);
    m_moveToKeychain->setToolTip(
        u"Puts the secret in %1 and uses it from there; only then is it taken out of the file, "
        u"which becomes private."_s.arg(
            m_stores(AppSettings::SecretStorage::Keychain)->describe()));
    m_moveToKeychain->hide();
    form->addRow(QString(), m_moveToKeychain);
    connect(m_moveToKeychain, &QPushButton::clicked, this, &AccountPage::moveToKeychain);
    m_move = new CredentialChange(settings, m_stores, this);
    connect(m_move, &CredentialChange::finished, this, &AccountPage::moved);
    m_fallback = new QGroupBox(u"The system keychain cannot be used"_s, this);
    m_fallback->setObjectName(u"fallback"_s);
    auto *fallback = new QVBoxLayout(m_fallback);
    m_sessionOnly = radio(u"fallbackSessionOnly"_s,
                          u"Keep it for this session only (asked again next time)"_s, m_fallback);
    // Named by the store the secret would really go to.
    m_toFile =
        radio(u"fallbackFile"_s,
              u"Save it in %1"_s.arg(m_stores(AppSettings::SecretStorage::PrivateFile)->describe()),
              m_fallback);
    m_sessionOnly->setChecked(true);
    fallback->addWidget(m_sessionOnly);
    fallback->addWidget(m_toFile);
    m_fallback->setVisible(false);
    form->addRow(m_fallback);

    for (QLineEdit *field : {m_token, m_email, m_key, m_account, m_label})
        connect(field, &QLineEdit::textChanged, this, &AccountPage::validate);
    connect(m_useToken, &QRadioButton::toggled, this, &AccountPage::validate);
    // A verification is about the credentials and the account it was made with, not those now
    // typed.
    for (QLineEdit *field : {m_token, m_email, m_key, m_account})
        connect(field, &QLineEdit::textChanged, this, &AccountPage::forgetVerification);
    connect(m_useToken, &QRadioButton::toggled, this, &AccountPage::forgetVerification);
    connect(m_sandbox, &QCheckBox::toggled, this, &AccountPage::forgetVerification);
    m_useToken->setChecked(true);
    showStorage();
}

bool AccountPage::usesGlobalKey() const
{
    return m_useKey->isChecked();
}

void AccountPage::setAccount(const std::optional<AccountSettings> &account)
{
    m_accountSet = true;
    m_shown = account;
}

void AccountPage::setOthers(const QList<AccountSettings> &others)
{
    m_others = others;
    validate();
}

void AccountPage::setRequestCounter(std::function<void(const QString &)> count)
{
    m_countRequest = std::move(count);
}

void AccountPage::setSweepEstimate(const QString &text)
{
    m_sweepEstimate->setText(text);
    m_sweepEstimate->setVisible(!text.isEmpty());
}

std::optional<AccountSettings> AccountPage::loaded() const
{
    if (m_accountSet)
        return m_shown;
    const QList<AccountSettings> accounts = settings()->accounts();
    return accounts.isEmpty() ? std::nullopt : std::optional(accounts.first());
}

void AccountPage::load()
{
    m_moveNote.clear();
    const std::optional<AccountSettings> loaded = this->loaded();
    const AccountSettings account = loaded.value_or(AccountSettings());
    const bool key = account.usesGlobalKey();
    (key ? m_useKey : m_useToken)->setChecked(true);
    m_email->setText(account.email);
    m_account->setText(account.id);
    // Another ID is another account, with workflows of its own: added, not edited into this one.
    m_account->setReadOnly(m_accountSet && loaded.has_value());
    m_sandbox->setChecked(account.sandbox);
    m_label->setText(account.label == account.id ? QString() : account.label);
    m_enabled->setChecked(account.enabled);
    m_watchWhole->setChecked(account.watchWholeAccount);
    m_listEvery->setValue(int(account.listEvery.count()));
    m_expiryWarning->setValue(int(account.expiryWarning.count()));
    setSweepEstimate(m_sweepEstimate->text());

    const AppSettings::SecretStorage storage = account.storage;
    SecretStore *store = m_stores(storage);
    m_stored = Stored::NotRead;
    if (!account.id.isEmpty()) {
        m_stored = Stored::Reading;
        m_makePrivate->hide();
        m_moveToKeychain->hide();
        QLineEdit *field = key ? m_key : m_token;
        field->setPlaceholderText(u"Reading from %1…"_s.arg(store->describe()));
        store->read(
            account.secretKey(), this, [this, field, storage](const SecretStore::Result &result) {
                field->setPlaceholderText(QString());
                switch (result.status) {
                case SecretStore::Status::Ok:
                    m_stored = Stored::Found;
                    if (field->text().isEmpty())
                        field->setText(result.secret);
                    break;
                case SecretStore::Status::NotFound:
                    m_stored = Stored::NotFound;
                    if (storage == AppSettings::SecretStorage::SessionOnly)
                        field->setPlaceholderText(u"Enter it again: it was kept for the "
                                                  u"last session only"_s);
                    break;
                case SecretStore::Status::Unavailable:
                case SecretStore::Status::Failed:
                case SecretStore::Status::NotPrivate:
                    m_stored = Stored::Unusable;
                    m_storeProblem = result.message;
                    break;
                }
                m_makePrivate->setVisible(result.status == SecretStore::Status::NotPrivate);
                m_moveToKeychain->setVisible(result.status == SecretStore::Status::NotPrivate &&
                                             storage == AppSettings::SecretStorage::PrivateFile &&
                                             secretCanMove());
                // No keychain here: the choice is offered now, not after OK.
                if (result.status == SecretStore::Status::Unavailable &&
                    storage == AppSettings::SecretStorage::Keychain)
                    offerFallback();
                showStorage();
            });
    }
    showStorage();
    validate();
}

void AccountPage::showStorage()
{
    const AppSettings::SecretStorage storage = loaded().value_or(AccountSettings()).storage;
    const QString where = m_stores(storage)->describe();
    QString text;
    if (!m_fallback->isHidden()) {
        // Why, in the store's own words when it gave them: the box below has the short title.
        text = u"Nowhere yet: %1. Choose below where to keep it."_s.arg(
            m_storeProblem.isEmpty() ? u"the system keychain cannot be used"_s : m_storeProblem);
    } else {
        switch (m_stored) {
        case Stored::Reading:
            text = u"Looking in %1…"_s.arg(where);
            break;
        case Stored::Found:
            text = storage == AppSettings::SecretStorage::SessionOnly
                       ? u"%1 (asked for again after a restart)"_s.arg(where)
                       : where;
            break;
        case Stored::NotRead:
        case Stored::NotFound:
            // The operator's own choice, reminded: it is why the secret is asked for again.
            text = storage == AppSettings::SecretStorage::SessionOnly
                       ? u"Nowhere: you chose to keep it for this session only, so it is asked "
                         u"for again after each restart. Enter it above."_s
                       : u"Nowhere yet: OK saves it in %1."_s.arg(where);
            break;
        case Stored::Unusable:
            text = u"Nowhere that can be read now: %1"_s.arg(m_storeProblem);
            break;
        }
    }
    m_storageNote->setText(m_moveNote.isEmpty() ? text : text + u' ' + m_moveNote);
}

AccountPage::FieldProblems AccountPage::fieldProblems() const
{
    // Credentials names its first problem only; checked apart, each field shows its own. The
    // fields of the scheme not in use are neither required nor checked.
    FieldProblems problems;
    if (usesGlobalKey()) {
        problems.email =
            Credentials::globalApiKey(m_email->text(), u"key"_s).problem().value_or(QString());
        problems.key = Credentials::globalApiKey(u"ops@example.com"_s, m_key->text())
                           .problem()
                           .value_or(QString());
    } else {
        problems.token = Credentials::apiToken(m_token->text()).problem().value_or(QString());
    }
    const QString id = m_account->text().trimmed();
    problems.account = AccountRef::idProblem(id);
    const QString label = m_label->text().trimmed().isEmpty() ? id : m_label->text().trimmed();
    for (const AccountSettings &other : m_others) {
        if (problems.account.isEmpty() && other.id == id)
            problems.account = u"This account is already listed, as %1."_s.arg(other.label);
        if (!label.isEmpty() && other.label.compare(label, Qt::CaseInsensitive) == 0)
            problems.label = u"Another account is labelled %1."_s.arg(other.label);
    }
    return problems;
}

QList<SettingsPage::Problem> AccountPage::problems() const
{
    const FieldProblems fields = fieldProblems();
    QList<Problem> problems;
    for (const auto &[name, reason] :
         {std::pair{u"Label"_s, fields.label}, std::pair{u"API token"_s, fields.token},
          std::pair{u"Email"_s, fields.email}, std::pair{u"Global API Key"_s, fields.key},
          std::pair{u"Account ID"_s, fields.account}}) {
        if (!reason.isEmpty())
            problems.append({name, reason});
    }
    return problems;
}

void AccountPage::validate()
{
    const bool key = usesGlobalKey();
    // Named by what it checks: there is no token to verify in email and key mode.
    m_verify->setText(key ? u"Verify email and key"_s : u"Verify token"_s);
    m_token->setEnabled(!key);
    m_email->setEnabled(key);
    m_key->setEnabled(key);
    const FieldProblems problems = fieldProblems();
    m_tokenProblem->setText(problems.token);
    m_emailProblem->setText(problems.email);
    m_keyProblem->setText(problems.key);
    m_accountProblem->setText(problems.account);
    m_labelProblem->setText(problems.label);
    warn();
    emit edited();
}

void AccountPage::warn()
{
    // A warning, not a problem: the operator may still save.
    if (!usesGlobalKey() && looksLikeGlobalKey(m_token->text().trimmed()))
        m_warning->setText(u"⚠ This looks like a Global API Key, which can do anything on your "
                           u"account. Create an API token with only Registrar read permission "
                           u"and use that instead."_s);
    else if (usesGlobalKey())
        m_warning->setText(u"⚠ A Global API Key can do anything on your account. An API token "
                           u"with only Registrar read permission is safer."_s);
    else
        m_warning->clear();
    m_warning->setVisible(!m_warning->text().isEmpty());
}

void AccountPage::save()
{
    settings()->setSandbox(m_sandbox->isChecked());
}

NewCredential AccountPage::credential() const
{
    const bool key = usesGlobalKey();
    return {key ? AppSettings::AuthScheme::GlobalApiKey : AppSettings::AuthScheme::ApiToken,
            m_account->text().trimmed(), key ? m_email->text() : QString(),
            (key ? m_key->text() : m_token->text()).trimmed()};
}

AccountSettings AccountPage::accountSettings() const
{
    AccountSettings account = loaded().value_or(AccountSettings());
    account.id = m_account->text().trimmed();
    // Unnamed, it is named by its ID, as a migrated account is.
    account.label = m_label->text().trimmed().isEmpty() ? account.id : m_label->text().trimmed();
    account.sandbox = m_sandbox->isChecked();
    account.enabled = m_enabled->isChecked();
    account.watchWholeAccount = m_watchWhole->isChecked();
    account.listEvery = minutes(m_listEvery->value());
    account.expiryWarning = days(m_expiryWarning->value());
    return account;
}

CredentialChange::Fallback AccountPage::fallback() const
{
    if (m_fallback->isHidden())
        return CredentialChange::Fallback::None;
    return m_toFile->isChecked() ? CredentialChange::Fallback::PrivateFile
                                 : CredentialChange::Fallback::SessionOnly;
}

void AccountPage::makeFilePrivate()
{
    const auto *file = qobject_cast<const PrivateFileSecretStore *>(
        m_stores(AppSettings::SecretStorage::PrivateFile));
    if (!file)
        return;
    if (const auto error = FilePrivacy::makePrivate(file->path())) {
        m_storeProblem = *error;
        showStorage();
        return;
    }
    load(); // read again, now that it may be
}

bool AccountPage::secretCanMove() const
{
    const auto *file = qobject_cast<const PrivateFileSecretStore *>(
        m_stores(AppSettings::SecretStorage::PrivateFile));
    return file && file->canMoveOut();
}

void AccountPage::moveToKeychain()
{
    const std::optional<AccountSettings> account = loaded();
    if (!account || !m_move->moveToKeychain(account->id))
        return;
    m_moveToKeychain->setEnabled(false);
    m_moveNote.clear();
    m_storageNote->setText(
        u"Moving it to %1…"_s.arg(m_stores(AppSettings::SecretStorage::Keychain)->describe()));
}

void AccountPage::moved(const CredentialChange::Result &result)
{
    m_moveToKeychain->setEnabled(true);
    if (result.outcome == CredentialChange::Outcome::Saved) {
        // The account now keeps its secret in the keychain: shown from there.
        if (m_accountSet && m_shown)
            m_shown = settings()->account(m_shown->id).value_or(*m_shown);
        load();
    }
    m_moveNote = result.message;
    showStorage();
}

void AccountPage::offerFallback()
{
    m_fallback->setVisible(true);
    showStorage();
}

void AccountPage::showTallest()
{
    m_useKey->setChecked(true);
    m_email->clear();
    m_key->clear();
    validate();
}

void AccountPage::focusSecret()
{
    QLineEdit *field = usesGlobalKey() ? m_key : m_token;
    field->setFocus(Qt::OtherFocusReason);
    field->selectAll();
}

void AccountPage::setApiBase(const QString &text)
{
    m_apiBase = text;
    forgetVerification(); // made against another base
}

void AccountPage::forgetVerification()
{
    delete m_check; // its later requests would be about what is no longer in the fields
    m_verifyResult->clear();
}

void AccountPage::verify()
{
    forgetVerification();
    const auto base = ApiBase::fromString(m_apiBase);
    if (!base) {
        m_verifyResult->setText(u"✘ "_s + base.error());
        return;
    }
    const bool key = usesGlobalKey();
    const Credentials credentials = key ? Credentials::globalApiKey(m_email->text(), m_key->text())
                                        : Credentials::apiToken(m_token->text().trimmed());
    if (const auto problem = credentials.problem()) {
        m_verifyResult->setText(u"✘ "_s + *problem);
        return;
    }
    const QString id = m_account->text().trimmed();
    if (!AccountRef::idProblem(id).isEmpty()) {
        // A token alone can be verified; a key, and an account's own token, only against it.
        if (key) {
            m_verifyResult->setText(u"✘ Enter the account ID: an email and Global API Key are "
                                    u"checked against the account."_s);
            return;
        }
        if (credentials.token().startsWith(u"cfat_")) {
            m_verifyResult->setText(
                u"✘ This is an account token: enter its account ID to verify it."_s);
            return;
        }
    }
    ClientConfig config;
    config.base = base.value();
    config.credentials = credentials;
    config.timeout = seconds(20);
    const AccountRef account{AccountRef::idProblem(id).isEmpty() ? id : QString(),
                             m_sandbox->isChecked()};
    auto *check = new AccessCheck(m_network, config, account, this);
    m_check = check;
    if (m_countRequest)
        check->setSentObserver(
            [count = m_countRequest, key = credentials.budgetKey()] { count(key); });
    m_verifyResult->setText(u"Verifying…"_s);
    connect(check, &AccessCheck::finished, this, [this, check](const AccessCheck::Report &report) {
        check->deleteLater();
        m_verifyResult->setText(report.text());
    });
    check->start();
}

} // namespace rw::ui
