#include "sim/RegistrarSimulator.h"

#include "common/Json.h"
#include "common/Logging.h"
#include "registrar/DomainName.h"
#include "registrar/WorkflowRef.h"
#include "sim/ScenarioPlayer.h"

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

QByteArray failureBody(int code, const QString &message, const QString &pointer = {})
{
    return ScenarioPlayer::failureBody(code, message, pointer);
}

bool isActive(const ScenarioToken &token, const QDateTime &now)
{
    return token.status == u"active" && (!token.expiresOn.isValid() || token.expiresOn > now);
}

} // namespace

RegistrarSimulator::RegistrarSimulator(Scenario scenario, const Clock &clock, QObject *parent)
    : QObject(parent)
    , m_player(std::move(scenario))
    , m_clock(clock)
    , m_server(new QHttpServer(this))
{
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
    m_player.start(m_clock.now());
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
    if (route.kind == Route::Kind::WorkflowStatus) {
        // Counted per workflow as received: refused and unknown ones too.
        if (const auto kind = kindFromStatusPathSegment(route.segment)) {
            const auto ascii = domain::normalise(route.domain);
            ++m_statusRequests[{route.accountId, route.sandbox(),
                                ascii ? *ascii : route.domain.toLower(), *kind}];
        }
    }
    CredentialLimit &limit = limitFor(request);
    ++limit.requests;
    const SlidingWindowLimiter::Decision decision = limit.limiter.admit(now);
    Answer reply;
    if (!decision.allowed) {
        ++m_rateLimited;
        ++limit.rateLimited;
        reply = {429, failureBody(971, ScenarioPlayer::reasonPhrase(429))};
        reply.headers.append(
            {"Retry-After", QByteArray::number(std::max<qint64>(1, decision.resetSeconds))});
    } else {
        ++m_byEndpoint[route.name()];
        reply = answer(request, route, now);
    }
    reply.headers.append(limit.limiter.headers(decision));
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
    const bool reachable = m_player.scenario().accounts().contains(route.accountId) &&
                           (!caller.token || caller.token->accounts.isEmpty() ||
                            caller.token->accounts.contains(route.accountId));
    if (!reachable)
        return {403, failureBody(9109, u"Unauthorized to access requested resource"_s)};
    if (route.kind == Kind::AccountTokenVerify)
        return tokenVerify(caller, now);
    if (caller.token && !isActive(*caller.token, now))
        return {401, failureBody(1000, u"Invalid API Token"_s)};
    if (caller.token && !caller.token->registrarPermission)
        return {403, failureBody(10000, u"Authentication error"_s)};

    const AccountRef account{route.accountId, route.sandbox()};
    switch (route.kind) {
    case Kind::RegistrationList:
        return m_player.registrationList(account, request.query(), now);
    case Kind::Registration:
        return request.method() == Method::Patch
                   ? m_player.updateRegistration(account, route.domain, request.body(),
                                                 request.value("Prefer").contains("respond-async"),
                                                 now)
                   : m_player.registration(account, route.domain, now);
    case Kind::WorkflowStatus:
        return m_player.workflowStatus(account, route.domain,
                                       *kindFromStatusPathSegment(route.segment), now);
    default:
        return {404, failureBody(7003, u"No route for the URI"_s)};
    }
}

RegistrarSimulator::CredentialLimit &RegistrarSimulator::limitFor(const QHttpServerRequest &request)
{
    // The credential as sent, valid or not: a client that sends a wrong token is limited too.
    const QByteArray authorization = request.value("Authorization").trimmed();
    const QByteArray credential = !authorization.isEmpty()
                                      ? authorization
                                      : request.value("X-Auth-Email").trimmed().toLower() + '\n' +
                                            request.value("X-Auth-Key").trimmed();
    const QByteArray id =
        credential == "\n"
            ? QByteArray()
            : QCryptographicHash::hash(credential, QCryptographicHash::Sha256).toHex().left(12);
    auto it = m_limits.find(id);
    if (it == m_limits.end()) {
        const ScenarioRateLimit &rate = m_player.scenario().rateLimit;
        it = m_limits
                 .emplace(id, CredentialLimit{{rate.requests, qint64(rate.windowSeconds) * 1000,
                                               qint64(rate.blockSeconds) * 1000}})
                 .first;
    }
    return it->second;
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
        for (const ScenarioToken &candidate : m_player.scenario().tokens) {
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
    for (const ScenarioKey &candidate : m_player.scenario().keys) {
        if (candidate.email.compare(email, Qt::CaseInsensitive) == 0 && candidate.key == key)
            return Caller{nullptr, &candidate};
    }
    return Answer{403, failureBody(9103, u"Unknown X-Auth-Key or X-Auth-Email"_s)};
}

RegistrarSimulator::Answer RegistrarSimulator::tokenVerify(const Caller &caller,
                                                           const QDateTime &now) const
{
    if (!caller.token)
        return {400, failureBody(6003, u"Invalid request headers: token verification needs an "
                                       u"API token (Authorization: Bearer)"_s)};
    return m_player.tokenVerify(*caller.token, now);
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
    QJsonObject byEndpoint;
    for (auto it = m_byEndpoint.begin(); it != m_byEndpoint.end(); ++it)
        byEndpoint.insert(it.key(), it.value());
    // The scenario's workflows with their state, then any other workflow someone asked about.
    QJsonArray workflows;
    auto counts = m_statusRequests;
    const QJsonArray played = m_player.workflowStats(now);
    for (const QJsonValue &value : played) {
        QJsonObject entry = value.toObject();
        const auto kind = kindFromName(entry.value(u"kind").toString());
        const auto key =
            std::tuple(entry.value(u"account").toString(), entry.value(u"sandbox").toBool(),
                       entry.value(u"domain").toString(), *kind);
        entry.insert(u"requests"_s, counts.count(key) ? counts.at(key) : 0);
        counts.erase(key);
        workflows.append(entry);
    }
    for (const auto &[key, requests] : counts) {
        const auto &[account, sandbox, domain, kind] = key;
        workflows.append(QJsonObject{{u"account"_s, account},
                                     {u"domain"_s, domain},
                                     {u"kind"_s, kindName(kind)},
                                     {u"sandbox"_s, sandbox},
                                     {u"requests"_s, requests},
                                     {u"state"_s, QJsonValue()},
                                     {u"in_scenario"_s, false}});
    }
    int maxInWindow = 0;
    QJsonArray byCredential;
    for (const auto &[id, limit] : m_limits) {
        maxInWindow = std::max(maxInWindow, limit.limiter.maxInAnyWindow());
        byCredential.append(QJsonObject{
            {u"credential"_s, id.isEmpty() ? QJsonValue() : QJsonValue(QString::fromLatin1(id))},
            {u"requests"_s, limit.requests},
            {u"rate_limited_responses"_s, limit.rateLimited},
            {u"max_requests_in_window"_s, limit.limiter.maxInAnyWindow()}});
    }
    return {{u"requests_total"_s, m_requestsTotal},
            {u"rate_limited_responses"_s, m_rateLimited},
            {u"max_requests_in_window"_s, maxInWindow},
            {u"by_credential"_s, byCredential},
            {u"window_s"_s, m_player.scenario().rateLimit.windowSeconds},
            {u"limit"_s, m_player.scenario().rateLimit.requests},
            {u"by_endpoint"_s, byEndpoint},
            {u"workflows"_s, workflows},
            {u"started_at"_s, json::formatDateTime(m_player.startedAt())},
            {u"now"_s, json::formatDateTime(now)},
            {u"time_scale"_s, m_player.scenario().timeScale}};
}

} // namespace rw::sim
