#include "RegistrarSimulator.h"

#include "ApiPaths.h"
#include "DomainName.h"
#include "Json.h"
#include "Logging.h"

#include <QCryptographicHash>
#include <QHttpServer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QPointer>
#include <QTcpSocket>
#include <QTimer>
#include <QUrlQuery>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace rw::sim {

struct RegistrarSimulator::Route
{
    enum class Kind {
        Stats,
        UserTokenVerify,
        AccountTokenVerify,
        RegistrationList,
        Registration,
        WorkflowStatus,
        Unknown,
    };
    Kind kind = Kind::Unknown;
    QString accountId;
    QString registrar; // "registrar" or "registrar-sandbox"
    QString domain;
    QString segment; // "update-status", ...

    [[nodiscard]] bool sandbox() const { return registrar == u"registrar-sandbox"; }
    [[nodiscard]] QString name() const
    {
        switch (kind) {
        case Kind::Stats:
            return u"stats"_s;
        case Kind::UserTokenVerify:
        case Kind::AccountTokenVerify:
            return u"token_verify"_s;
        case Kind::RegistrationList:
            return u"registrations_list"_s;
        case Kind::Registration:
            return u"registration"_s;
        case Kind::WorkflowStatus:
            return u"workflow_status"_s;
        case Kind::Unknown:
            return u"unknown_route"_s;
        }
        return {};
    }
};

struct RegistrarSimulator::Caller
{
    const ScenarioToken *token = nullptr;
    const ScenarioKey *key = nullptr;
};

struct RegistrarSimulator::Delayed
{
    QHttpServerResponse response;
    QHttpServerResponder responder;
    QPointer<QTcpSocket> socket;
};

