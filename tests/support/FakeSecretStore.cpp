#include "support/FakeSecretStore.h"

#include <QPointer>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace rw::test {

const QString FakeSecretStore::missingKeychainMessage =
    u"The system keychain is not available: The name org.freedesktop.secrets was not provided "
    u"by any .service files"_s;

FakeSecretStore::FakeSecretStore(QString description, QObject *parent)
    : SecretStore(parent)
    , m_description(std::move(description))
{}

void FakeSecretStore::fail(Failing what, Status status, QString message)
{
    m_failing = what;
    m_failure = {status, {}, std::move(message)};
}

void FakeSecretStore::read(const QString &key, QObject *context, Callback done)
{
    handle(false, context, std::move(done), [this, key] {
        const auto it = m_secrets.constFind(key);
        return it == m_secrets.cend() ? Result{Status::NotFound, {}, u"Nothing stored."_s}
                                      : Result{Status::Ok, it.value(), {}};
    });
}

void FakeSecretStore::write(const QString &key, const QString &secret, QObject *context,
                            Callback done)
{
    handle(true, context, std::move(done), [this, key, secret] {
        m_secrets.insert(key, secret);
        return Result{};
    });
}

void FakeSecretStore::remove(const QString &key, QObject *context, Callback done)
{
    handle(true, context, std::move(done), [this, key] {
        m_secrets.remove(key);
        return Result{};
    });
}

void FakeSecretStore::handle(bool changes, QObject *context, Callback done,
                             std::function<Result()> operation)
{
    ++m_calls;
    // Decided when asked, as a keychain decides when its job starts.
    const bool failing =
        m_failing == Failing::Everything || (changes && m_failing == Failing::Writes);
    auto request = [this, failing, guard = QPointer<QObject>(context), done = std::move(done),
                    operation = std::move(operation)] {
        const Result result = failing ? m_failure : operation();
        if (guard)
            done(result);
    };
    if (m_hold)
        m_queue.append(std::move(request));
    else
        QTimer::singleShot(0, this, std::move(request));
}

bool FakeSecretStore::releaseOne()
{
    if (m_queue.isEmpty())
        return false;
    m_queue.takeFirst()();
    return true;
}

void FakeSecretStore::releaseAll()
{
    while (releaseOne()) {
    }
}

} // namespace rw::test
