#include "sim/ScenarioPlayer.h"

#include "common/Json.h"
#include "common/Logging.h"
#include "registrar/ApiPaths.h"
#include "registrar/DomainName.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QUrlQuery>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace rw::sim {

namespace {

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QByteArray successBody(const QJsonValue &result, const QJsonArray &messages = {},
                       const QJsonObject &resultInfo = {})
{
    QJsonObject envelope{{u"success"_s, true},
                         {u"errors"_s, QJsonArray()},
                         {u"messages"_s, messages},
                         {u"result"_s, result}};
    if (!resultInfo.isEmpty())
        envelope.insert(u"result_info"_s, resultInfo);
    return compact(envelope);
}

QByteArray failureBodyFor(int code, const QString &message, const QString &pointer = {})
{
    QJsonObject error{{u"code"_s, code}, {u"message"_s, message}};
    if (!pointer.isEmpty())
        error.insert(u"source"_s, QJsonObject{{u"pointer"_s, pointer}});
    return compact(QJsonObject{{u"success"_s, false},
                               {u"errors"_s, QJsonArray{error}},
                               {u"messages"_s, QJsonArray()},
                               {u"result"_s, QJsonValue::Null}});
}

QString reasonPhraseFor(int status)
{
    switch (status) {
    case 400:
        return u"Bad Request"_s;
    case 401:
        return u"Unauthorized"_s;
    case 403:
        return u"Forbidden"_s;
    case 404:
        return u"Not Found"_s;
    case 408:
        return u"Request Timeout"_s;
    case 409:
        return u"Conflict"_s;
    case 429:
        return u"Please wait and consider throttling your request speed"_s;
    case 500:
        return u"Internal Server Error"_s;
    case 502:
        return u"Bad Gateway"_s;
    case 503:
        return u"Service Unavailable"_s;
    case 504:
        return u"Gateway Timeout"_s;
    default:
        return u"HTTP %1"_s.arg(status);
    }
}

bool looksLikeJson(const QByteArray &body)
{
    const QByteArray trimmed = body.trimmed();
    return trimmed.startsWith('{') || trimmed.startsWith('[');
}

} // namespace

QByteArray ScenarioPlayer::failureBody(int code, const QString &message, const QString &pointer)
{
    return failureBodyFor(code, message, pointer);
}

QString ScenarioPlayer::reasonPhrase(int status)
{
    return reasonPhraseFor(status);
}

ScenarioPlayer::ScenarioPlayer(Scenario scenario)
    : m_scenario(std::move(scenario))
{
    for (const ScenarioWorkflow &workflow : std::as_const(m_scenario.workflows)) {
        m_positions.insert({{workflow.account, workflow.sandbox}, workflow.domain, workflow.kind},
                           m_workflows.size());
        m_workflows.push_back({workflow, {}, 0, std::nullopt});
    }
}

void ScenarioPlayer::start(const QDateTime &now)
{
    m_start = now;
    for (LiveWorkflow &workflow : m_workflows)
        workflow.origin = now;
}

QDateTime ScenarioPlayer::stepTime(const LiveWorkflow &workflow, double atSeconds) const
{
    return workflow.origin.addMSecs(qint64(atSeconds / m_scenario.timeScale * 1000.0));
}

const ScenarioStep *ScenarioPlayer::currentStep(const LiveWorkflow &workflow,
                                                const QDateTime &now) const
{
    const ScenarioStep *current = nullptr;
    for (const ScenarioStep &step : workflow.spec.steps) {
        if (stepTime(workflow, step.atSeconds) > now)
            break;
        current = &step;
    }
    return current;
}

const ScenarioPlayer::LiveWorkflow *ScenarioPlayer::findWorkflow(const AccountRef &account,
                                                                 const QString &domain,
                                                                 WorkflowKind kind) const
{
    const auto it = m_positions.constFind({account, domain, kind});
    return it == m_positions.cend() ? nullptr : &m_workflows.at(it.value());
}

ScenarioPlayer::LiveWorkflow *ScenarioPlayer::findWorkflow(const AccountRef &account,
                                                           const QString &domain, WorkflowKind kind)
{
    return const_cast<LiveWorkflow *>(std::as_const(*this).findWorkflow(account, domain, kind));
}

