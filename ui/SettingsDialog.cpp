#include "ui/SettingsDialog.h"

#include "net/Credentials.h"
#include "net/RegistrarClient.h"
#include "registrar/ApiBase.h"
#include "registrar/WorkflowRef.h"

#include <QButtonGroup>
#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QRegularExpression>
#include <QSpinBox>
#include <QSystemTrayIcon>
#include <QTabWidget>
#include <QTimeEdit>
#include <QVBoxLayout>

#include <utility>

using namespace Qt::StringLiterals;
using namespace std::chrono;

namespace rw::ui {

namespace {

QLabel *problemLabel(QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setWordWrap(true);
    label->setTextFormat(Qt::PlainText);
    QPalette palette = label->palette();
    palette.setColor(QPalette::WindowText, QColor(u"#c0392b"_s));
    label->setPalette(palette);
    return label;
}

QWidget *withProblem(QWidget *field, QLabel *problem)
{
    auto *box = new QWidget;
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(field);
    layout->addWidget(problem);
    return box;
}

QSpinBox *spin(int minimum, int maximum, const QString &suffix, QWidget *parent)
{
    auto *box = new QSpinBox(parent);
    box->setRange(minimum, maximum);
    box->setSuffix(suffix);
    return box;
}

// A Global API Key pasted where a token belongs: "cfk_..." keys, and the older 37 hex digits.
bool looksLikeGlobalKey(const QString &token)
{
    static const QRegularExpression legacy(u"^[0-9a-f]{37}$"_s);
    return token.startsWith(u"cfk_") || legacy.match(token).hasMatch();
}

} // namespace

SettingsDialog::SettingsDialog(AppSettings *settings, SecretStores stores,
                               QNetworkAccessManager *network, QWidget *parent)
    : QDialog(parent)
    , m_settings(settings)
    , m_stores(std::move(stores))
    , m_network(network)
{
    setWindowTitle(u"Registrar Watch Settings"_s);
    auto *tabs = new QTabWidget(this);
    m_tabs = tabs;

    // --- Account ---
    auto *account = new QWidget(tabs);
    m_accountPage = account;
    auto *form = new QFormLayout(account);
    m_useToken =
        new QRadioButton(u"API token (recommended: read-only, Registrar permission)"_s, account);
    m_useKey = new QRadioButton(u"Email and Global API Key"_s, account);
    auto *scheme = new QButtonGroup(this);
    scheme->addButton(m_useToken);
    scheme->addButton(m_useKey);
    form->addRow(u"Sign in with:"_s, m_useToken);
    form->addRow(QString(), m_useKey);
    m_token = new QLineEdit(account);
    m_token->setEchoMode(QLineEdit::Password);
    m_token->setPlaceholderText(u"Paste the API token"_s);
    m_tokenProblem = problemLabel(account);
    form->addRow(u"API token:"_s, withProblem(m_token, m_tokenProblem));
    m_email = new QLineEdit(account);
    m_email->setPlaceholderText(u"you@example.com"_s);
    m_emailProblem = problemLabel(account);
    form->addRow(u"Email:"_s, withProblem(m_email, m_emailProblem));
    m_key = new QLineEdit(account);
    m_key->setEchoMode(QLineEdit::Password);
    m_keyProblem = problemLabel(account);
    form->addRow(u"Global API Key:"_s, withProblem(m_key, m_keyProblem));
    m_warning = new QLabel(account);
    m_warning->setWordWrap(true);
    m_warning->setTextFormat(Qt::PlainText);
    form->addRow(QString(), m_warning);
    m_account = new QLineEdit(account);
    m_account->setPlaceholderText(u"32 hexadecimal characters, from the dashboard's overview"_s);
    m_accountProblem = problemLabel(account);
    form->addRow(u"Account ID:"_s, withProblem(m_account, m_accountProblem));
    m_sandbox = new QCheckBox(u"Use the account's registrar sandbox"_s, account);
    form->addRow(QString(), m_sandbox);
    auto *verify = new QPushButton(u"Verify token"_s, account);
    m_verifyResult = new QLabel(account);
    m_verifyResult->setWordWrap(true);
    m_verifyResult->setTextFormat(Qt::PlainText);
    auto *verifyRow = new QHBoxLayout;
    verifyRow->addWidget(verify);
    verifyRow->addWidget(m_verifyResult, 1);
    form->addRow(QString(), verifyRow);
    connect(verify, &QPushButton::clicked, this, &SettingsDialog::verify);
    m_storageNote = new QLabel(account);
    m_storageNote->setWordWrap(true);
    m_storageNote->setTextFormat(Qt::PlainText);
    form->addRow(u"Secret kept in:"_s, m_storageNote);
    m_fallback = new QGroupBox(u"The system keychain cannot be used"_s, account);
    auto *fallback = new QVBoxLayout(m_fallback);
    m_sessionOnly =
        new QRadioButton(u"Keep it for this session only (asked again next time)"_s, m_fallback);
    // Named by the store the secret would really go to.
    m_toFile = new QRadioButton(
        u"Save it in %1"_s.arg(m_stores(AppSettings::SecretStorage::PrivateFile)->describe()),
        m_fallback);
    m_sessionOnly->setChecked(true);
    fallback->addWidget(m_sessionOnly);
    fallback->addWidget(m_toFile);
    m_fallback->setVisible(false);
    form->addRow(m_fallback);
    tabs->addTab(account, u"Account"_s);

    // --- Polling ---
    auto *polling = new QWidget(tabs);
    auto *pollForm = new QFormLayout(polling);
    m_budget = spin(60, 1200, u" requests per 5 minutes"_s, polling);
    m_budget->setToolTip(u"Cloudflare allows 1,200 per user, shared with the dashboard and every "
                         u"other tool; keep room for them."_s);
    pollForm->addRow(u"Budget:"_s, m_budget);
    m_activeCap = spin(10, 600, u" s"_s, polling);
    pollForm->addRow(u"Longest wait while in progress:"_s, m_activeCap);
    m_blockedCap = spin(5, 240, u" min"_s, polling);
    pollForm->addRow(u"Longest wait while blocked:"_s, m_blockedCap);
    m_maxWatchDays = spin(1, 60, u" days"_s, polling);
    pollForm->addRow(u"Stop watching after:"_s, m_maxWatchDays);
    m_maxActiveHours = spin(1, 240, u" hours"_s, polling);
    pollForm->addRow(u"…or still pending/in progress after:"_s, m_maxActiveHours);
    m_maxBlockedDays = spin(1, 30, u" days"_s, polling);
    pollForm->addRow(u"…or blocked without change for:"_s, m_maxBlockedDays);
    tabs->addTab(polling, u"Polling"_s);

    // --- Notifications ---
    auto *notifications = new QWidget(tabs);
    auto *notifyLayout = new QVBoxLayout(notifications);
    auto *events = new QGroupBox(u"Tell me when"_s, notifications);
    auto *eventsLayout = new QVBoxLayout(events);
    for (const auto &[event, text] : {
             std::pair{NotificationSettings::Event::Succeeded, u"a workflow succeeds"_s},
             std::pair{NotificationSettings::Event::Failed, u"a workflow fails"_s},
             std::pair{NotificationSettings::Event::ActionRequired,
                       u"a workflow needs me (action required)"_s},
             std::pair{NotificationSettings::Event::GaveUp,
                       u"Registrar Watch stops watching a workflow (it took too long, or "
                       u"Cloudflare has no such workflow)"_s},
             std::pair{NotificationSettings::Event::CredentialsRejected,
                       u"Cloudflare rejects the credentials"_s},
             std::pair{NotificationSettings::Event::RateLimited,
                       u"Cloudflare rate-limits the account"_s},
         }) {
        auto *box = new QCheckBox(text, events);
        eventsLayout->addWidget(box);
        m_notify.insert(event, box);
    }
    notifyLayout->addWidget(events);
    auto *quietRow = new QHBoxLayout;
    m_quiet = new QCheckBox(u"Quiet hours, from"_s, notifications);
    m_quietStart = new QTimeEdit(notifications);
    m_quietEnd = new QTimeEdit(notifications);
    for (QTimeEdit *edit : {m_quietStart, m_quietEnd})
        edit->setDisplayFormat(u"HH:mm"_s);
    quietRow->addWidget(m_quiet);
    quietRow->addWidget(m_quietStart);
    quietRow->addWidget(new QLabel(u"to"_s, notifications));
    quietRow->addWidget(m_quietEnd);
    quietRow->addStretch();
    notifyLayout->addLayout(quietRow);
    m_quietProblem = problemLabel(notifications);
    notifyLayout->addWidget(m_quietProblem);
    auto *quietNote = new QLabel(u"Nothing is shown during quiet hours; what happened meanwhile "
                                 u"is told when they end. To silence one workflow, mute it in "
                                 u"the table (Ctrl+M)."_s,
                                 notifications);
    quietNote->setWordWrap(true);
    notifyLayout->addWidget(quietNote);
    m_tray = new QCheckBox(u"Show an icon in the system tray; closing the window then keeps "
                           u"watching in the background"_s,
                           notifications);
    if (!QSystemTrayIcon::isSystemTrayAvailable()) {
        m_tray->setEnabled(false);
        m_tray->setToolTip(u"This desktop has no system tray."_s);
    }
    notifyLayout->addWidget(m_tray);
    notifyLayout->addStretch();
    tabs->addTab(notifications, u"Notifications"_s);
    connect(m_quiet, &QCheckBox::toggled, this, &SettingsDialog::validate);
    connect(m_quietStart, &QTimeEdit::timeChanged, this, &SettingsDialog::validate);
    connect(m_quietEnd, &QTimeEdit::timeChanged, this, &SettingsDialog::validate);

    // --- Advanced ---
    auto *advanced = new QWidget(tabs);
    auto *advancedForm = new QFormLayout(advanced);
    m_apiBase = new QLineEdit(advanced);
    m_apiBaseProblem = problemLabel(advanced);
    advancedForm->addRow(u"API base URL:"_s, withProblem(m_apiBase, m_apiBaseProblem));
    tabs->addTab(advanced, u"Advanced"_s);

    m_problems = problemLabel(this);
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &SettingsDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(tabs);
    layout->addWidget(m_problems);
    layout->addWidget(m_buttons);

    for (QLineEdit *field : {m_token, m_email, m_key, m_account, m_apiBase})
        connect(field, &QLineEdit::textChanged, this, &SettingsDialog::validate);
    connect(m_useToken, &QRadioButton::toggled, this, &SettingsDialog::validate);
    // A verification is about the token and the base it was made with, not the ones now typed.
    connect(m_token, &QLineEdit::textChanged, this, &SettingsDialog::forgetVerification);
    connect(m_apiBase, &QLineEdit::textChanged, this, &SettingsDialog::forgetVerification);
    connect(m_useToken, &QRadioButton::toggled, this, &SettingsDialog::forgetVerification);
    connect(m_account, &QLineEdit::textChanged, this, [this] {
        if (m_token->text().trimmed().startsWith(u"cfat_"))
            forgetVerification(); // verified under the account
    });
    load();
    resize(640, sizeHint().height());
}

SettingsDialog::~SettingsDialog()
{
    cancelSaving();
}

QString SettingsDialog::secretKey() const
{
    return SecretStore::keyFor(m_account->text().trimmed(), m_useKey->isChecked());
}

QString SettingsDialog::secret() const
{
    return (m_useKey->isChecked() ? m_key->text() : m_token->text()).trimmed();
}

void SettingsDialog::load()
{
    const bool key = m_settings->authScheme() == AppSettings::AuthScheme::GlobalApiKey;
    (key ? m_useKey : m_useToken)->setChecked(true);
    m_email->setText(m_settings->email());
    m_account->setText(m_settings->accountId());
    m_sandbox->setChecked(m_settings->sandbox());
    m_apiBase->setText(m_settings->apiBase());
    const PollSettings poll = m_settings->pollSettings();
    m_budget->setValue(poll.budgetRequests);
    m_activeCap->setValue(int(poll.activeMaxDelay.count()));
    m_blockedCap->setValue(int(poll.blockedMaxDelay.count() / 60));
    m_maxWatchDays->setValue(int(poll.maxWatchTime.count() / 86400));
    m_maxActiveHours->setValue(int(poll.maxActiveTime.count() / 3600));
    m_maxBlockedDays->setValue(int(poll.maxBlockedTime.count() / 86400));
    const NotificationSettings notify = m_settings->notificationSettings();
    for (auto it = m_notify.cbegin(); it != m_notify.cend(); ++it)
        it.value()->setChecked(notify.isEnabled(it.key()));
    m_quiet->setChecked(notify.quietHours);
    m_quietStart->setTime(notify.quietStart);
    m_quietEnd->setTime(notify.quietEnd);
    m_tray->setChecked(m_settings->trayIcon());

    const AppSettings::SecretStorage storage = m_settings->secretStorage();
    SecretStore *store = m_stores(storage);
    m_storageNote->setText(store->describe());
    if (!m_settings->accountId().isEmpty()) {
        QLineEdit *field = key ? m_key : m_token;
        field->setPlaceholderText(u"Reading from %1…"_s.arg(store->describe()));
        store->read(SecretStore::keyFor(m_settings->accountId(), key), this,
                    [this, field, storage](const SecretStore::Result &result) {
                        field->setPlaceholderText(QString());
                        if (result.status == SecretStore::Status::Ok && field->text().isEmpty())
                            field->setText(result.secret);
                        else if (result.status != SecretStore::Status::Ok)
                            m_storageNote->setText(result.message);
                        // No keychain here: the choice is offered now, not after OK.
                        if (result.status == SecretStore::Status::Unavailable &&
                            storage == AppSettings::SecretStorage::Keychain)
                            m_fallback->setVisible(true);
                    });
    }
    validate();
}

void SettingsDialog::validate()
{
    const bool key = m_useKey->isChecked();
    m_token->setEnabled(!key);
    m_email->setEnabled(key);
    m_key->setEnabled(key);
    const auto credentials = key ? Credentials::globalApiKey(m_email->text(), m_key->text())
                                 : Credentials::apiToken(m_token->text());
    const auto problem = credentials.problem().value_or(QString());
    m_tokenProblem->setText(!key ? problem : QString());
    // Credentials names its first problem only; checked apart, each field shows its own.
    m_emailProblem->setText(
        key ? Credentials::globalApiKey(m_email->text(), u"key"_s).problem().value_or(QString())
            : QString());
    m_keyProblem->setText(key ? Credentials::globalApiKey(u"ops@example.com"_s, m_key->text())
                                    .problem()
                                    .value_or(QString())
                              : QString());
    const QString account = m_account->text().trimmed();
    m_accountProblem->setText(AccountRef::idProblem(account));
    const auto base = ApiBase::fromString(m_apiBase->text());
    m_apiBaseProblem->setText(base ? QString() : base.error());
    m_quietStart->setEnabled(m_quiet->isChecked());
    m_quietEnd->setEnabled(m_quiet->isChecked());
    m_quietProblem->setText(m_quiet->isChecked() && m_quietStart->time() == m_quietEnd->time()
                                ? u"Quiet hours need an end other than their start."_s
                                : QString());

    if (!key && looksLikeGlobalKey(m_token->text().trimmed()))
        m_warning->setText(u"⚠ This looks like a Global API Key, which can do anything on your "
                           u"account. Create an API token with only Registrar read permission "
                           u"and use that instead."_s);
    else if (key)
        m_warning->setText(u"⚠ A Global API Key can do anything on your account. An API token "
                           u"with only Registrar read permission is safer."_s);
    else
        m_warning->clear();
    m_warning->setVisible(!m_warning->text().isEmpty());
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(isValid() && !m_saving);
    // Named, because the field may be on a tab not in view.
    QStringList wrong;
    for (const auto &[label, name] :
         {std::pair{m_tokenProblem, u"API token"_s}, std::pair{m_emailProblem, u"Email"_s},
          std::pair{m_keyProblem, u"Global API Key"_s},
          std::pair{m_accountProblem, u"Account ID"_s},
          std::pair{m_apiBaseProblem, u"API base URL (Advanced tab)"_s},
          std::pair{m_quietProblem, u"Quiet hours (Notifications tab)"_s}}) {
        if (!label->text().isEmpty())
            wrong.append(name);
    }
    m_problems->setText(wrong.isEmpty()
                            ? QString()
                            : u"To save, fix the marked fields: %1."_s.arg(wrong.join(u", "_s)));
}

bool SettingsDialog::isValid() const
{
    return m_tokenProblem->text().isEmpty() && m_emailProblem->text().isEmpty() &&
           m_keyProblem->text().isEmpty() && m_accountProblem->text().isEmpty() &&
           m_apiBaseProblem->text().isEmpty() && m_quietProblem->text().isEmpty();
}

void SettingsDialog::forgetVerification()
{
    ++m_verifyRun;
    m_verifyResult->clear();
}

void SettingsDialog::verify()
{
    const quint64 run = ++m_verifyRun;
    const auto base = ApiBase::fromString(m_apiBase->text());
    if (!base || m_useKey->isChecked()) {
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
        if (!result.ok()) {
            m_verifyResult->setText(u"✘ "_s + result.error->message);
            return;
        }
        const TokenStatus &status = *result.value;
        QString text = status.isActive() ? u"✔ The token is active"_s
                                         : u"✘ The token is %1"_s.arg(status.status);
        const QString when = status.expiresOn.toLocalTime().toString(u"yyyy-MM-dd HH:mm"_s);
        if (!status.expiresOn.isValid())
            text += u"; it does not expire."_s;
        else if (status.status == u"expired")
            text += u"; it expired %1."_s.arg(when);
        else
            text += u"; it expires %1."_s.arg(when);
        m_verifyResult->setText(text);
    });
}

