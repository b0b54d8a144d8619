#pragma once

#include "settings/SecretStore.h"

namespace rw {

// A file readable only by the user (mode 0600, in a 0700 directory). Offered only when no
// keychain works, and only as an explicit choice.
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

private:
    [[nodiscard]] Result change(const QString &key, const std::optional<QString> &secret);
    QString m_path;
};

} // namespace rw
