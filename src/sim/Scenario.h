#pragma once

#include "common/Expected.h"
#include "net/RateLimit.h"
#include "registrar/Workflow.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>

#include <optional>

namespace rw::sim {

// What the simulator plays, read from a scenario file. docs/scenario-format.md describes the
// format; every field below corresponds to one there.

struct ScenarioStep
{
    double atSeconds = 0; // from the workflow's origin, in scenario seconds (see timeScale)
    QString state;        // sent verbatim, so unknown states can be played too
    QJsonObject context;
    QJsonValue error; // null, or {code, message}
};

struct ScenarioFault
{
    int onRequest = 0; // the Nth status request for this workflow, counting from 1
    int status = 0;    // 0: the normal answer's status
    std::optional<int> retryAfterSeconds;
    std::optional<QByteArray> body;
    int delayMs = 0;
    HttpHeaders headers;
};

struct ScenarioWorkflow
{
    QString domain; // ASCII form
    WorkflowKind kind = WorkflowKind::Update;
    bool sandbox = false;
    QList<ScenarioStep> steps;
    QList<ScenarioFault> faults;
};

struct ScenarioToken
{
    QString value;
    QString status = QStringLiteral("active");
    QDateTime expiresOn;
    bool registrarPermission = true; // false: registrar paths answer 403 "Authentication error"
};

struct ScenarioKey
{
    QString email;
    QString key;
};

struct ScenarioRegistration
{
    QString domain;
    QString status = QStringLiteral("active");
    bool autoRenew = true;
    bool locked = true;
    QString privacyMode = QStringLiteral("redaction");
    bool sandbox = false;
};

struct ScenarioRateLimit
{
    int requests = 1200;
    int windowSeconds = 300;
    int blockSeconds = 300;
};

struct Scenario
{
    QString accountId;
    QList<ScenarioToken> tokens;
    QList<ScenarioKey> keys;
    double timeScale = 1.0;
    ScenarioRateLimit rateLimit;
    QList<ScenarioWorkflow> workflows;
    QList<ScenarioRegistration> registrations;
    QList<ScenarioStep> updateSteps; // played by the update workflow a PATCH starts

    // Reads and checks a scenario; the error names the offending field by its JSON path.
    [[nodiscard]] static Expected<Scenario> fromJson(const QByteArray &json);
    [[nodiscard]] static Expected<Scenario> fromFile(const QString &path);
    // The built-in demo scenario (resources/scenarios/demo.json).
    [[nodiscard]] static Scenario demo();
};

} // namespace rw::sim
