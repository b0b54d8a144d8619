#include "ui/settings/AccountPage.h"

#include "net/Credentials.h"
#include "net/RegistrarClient.h"
#include "registrar/ApiBase.h"
#include "registrar/WorkflowRef.h"
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

    auto *verify = new QPushButton(u"Verify token"_s, this);
    verify->setObjectName(u"verify"_s);
    m_verifyResult = noteLabel(u"verifyResult"_s, this);
    auto *verifyRow = new QHBoxLayout;
    verifyRow->addWidget(verify);
    verifyRow->addWidget(m_verifyResult, 1);
    form->addRow(QString(), verifyRow);
    connect(verify, &QPushButton::clicked, this, &AccountPage::verify);

    m_storageNote = noteLabel(u"storageNote"_s, this);
    form->addRow(u"Secret kept in:"_s, m_storageNote);
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

    for (QLineEdit *field : {m_token, m_email, m_key, m_account})
        connect(field, &QLineEdit::textChanged, this, &AccountPage::validate);
    connect(m_useToken, &QRadioButton::toggled, this, &AccountPage::validate);
    // A verification is about the token it was made with, not the one now typed.
    connect(m_token, &QLineEdit::textChanged, this, &AccountPage::forgetVerification);
    connect(m_useToken, &QRadioButton::toggled, this, &AccountPage::forgetVerification);
    connect(m_account, &QLineEdit::textChanged, this, [this] {
        if (m_token->text().trimmed().startsWith(u"cfat_"))
            forgetVerification(); // verified under the account
    });
    m_useToken->setChecked(true);
}

bool AccountPage::usesGlobalKey() const
{
    return m_useKey->isChecked();
}

void AccountPage::load()
{
    const bool key = settings()->authScheme() == AppSettings::AuthScheme::GlobalApiKey;
    (key ? m_useKey : m_useToken)->setChecked(true);
    m_email->setText(settings()->email());
    m_account->setText(settings()->accountId());
    m_sandbox->setChecked(settings()->sandbox());

    const AppSettings::SecretStorage storage = settings()->secretStorage();
    SecretStore *store = m_stores(storage);
    m_storageNote->setText(store->describe());
    if (!settings()->accountId().isEmpty()) {
        QLineEdit *field = key ? m_key : m_token;
        field->setPlaceholderText(u"Reading from %1…"_s.arg(store->describe()));
        store->read(SecretStore::keyFor(settings()->accountId(), key), this,
                    [this, field, storage](const SecretStore::Result &result) {
                        field->setPlaceholderText(QString());
                        if (result.status == SecretStore::Status::Ok && field->text().isEmpty())
                            field->setText(result.secret);
                        else if (result.status != SecretStore::Status::Ok)
                            m_storageNote->setText(result.message);
                        // No keychain here: the choice is offered now, not after OK.
                        if (result.status == SecretStore::Status::Unavailable &&
                            storage == AppSettings::SecretStorage::Keychain)
                            offerFallback();
                    });
    }
    validate();
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
    problems.account = AccountRef::idProblem(m_account->text().trimmed());
    return problems;
}

QList<SettingsPage::Problem> AccountPage::problems() const
{
    const FieldProblems fields = fieldProblems();
    QList<Problem> problems;
    for (const auto &[name, reason] :
         {std::pair{u"API token"_s, fields.token}, std::pair{u"Email"_s, fields.email},
          std::pair{u"Global API Key"_s, fields.key}, std::pair{u"Account ID"_s, fields.account}}) {
        if (!reason.isEmpty())
            problems.append({name, reason});
    }
    return problems;
}

void AccountPage::validate()
{
    const bool key = usesGlobalKey();
    m_token->setEnabled(!key);
    m_email->setEnabled(key);
    m_key->setEnabled(key);
    const FieldProblems problems = fieldProblems();
    m_tokenProblem->setText(problems.token);
    m_emailProblem->setText(problems.email);
    m_keyProblem->setText(problems.key);
    m_accountProblem->setText(problems.account);
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

CredentialChange::Fallback AccountPage::fallback() const
{
    if (m_fallback->isHidden())
        return CredentialChange::Fallback::None;
    return m_toFile->isChecked() ? CredentialChange::Fallback::PrivateFile
                                 : CredentialChange::Fallback::SessionOnly;
}

void AccountPage::offerFallback()
{
    m_fallback->setVisible(true);
}

void AccountPage::setApiBase(const QString &text)
{
    m_apiBase = text;
    forgetVerification(); // made against another base
}

void AccountPage::forgetVerification()
{
    ++m_verifyRun;
    m_verifyResult->clear();
}

void AccountPage::verify()
{
    const quint64 run = ++m_verifyRun;
    const auto base = ApiBase::fromString(m_apiBase);
    if (!base || usesGlobalKey()) {
        m_verifyResult->setText(base ? u"Verification checks API tokens; a Global API Key is "
                                       u"checked by the first request."_s
                                     : base.error());
        return;
    }
    const QString token = m_token->text().trimmed();
    std::optional<AccountRef> owner;
    if (token.startsWith(u"cfat_")) {
        // Account-owned tokens verify under their account; /user/tokens/verify rejects them.
        const QString id = m_account->text().trimmed();
        if (!AccountRef::idProblem(id).isEmpty()) {
            m_verifyResult->setText(
                u"✘ This is an account token: enter its account ID to verify it."_s);
            return;
        }
        owner = AccountRef{id, m_sandbox->isChecked()};
    }
    ClientConfig config;
    config.base = base.value();
    config.credentials = Credentials::apiToken(token);
    config.timeout = seconds(20);
    auto *client = new RegistrarClient(m_network, config, SystemClock::instance(), this);
    m_verifyResult->setText(u"Verifying…"_s);
    TokenCall *call = client->verifyToken(owner);
    connect(call, &ApiJob::finished, this, [this, call, client, run] {
        client->deleteLater();
        if (run != m_verifyRun)
            return; // about a token or a base no longer in the fields
        const auto &result = call->result();
        if (!result.ok())
            m_verifyResult->setText(u"✘ "_s + result.error->message);
        else
            showVerified(*result.value);
    });
}

void AccountPage::showVerified(const TokenStatus &status)
{
    QString text =
        status.isActive() ? u"✔ The token is active"_s : u"✘ The token is %1"_s.arg(status.status);
    const QString when = status.expiresOn.toLocalTime().toString(u"yyyy-MM-dd HH:mm"_s);
    if (!status.expiresOn.isValid())
        text += u"; it does not expire."_s;
    else if (status.status == u"expired")
        text += u"; it expired %1."_s.arg(when);
    else
        text += u"; it expires %1."_s.arg(when);
    m_verifyResult->setText(text);
}

} // namespace rw::ui
