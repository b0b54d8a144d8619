#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QObject>

#include <memory>

class QNetworkAccessManager;
class QNetworkReply;

namespace rw {

class AccountLabels;
class EngineHost;
class PollEngine;
class RegistrationNotices;

// The two text formats a Prometheus scraper may ask for: the classic exposition format
// (version 0.0.4) and OpenMetrics 1.0, chosen from the scrape's Accept header.
enum class MetricsFormat {
    Prometheus,
    OpenMetrics
};
[[nodiscard]] MetricsFormat metricsFormatFor(const QByteArray &acceptHeader);
[[nodiscard]] QByteArray metricsContentType(MetricsFormat format);

// What the team watcher shows Prometheus: every watched workflow, every account and credential,
// and the watcher's own health, as `/metrics` renders them (docs/METRICS.md names each series).
// It counts what happens between scrapes (requests by HTTP status, failed checks by kind, holds)
// from the host's engine and network, and reads the rest at the moment of the scrape. No secret
// is ever part of a series: credentials appear only as their budget key.
class MetricsCollector final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MetricsCollector)
public:
    explicit MetricsCollector(EngineHost *host, QObject *parent = nullptr);
    // An engine without a host (benchmarks on a fetcher in virtual time); requests are counted
    // only with a `network` (may be null), the one every request of the engine goes through.
    MetricsCollector(PollEngine *engine, QNetworkAccessManager *network, QObject *parent = nullptr);
    ~MetricsCollector() override;

    // The operator's names for accounts (the `account_label` label).
    void setAccountLabels(const AccountLabels &labels);
    // The registrations that need the operator without a workflow; may be null.
    void setRegistrationNotices(const RegistrationNotices *notices);

    // False once the store refused a write (the engine's storageError), true again after a write
    // went through: /readyz and `registrar_watch_store_writable` read it.
    [[nodiscard]] bool storeWritable() const;

    // The whole scrape, in `format`, as of `now`.
    [[nodiscard]] QByteArray render(MetricsFormat format, const QDateTime &now) const;

private:
    void countReply(QNetworkReply *reply);

    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace rw
