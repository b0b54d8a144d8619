#include "settings/KeychainSecretStore.h"

#include <QPointer>
#include <qt6keychain/keychain.h>

using namespace Qt::StringLiterals;

namespace rw {

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

} // namespace rw
