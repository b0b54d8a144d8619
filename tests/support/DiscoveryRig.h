#pragma once

// What the discovery tests share: the HTTP simulator on a virtual clock, an engine asking it,
// and a way to move time on while every request comes back over the wire.

#include "discovery/DiscoveryAccount.h"
#include "engine/ClientStatusFetcher.h"
#include "engine/PollEngine.h"
#include "support/SimulatorFixture.h"

#include <QJsonArray>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTest>

namespace rw::test {

inline WorkflowRef foundRef(const QString &domain, WorkflowKind kind)
{
    return {{testAccountId, false}, domain, kind};
}

// {"domain", "status", "auto_renew", "expires_in_days"}
inline QJsonObject registrationJson(const QString &domain,
                                    const QString &status = QStringLiteral("active"),
                                    bool autoRenew = true, int expiresInDays = 300)
{
    return QJsonObject{{QStringLiteral("domain"), domain},
                       {QStringLiteral("status"), status},
                       {QStringLiteral("auto_renew"), autoRenew},
                       {QStringLiteral("expires_in_days"), expiresInDays}};
}

inline QJsonObject discoveryScenario(const QJsonArray &registrations,
                                     const QJsonArray &workflows = {})
{
    QJsonObject scenario = baseScenario();
    scenario.insert(QStringLiteral("registrations"), registrations);
    scenario.insert(QStringLiteral("workflows"), workflows);
    // A PATCH's update runs long enough to be found by a sweep.
    scenario.insert(
        QStringLiteral("update_steps"),
        QJsonArray{QJsonObject{{QStringLiteral("at_s"), 0},
                               {QStringLiteral("state"), QStringLiteral("in_progress")}},
                   QJsonObject{{QStringLiteral("at_s"), 3600},
                               {QStringLiteral("state"), QStringLiteral("succeeded")}}});
    return scenario;
}

// A budget of ten requests a second: the listing gets one a second, the sweep five.
inline PollSettings smallBudget()
{
    PollSettings settings;
    settings.budgetRequests = 600;
    settings.budgetWindow = std::chrono::seconds(60);
    return settings;
}

struct DiscoveryRig
{
    explicit DiscoveryRig(const QJsonObject &scenario, const PollSettings &settings = smallBudget())
        : sim(scenario)
        , fetcher(&network, sim.clock())
        , engine(&fetcher, sim.clock(), settings)
    {
        if (!sim.isListening())
            qFatal("simulator: %s", qPrintable(sim.error()));
        config.base = ApiBase::fromUrl(sim.baseUrl()).value();
        config.credentials = Credentials::apiToken(testToken);
        fetcher.setDefaultConfig(config);
        engine.setJitterSource([] { return 0.0; });
    }

    [[nodiscard]] DiscoveryAccount account(std::chrono::minutes listEvery = std::chrono::minutes(1))
    {
        return {{testAccountId, false}, config, true, listEvery, std::chrono::days(30)};
    }

    // Moves the clock on by `span`, letting every request come back over the wire first.
    void run(std::chrono::milliseconds span)
    {
        ManualClock &clock = sim.clock();
        const QDateTime until = clock.now().addMSecs(span.count());
        while (true) {
            if (!QTest::qWaitFor(
                    [this] { return engine.accountStatus(testAccountId).inFlight == 0; }, 10000))
                qFatal("a request did not come back");
            const QDateTime next = clock.nextAlarm();
            if (!next.isValid() || next > until)
                break;
            clock.advanceTo(next);
        }
        clock.advanceTo(until);
        if (!QTest::qWaitFor([this] { return engine.accountStatus(testAccountId).inFlight == 0; },
                             10000))
            qFatal("a request did not come back");
    }

    // An update started elsewhere, as the dashboard would: PATCH the registration.
    void startUpdate(const QString &domain)
    {
        QNetworkRequest request(QUrl(sim.baseUrl().toString() + QStringLiteral("/accounts/") +
                                     testAccountId + QStringLiteral("/registrar/registrations/") +
                                     domain));
        request.setRawHeader("Authorization", "Bearer " + testToken.toUtf8());
        request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
        QNetworkReply *reply =
            network.sendCustomRequest(request, "PATCH", R"({"auto_renew":false})");
        if (!QTest::qWaitFor([reply] { return reply->isFinished(); }, 10000))
            qFatal("the PATCH did not come back");
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        reply->deleteLater();
        if (status != 200 && status != 202)
            qFatal("the PATCH got %d", status);
    }

    [[nodiscard]] const TrackedWorkflow *tracked(const QString &domain, WorkflowKind kind) const
    {
        const auto id = engine.find(foundRef(domain, kind));
        return id ? engine.workflow(*id) : nullptr;
    }

    SimulatorFixture sim;
    QNetworkAccessManager network;
    ClientStatusFetcher fetcher;
    ClientConfig config;
    PollEngine engine;
};

} // namespace rw::test
