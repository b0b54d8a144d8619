#pragma once

#include "settings/SecretStore.h"

#include <QHash>

namespace rw {

// Kept in memory until the application quits: the default when no keychain is available, and
// the store tests use.
class MemorySecretStore final : public SecretStore
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MemorySecretStore)
public:
    explicit MemorySecretStore(QObject *parent = nullptr);
    void read(const QString &key, QObject *context, Callback done) override;
    void write(const QString &key, const QString &secret, QObject *context, Callback done) override;
    void remove(const QString &key, QObject *context, Callback done) override;
    [[nodiscard]] QString describe() const override;
    [[nodiscard]] qsizetype size() const { return m_secrets.size(); }

private:
    QHash<QString, QString> m_secrets;
};

} // namespace rw
