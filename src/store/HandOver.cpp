#include "store/HandOver.h"

#include "registrar/DomainName.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace rw::handOver {

namespace {

const QString launchVerb = u"launch"_s;
const QString addVerb = u"add"_s;

QJsonObject toJson(const WorkflowRef &workflow)
{
    QJsonObject object{{u"domain"_s, workflow.domain}, {u"kind"_s, kindName(workflow.kind)}};
    if (!workflow.account.id.isEmpty()) {
        object.insert(u"account_id"_s, workflow.account.id);
        object.insert(u"sandbox"_s, workflow.account.sandbox);
    }
    return object;
}

std::optional<WorkflowRef> fromJson(const QJsonObject &object)
{
    const auto domain = domain::normalise(object.value(u"domain").toString());
    const auto kind = kindFromName(object.value(u"kind").toString());
    const QString account = object.value(u"account_id").toString();
    if (!domain || !kind || (!account.isEmpty() && !AccountRef::idProblem(account).isEmpty()))
        return std::nullopt;
    return WorkflowRef{{account, object.value(u"sandbox").toBool()}, *domain, *kind};
}

} // namespace

QStringList launch(const QStringList &arguments)
{
    return QStringList{launchVerb} + arguments;
}

std::optional<QStringList> launchArguments(const QStringList &message)
{
    if (message.isEmpty() || message.first() != launchVerb)
        return std::nullopt;
    return message.mid(1);
}

QStringList add(const QList<WorkflowRef> &workflows)
{
    QJsonArray array;
    for (const WorkflowRef &workflow : workflows)
        array.append(toJson(workflow));
    return {addVerb, QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Compact))};
}

std::optional<QList<WorkflowRef>> workflowsOf(const QStringList &message)
{
    if (message.size() != 2 || message.first() != addVerb)
        return std::nullopt;
    QList<WorkflowRef> workflows;
    const QJsonArray array = QJsonDocument::fromJson(message.at(1).toUtf8()).array();
    for (const QJsonValue &value : array) {
        if (auto workflow = fromJson(value.toObject()))
            workflows.append(*workflow);
    }
    return workflows;
}

QByteArray toJsonLine(const WorkflowRef &workflow)
{
    return QJsonDocument(toJson(workflow)).toJson(QJsonDocument::Compact) + '\n';
}

std::optional<WorkflowRef> fromJsonLine(const QByteArray &line)
{
    return fromJson(QJsonDocument::fromJson(line).object());
}

} // namespace rw::handOver