std::optional<QJsonObject> ScenarioPlayer::statusJson(const LiveWorkflow &workflow,
                                                      const QDateTime &now) const
{
    const ScenarioStep *step = currentStep(workflow, now);
    if (!step)
        return std::nullopt; // not started yet: the API has no workflow to show
    const ScenarioWorkflow &spec = workflow.spec;
    const AccountRef account{spec.account, spec.sandbox};
    const QString resource = registrationPath(account, spec.domain);
    QJsonObject context = step->context;
    if (!context.contains(u"domain_name"))
        context.insert(u"domain_name"_s, spec.domain);
    const WorkflowState state = stateFromName(step->state);
    if (spec.kind == WorkflowKind::Registration && state == WorkflowState::Succeeded &&
        !context.contains(u"registration")) {
        const QList<QJsonObject> registrations = registrationsJson(account, now);
        for (const QJsonObject &registration : registrations) {
            if (registration.value(u"domain_name").toString() == spec.domain)
                context.insert(u"registration"_s, registration);
        }
    }
    return QJsonObject{
        {u"state"_s, step->state},
        {u"completed"_s, isTerminal(state)},
        {u"created_at"_s, json::formatDateTime(stepTime(workflow, spec.steps.first().atSeconds))},
        {u"updated_at"_s, json::formatDateTime(stepTime(workflow, step->atSeconds))},
        {u"links"_s,
         QJsonObject{{u"self"_s, QString(resource + u'/' + statusPathSegment(spec.kind))},
                     {u"resource"_s, resource}}},
        {u"context"_s, context},
        {u"error"_s, step->error},
    };
}

ScenarioPlayer::Answer ScenarioPlayer::workflowStatus(const AccountRef &account,
                                                      const QString &domainText, WorkflowKind kind,
                                                      const QDateTime &now)
{
    // Like the registration paths, the status paths take a domain in any form.
    const auto normalised = domain::normalise(domainText);
    if (!normalised)
        return {400, failureBody(10000, u"Invalid domain name"_s)};
    const QString domain = normalised.value();
    const QString noWorkflow = u"No workflow found for %1"_s.arg(domain);
    LiveWorkflow *workflow = findWorkflow(account, domain, kind);
    if (!workflow)
        return {404, failureBody(10000, noWorkflow)};
    ++workflow->statusRequests;
    const auto status = statusJson(*workflow, now);
    Answer reply =
        status ? Answer{200, successBody(*status)} : Answer{404, failureBody(10000, noWorkflow)};

    for (const ScenarioFault &fault : std::as_const(workflow->spec.faults)) {
        if (fault.onRequest != workflow->statusRequests)
            continue;
        if (fault.status)
            reply.status = fault.status;
        if (fault.body) {
            reply.body = *fault.body;
            reply.contentType =
                looksLikeJson(reply.body) ? "application/json" : "text/html; charset=utf-8";
        } else if (fault.status >= 300 && fault.status < 400) {
            reply.body.clear();
            reply.contentType = "text/plain";
        } else if (fault.status >= 400) {
            reply.body = failureBody(fault.status == 429 ? 971 : 10000, reasonPhrase(fault.status));
        }
        if (fault.retryAfterSeconds)
            reply.headers.append({"Retry-After", QByteArray::number(*fault.retryAfterSeconds)});
        reply.headers.append(fault.headers);
        reply.delayMs = fault.delayMs;
        qCInfo(lcSim).noquote() << "fault on request" << fault.onRequest << "for" << kindName(kind)
                                << domain;
        break;
    }
    return reply;
}

QString ScenarioPlayer::registrationStatus(const ScenarioRegistration &registration,
                                           const QDateTime &now) const
{
    QString status = registration.status;
    for (const ScenarioStatusStep &step : registration.steps) {
        if (m_start.addMSecs(qint64(step.atSeconds / m_scenario.timeScale * 1000.0)) > now)
            break;
        status = step.status;
    }
    return status;
}

