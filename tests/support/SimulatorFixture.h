#pragma once

#include "sim/RegistrarSimulator.h"
#include "support/ManualClock.h"

#include <QJsonArray>
#include <QJsonObject>

#include <memory>

namespace rw::test {

inline const QString testAccountId = QStringLiteral("023e105f4ecef8ad9ca31a8372d0c353");
inline const QString testToken = QStringLiteral("test-token");
inline const QString testEmail = QStringLiteral("ops@example.com");
inline const QString testKey = QStringLiteral("test-global-key");

// A scenario to start from: the test account, one token, one key, no workflows.
[[nodiscard]] QJsonObject baseScenario();
// {"domain": d, "kind": k, "steps": [...]} with steps given as (at_s, state) pairs.
[[nodiscard]] QJsonObject workflowJson(const QString &domain, const QString &kind,
                                       const QList<std::pair<double, QString>> &steps);

// One scenario step: {"at_s", "state"} and whatever `extra` adds ("context", "error").
[[nodiscard]] QJsonObject stepJson(double at, const QString &state, const QJsonObject &extra = {});
// A step that carries a `context`, the commonest extra.
[[nodiscard]] QJsonObject contextStep(double at, const QString &state, const QJsonObject &context);
// {"domain", "kind", "steps"}, and "faults" when there are any.
[[nodiscard]] QJsonObject scenarioWorkflow(const QString &domain, const QJsonArray &steps,
                                           const QString &kind = QStringLiteral("update"),
                                           const QJsonArray &faults = {});

// The simulator on 127.0.0.1 with an OS-chosen port, on a manual clock.
class SimulatorFixture
{
public:
    explicit SimulatorFixture(const QJsonObject &scenario);
    [[nodiscard]] sim::RegistrarSimulator &simulator() { return *m_simulator; }
    [[nodiscard]] ManualClock &clock() { return m_clock; }
    [[nodiscard]] QUrl baseUrl() const { return m_simulator->baseUrl(); }
    [[nodiscard]] bool isListening() const { return m_listening; }
    [[nodiscard]] const QString &error() const { return m_error; }

private:
    ManualClock m_clock;
    std::unique_ptr<sim::RegistrarSimulator> m_simulator;
    bool m_listening = false;
    QString m_error;
};

} // namespace rw::test
