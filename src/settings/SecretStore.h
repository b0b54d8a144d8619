#pragma once

#include <QObject>
#include <QString>

#include <functional>

namespace rw {

// Where secrets (API tokens, Global API Keys) are kept: asynchronous, because the OS keychain
// is. Implementations: the OS keychain (KeychainSecretStore), this session's memory
// (MemorySecretStore), and, only as the operator's explicit choice, a file only they can read
// (PrivateFileSecretStore). A secret never goes to QSettings, a log or an export.
class SecretStore : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SecretStore)
public:
    enum class Status {
        Ok,
        NotFound,
        Unavailable, // no keychain service, or it is locked: the caller should offer a fallback
        Failed,      // anything else; `message` says what
        NotPrivate,  // a file others can read or write (FilePrivacy): refused, not used
    };
    Q_ENUM(Status)

    struct Result
    {
        Status status = Status::Ok;
        QString secret;  // for reads
        QString message; // a sentence for the operator, when not Ok; never holds the secret
    };
    using Callback = std::function<void(const Result &)>;

    using QObject::QObject;
    ~SecretStore() override = default;

    // Each calls back exactly once, later (never from inside the call), unless `context` is gone.
    virtual void read(const QString &key, QObject *context, Callback done) = 0;
    virtual void write(const QString &key, const QString &secret, QObject *context,
                       Callback done) = 0;
    virtual void remove(const QString &key, QObject *context, Callback done) = 0;
    // Where the secrets are, for the settings dialog: "the system keychain", ...
    [[nodiscard]] virtual QString describe() const = 0;

    // The key under which an account's secret is kept.
    [[nodiscard]] static QString keyFor(const QString &accountId, bool globalApiKey);

protected:
    // Calls back on the next pass of the event loop, never from inside the request.
    static void deliverLater(QObject *context, Callback done, Result result);
};

} // namespace rw