QList<QJsonObject> ScenarioPlayer::registrationsJson(const AccountRef &account,
                                                     const QDateTime &now) const
{
    const bool sandbox = account.sandbox;
    // What a succeeded PATCH set, if anything: the latest word on auto_renew.
    const auto patchedAutoRenew = [&](const QString &domain) -> std::optional<bool> {
        const LiveWorkflow *update = findWorkflow(account, domain, WorkflowKind::Update);
        if (!update || !update->autoRenew)
            return std::nullopt;
        const ScenarioStep *step = currentStep(*update, now);
        if (!step || stateFromName(step->state) != WorkflowState::Succeeded)
            return std::nullopt;
        return update->autoRenew;
    };

    QList<QJsonObject> list;
    QSet<QString> listed;
    // Registrations named in the scenario: registered long before the simulator started.
    for (qsizetype i = 0; i < m_scenario.registrations.size(); ++i) {
        const ScenarioRegistration &registration = m_scenario.registrations.at(i);
        if (registration.sandbox != sandbox || registration.account != account.id)
            continue;
        // Registered in the past, a week apart (spread over 350 days when there are many), so
        // that sorting by creation means something.
        const qsizetype count = m_scenario.registrations.size();
        const qint64 apartSeconds = count <= 50 ? 7 * 86400 : 350 * 86400 / count;
        const QDateTime created = m_start.addSecs(-400 * 86400 + apartSeconds * i);
        const QDateTime expires =
            registration.expiresInDays
                ? m_start.addMSecs(qint64(*registration.expiresInDays * 86400.0 * 1000.0))
                : created.addYears(2);
        list.append({{u"domain_name"_s, registration.domain},
                     {u"status"_s, registrationStatus(registration, now)},
                     {u"created_at"_s, json::formatDateTime(created)},
                     {u"expires_at"_s, json::formatDateTime(expires)},
                     {u"auto_renew"_s,
                      patchedAutoRenew(registration.domain).value_or(registration.autoRenew)},
                     {u"privacy_mode"_s, registration.privacyMode},
                     {u"locked"_s, registration.locked}});
        listed.insert(registration.domain);
    }
    // Domains with workflows: registered when their first workflow started. A registration or
    // a transfer in that has not succeeded is pending; a failed one is not ours.
    for (const LiveWorkflow &workflow : m_workflows) {
        const QString &domain = workflow.spec.domain;
        if (workflow.spec.sandbox != sandbox || workflow.spec.account != account.id ||
            listed.contains(domain))
            continue;
        QDateTime created;
        QString status = u"active"_s;
        bool exists = true;
        for (const WorkflowKind kind :
             {WorkflowKind::Registration, WorkflowKind::Update, WorkflowKind::TransferIn}) {
            const LiveWorkflow *found = findWorkflow(account, domain, kind);
            if (!found)
                continue;
            const LiveWorkflow &other = *found;
            const ScenarioStep *step = currentStep(other, now);
            if (!step)
                continue;
            const QDateTime started = stepTime(other, other.spec.steps.first().atSeconds);
            if (!created.isValid() || started < created)
                created = started;
            const WorkflowState state = stateFromName(step->state);
            if (other.spec.kind == WorkflowKind::Registration && state != WorkflowState::Succeeded)
                status = u"registration_pending"_s;
            if (other.spec.kind == WorkflowKind::TransferIn && state != WorkflowState::Succeeded)
                status = u"transfer_pending"_s;
            if (other.spec.kind != WorkflowKind::Update && state == WorkflowState::Failed)
                exists = false;
        }
        if (!created.isValid() || !exists)
            continue;
        const bool pending = status == u"registration_pending";
        list.append(
            {{u"domain_name"_s, domain},
             {u"status"_s, status},
             {u"created_at"_s, json::formatDateTime(created)},
             {u"expires_at"_s, pending ? QJsonValue(QJsonValue::Null)
                                       : QJsonValue(json::formatDateTime(created.addYears(1)))},
             {u"auto_renew"_s, patchedAutoRenew(domain).value_or(true)},
             {u"privacy_mode"_s, u"redaction"_s},
             {u"locked"_s, true}});
        listed.insert(domain);
    }
    return list;
}

