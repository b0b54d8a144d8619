#include "settings/MemorySecretStore.h"

using namespace Qt::StringLiterals;

namespace rw {

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
    deliverLater(context, std::move(done),
                 it == m_secrets.cend()
                     ? Result{Status::NotFound, {}, u"No secret is stored for this account yet."_s}
                     : Result{Status::Ok, it.value(), {}});
}

void MemorySecretStore::write(const QString &key, const QString &secret, QObject *context,
                              Callback done)
{
    m_secrets.insert(key, secret);
    deliverLater(context, std::move(done), {});
}

void MemorySecretStore::remove(const QString &key, QObject *context, Callback done)
{
    m_secrets.remove(key);
    deliverLater(context, std::move(done), {});
}

} // namespace rw
