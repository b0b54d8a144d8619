#include "SecretStores.h"

#include "Logging.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QSaveFile>
#include <QStandardPaths>
#include <QTimer>
#include <qt6keychain/keychain.h>

using namespace Qt::StringLiterals;

namespace rw {

namespace {

// Calls back on the next pass of the event loop, never from inside the request.
void later(QObject *context, SecretStore::Callback done, SecretStore::Result result)
{
    QTimer::singleShot(0, context,
                       [done = std::move(done), result = std::move(result)] { done(result); });
}

} // namespace

QString SecretStore::keyFor(const QString &accountId, bool globalApiKey)
{
    return u"%1/%2"_s.arg(accountId, globalApiKey ? u"global-api-key"_s : u"api-token"_s);
}

// --- the OS keychain ---

KeychainSecretStore::KeychainSecretStore(QString service, QObject *parent)
    : SecretStore(parent)
    , m_service(std::move(service))
{}

QString KeychainSecretStore::describe() const
{
    return u"the system keychain"_s;
}

namespace {

SecretStore::Result fromJob(const QKeychain::Job &job)
{
    SecretStore::Result result;
    switch (job.error()) {
    case QKeychain::NoError:
        return result;
    case QKeychain::EntryNotFound:
        result.status = SecretStore::Status::NotFound;
        result.message = u"No secret is stored for this account yet."_s;
        return result;
    default:
        // QtKeychain 0.13 reports a missing, locked or broken Secret Service as OtherError with
        // only a text to tell them apart; for the operator they mean the same: the keychain
        // cannot be used now, here is why, and here are the alternatives.
        result.status = SecretStore::Status::Unavailable;
        break;
    }
    result.message = u"The system keychain is not available: %1"_s.arg(job.errorString());
    return result;
}

template<typename Job>
void runJob(Job *job, QObject *context, SecretStore::Callback done)
{
    job->setAutoDelete(true);
    QPointer<QObject> guard(context);
    QObject::connect(job, &QKeychain::Job::finished, context,
                     [done = std::move(done)](QKeychain::Job *finished) {
                         SecretStore::Result result = fromJob(*finished);
                         if (result.status == SecretStore::Status::Ok) {
                             if (auto *read = qobject_cast<QKeychain::ReadPasswordJob *>(finished))
                                 result.secret = read->textData();
                         }
                         done(result);
                     });
    job->start();
}

} // namespace

void KeychainSecretStore::read(const QString &key, QObject *context, Callback done)
{
    auto *job = new QKeychain::ReadPasswordJob(m_service, this);
    job->setKey(key);
    runJob(job, context, std::move(done));
}

void KeychainSecretStore::write(const QString &key, const QString &secret, QObject *context,
                                Callback done)
{
    auto *job = new QKeychain::WritePasswordJob(m_service, this);
    job->setKey(key);
    job->setTextData(secret);
    runJob(job, context, std::move(done));
}

void KeychainSecretStore::remove(const QString &key, QObject *context, Callback done)
{
    auto *job = new QKeychain::DeletePasswordJob(m_service, this);
    job->setKey(key);
    runJob(job, context, [done = std::move(done)](const Result &result) {
        // Removing what is not there is what was wanted.
        done(result.status == Status::NotFound ? Result{} : result);
    });
}

// --- memory ---

MemorySecretStore::MemorySecretStore(QObject *parent)
    : SecretStore(parent)
{}

QString MemorySecretStore::describe() const
{
    return u"memory, for this session only"_s;
}

void MemorySecretStore::read(const QString &key, QObject *context, Callback done)
{
    const auto it = m_secrets.constFind(key);
    later(context, std::move(done),
          it == m_secrets.cend()
              ? Result{Status::NotFound, {}, u"No secret is stored for this account yet."_s}
              : Result{Status::Ok, it.value(), {}});
}

void MemorySecretStore::write(const QString &key, const QString &secret, QObject *context,
                              Callback done)
{
    m_secrets.insert(key, secret);
    later(context, std::move(done), {});
}

void MemorySecretStore::remove(const QString &key, QObject *context, Callback done)
{
    m_secrets.remove(key);
    later(context, std::move(done), {});
}

// --- a private file ---

FileSecretStore::FileSecretStore(QString path, QObject *parent)
    : SecretStore(parent)
    , m_path(std::move(path))
{}

QString FileSecretStore::defaultPath()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation))
        .filePath(u"secrets.json"_s);
}

QString FileSecretStore::describe() const
{
    return u"the file %1, readable only by you"_s.arg(QDir::toNativeSeparators(m_path));
}

void FileSecretStore::read(const QString &key, QObject *context, Callback done)
{
    QFile file(m_path);
    if (!file.exists()) {
        later(context, std::move(done),
              {Status::NotFound, {}, u"No secret is stored for this account yet."_s});
        return;
    }
    if (!file.open(QIODevice::ReadOnly)) {
        later(context, std::move(done),
              {Status::Failed, {}, u"Cannot read %1: %2"_s.arg(m_path, file.errorString())});
        return;
    }
    const QJsonObject secrets = QJsonDocument::fromJson(file.readAll()).object();
    const QJsonValue secret = secrets.value(key);
    later(context, std::move(done),
          secret.isString()
              ? Result{Status::Ok, secret.toString(), {}}
              : Result{Status::NotFound, {}, u"No secret is stored for this account yet."_s});
}

SecretStore::Result FileSecretStore::change(const QString &key,
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

void FileSecretStore::write(const QString &key, const QString &secret, QObject *context,
                            Callback done)
{
    later(context, std::move(done), change(key, secret));
}

void FileSecretStore::remove(const QString &key, QObject *context, Callback done)
{
    later(context, std::move(done), change(key, std::nullopt));
}

} // namespace rw