void SettingsDialog::accept()
{
    validate();
    if (!isValid() || m_saving)
        return;
    AppSettings::SecretStorage storage = m_settings->secretStorage();
    if (!m_fallback->isHidden()) // the operator's choice, whichever tab is in view
        storage = m_toFile->isChecked() ? AppSettings::SecretStorage::PrivateFile
                                        : AppSettings::SecretStorage::SessionOnly;
    else if (storage != AppSettings::SecretStorage::PrivateFile)
        storage = AppSettings::SecretStorage::Keychain; // try the keychain first
    save(storage);
}

void SettingsDialog::reject()
{
    cancelSaving();
    QDialog::reject();
}

void SettingsDialog::save(AppSettings::SecretStorage storage)
{
    m_saving = true;
    const quint64 run = ++m_saveRun;
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(false);
    m_tabs->setEnabled(false); // what is saved is what the fields held when OK was pressed
    m_problems->setText(u"Saving…"_s);
    SecretStore *store = m_stores(storage);
    const QString key = secretKey();
    const QString secret = this->secret();
    // First what the store holds under that key, so that Cancel can put it back.
    store->read(key, this,
                [this, run, storage, store, key, secret](const SecretStore::Result &before) {
                    if (run != m_saveRun)
                        return; // cancelled
                    if (before.status != SecretStore::Status::Ok &&
                        before.status != SecretStore::Status::NotFound) {
                        saveFailed(storage, before);
                        return;
                    }
                    m_undo = Undo{store, key,
                                  before.status == SecretStore::Status::Ok
                                      ? std::optional<QString>(before.secret)
                                      : std::nullopt};
                    writeSecret(run, storage, key, secret);
                });
}

