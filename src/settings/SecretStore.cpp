#include "settings/SecretStore.h"

#include <QTimer>

using namespace Qt::StringLiterals;

namespace rw {

QString SecretStore::keyFor(const QString &accountId, bool globalApiKey)
{
    return u"%1/%2"_s.arg(accountId, globalApiKey ? u"global-api-key"_s : u"api-token"_s);
}

void SecretStore::deliverLater(QObject *context, Callback done, Result result)
{
    QTimer::singleShot(0, context,
                       [done = std::move(done), result = std::move(result)] { done(result); });
}

} // namespace rw
