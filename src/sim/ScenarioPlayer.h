#pragma once

#include "net/RateLimit.h"
#include "registrar/WorkflowRef.h"
#include "sim/Scenario.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>

#include <vector>

class QUrlQuery;

namespace rw::sim {

// Plays a scenario's workflows and registrations on a timeline and answers what the registrar
// endpoints would answer, with Cloudflare's envelope: everything about the simulator except
// HTTP, credentials and the rate limit. The HTTP simulator and the in-process fetcher used by
// virtual-time tests and benchmarks both play scenarios through it.
class ScenarioPlayer
{
public:
    struct Answer
    {
        int status = 200;
        QByteArray body;
        QByteArray contentType = "application/json";
        HttpHeaders headers;
        int delayMs = 0;
    };
    struct Transition
    {
        QDateTime at;
        QString state;
    };

    explicit ScenarioPlayer(Scenario scenario);

    // The timeline starts: steps count from here.
    void start(const QDateTime &now);
    [[nodiscard]] const Scenario &scenario() const { return m_scenario; }
    [[nodiscard]] QDateTime startedAt() const { return m_start; }

    // GET .../{kind}-status: counts the request and applies the workflow's faults.
    // Each takes the account of the path; one the scenario does not have has nothing.
    [[nodiscard]] Answer workflowStatus(const AccountRef &account, const QString &domain,
                                        WorkflowKind kind, const QDateTime &now);
    [[nodiscard]] Answer registrationList(const AccountRef &account, const QUrlQuery &query,
                                          const QDateTime &now) const;
    [[nodiscard]] Answer registration(const AccountRef &account, const QString &domain,
                                      const QDateTime &now) const;
    [[nodiscard]] Answer updateRegistration(const AccountRef &account, const QString &domain,
                                            const QByteArray &requestBody, bool respondAsync,
                                            const QDateTime &now);
    [[nodiscard]] Answer tokenVerify(const ScenarioToken &token, const QDateTime &now) const;

    // Per workflow: requests so far and the current state (for /__sim/stats).
    [[nodiscard]] QJsonArray workflowStats(const QDateTime &now) const;
    // When the scenario's Nth workflow enters each of its states (for measuring detection).
    [[nodiscard]] QList<Transition> timeline(qsizetype index) const;

    [[nodiscard]] static QByteArray failureBody(int code, const QString &message,
                                                const QString &pointer = {});
    [[nodiscard]] static QString reasonPhrase(int status);

private:
    struct LiveWorkflow
    {
        ScenarioWorkflow spec;
        QDateTime origin; // when step times count from: the start, or the PATCH that began it
        int statusRequests = 0;
        std::optional<bool> autoRenew; // what a PATCH asked for, applied once it succeeds
    };

    [[nodiscard]] std::optional<QJsonObject> statusJson(const LiveWorkflow &workflow,
                                                        const QDateTime &now) const;
    [[nodiscard]] QList<QJsonObject> registrationsJson(const AccountRef &account,
                                                       const QDateTime &now) const;
    [[nodiscard]] QString registrationStatus(const ScenarioRegistration &registration,
                                             const QDateTime &now) const;
    [[nodiscard]] QDateTime stepTime(const LiveWorkflow &workflow, double atSeconds) const;
    [[nodiscard]] const ScenarioStep *currentStep(const LiveWorkflow &workflow,
                                                  const QDateTime &now) const;
    [[nodiscard]] LiveWorkflow *findWorkflow(const AccountRef &account, const QString &domain,
                                             WorkflowKind kind);
    [[nodiscard]] const LiveWorkflow *findWorkflow(const AccountRef &account, const QString &domain,
                                                   WorkflowKind kind) const;

    Scenario m_scenario;
    QDateTime m_start;
    std::vector<LiveWorkflow> m_workflows;
    // (account, domain, kind) -> position in m_workflows.
    QHash<WorkflowRef, size_t> m_positions;
};

} // namespace rw::sim
