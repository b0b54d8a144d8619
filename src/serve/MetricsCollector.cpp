#include "serve/MetricsCollector.h"

#include "engine/EngineHost.h"
#include "registrar/AccountLabels.h"

namespace rw {

// The metrics helper fills this in; the lead's ground only fixes the interface.
struct MetricsCollector::Private
{
    EngineHost *host = nullptr;
    AccountLabels labels;
    const RegistrationNotices *notices = nullptr;
    bool storeWritable = true;
};

MetricsFormat metricsFormatFor(const QByteArray &acceptHeader)
{
    return acceptHeader.contains("application/openmetrics-text") ? MetricsFormat::OpenMetrics
                                                                 : MetricsFormat::Prometheus;
}

QByteArray metricsContentType(MetricsFormat format)
{
    return format == MetricsFormat::OpenMetrics
               ? QByteArrayLiteral("application/openmetrics-text; version=1.0.0; charset=utf-8")
               : QByteArrayLiteral("text/plain; version=0.0.4; charset=utf-8");
}

MetricsCollector::MetricsCollector(EngineHost *host, QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>())
{
    d->host = host;
}

MetricsCollector::~MetricsCollector() = default;

void MetricsCollector::setAccountLabels(const AccountLabels &labels)
{
    d->labels = labels;
}

void MetricsCollector::setRegistrationNotices(const RegistrationNotices *notices)
{
    d->notices = notices;
}

bool MetricsCollector::storeWritable() const
{
    return d->storeWritable;
}

QByteArray MetricsCollector::render(MetricsFormat format, const QDateTime &now) const
{
    Q_UNUSED(now);
    return format == MetricsFormat::OpenMetrics ? QByteArrayLiteral("# EOF\n") : QByteArray();
}

} // namespace rw
