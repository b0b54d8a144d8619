#include "platform/SystemWatcher.h"

#include "common/Logging.h"

#include <QNetworkInformation>

using namespace Qt::StringLiterals;

namespace rw {

SystemWatcher::SystemWatcher(QDBusConnection bus, QObject *parent)
    : QObject(parent)
    , m_bus(std::move(bus))
{
    if (m_bus.isConnected()) {
        m_bus.connect(QString::fromLatin1(login1Service), QString::fromLatin1(login1Path),
                      QString::fromLatin1(login1Interface), u"PrepareForSleep"_s, this,
                      SLOT(onPrepareForSleep(bool)));
    }
    if (QNetworkInformation::loadBackendByFeatures(QNetworkInformation::Feature::Reachability)) {
        QNetworkInformation *network = QNetworkInformation::instance();
        connect(network, &QNetworkInformation::reachabilityChanged, this,
                [this](QNetworkInformation::Reachability reachability) {
                    if (reachability == QNetworkInformation::Reachability::Online) {
                        qCInfo(lcPlatform) << "the network is back";
                        emit networkRestored();
                    }
                });
    }
}

void SystemWatcher::onPrepareForSleep(bool sleeping)
{
    if (sleeping)
        return;
    qCInfo(lcPlatform) << "the computer woke from sleep";
    emit woke();
}

} // namespace rw
