#pragma once

#include "common/Expected.h"
#include "net/RateLimit.h"
#include "registrar/Workflow.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QStringList>

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
    QString account; // one of Scenario::accounts(); the first when the file does not say
    QString domain;  // ASCII form
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
    QStringList accounts;            // the accounts it may use; empty: every account
};

struct ScenarioKey
{
    QString email;
    QString key;
};

// A registration's status from a point of the timeline on (e.g. "expired" after a minute).
struct ScenarioStatusStep
{
    double atSeconds = 0;
    QString status;
};

struct ScenarioRegistration
{
    QString account; // as ScenarioWorkflow::account
    QString domain;
    QString status = QStringLiteral("active"); // until the first of `steps`
    QList<ScenarioStatusStep> steps;
    std::optional<double> expiresInDays; // from the start; else two years after it was created
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
    QString accountId;           // the first account: what workflows belong to unless they say
    QStringList otherAccountIds; // more accounts the same credentials may reach
    QList<ScenarioToken> tokens;
    QList<ScenarioKey> keys;
    double timeScale = 1.0;
    ScenarioRateLimit rateLimit;
    QList<ScenarioWorkflow> workflows;
    QList<ScenarioRegistration> registrations;
    QList<ScenarioStep> updateSteps; // played by the update workflow a PATCH starts

    [[nodiscard]] QStringList accounts() const { return QStringList{accountId} + otherAccountIds; }

    // Reads and checks a scenario; the error names the offending field by its JSON path.
    [[nodiscard]] static Expected<Scenario> fromJson(const QByteArray &json);
    [[nodiscard]] static Expected<Scenario> fromFile(const QString &path);
    // The built-in demo scenario (resources/scenarios/demo.json).
    [[nodiscard]] static Scenario demo();
};

} // namespace rw::sim
