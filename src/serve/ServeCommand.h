#pragma once

#include "discovery/RegistrationNotices.h"
#include "serve/ServeConfig.h"

#include <QHttpServerResponse>
#include <QObject>
#include <QProcessEnvironment>

#include <memory>

class QHttpServer;
class QHttpServerRequest;

namespace rw {
class DiscoveryHost;
class EngineHost;
class MetricsCollector;
} // namespace rw

namespace rw::serve {

// `registrar-watch-serve --config FILE`: the team's one watcher. It runs the engine, store and
// policy of the desktop and `watch` on the accounts and domains of its configuration file,
// watches whole accounts where asked, and shows what it sees on /metrics for Prometheus, with
// /healthz and /readyz beside it. SIGHUP reads the file again; SIGTERM and SIGINT stop it.
class ServeCommand final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ServeCommand)
public:
    // The whole program: parses the arguments, runs until a signal stops it, returns the exit
    // status (0 stopped cleanly, 1 could not start, 2 usage or configuration).
    static int run(const QStringList &arguments, const QProcessEnvironment &environment);

    ServeCommand(ServeConfig config, QProcessEnvironment environment, QObject *parent = nullptr);
    ~ServeCommand() override;

    // Opens the store, starts watching and listens; an error sentence when it cannot.
    [[nodiscard]] std::optional<QString> start();
    // Reads the configuration file again and applies what changed; a file with problems leaves
    // the running configuration as it is.
    void reload();

private:
    void apply(const ServeConfig &next, const ServeConfig *previous);
    [[nodiscard]] QHttpServerResponse metrics(const QHttpServerRequest &request) const;
    [[nodiscard]] QHttpServerResponse ready(const QHttpServerRequest &request) const;
    [[nodiscard]] static std::optional<QHttpServerResponse>
    refused(const QHttpServerRequest &request);

    ServeConfig m_config;
    QProcessEnvironment m_environment;
    std::unique_ptr<EngineHost> m_host;
    RegistrationNotices m_notices;
    std::unique_ptr<DiscoveryHost> m_discovery;
    std::unique_ptr<MetricsCollector> m_metrics;
    std::unique_ptr<QHttpServer> m_http;
};

} // namespace rw::serve
