#pragma once

#include "SecretStore.h"

#include <QHash>

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

// A file readable only by the user (mode 0600, in a 0700 directory). Offered only when no
// keychain works, and only as an explicit choice.
class FileSecretStore final : public SecretStore
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FileSecretStore)
public:
    explicit FileSecretStore(QString path, QObject *parent = nullptr);
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
