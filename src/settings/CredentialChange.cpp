#include "settings/CredentialChange.h"

#include "common/Logging.h"
#include "settings/PrivateFileSecretStore.h"

#include <algorithm>
#include <utility>

using namespace Qt::StringLiterals;

namespace rw {

using Storage = AppSettings::SecretStorage;

CredentialChange::CredentialChange(AppSettings *settings, SecretStores stores, QObject *parent)
    : QObject(parent)
    , m_settings(settings)
    , m_stores(std::move(stores))
{}

CredentialChange::~CredentialChange()
{
    cancel();
}

void CredentialChange::setAccount(const AccountSettings &account, const QString &previousId)
{
    m_account = account;
    m_previousId = previousId;
}

std::optional<AccountSettings> CredentialChange::previousAccount() const
{
    const QList<AccountSettings> accounts = m_settings->accounts();
    if (!m_account)
        return accounts.isEmpty() ? std::nullopt : std::optional(accounts.first());
    if (m_previousId.isEmpty())
        return std::nullopt;
    return m_settings->account(m_previousId);
}

Storage CredentialChange::storageFor(Fallback fallback) const
{
    switch (fallback) {
    case Fallback::SessionOnly:
        return Storage::SessionOnly;
    case Fallback::PrivateFile:
        return Storage::PrivateFile;
    case Fallback::None:
        break;
    }
    // A private file, once chosen, stays chosen; otherwise the keychain is tried again, also
    // after a session-only secret, in case it has come back.
    const std::optional<AccountSettings> previous = previousAccount();
    return previous && previous->storage == Storage::PrivateFile ? Storage::PrivateFile
                                                                 : Storage::Keychain;
}

std::optional<CredentialChange::Entry> CredentialChange::currentEntry() const
{
    const std::optional<AccountSettings> previous = previousAccount();
    if (!previous)
        return std::nullopt;
    return Entry{previous->storage, previous->secretKey()};
}

bool CredentialChange::start(const NewCredential &entered, Fallback fallback)
{
    if (m_running)
        return false;
    m_running = true;
    m_moving = false;
    const quint64 run = ++m_run;
    NewCredential credential = entered;
    credential.accountId = credential.accountId.trimmed();
    credential.secret = credential.secret.trimmed();
    const bool key = credential.scheme == AppSettings::AuthScheme::GlobalApiKey;
    const Entry entry{storageFor(fallback), SecretStore::keyFor(credential.accountId, key)};
    // Where the settings point now: that secret goes once the new one is safe.
    save(run, credential, entry, currentEntry());
    return true;
}

bool CredentialChange::moveToKeychain(const QString &accountId)
{
    const std::optional<AccountSettings> account = m_settings->account(accountId);
    auto *file = qobject_cast<PrivateFileSecretStore *>(m_stores(Storage::PrivateFile));
    if (m_running || !account || account->storage != Storage::PrivateFile || !file)
        return false;
    m_running = true;
    m_moving = true;
    const quint64 run = ++m_run;
    setAccount(*account, account->id); // as it is, but for where its secret is kept
    const Entry entry{Storage::Keychain, account->secretKey()};
    const Entry old{Storage::PrivateFile, account->secretKey()};
    file->readToMove(
        old.key, this,
        [this, run, account = *account, entry, old](const SecretStore::Result &read) {
            if (run != m_run)
                return; // cancelled
            if (read.status != SecretStore::Status::Ok) {
                fail(old.storage, read);
                return;
            }
            save(run, {account.scheme, account.id, account.email, read.secret}, entry, old);
        });
    return true;
}

void CredentialChange::save(quint64 run, const NewCredential &credential, const Entry &entry,
                            const std::optional<Entry> &old)
{
    SecretStore *store = m_stores(entry.storage);
    // First what the store holds under that key, so that cancel() can put it back.
    store->read(entry.key, this,
                [this, run, credential, entry, old, store](const SecretStore::Result &before) {
                    if (run != m_run)
                        return; // cancelled
                    if (before.status != SecretStore::Status::Ok &&
                        before.status != SecretStore::Status::NotFound) {
                        fail(entry.storage, before);
                        return;
                    }
                    m_undo = Undo{store, entry.key,
                                  before.status == SecretStore::Status::Ok
                                      ? std::optional<QString>(before.secret)
                                      : std::nullopt};
                    write(run, credential, entry, old);
                });
}

void CredentialChange::write(quint64 run, const NewCredential &credential, const Entry &entry,
                             const std::optional<Entry> &old)
{
    m_stores(entry.storage)
        ->write(entry.key, credential.secret, this,
                [this, run, credential, entry, old](const SecretStore::Result &result) {
                    if (run != m_run)
                        return; // cancelled: cancel() put the old secret back
                    m_undo.reset();
                    if (result.status != SecretStore::Status::Ok)
                        fail(entry.storage, result);
                    else
                        commit(credential, entry, old);
                });
}

void CredentialChange::commit(const NewCredential &credential, const Entry &entry,
                              const std::optional<Entry> &old)
{
    // Only now, with the secret safe, do the settings point to it; never the secret itself.
    const bool key = credential.scheme == AppSettings::AuthScheme::GlobalApiKey;
    const std::optional<AccountSettings> previous = previousAccount();
    AccountSettings account = m_account.value_or(previous.value_or(AccountSettings()));
    if (account.label.trimmed().isEmpty() || (!m_account && account.label == account.id))
        account.label = credential.accountId; // named by its ID until the operator names it
    account.id = credential.accountId;
    account.scheme = credential.scheme;
    account.email = key ? credential.email.trimmed() : QString();
    account.storage = entry.storage;
    QList<AccountSettings> accounts = m_settings->accounts();
    const auto replaced =
        std::find_if(accounts.begin(), accounts.end(), [&previous](const AccountSettings &a) {
            return previous && a.id == previous->id;
        });
    if (replaced != accounts.end())
        *replaced = account;
    else
        accounts.append(account);
    m_running = false;
    if (const std::optional<QString> problem = m_settings->setAccounts(accounts)) {
        // The secret is safe under its key, but no account points to it: said, not hidden.
        emit finished({Outcome::Failed, entry.storage, *problem});
        return;
    }
    m_settings->sync();
    if (m_moving && old) {
        // Only now, with the keychain holding it and the settings pointing there, does the file
        // lose it. Should that fail, the account still uses the keychain: said, not hidden.
        auto *file = qobject_cast<PrivateFileSecretStore *>(m_stores(old->storage));
        file->removeMoved(old->key, this, [this, entry, file](const SecretStore::Result &removed) {
            emit finished({Outcome::Saved, entry.storage,
                           removed.status == SecretStore::Status::Ok
                               ? QString()
                               : u"The secret is in the keychain now, but it could not be taken "
                                 u"out of %1: %2"_s.arg(file->describe(), removed.message)});
        });
        return;
    }
    // The same account's secret for the other scheme (a token replaced by a Global API Key, or
    // back) is no one's any more. Another account's stays: each account keeps its own entry, and
    // switching back must not mean pasting its token again. One in another store stays too: that
    // store is the one that just failed, or this session's memory, which goes by itself. A
    // failure here costs nothing but a stale entry, so it is only logged.
    const QString id = credential.accountId.trimmed();
    const bool sameAccount = old && (old->key == SecretStore::keyFor(id, false) ||
                                     old->key == SecretStore::keyFor(id, true));
    if (sameAccount && old->storage == entry.storage && old->key != entry.key) {
        SecretStore *store = m_stores(old->storage);
        store->remove(old->key, store, [](const SecretStore::Result &removed) {
            if (removed.status != SecretStore::Status::Ok)
                qCWarning(lcSettings)
                    << "The previous secret stays in the store:" << removed.message;
        });
    }
    emit finished({Outcome::Saved, entry.storage, {}});
}

void CredentialChange::fail(Storage storage, const SecretStore::Result &result)
{
    m_running = false;
    // The keychain is not there, locked or refusing: the operator chooses where else it goes.
    // A move changed nothing.
    emit finished({storage == Storage::Keychain ? Outcome::KeychainUnusable : Outcome::Failed,
                   storage,
                   m_moving ? u"Nothing was moved to the keychain, and the secret stays in the "
                              u"file: %1"_s.arg(result.message)
                            : result.message});
}

void CredentialChange::cancel()
{
    if (!m_running)
        return;
    m_running = false;
    ++m_run; // the answers still to come change nothing
    if (const std::optional<Undo> undo = std::exchange(m_undo, std::nullopt)) {
        // The store may already hold the new secret: put back what it held. Stores outlive
        // this change and work through their requests in order (QtKeychain queues its jobs).
        if (undo->previous)
            undo->store->write(undo->key, *undo->previous, undo->store,
                               [](const SecretStore::Result &) {});
        else
            undo->store->remove(undo->key, undo->store, [](const SecretStore::Result &) {});
    }
}

} // namespace rw
