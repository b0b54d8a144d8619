#pragma once

#include "common/Expected.h"
#include "settings/SecretStore.h"

#include <QJsonObject>

#include <optional>

namespace rw {

// A file readable only by the user (mode 0600, in a 0700 directory). Offered only when no
// keychain works, and only as an explicit choice. Checked (FilePrivacy) before every read and
// write: a file others can read or change is refused (Status::NotPrivate) and left untouched, as
// is a file that is not valid JSON, which would otherwise lose every other account's secret.
class PrivateFileSecretStore final : public SecretStore
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PrivateFileSecretStore)
public:
    explicit PrivateFileSecretStore(QString path, QObject *parent = nullptr);
    void read(const QString &key, QObject *context, Callback done) override;
    void write(const QString &key, const QString &secret, QObject *context, Callback done) override;
    void remove(const QString &key, QObject *context, Callback done) override;
    [[nodiscard]] QString describe() const override;
    [[nodiscard]] const QString &path() const { return m_path; }
    [[nodiscard]] static QString defaultPath();

    // For moving a secret to the keychain (CredentialChange::moveToKeychain): a file that
    // others can read, but no one else can change, is read and rewritten without the secret all
    // the same. What it holds can still be trusted; that it was exposed is why it moves. The
    // rewrite makes it private, as every write does.
    void readToMove(const QString &key, QObject *context, Callback done);
    void removeMoved(const QString &key, QObject *context, Callback done);
    // Whether readToMove() would read it: a file there, that only others' reading keeps from
    // being private.
    [[nodiscard]] bool canMoveOut() const;

private:
    enum class Exposed {
        Refused,
        Tolerated, // a file only readable by others, for a move
    };
    [[nodiscard]] Result entry(const QString &key, Exposed exposed) const;
    [[nodiscard]] Result change(const QString &key, const std::optional<QString> &secret,
                                Exposed exposed = Exposed::Refused);
    [[nodiscard]] std::optional<Result> refusal(Exposed exposed = Exposed::Refused) const;
    [[nodiscard]] Expected<QJsonObject, Result> load() const;
    QString m_path;
};

} // namespace rw
