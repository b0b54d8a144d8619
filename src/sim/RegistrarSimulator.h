#pragma once

#include "common/Clock.h"
#include "sim/Scenario.h"
#include "sim/ScenarioPlayer.h"
#include "sim/SlidingWindowLimiter.h"

#include <QHash>
#include <QObject>
#include <QUrl>

#include <map>
#include <memory>
#include <tuple>

class QHttpServer;
class QHttpServerRequest;
class QHttpServerResponder;

namespace rw::sim {

// A registrar that plays a Scenario over real HTTP on 127.0.0.1, with Cloudflare's envelope,
// credential checks, rate limit and headers. Serves under /client/v4; GET /__sim/stats reports
// what it saw. docs/simulator.md lists every endpoint and answer.
class RegistrarSimulator final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RegistrarSimulator)
public:
    explicit RegistrarSimulator(Scenario scenario, const Clock &clock = SystemClock::instance(),
                                QObject *parent = nullptr);
    ~RegistrarSimulator() override;

    // Starts serving on 127.0.0.1 (port 0: chosen by the OS). The scenario's clock starts here.
    [[nodiscard]] bool listen(quint16 port = 0);
    [[nodiscard]] quint16 port() const { return m_port; }
    [[nodiscard]] QUrl baseUrl() const; // http://127.0.0.1:PORT/client/v4
    [[nodiscard]] const Scenario &scenario() const { return m_player.scenario(); }
    [[nodiscard]] QJsonObject stats() const;

private:
    using Answer = ScenarioPlayer::Answer;
    struct Route;
    struct Caller;

    void handle(const QHttpServerRequest &request, QHttpServerResponder &&responder,
                const Route &route);
    [[nodiscard]] Answer answer(const QHttpServerRequest &request, const Route &route,
                                const QDateTime &now);
    [[nodiscard]] std::variant<Caller, Answer> authenticate(const QHttpServerRequest &request,
                                                            const QDateTime &now) const;
    [[nodiscard]] Answer tokenVerify(const Caller &caller, const QDateTime &now) const;
    void send(QHttpServerResponder &&responder, Answer answer);

    ScenarioPlayer m_player;
    const Clock &m_clock;
    QHttpServer *m_server;
    quint16 m_port = 0;
    // Cloudflare's limit is per user: one limiter per credential that requests carry, by a
    // digest of it (never the credential itself); "" for requests without one.
    struct CredentialLimit
    {
        SlidingWindowLimiter limiter;
        qint64 requests = 0;
        qint64 rateLimited = 0;
    };
    [[nodiscard]] CredentialLimit &limitFor(const QHttpServerRequest &request);
    std::map<QByteArray, CredentialLimit> m_limits;

    // Answers held back by a fault's delay_ms, released by a timer.
    struct Delayed;
    std::map<quint64, std::unique_ptr<Delayed>> m_delayed;
    quint64 m_nextDelayedId = 0;

    qint64 m_requestsTotal = 0;
    qint64 m_rateLimited = 0;
    QHash<QString, qint64> m_byEndpoint;
    // (account, sandbox, domain, kind) -> status requests received
    std::map<std::tuple<QString, bool, QString, WorkflowKind>, qint64> m_statusRequests;
};

} // namespace rw::sim
