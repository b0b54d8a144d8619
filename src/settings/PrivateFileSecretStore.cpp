#include "settings/PrivateFileSecretStore.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QStandardPaths>

using namespace Qt::StringLiterals;

namespace rw {

PrivateFileSecretStore::PrivateFileSecretStore(QString path, QObject *parent)
    : SecretStore(parent)
    , m_path(std::move(path))
{}

QString PrivateFileSecretStore::defaultPath()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation))
        .filePath(u"secrets.json"_s);
}

QString PrivateFileSecretStore::describe() const
{
    return u"the file %1, readable only by you"_s.arg(QDir::toNativeSeparators(m_path));
}

void PrivateFileSecretStore::read(const QString &key, QObject *context, Callback done)
{
    QFile file(m_path);
    if (!file.exists()) {
        deliverLater(context, std::move(done),
                     {Status::NotFound, {}, u"No secret is stored for this account yet."_s});
        return;
    }
    if (!file.open(QIODevice::ReadOnly)) {
        deliverLater(context, std::move(done),
                     {Status::Failed, {}, u"Cannot read %1: %2"_s.arg(m_path, file.errorString())});
        return;
    }
    const QJsonObject secrets = QJsonDocument::fromJson(file.readAll()).object();
    const QJsonValue secret = secrets.value(key);
    deliverLater(
        context, std::move(done),
        secret.isString()
            ? Result{Status::Ok, secret.toString(), {}}
            : Result{Status::NotFound, {}, u"No secret is stored for this account yet."_s});
}

SecretStore::Result PrivateFileSecretStore::change(const QString &key,
                                                   const std::optional<QString> &secret)
{
    const QFileInfo info(m_path);
    if (!QDir().mkpath(info.absolutePath()))
        return {Status::Failed, {}, u"Cannot create the directory %1."_s.arg(info.absolutePath())};
    QFile::setPermissions(info.absolutePath(),
                          QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    QJsonObject secrets;
    {
        QFile existing(m_path);
        if (existing.open(QIODevice::ReadOnly))
            secrets = QJsonDocument::fromJson(existing.readAll()).object();
    }
    if (secret)
        secrets.insert(key, *secret);
    else
        secrets.remove(key);
    QSaveFile file(m_path);
    // Restricted before anything is written to it.
    if (!file.open(QIODevice::WriteOnly) ||
        !file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner))
        return {Status::Failed, {}, u"Cannot write %1: %2"_s.arg(m_path, file.errorString())};
    file.write(QJsonDocument(secrets).toJson());
    if (!file.commit())
        return {Status::Failed, {}, u"Cannot write %1: %2"_s.arg(m_path, file.errorString())};
    return {};
}

void PrivateFileSecretStore::write(const QString &key, const QString &secret, QObject *context,
                                   Callback done)
{
    deliverLater(context, std::move(done), change(key, secret));
}

void PrivateFileSecretStore::remove(const QString &key, QObject *context, Callback done)
{
    deliverLater(context, std::move(done), change(key, std::nullopt));
}

} // namespace rw