ScenarioPlayer::Answer ScenarioPlayer::registrationList(const AccountRef &account,
                                                        const QUrlQuery &query,
                                                        const QDateTime &now) const
{
    int perPage = 20;
    if (query.hasQueryItem(u"per_page"_s)) {
        bool ok = false;
        perPage = query.queryItemValue(u"per_page"_s).toInt(&ok);
        if (!ok || perPage < 1 || perPage > 50)
            return {400, failureBody(10000, u"per_page must be an integer from 1 to 50"_s,
                                     u"/per_page"_s)};
    }
    const QString direction = query.queryItemValue(u"direction"_s);
    if (!direction.isEmpty() && direction != u"asc" && direction != u"desc")
        return {400, failureBody(10000, u"direction must be asc or desc"_s, u"/direction"_s)};
    const QString sortBy = query.queryItemValue(u"sort_by"_s);
    if (!sortBy.isEmpty() && sortBy != u"registry_created_at" && sortBy != u"registry_expires_at" &&
        sortBy != u"name")
        return {400, failureBody(10000,
                                 u"sort_by must be registry_created_at, "
                                 u"registry_expires_at or name"_s,
                                 u"/sort_by"_s)};
    qsizetype offset = 0;
    const QString cursor = query.queryItemValue(u"cursor"_s, QUrl::FullyDecoded);
    if (!cursor.isEmpty()) {
        const auto decoded = QByteArray::fromBase64Encoding(
            cursor.toLatin1(),
            QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
        const QJsonObject state = QJsonDocument::fromJson(decoded.decoded).object();
        const double o = state.value(u"o").toDouble(-1);
        if (!decoded || !state.value(u"o").isDouble() || o < 0 || o > 1e9 || o != std::floor(o))
            return {400, failureBody(10000, u"Invalid pagination cursor"_s)};
        offset = qsizetype(o);
    }

    QList<QJsonObject> all = registrationsJson(account, now);
    const QString key = sortBy == u"name"                  ? u"domain_name"_s
                        : sortBy == u"registry_expires_at" ? u"expires_at"_s
                                                           : u"created_at"_s;
    std::stable_sort(all.begin(), all.end(), [&](const QJsonObject &a, const QJsonObject &b) {
        // RFC 3339 in UTC sorts as text; a missing expiry sorts last.
        const QString x = a.value(key).toString(u"~"_s), y = b.value(key).toString(u"~"_s);
        return x == y ? a.value(u"domain_name").toString() < b.value(u"domain_name").toString()
                      : x < y;
    });
    if (direction == u"desc")
        std::reverse(all.begin(), all.end());

    QJsonArray page;
    for (qsizetype i = offset; i < all.size() && page.size() < perPage; ++i)
        page.append(all.at(i));
    const qsizetype next = offset + page.size();
    const QString nextCursor =
        next < all.size() ? QString::fromLatin1(compact(QJsonObject{{u"o"_s, next}})
                                                    .toBase64(QByteArray::Base64UrlEncoding |
                                                              QByteArray::OmitTrailingEquals))
                          : QString();
    return {200, successBody(page, {},
                             QJsonObject{{u"count"_s, page.size()},
                                         {u"cursor"_s, nextCursor},
                                         {u"per_page"_s, perPage}})};
}

ScenarioPlayer::Answer ScenarioPlayer::registration(const AccountRef &account,
                                                    const QString &domainText,
                                                    const QDateTime &now) const
{
    const auto domain = domain::normalise(domainText);
    if (!domain)
        return {400, failureBody(10000, u"Invalid domain name"_s)};
    const QList<QJsonObject> registrations = registrationsJson(account, now);
    for (const QJsonObject &registration : registrations) {
        if (registration.value(u"domain_name").toString() == *domain)
            return {200, successBody(registration)};
    }
    return {404, failureBody(10000, u"Domain not found"_s)};
}

ScenarioPlayer::Answer ScenarioPlayer::updateRegistration(const AccountRef &account,
                                                          const QString &domainText,
                                                          const QByteArray &requestBody,
                                                          bool respondAsync, const QDateTime &now)
{
    const auto domain = domain::normalise(domainText);
    if (!domain)
        return {400, failureBody(10000, u"Invalid domain name"_s)};
    const QList<QJsonObject> registrations = registrationsJson(account, now);
    const bool known = std::any_of(registrations.begin(), registrations.end(), [&](const auto &r) {
        return r.value(u"domain_name").toString() == *domain;
    });
    if (!known)
        return {404, failureBody(10000, u"Domain not found"_s)};
    const QJsonDocument body = QJsonDocument::fromJson(requestBody);
    if (!body.isObject())
        return {400, failureBody(10000, u"The request body must be a JSON object"_s)};
    if (body.object().isEmpty())
        return {400, failureBody(10000, u"At least one property is required"_s)};
    const QJsonValue autoRenew = body.object().value(u"auto_renew");
    if (!autoRenew.isUndefined() && !autoRenew.isBool())
        return {400, failureBody(10000, u"Must be a boolean if present"_s, u"/auto_renew"_s)};

    ScenarioWorkflow spec{
        account.id, *domain, WorkflowKind::Update, account.sandbox, m_scenario.updateSteps, {}};
    LiveWorkflow *replaced = findWorkflow(account, *domain, WorkflowKind::Update);
    LiveWorkflow started{spec, now, replaced ? replaced->statusRequests : 0,
                         autoRenew.isBool() ? std::optional(autoRenew.toBool()) : std::nullopt};
    if (replaced)
        *replaced = std::move(started);
    else {
        m_positions.insert({account, *domain, WorkflowKind::Update}, m_workflows.size());
        m_workflows.push_back(std::move(started));
    }
    const LiveWorkflow &workflow = *findWorkflow(account, *domain, WorkflowKind::Update);
    const QJsonObject status = statusJson(workflow, now).value_or(QJsonObject());
    const QByteArray self = status.value(u"links").toObject().value(u"self").toString().toLatin1();
    const bool done = status.value(u"completed").toBool();
    Answer reply{respondAsync || !done ? 202 : 200, successBody(status)};
    if (reply.status == 202)
        reply.headers.append({"Location", self});
    if (respondAsync)
        reply.headers.append({QByteArray("Preference-Applied"), QByteArray("respond-async")});
    qCInfo(lcSim).noquote() << "PATCH started an update workflow for" << *domain;
    return reply;
}

ScenarioPlayer::Answer ScenarioPlayer::tokenVerify(const ScenarioToken &token,
                                                   const QDateTime &now) const
{
    QString status = token.status;
    if (status == u"active" && token.expiresOn.isValid() && token.expiresOn <= now)
        status = u"expired"_s;
    // The id is derived from the token, never the token itself.
    const QByteArray id =
        QCryptographicHash::hash(token.value.toUtf8(), QCryptographicHash::Sha256).toHex().left(32);
    QJsonObject result{{u"id"_s, QString::fromLatin1(id)}, {u"status"_s, status}};
    if (token.expiresOn.isValid())
        result.insert(u"expires_on"_s, json::formatDateTime(token.expiresOn));
    QJsonArray messages;
    if (status == u"active")
        messages.append(QJsonObject{{u"code"_s, 10000},
                                    {u"message"_s, u"This API Token is valid and active"_s}});
    return {200, successBody(result, messages)};
}

QJsonArray ScenarioPlayer::workflowStats(const QDateTime &now) const
{
    QJsonArray workflows;
    for (const LiveWorkflow &workflow : m_workflows) {
        const ScenarioStep *step = currentStep(workflow, now);
        QJsonObject entry{{u"account"_s, workflow.spec.account},
                          {u"domain"_s, workflow.spec.domain},
                          {u"kind"_s, kindName(workflow.spec.kind)},
                          {u"sandbox"_s, workflow.spec.sandbox},
                          {u"requests"_s, workflow.statusRequests},
                          {u"state"_s, step ? QJsonValue(step->state) : QJsonValue()}};
        if (step)
            entry.insert(u"state_since"_s,
                         json::formatDateTime(stepTime(workflow, step->atSeconds)));
        workflows.append(entry);
    }
    return workflows;
}

QList<ScenarioPlayer::Transition> ScenarioPlayer::timeline(qsizetype index) const
{
    QList<Transition> transitions;
    const LiveWorkflow &workflow = m_workflows.at(size_t(index));
    for (const ScenarioStep &step : workflow.spec.steps)
        transitions.append({stepTime(workflow, step.atSeconds), step.state});
    return transitions;
}

} // namespace rw::sim
