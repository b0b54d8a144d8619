#pragma once

#include "settings/AppSettings.h"
#include "settings/SecretStores.h"

#include <QObject>
#include <QString>

#include <optional>

namespace rw {

// What the operator entered to sign in with.
struct NewCredential
{
    AppSettings::AuthScheme scheme = AppSettings::AuthScheme::ApiToken;
    QString accountId;
    QString email; // with a Global API Key; not a secret
    QString secret;
};

// Changing an account's credentials as one transaction: the secret goes to its store first, and
// only once it is safe do the settings point to it (account, scheme, email, where it is kept);
// then the secret they pointed to before, if it is now another entry in the same store, goes.
// Until the new secret is written, cancelling puts back what the store held. When the keychain
// cannot keep it, nothing is saved and the operator chooses: this session only or a private file.
class CredentialChange final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CredentialChange)
public:
    // Where the secret goes instead of the keychain: only ever what the operator chose.
    enum class Fallback {
        None, // the keychain (or the private file, once chosen)
        SessionOnly,
        PrivateFile,
    };
    Q_ENUM(Fallback)
    enum class Outcome {
        Saved,
        KeychainUnusable, // nothing saved: a fallback needs the operator's choice
        Failed,           // nothing saved; `message` says why
    };
    Q_ENUM(Outcome)
    struct Result
    {
        Outcome outcome = Outcome::Saved;
        AppSettings::SecretStorage storage = AppSettings::SecretStorage::Keychain;
        QString message; // from the store, for the operator; never holds the secret
    };

    CredentialChange(AppSettings *settings, SecretStores stores, QObject *parent = nullptr);
    // A change still under way is cancelled.
    ~CredentialChange() override;

    // The account the next change is for: `account` as it is to be saved (label, sandbox, on or
    // off, discovery; the ID, scheme, email and storage come from the change), in place of the
    // listed account `previousId` (empty: a new account, added at the end). Without it, a change
    // is for the first account, as when there was only one.
    void setAccount(const AccountSettings &account, const QString &previousId);

    // Starts the change; finished() follows once, later, unless it is cancelled first. False,
    // and nothing starts, while another change is under way.
    [[nodiscard]] bool start(const NewCredential &credential, Fallback fallback);
    // Moves the listed account's secret from the private file, which others can read but no
    // one else can change, to the keychain, as a change of its store: the secret goes to the
    // keychain, then the settings point there, and only then is it taken out of the file (which
    // is rewritten private). When the keychain cannot take it, nothing changes and the result's
    // message says why. False, and nothing starts, while another change is under way or when
    // the account's secret is not in the private file.
    [[nodiscard]] bool moveToKeychain(const QString &accountId);
    // Stops a change under way without finished(): the settings stay as they were, and the
    // store gets back what it held if the new secret may already be in it.
    void cancel();
    [[nodiscard]] bool isRunning() const { return m_running; }

signals:
    void finished(const rw::CredentialChange::Result &result);

private:
    // Where the settings point to a secret: a store and the key in it.
    struct Entry
    {
        AppSettings::SecretStorage storage;
        QString key;
    };
    // What the store held under the new key before the write, for cancel().
    struct Undo
    {
        SecretStore *store = nullptr;
        QString key;
        std::optional<QString> previous;
    };

    [[nodiscard]] AppSettings::SecretStorage storageFor(Fallback fallback) const;
    // The listed account the change replaces, if any.
    [[nodiscard]] std::optional<AccountSettings> previousAccount() const;
    [[nodiscard]] std::optional<Entry> currentEntry() const;
    // The store's entry is read first, for cancel(), then written.
    void save(quint64 run, const NewCredential &credential, const Entry &entry,
              const std::optional<Entry> &old);
    void write(quint64 run, const NewCredential &credential, const Entry &entry,
               const std::optional<Entry> &old);
    void commit(const NewCredential &credential, const Entry &entry,
                const std::optional<Entry> &old);
    void fail(AppSettings::SecretStorage storage, const SecretStore::Result &result);

    AppSettings *m_settings;
    SecretStores m_stores;
    // setAccount()'s; none: the first account.
    std::optional<AccountSettings> m_account;
    QString m_previousId;
    bool m_running = false;
    bool m_moving = false; // moveToKeychain(): the old entry goes once the new one is safe
    // Answers for a change that was since cancelled are ignored.
    quint64 m_run = 0;
    std::optional<Undo> m_undo;
};

} // namespace rw
