#pragma once

#include "settings/SecretStore.h"

namespace rw {

// The OS keychain through QtKeychain (Secret Service on Linux, the Keychain on macOS, the
// Credential Manager on Windows), under the service "registrar-watch".
class KeychainSecretStore final : public SecretStore
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(KeychainSecretStore)
public:
    explicit KeychainSecretStore(QString service = QStringLiteral("registrar-watch"),
                                 QObject *parent = nullptr);
    void read(const QString &key, QObject *context, Callback done) override;
    void write(const QString &key, const QString &secret, QObject *context, Callback done) override;
    void remove(const QString &key, QObject *context, Callback done) override;
    [[nodiscard]] QString describe() const override;

private:
    QString m_service;
};

} // namespace rw
