#include "settings/PrivateFileSecretStore.h"

#include "common/FilePrivacy.h"
#include "common/Logging.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
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
    const QString path = QDir::toNativeSeparators(m_path);
    const auto problem = FilePrivacy::check(m_path);
    if (!problem)
        return u"the file %1, readable only by you"_s.arg(path);
    switch (problem->kind) {
    case FilePrivacy::Kind::OthersCanRead:
        return u"the file %1, which other users can read"_s.arg(path);
    case FilePrivacy::Kind::OthersCanWrite:
    case FilePrivacy::Kind::FolderWritableByOthers:
    case FilePrivacy::Kind::FolderNotOwner:
        return u"the file %1, which other users can change"_s.arg(path);
    case FilePrivacy::Kind::Symlink:
    case FilePrivacy::Kind::NotOwner:
    case FilePrivacy::Kind::CannotCheck:
        break;
    }
    return u"the file %1, which is not private"_s.arg(path);
}

std::optional<SecretStore::Result> PrivateFileSecretStore::refusal(Exposed exposed) const
{
    // Readable by others may be tolerated (the operator was told); a folder others can write
    // never is: FilePrivacy names that first.
    const auto problem = FilePrivacy::check(m_path);
    if (!problem || (problem->onlyReadable() && exposed == Exposed::Tolerated))
        return std::nullopt;
    qCWarning(lcSettings).noquote() << "The secrets file is refused:" << problem->sentence;
    return Result{Status::NotPrivate,
                  {},
                  problem->sentence +
                      u" Its secrets are not used until it is private, lest others read or "
                      u"replace them."_s};
}

Expected<QJsonObject, SecretStore::Result> PrivateFileSecretStore::load() const
{
    QFile file(m_path);
    if (!file.exists())
        return QJsonObject();
    if (!file.open(QIODevice::ReadOnly))
        return Unexpected{
            Result{Status::Failed, {}, u"Cannot read %1: %2."_s.arg(m_path, file.errorString())}};
    QJsonParseError error{};
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return Unexpected{Result{
            Status::Failed,
            {},
            u"%1 is not valid JSON (%2); it is left as it is, so that no account's secret is "
            u"lost: repair it, or move it aside and enter the secrets again."_s.arg(
                m_path, error.error != QJsonParseError::NoError
                            ? u"%1 at byte %2"_s.arg(error.errorString()).arg(error.offset)
                            : u"not an object"_s)}};
    return document.object();
}

SecretStore::Result PrivateFileSecretStore::entry(const QString &key, Exposed exposed) const
{
    const Result none{Status::NotFound, {}, u"No secret is stored for this account yet."_s};
    if (!QFile::exists(m_path))
        return none;
    if (auto refused = refusal(exposed))
        return *refused;
    const auto secrets = load();
    if (!secrets)
        return secrets.error();
    const QJsonValue secret = secrets->value(key);
    return secret.isString() ? Result{Status::Ok, secret.toString(), {}} : none;
}

void PrivateFileSecretStore::read(const QString &key, QObject *context, Callback done)
{
    deliverLater(context, std::move(done), entry(key, Exposed::Refused));
}

bool PrivateFileSecretStore::canMoveOut() const
{
    return QFile::exists(m_path) && !refusal(Exposed::Tolerated);
}

void PrivateFileSecretStore::readToMove(const QString &key, QObject *context, Callback done)
{
    deliverLater(context, std::move(done), entry(key, Exposed::Tolerated));
}

SecretStore::Result PrivateFileSecretStore::change(const QString &key,
                                                   const std::optional<QString> &secret,
                                                   Exposed exposed)
{
    if (auto error = FilePrivacy::makeFolders(QFileInfo(m_path).absolutePath()))
        return {Status::Failed, {}, *error};
    // Never written where others could read it (but to take a moved secret out of a file
    // that is then private), nor over a file that could not be read whole.
    if (auto refused = refusal(exposed))
        return *refused;
    auto loaded = load();
    if (!loaded)
        return loaded.error();
    QJsonObject secrets = std::move(loaded).value();
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

void PrivateFileSecretStore::removeMoved(const QString &key, QObject *context, Callback done)
{
    deliverLater(context, std::move(done), change(key, std::nullopt, Exposed::Tolerated));
}

} // namespace rw