void SettingsDialog::writeSecret(quint64 run, AppSettings::SecretStorage storage,
                                 const QString &key, const QString &secret)
{
    SecretStore *store = m_stores(storage);
    store->write(key, secret, this, [this, run, storage, store](const SecretStore::Result &result) {
        if (run != m_saveRun)
            return; // cancelled: cancelSaving() put the old secret back
        m_undo.reset();
        if (result.status != SecretStore::Status::Ok)
            saveFailed(storage, result);
        else
            writeSettings(storage, store);
    });
}

void SettingsDialog::saveFailed(AppSettings::SecretStorage storage,
                                const SecretStore::Result &result)
{
    m_saving = false;
    m_tabs->setEnabled(true);
    // The keychain is not there (or locked): say so plainly and let the operator choose.
    const bool keychain = storage == AppSettings::SecretStorage::Keychain;
    if (keychain) {
        m_fallback->setVisible(true);
        m_tabs->setCurrentWidget(m_accountPage); // where the choice is
    }
    validate(); // re-enables OK; the message below replaces its text
    m_problems->setText(keychain ? QString(result.message + u"\nChoose where to keep the secret "
                                                            u"instead, then press OK."_s)
                                 : result.message);
}

void SettingsDialog::writeSettings(AppSettings::SecretStorage storage, SecretStore *store)
{
    // Only now, with the secret safe, the rest is written; never the secret itself.
    m_saving = false;
    m_settings->setSecretStorage(storage);
    m_settings->setAuthScheme(m_useKey->isChecked() ? AppSettings::AuthScheme::GlobalApiKey
                                                    : AppSettings::AuthScheme::ApiToken);
    m_settings->setEmail(m_useKey->isChecked() ? m_email->text() : QString());
    m_settings->setAccountId(m_account->text());
    m_settings->setSandbox(m_sandbox->isChecked());
    m_settings->setApiBase(ApiBase::fromString(m_apiBase->text())->url().toString());
    PollSettings poll = m_settings->pollSettings();
    poll.budgetRequests = m_budget->value();
    poll.activeMaxDelay = seconds(m_activeCap->value());
    poll.blockedMaxDelay = minutes(m_blockedCap->value());
    poll.maxWatchTime = hours(24 * m_maxWatchDays->value());
    poll.maxActiveTime = hours(m_maxActiveHours->value());
    poll.maxBlockedTime = hours(24 * m_maxBlockedDays->value());
    m_settings->setPollSettings(poll);
    NotificationSettings notify = m_settings->notificationSettings();
    notify.enabled.clear();
    for (auto it = m_notify.cbegin(); it != m_notify.cend(); ++it) {
        if (it.value()->isChecked())
            notify.enabled.insert(it.key());
    }
    notify.quietHours = m_quiet->isChecked();
    notify.quietStart = m_quietStart->time();
    notify.quietEnd = m_quietEnd->time();
    m_settings->setNotificationSettings(notify);
    m_settings->setTrayIcon(m_tray->isChecked());
    m_settings->sync();
    m_storageNote->setText(store->describe());
    emit saved();
    QDialog::accept();
}

void SettingsDialog::cancelSaving()
{
    if (!m_saving)
        return;
    m_saving = false;
    ++m_saveRun; // the answers still to come change nothing
    m_tabs->setEnabled(true);
    if (const std::optional<Undo> undo = std::exchange(m_undo, std::nullopt)) {
        // The store may already hold the new secret: put back what it held. Stores outlive this
        // dialog and work through their requests in order (QtKeychain queues its jobs).
        if (undo->previous)
            undo->store->write(undo->key, *undo->previous, undo->store,
                               [](const SecretStore::Result &) {});
        else
            undo->store->remove(undo->key, undo->store, [](const SecretStore::Result &) {});
    }
}

} // namespace rw::ui
