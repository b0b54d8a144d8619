#include "support/SimulatorFixture.h"

#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace rw::test {

QJsonObject baseScenario()
{
    return QJsonObject{
        {u"account_id"_s, testAccountId},
        {u"tokens"_s, QJsonArray{testToken}},
        {u"keys"_s, QJsonArray{QJsonObject{{u"email"_s, testEmail}, {u"key"_s, testKey}}}},
        {u"workflows"_s, QJsonArray()},
    };
}

QJsonObject workflowJson(const QString &domain, const QString &kind,
                         const QList<std::pair<double, QString>> &steps)
{
    QJsonArray stepArray;
    for (const auto &[at, state] : steps)
        stepArray.append(QJsonObject{{u"at_s"_s, at}, {u"state"_s, state}});
    return QJsonObject{{u"domain"_s, domain}, {u"kind"_s, kind}, {u"steps"_s, stepArray}};
}

QJsonObject stepJson(double at, const QString &state, const QJsonObject &extra)
{
    QJsonObject object = extra;
    object.insert(u"at_s"_s, at);
    object.insert(u"state"_s, state);
    return object;
}

QJsonObject contextStep(double at, const QString &state, const QJsonObject &context)
{
    return stepJson(at, state, {{u"context"_s, context}});
}

QJsonObject scenarioWorkflow(const QString &domain, const QJsonArray &steps, const QString &kind,
                             const QJsonArray &faults)
{
    QJsonObject object{{u"domain"_s, domain}, {u"kind"_s, kind}, {u"steps"_s, steps}};
    if (!faults.isEmpty())
        object.insert(u"faults"_s, faults);
    return object;
}

SimulatorFixture::SimulatorFixture(const QJsonObject &scenario)
{
    auto parsed = sim::Scenario::fromJson(QJsonDocument(scenario).toJson());
    if (!parsed) {
        m_error = parsed.error();
        return;
    }
    m_simulator = std::make_unique<sim::RegistrarSimulator>(std::move(parsed).value(), m_clock);
    m_listening = m_simulator->listen(0);
    if (!m_listening)
        m_error = u"the simulator could not listen on 127.0.0.1"_s;
}

} // namespace rw::test