namespace {

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QByteArray success(const QJsonValue &result, const QJsonArray &messages = {},
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

QByteArray failureBody(int code, const QString &message, const QString &pointer = {})
{
    QJsonObject error{{u"code"_s, code}, {u"message"_s, message}};
    if (!pointer.isEmpty())
        error.insert(u"source"_s, QJsonObject{{u"pointer"_s, pointer}});
    return compact(QJsonObject{{u"success"_s, false},
                               {u"errors"_s, QJsonArray{error}},
                               {u"messages"_s, QJsonArray()},
                               {u"result"_s, QJsonValue::Null}});
}

QString reasonPhrase(int status)
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

bool isActive(const ScenarioToken &token, const QDateTime &now)
{
    return token.status == u"active" && (!token.expiresOn.isValid() || token.expiresOn > now);
}

} // namespace

RegistrarSimulator::RegistrarSimulator(Scenario scenario, const Clock &clock, QObject *parent)
    : QObject(parent)
    , m_scenario(std::move(scenario))
    , m_clock(clock)
    , m_server(new QHttpServer(this))
    , m_limiter(m_scenario.rateLimit.requests, qint64(m_scenario.rateLimit.windowSeconds) * 1000,
                qint64(m_scenario.rateLimit.blockSeconds) * 1000)
{
    for (const ScenarioWorkflow &workflow : std::as_const(m_scenario.workflows))
        m_workflows.push_back({workflow, {}, 0, std::nullopt});

    using Request = const QHttpServerRequest &;
    using Responder = QHttpServerResponder &&;
    using Kind = Route::Kind;
    m_server->route(u"/__sim/stats"_s, [this](Request request, Responder responder) {
        handle(request, std::move(responder), {Kind::Stats});
    });
    m_server->route(u"/client/v4/user/tokens/verify"_s,
                    [this](Request request, Responder responder) {
                        handle(request, std::move(responder), {Kind::UserTokenVerify});
                    });
    m_server->route(u"/client/v4/accounts/<arg>/tokens/verify"_s,
                    [this](const QString &account, Request request, Responder responder) {
                        handle(request, std::move(responder), {Kind::AccountTokenVerify, account});
                    });
    m_server->route(
        u"/client/v4/accounts/<arg>/<arg>/registrations"_s,
        [this](const QString &account, const QString &registrar, Request request,
               Responder responder) {
            handle(request, std::move(responder), {Kind::RegistrationList, account, registrar});
        });
    m_server->route(
        u"/client/v4/accounts/<arg>/<arg>/registrations/<arg>"_s,
        [this](const QString &account, const QString &registrar, const QString &domain,
               Request request, Responder responder) {
            handle(request, std::move(responder), {Kind::Registration, account, registrar, domain});
        });
    m_server->route(u"/client/v4/accounts/<arg>/<arg>/registrations/<arg>/<arg>"_s,
                    [this](const QString &account, const QString &registrar, const QString &domain,
                           const QString &segment, Request request, Responder responder) {
                        handle(request, std::move(responder),
                               {Kind::WorkflowStatus, account, registrar, domain, segment});
                    });
    m_server->setMissingHandler([this](Request request, Responder responder) {
        handle(request, std::move(responder), {Kind::Unknown});
    });
}

RegistrarSimulator::~RegistrarSimulator()
{
    // Held-back answers refer to the server's sockets: let them go before the server does.
    m_delayed.clear();
}

bool RegistrarSimulator::listen(quint16 port)
{
    m_port = m_server->listen(QHostAddress::LocalHost, port);
    if (m_port == 0)
        return false;
    m_start = m_clock.now();
    for (LiveWorkflow &workflow : m_workflows)
        workflow.origin = m_start;
    return true;
}

QUrl RegistrarSimulator::baseUrl() const
{
    return QUrl(u"http://127.0.0.1:%1/client/v4"_s.arg(m_port));
}

void RegistrarSimulator::handle(const QHttpServerRequest &request, QHttpServerResponder &&responder,
                                const Route &route)
{
    const QDateTime now = m_clock.now();
    if (route.kind == Route::Kind::Stats) {
        send(std::move(responder), {200, compact(stats())});
        return;
    }
    ++m_requestsTotal;
    const SlidingWindowLimiter::Decision decision = m_limiter.admit(now);
    Answer reply;
    if (!decision.allowed) {
        ++m_rateLimited;
        reply = {429, failureBody(971, reasonPhrase(429))};
        reply.headers.append(
            {"Retry-After", QByteArray::number(std::max<qint64>(1, decision.resetSeconds))});
    } else {
        ++m_byEndpoint[route.name()];
        reply = answer(request, route, now);
    }
    reply.headers.append({"Ratelimit", "\"default\";r=" + QByteArray::number(decision.remaining) +
                                           ";t=" + QByteArray::number(decision.resetSeconds)});
    reply.headers.append(
        {"Ratelimit-Policy", "\"burst\";q=" + QByteArray::number(m_limiter.requests()) +
                                 ";w=" + QByteArray::number(m_limiter.windowSeconds())});
    qCDebug(lcSim).noquote() << request.url().path() << "->" << reply.status;
    send(std::move(responder), std::move(reply));
}

RegistrarSimulator::Answer RegistrarSimulator::answer(const QHttpServerRequest &request,
                                                      const Route &route, const QDateTime &now)
{
    using Kind = Route::Kind;
    using Method = QHttpServerRequest::Method;
    if (route.kind == Kind::Unknown)
        return {404, failureBody(7003, u"No route for the URI"_s)};
    const bool isRegistrarPath = route.kind == Kind::RegistrationList ||
                                 route.kind == Kind::Registration ||
                                 route.kind == Kind::WorkflowStatus;
    const bool knownRoute =
        !isRegistrarPath ||
        ((route.registrar == u"registrar" || route.registrar == u"registrar-sandbox") &&
         (route.kind != Kind::WorkflowStatus || kindFromStatusPathSegment(route.segment)));
    if (!knownRoute)
        return {404, failureBody(7003, u"No route for the URI"_s)};
    const bool patchAllowed = route.kind == Kind::Registration;
    if (request.method() != Method::Get && !(patchAllowed && request.method() == Method::Patch))
        return {405, failureBody(7001, u"Method not allowed for this route"_s)};

    auto authenticated = authenticate(request, now);
    if (auto *refusal = std::get_if<Answer>(&authenticated))
        return *refusal;
    const Caller caller = std::get<Caller>(authenticated);

    if (route.kind == Kind::UserTokenVerify)
        return tokenVerify(caller, now);
    if (route.accountId != m_scenario.accountId)
        return {403, failureBody(9109, u"Unauthorized to access requested resource"_s)};
    if (route.kind == Kind::AccountTokenVerify)
        return tokenVerify(caller, now);
    if (caller.token && !isActive(*caller.token, now))
        return {401, failureBody(1000, u"Invalid API Token"_s)};
    if (caller.token && !caller.token->registrarPermission)
        return {403, failureBody(10000, u"Authentication error"_s)};

    switch (route.kind) {
    case Kind::RegistrationList:
        return registrationList(request, route, now);
    case Kind::Registration:
        return request.method() == Method::Patch ? updateRegistration(request, route, now)
                                                 : registration(route, now);
    case Kind::WorkflowStatus:
        return workflowStatus(route, now);
    default:
        return {404, failureBody(7003, u"No route for the URI"_s)};
    }
}

std::variant<RegistrarSimulator::Caller, RegistrarSimulator::Answer>
RegistrarSimulator::authenticate(const QHttpServerRequest &request, const QDateTime &now) const
{
    Q_UNUSED(now)
    const QByteArray authorization = request.value("Authorization");
    if (!authorization.isEmpty()) {
        if (!authorization.startsWith("Bearer "))
            return Answer{401, failureBody(6111, u"Invalid format for Authorization header"_s)};
        const QString token = QString::fromLatin1(authorization.mid(7).trimmed());
        for (const ScenarioToken &candidate : m_scenario.tokens) {
            if (candidate.value == token)
                return Caller{&candidate, nullptr};
        }
        return Answer{401, failureBody(1000, u"Invalid API Token"_s)};
    }
    const QString email = QString::fromLatin1(request.value("X-Auth-Email")).trimmed();
    const QString key = QString::fromLatin1(request.value("X-Auth-Key")).trimmed();
    if (email.isEmpty() || key.isEmpty())
        return Answer{
            401, failureBody(9106, u"Missing X-Auth-Key, X-Auth-Email or Authorization headers"_s)};
    for (const ScenarioKey &candidate : m_scenario.keys) {
        if (candidate.email.compare(email, Qt::CaseInsensitive) == 0 && candidate.key == key)
            return Caller{nullptr, &candidate};
    }
    return Answer{403, failureBody(9103, u"Unknown X-Auth-Key or X-Auth-Email"_s)};
}

QDateTime RegistrarSimulator::stepTime(const LiveWorkflow &workflow, double atSeconds) const
{
    return workflow.origin.addMSecs(qint64(atSeconds / m_scenario.timeScale * 1000.0));
}

const ScenarioStep *RegistrarSimulator::currentStep(const LiveWorkflow &workflow,
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

const RegistrarSimulator::LiveWorkflow *
RegistrarSimulator::findWorkflow(bool sandbox, const QString &domain, WorkflowKind kind) const
{
    const auto it = std::find_if(m_workflows.begin(), m_workflows.end(), [&](const auto &w) {
        return w.spec.sandbox == sandbox && w.spec.kind == kind && w.spec.domain == domain;
    });
    return it == m_workflows.end() ? nullptr : &*it;
}

RegistrarSimulator::LiveWorkflow *
RegistrarSimulator::findWorkflow(bool sandbox, const QString &domain, WorkflowKind kind)
{
    return const_cast<LiveWorkflow *>(std::as_const(*this).findWorkflow(sandbox, domain, kind));
}

std::optional<QJsonObject> RegistrarSimulator::statusJson(const LiveWorkflow &workflow,
                                                          const QDateTime &now) const
{
    const ScenarioStep *step = currentStep(workflow, now);
    if (!step)
        return std::nullopt; // not started yet: the API has no workflow to show
    const ScenarioWorkflow &spec = workflow.spec;
    const QString resource =
        registrationPath(AccountRef{m_scenario.accountId, spec.sandbox}, spec.domain);
    QJsonObject context = step->context;
    if (!context.contains(u"domain_name"))
        context.insert(u"domain_name"_s, spec.domain);
    const WorkflowState state = stateFromName(step->state);
    if (spec.kind == WorkflowKind::Registration && state == WorkflowState::Succeeded &&
        !context.contains(u"registration")) {
        const QList<QJsonObject> registrations = registrationsJson(spec.sandbox, now);
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

RegistrarSimulator::Answer RegistrarSimulator::workflowStatus(const Route &route,
                                                              const QDateTime &now)
{
    const auto kind = kindFromStatusPathSegment(route.segment);
    if (!kind) // checked with the route already
        return {404, failureBody(7003, u"No route for the URI"_s)};
    const QString domain = route.domain.toLower();
    const QString noWorkflow = u"No workflow found for %1"_s.arg(domain);
    LiveWorkflow *workflow = findWorkflow(route.sandbox(), domain, *kind);
    if (!workflow)
        return {404, failureBody(10000, noWorkflow)};
    ++workflow->statusRequests;
    const auto status = statusJson(*workflow, now);
    Answer reply =
        status ? Answer{200, success(*status)} : Answer{404, failureBody(10000, noWorkflow)};

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
        qCInfo(lcSim).noquote() << "fault on request" << fault.onRequest << "for" << kindName(*kind)
                                << domain;
        break;
    }
    return reply;
}

QList<QJsonObject> RegistrarSimulator::registrationsJson(bool sandbox, const QDateTime &now) const
{
    // What a succeeded PATCH set, if anything: the latest word on auto_renew.
    const auto patchedAutoRenew = [&](const QString &domain) -> std::optional<bool> {
        const LiveWorkflow *update = findWorkflow(sandbox, domain, WorkflowKind::Update);
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
        if (registration.sandbox != sandbox)
            continue;
        const QDateTime created = m_start.addDays(-400 + 7 * i);
        list.append({{u"domain_name"_s, registration.domain},
                     {u"status"_s, registration.status},
                     {u"created_at"_s, json::formatDateTime(created)},
                     {u"expires_at"_s, json::formatDateTime(created.addYears(2))},
                     {u"auto_renew"_s,
                      patchedAutoRenew(registration.domain).value_or(registration.autoRenew)},
                     {u"privacy_mode"_s, registration.privacyMode},
                     {u"locked"_s, registration.locked}});
        listed.insert(registration.domain);
    }
    // Domains with workflows: registered when their first workflow started. A registration that
    // has not succeeded is pending; a failed one, or a transfer not yet done, is not ours.
    for (const LiveWorkflow &workflow : m_workflows) {
        const QString &domain = workflow.spec.domain;
        if (workflow.spec.sandbox != sandbox || listed.contains(domain))
            continue;
        QDateTime created;
        QString status = u"active"_s;
        bool exists = true;
        for (const LiveWorkflow &other : m_workflows) {
            if (other.spec.sandbox != sandbox || other.spec.domain != domain)
                continue;
            const ScenarioStep *step = currentStep(other, now);
            if (!step)
                continue;
            const QDateTime started = stepTime(other, other.spec.steps.first().atSeconds);
            if (!created.isValid() || started < created)
                created = started;
            const WorkflowState state = stateFromName(step->state);
            if (other.spec.kind == WorkflowKind::Registration && state != WorkflowState::Succeeded)
                status = u"registration_pending"_s;
            if (other.spec.kind != WorkflowKind::Update && state == WorkflowState::Failed)
                exists = false;
            if (other.spec.kind == WorkflowKind::TransferIn && state != WorkflowState::Succeeded)
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

RegistrarSimulator::Answer RegistrarSimulator::registrationList(const QHttpServerRequest &request,
                                                                const Route &route,
                                                                const QDateTime &now) const
{
    const QUrlQuery query = request.query();
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
        if (!decoded || !state.value(u"o").isDouble() || state.value(u"o").toInteger() < 0)
            return {400, failureBody(10000, u"Invalid pagination cursor"_s)};
        offset = state.value(u"o").toInteger();
    }

    QList<QJsonObject> all = registrationsJson(route.sandbox(), now);
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
        next < all.size()
            ? QString::fromLatin1(
                  compact(QJsonObject{{u"o"_s, next}}).toBase64(QByteArray::Base64UrlEncoding))
            : QString();
    return {200, success(page, {},
                         QJsonObject{{u"count"_s, page.size()},
                                     {u"cursor"_s, nextCursor},
                                     {u"per_page"_s, perPage}})};
}

RegistrarSimulator::Answer RegistrarSimulator::registration(const Route &route,
                                                            const QDateTime &now) const
{
    const auto domain = domain::normalise(route.domain);
    if (!domain)
        return {400, failureBody(10000, u"Invalid domain name"_s)};
    const QList<QJsonObject> registrations = registrationsJson(route.sandbox(), now);
    for (const QJsonObject &registration : registrations) {
        if (registration.value(u"domain_name").toString() == *domain)
            return {200, success(registration)};
    }
    return {404, failureBody(10000, u"Domain not found"_s)};
}

RegistrarSimulator::Answer RegistrarSimulator::updateRegistration(const QHttpServerRequest &request,
                                                                  const Route &route,
                                                                  const QDateTime &now)
{
    const auto domain = domain::normalise(route.domain);
    if (!domain)
        return {400, failureBody(10000, u"Invalid domain name"_s)};
    const QList<QJsonObject> registrations = registrationsJson(route.sandbox(), now);
    const bool known = std::any_of(registrations.begin(), registrations.end(), [&](const auto &r) {
        return r.value(u"domain_name").toString() == *domain;
    });
    if (!known)
        return {404, failureBody(10000, u"Domain not found"_s)};
    const QJsonDocument body = QJsonDocument::fromJson(request.body());
    if (!body.isObject())
        return {400, failureBody(10000, u"The request body must be a JSON object"_s)};
    if (body.object().isEmpty())
        return {400, failureBody(10000, u"At least one property is required"_s)};
    const QJsonValue autoRenew = body.object().value(u"auto_renew");
    if (!autoRenew.isUndefined() && !autoRenew.isBool())
        return {400, failureBody(10000, u"Must be a boolean if present"_s, u"/auto_renew"_s)};

    ScenarioWorkflow spec{
        *domain, WorkflowKind::Update, route.sandbox(), m_scenario.updateSteps, {}};
    LiveWorkflow started{spec, now, 0,
                         autoRenew.isBool() ? std::optional(autoRenew.toBool()) : std::nullopt};
    if (LiveWorkflow *existing = findWorkflow(route.sandbox(), *domain, WorkflowKind::Update))
        *existing = std::move(started);
    else
        m_workflows.push_back(std::move(started));
    const LiveWorkflow &workflow = *findWorkflow(route.sandbox(), *domain, WorkflowKind::Update);
    const QJsonObject status = statusJson(workflow, now).value_or(QJsonObject());
    const QByteArray self = status.value(u"links").toObject().value(u"self").toString().toLatin1();
    const bool respondAsync = request.value("Prefer").contains("respond-async");
    const bool done = status.value(u"completed").toBool();
    Answer reply{respondAsync || !done ? 202 : 200, success(status)};
    if (reply.status == 202)
        reply.headers.append({"Location", self});
    if (respondAsync)
        reply.headers.append({QByteArray("Preference-Applied"), QByteArray("respond-async")});
    qCInfo(lcSim).noquote() << "PATCH started an update workflow for" << *domain;
    return reply;
}

RegistrarSimulator::Answer RegistrarSimulator::tokenVerify(const Caller &caller,
                                                           const QDateTime &now) const
{
    if (!caller.token)
        return {400, failureBody(6003, u"Invalid request headers: token verification needs an "
                                       u"API token (Authorization: Bearer)"_s)};
    const ScenarioToken &token = *caller.token;
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
    return {200, success(result, messages)};
}

void RegistrarSimulator::send(QHttpServerResponder &&responder, Answer answer)
{
    QHttpServerResponse response(answer.contentType, answer.body,
                                 QHttpServerResponder::StatusCode(answer.status));
    for (const auto &[name, value] : std::as_const(answer.headers))
        response.addHeader(name, value);
    if (answer.delayMs <= 0) {
        response.write(std::move(responder));
        return;
    }
    const quint64 id = ++m_nextDelayedId;
    QPointer<QTcpSocket> socket = responder.socket();
    m_delayed.emplace(
        id, std::make_unique<Delayed>(Delayed{std::move(response), std::move(responder), socket}));
    QTimer::singleShot(answer.delayMs, this, [this, id] {
        const auto it = m_delayed.find(id);
        if (it == m_delayed.end())
            return;
        std::unique_ptr<Delayed> delayed = std::move(it->second);
        m_delayed.erase(it);
        if (delayed->socket) // the client may have given up and gone
            delayed->response.write(std::move(delayed->responder));
    });
}

QJsonObject RegistrarSimulator::stats() const
{
    const QDateTime now = m_clock.now();
    QJsonArray workflows;
    for (const LiveWorkflow &workflow : m_workflows) {
        const ScenarioStep *step = currentStep(workflow, now);
        QJsonObject entry{{u"domain"_s, workflow.spec.domain},
                          {u"kind"_s, kindName(workflow.spec.kind)},
                          {u"sandbox"_s, workflow.spec.sandbox},
                          {u"requests"_s, workflow.statusRequests},
                          {u"state"_s, step ? QJsonValue(step->state) : QJsonValue()}};
        if (step)
            entry.insert(u"state_since"_s,
                         json::formatDateTime(stepTime(workflow, step->atSeconds)));
        workflows.append(entry);
    }
    QJsonObject byEndpoint;
    for (auto it = m_byEndpoint.begin(); it != m_byEndpoint.end(); ++it)
        byEndpoint.insert(it.key(), it.value());
    return {{u"requests_total"_s, m_requestsTotal},
            {u"rate_limited_responses"_s, m_rateLimited},
            {u"max_requests_in_window"_s, m_limiter.maxInAnyWindow()},
            {u"window_s"_s, m_scenario.rateLimit.windowSeconds},
            {u"limit"_s, m_scenario.rateLimit.requests},
            {u"by_endpoint"_s, byEndpoint},
            {u"workflows"_s, workflows},
            {u"started_at"_s, json::formatDateTime(m_start)},
            {u"now"_s, json::formatDateTime(now)},
            {u"time_scale"_s, m_scenario.timeScale}};
}

} // namespace rw::sim
