#include "sim/Scenario.h"

#include "common/Json.h"
#include "registrar/DomainName.h"
#include "registrar/WorkflowRef.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>

#include <cmath>

using namespace Qt::StringLiterals;

namespace rw::sim {

namespace {

// Reads one JSON object, remembering where it is so that every message can name the field,
// and which keys were used so that a misspelt key is reported instead of silently ignored.
class Reader
{
public:
    Reader(QJsonObject object, QString path)
        : m_object(std::move(object))
        , m_path(std::move(path))
    {}

    [[nodiscard]] QString where(const QString &key) const
    {
        return m_path.isEmpty() ? key : m_path + u'.' + key;
    }
    [[nodiscard]] bool has(const QString &key) const
    {
        return m_object.contains(key) && !m_object.value(key).isNull();
    }
    [[nodiscard]] QJsonValue take(const QString &key)
    {
        m_used.insert(key);
        return m_object.value(key);
    }

    Expected<QString> string(const QString &key, std::optional<QString> fallback = {})
    {
        const QJsonValue value = take(key);
        if ((value.isUndefined() || value.isNull()) && fallback)
            return *fallback;
        if (!value.isString())
            return Unexpected{expected(key, value, u"a string"_s)};
        return value.toString();
    }
    Expected<double> number(const QString &key, std::optional<double> fallback = {})
    {
        const QJsonValue value = take(key);
        if ((value.isUndefined() || value.isNull()) && fallback)
            return *fallback;
        if (!value.isDouble() || !std::isfinite(value.toDouble()))
            return Unexpected{expected(key, value, u"a number"_s)};
        return value.toDouble();
    }
    Expected<int> integer(const QString &key, int minimum, std::optional<int> fallback = {})
    {
        auto value = number(key, fallback ? std::optional<double>(*fallback) : std::nullopt);
        if (!value)
            return Unexpected{value.error()};
        if (*value != std::floor(*value) || *value < minimum || *value > 1e9)
            return Unexpected{
                u"%1: expected a whole number of at least %2, got %3"_s.arg(where(key))
                    .arg(minimum)
                    .arg(*value)};
        return int(*value);
    }
    Expected<bool> boolean(const QString &key, bool fallback)
    {
        const QJsonValue value = take(key);
        if (value.isUndefined() || value.isNull())
            return fallback;
        if (!value.isBool())
            return Unexpected{expected(key, value, u"true or false"_s)};
        return value.toBool();
    }
    Expected<QJsonArray> array(const QString &key)
    {
        const QJsonValue value = take(key);
        if (value.isUndefined() || value.isNull())
            return QJsonArray{};
        if (!value.isArray())
            return Unexpected{expected(key, value, u"an array"_s)};
        return value.toArray();
    }
    Expected<QJsonObject> object(const QString &key)
    {
        const QJsonValue value = take(key);
        if (value.isUndefined() || value.isNull())
            return QJsonObject{};
        if (!value.isObject())
            return Unexpected{expected(key, value, u"an object"_s)};
        return value.toObject();
    }
    // Call after reading: a key nobody asked for is a typo or a field of another version.
    [[nodiscard]] std::optional<QString> unknownKey() const
    {
        for (auto it = m_object.begin(); it != m_object.end(); ++it) {
            if (!m_used.contains(it.key()))
                return u"%1: unknown field"_s.arg(where(it.key()));
        }
        return std::nullopt;
    }

private:
    QString expected(const QString &key, const QJsonValue &value, const QString &what) const
    {
        return u"%1: expected %2, got %3"_s.arg(where(key), what, json::typeName(value));
    }

    QJsonObject m_object;
    QString m_path;
    QSet<QString> m_used;
};

template<typename T, typename F>
Expected<QList<T>> readList(const QJsonArray &array, const QString &path, F readItem)
{
    QList<T> items;
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QString where = u"%1[%2]"_s.arg(path).arg(i);
        Expected<T> item = readItem(array.at(i), where);
        if (!item)
            return Unexpected{item.error()};
        items.append(std::move(item).value());
    }
    return items;
}

#define RW_TRY(var, expr)                                                                          \
    auto var = (expr);                                                                             \
    if (!var)                                                                                      \
        return Unexpected{var.error()};

Expected<QJsonObject> asObject(const QJsonValue &value, const QString &where)
{
    if (!value.isObject())
        return Unexpected{u"%1: expected an object, got %2"_s.arg(where, json::typeName(value))};
    return value.toObject();
}

Expected<double> readTime(Reader &reader)
{
    RW_TRY(at, reader.number(u"at_s"_s));
    constexpr double tenYears = 10 * 365.0 * 86400;
    if (std::abs(*at) > tenYears)
        return Unexpected{u"%1: must be within ten years (315360000 s) of the start"_s.arg(
            reader.where(u"at_s"_s))};
    return *at;
}

Expected<ScenarioStep> readStep(const QJsonValue &value, const QString &where)
{
    RW_TRY(object, asObject(value, where));
    Reader reader(*object, where);
    ScenarioStep step;
    RW_TRY(at, readTime(reader));
    step.atSeconds = *at;
    RW_TRY(state, reader.string(u"state"_s));
    if (state->isEmpty())
        return Unexpected{u"%1: the state is empty"_s.arg(reader.where(u"state"_s))};
    step.state = *state;
    RW_TRY(context, reader.object(u"context"_s));
    step.context = *context;
    step.error = reader.take(u"error"_s);
    if (step.error.isUndefined())
        step.error = QJsonValue::Null;
    if (!step.error.isNull()) {
        RW_TRY(error, asObject(step.error, reader.where(u"error"_s)));
        Reader errorReader(*error, reader.where(u"error"_s));
        RW_TRY(code, errorReader.string(u"code"_s));
        RW_TRY(message, errorReader.string(u"message"_s));
        if (auto unknown = errorReader.unknownKey())
            return Unexpected{*unknown};
    }
    if (auto unknown = reader.unknownKey())
        return Unexpected{*unknown};
    return step;
}

Expected<QList<ScenarioStep>> readSteps(const QJsonArray &array, const QString &where)
{
    RW_TRY(steps, readList<ScenarioStep>(array, where, readStep));
    if (steps->isEmpty())
        return Unexpected{u"%1: a workflow needs at least one step"_s.arg(where)};
    for (qsizetype i = 1; i < steps->size(); ++i) {
        if (steps->at(i).atSeconds < steps->at(i - 1).atSeconds)
            return Unexpected{u"%1[%2].at_s: steps must be in time order"_s.arg(where).arg(i)};
    }
    return steps;
}

Expected<ScenarioFault> readFault(const QJsonValue &value, const QString &where)
{
    RW_TRY(object, asObject(value, where));
    Reader reader(*object, where);
    ScenarioFault fault;
    RW_TRY(onRequest, reader.integer(u"on_request"_s, 1));
    fault.onRequest = *onRequest;
    RW_TRY(status, reader.integer(u"status"_s, 0, 0));
    if (*status != 0 && (*status < 100 || *status > 599))
        return Unexpected{
            u"%1: %2 is not an HTTP status"_s.arg(reader.where(u"status"_s)).arg(*status)};
    fault.status = *status;
    if (reader.has(u"retry_after_s"_s)) {
        RW_TRY(retryAfter, reader.integer(u"retry_after_s"_s, 0));
        fault.retryAfterSeconds = *retryAfter;
    } else {
        (void)reader.take(u"retry_after_s"_s);
    }
    if (reader.has(u"body"_s)) {
        RW_TRY(body, reader.string(u"body"_s));
        fault.body = body->toUtf8();
    } else {
        (void)reader.take(u"body"_s);
    }
    RW_TRY(delay, reader.integer(u"delay_ms"_s, 0, 0));
    fault.delayMs = *delay;
    RW_TRY(headers, reader.object(u"headers"_s));
    for (auto it = headers->begin(); it != headers->end(); ++it) {
        if (!it.value().isString())
            return Unexpected{
                u"%1.%2: header values are strings"_s.arg(reader.where(u"headers"_s), it.key())};
        fault.headers.append({it.key().toLatin1(), it.value().toString().toLatin1()});
    }
    if (fault.status == 0 && !fault.body && fault.delayMs == 0 && fault.headers.isEmpty())
        return Unexpected{
            u"%1: a fault needs a status, a body, a delay_ms or headers"_s.arg(where)};
    if (auto unknown = reader.unknownKey())
        return Unexpected{*unknown};
    return fault;
}

Expected<ScenarioStatusStep> readStatusStep(const QJsonValue &value, const QString &where)
{
    RW_TRY(object, asObject(value, where));
    Reader reader(*object, where);
    RW_TRY(at, readTime(reader));
    RW_TRY(status, reader.string(u"status"_s));
    if (status->isEmpty())
        return Unexpected{u"%1: the status is empty"_s.arg(reader.where(u"status"_s))};
    if (auto unknown = reader.unknownKey())
        return Unexpected{*unknown};
    return ScenarioStatusStep{*at, *status};
}

Expected<QString> readDomain(Reader &reader)
{
    RW_TRY(text, reader.string(u"domain"_s));
    auto ascii = domain::normalise(*text);
    if (!ascii)
        return Unexpected{u"%1: %2"_s.arg(reader.where(u"domain"_s), ascii.error())};
    return ascii.value();
}

Expected<ScenarioWorkflow> readWorkflow(const QJsonValue &value, const QString &where)
{
    RW_TRY(object, asObject(value, where));
    Reader reader(*object, where);
    ScenarioWorkflow workflow;
    RW_TRY(account, reader.string(u"account"_s, QString()));
    workflow.account = *account;
    RW_TRY(name, readDomain(reader));
    workflow.domain = *name;
    RW_TRY(kindText, reader.string(u"kind"_s));
    const auto kind = kindFromName(*kindText);
    if (!kind)
        return Unexpected{u"%1: \"%2\" is not update, registration or transfer-in"_s.arg(
            reader.where(u"kind"_s), *kindText)};
    workflow.kind = *kind;
    RW_TRY(sandbox, reader.boolean(u"sandbox"_s, false));
    workflow.sandbox = *sandbox;
    RW_TRY(stepArray, reader.array(u"steps"_s));
    RW_TRY(steps, readSteps(*stepArray, reader.where(u"steps"_s)));
    workflow.steps = *steps;
    RW_TRY(faultArray, reader.array(u"faults"_s));
    RW_TRY(faults, readList<ScenarioFault>(*faultArray, reader.where(u"faults"_s), readFault));
    workflow.faults = *faults;
    if (auto unknown = reader.unknownKey())
        return Unexpected{*unknown};
    return workflow;
}

Expected<ScenarioToken> readToken(const QJsonValue &value, const QString &where)
{
    ScenarioToken token;
    if (value.isString()) {
        token.value = value.toString();
    } else {
        RW_TRY(object, asObject(value, where));
        Reader reader(*object, where);
        RW_TRY(text, reader.string(u"token"_s));
        token.value = *text;
        RW_TRY(status, reader.string(u"status"_s, u"active"_s));
        token.status = *status;
        RW_TRY(expires, reader.string(u"expires_on"_s, QString()));
        if (!expires->isEmpty()) {
            const auto parsed = json::parseDateTime(*expires);
            if (!parsed)
                return Unexpected{
                    u"%1: not an RFC 3339 date-time"_s.arg(reader.where(u"expires_on"_s))};
            token.expiresOn = *parsed;
        }
        RW_TRY(permission, reader.boolean(u"registrar"_s, true));
        token.registrarPermission = *permission;
        RW_TRY(accounts, reader.array(u"accounts"_s));
        for (qsizetype i = 0; i < accounts->size(); ++i) {
            if (!accounts->at(i).isString())
                return Unexpected{
                    u"%1[%2]: expected an account ID"_s.arg(reader.where(u"accounts"_s)).arg(i)};
            token.accounts.append(accounts->at(i).toString());
        }
        if (auto unknown = reader.unknownKey())
            return Unexpected{*unknown};
    }
    if (token.value.isEmpty())
        return Unexpected{u"%1: the token is empty"_s.arg(where)};
    return token;
}

Expected<ScenarioKey> readKey(const QJsonValue &value, const QString &where)
{
    RW_TRY(object, asObject(value, where));
    Reader reader(*object, where);
    RW_TRY(email, reader.string(u"email"_s));
    RW_TRY(key, reader.string(u"key"_s));
    if (email->isEmpty() || key->isEmpty())
        return Unexpected{u"%1: email and key must not be empty"_s.arg(where)};
    if (auto unknown = reader.unknownKey())
        return Unexpected{*unknown};
    return ScenarioKey{*email, *key};
}

Expected<ScenarioRegistration> readRegistration(const QJsonValue &value, const QString &where)
{
    RW_TRY(object, asObject(value, where));
    Reader reader(*object, where);
    ScenarioRegistration registration;
    RW_TRY(account, reader.string(u"account"_s, QString()));
    registration.account = *account;
    RW_TRY(name, readDomain(reader));
    registration.domain = *name;
    RW_TRY(status, reader.string(u"status"_s, registration.status));
    registration.status = *status;
    RW_TRY(stepArray, reader.array(u"steps"_s));
    RW_TRY(steps,
           readList<ScenarioStatusStep>(*stepArray, reader.where(u"steps"_s), readStatusStep));
    for (qsizetype i = 1; i < steps->size(); ++i) {
        if (steps->at(i).atSeconds < steps->at(i - 1).atSeconds)
            return Unexpected{
                u"%1[%2].at_s: steps must be in time order"_s.arg(reader.where(u"steps"_s)).arg(i)};
    }
    registration.steps = *steps;
    if (reader.has(u"expires_in_days"_s)) {
        RW_TRY(days, reader.number(u"expires_in_days"_s));
        if (std::abs(*days) > 3650)
            return Unexpected{u"%1: must be within ten years of the start"_s.arg(
                reader.where(u"expires_in_days"_s))};
        registration.expiresInDays = *days;
    } else {
        (void)reader.take(u"expires_in_days"_s);
    }
    RW_TRY(autoRenew, reader.boolean(u"auto_renew"_s, registration.autoRenew));
    registration.autoRenew = *autoRenew;
    RW_TRY(locked, reader.boolean(u"locked"_s, registration.locked));
    registration.locked = *locked;
    RW_TRY(privacy, reader.string(u"privacy_mode"_s, registration.privacyMode));
    if (*privacy != u"off" && *privacy != u"redaction")
        return Unexpected{u"%1: \"off\" or \"redaction\""_s.arg(reader.where(u"privacy_mode"_s))};
    registration.privacyMode = *privacy;
    RW_TRY(sandbox, reader.boolean(u"sandbox"_s, false));
    registration.sandbox = *sandbox;
    if (auto unknown = reader.unknownKey())
        return Unexpected{*unknown};
    return registration;
}

// Many registrations from one description (`generate_registrations`): `count` domains named
// by the `domain` pattern, the first `expiring_without_auto_renew` of them expiring within 30
// days with auto-renew off, the next ones with the `statuses` given, the rest active.
struct RegistrationBatch
{
    QString account;
    QList<ScenarioRegistration> registrations;
};

Expected<RegistrationBatch> readRegistrationBatch(const QJsonValue &value, const QString &where)
{
    RW_TRY(object, asObject(value, where));
    Reader reader(*object, where);
    RegistrationBatch batch;
    RW_TRY(account, reader.string(u"account"_s, QString()));
    batch.account = *account;
    RW_TRY(count, reader.integer(u"count"_s, 1));
    if (*count > 100000)
        return Unexpected{u"%1: at most 100000"_s.arg(reader.where(u"count"_s))};
    RW_TRY(pattern, reader.string(u"domain"_s, u"generated{n}.example"_s));
    if (pattern->count(u"{n}"_s) != 1)
        return Unexpected{u"%1: the pattern needs {n} once, for the number of each domain"_s.arg(
            reader.where(u"domain"_s))};
    RW_TRY(expiring, reader.integer(u"expiring_without_auto_renew"_s, 0, 0));
    RW_TRY(statusObject, reader.object(u"statuses"_s));
    QList<std::pair<QString, int>> statuses;
    int special = *expiring;
    for (auto it = statusObject->begin(); it != statusObject->end(); ++it) {
        const QString field = u"%1.%2"_s.arg(reader.where(u"statuses"_s), it.key());
        if (it.key().isEmpty())
            return Unexpected{u"%1: the status is empty"_s.arg(field)};
        const double n = it.value().toDouble(-1);
        if (!it.value().isDouble() || n != std::floor(n) || n < 0 || n > 100000)
            return Unexpected{u"%1: expected a whole number of domains"_s.arg(field)};
        statuses.append({it.key(), int(n)});
        special += int(n);
    }
    if (special > *count)
        return Unexpected{u"%1: expiring_without_auto_renew and statuses come to %2, more than "
                          u"count (%3)"_s.arg(where)
                              .arg(special)
                              .arg(*count)};
    RW_TRY(sandbox, reader.boolean(u"sandbox"_s, false));
    if (auto unknown = reader.unknownKey())
        return Unexpected{*unknown};

    batch.registrations.reserve(*count);
    for (int n = 1; n <= *count; ++n) {
        ScenarioRegistration registration;
        auto name = domain::normalise(QString(*pattern).replace(u"{n}"_s, QString::number(n)));
        if (!name)
            return Unexpected{u"%1: %2"_s.arg(reader.where(u"domain"_s), name.error())};
        registration.domain = name.value();
        registration.sandbox = *sandbox;
        const int i = n - 1;
        if (i < *expiring) {
            // Spread over the month ahead, the nearest first.
            registration.autoRenew = false;
            registration.expiresInDays = 1.0 + 28.0 * i / *expiring;
        } else {
            int from = *expiring;
            for (const auto &[status, many] : statuses) {
                if (i >= from && i < from + many)
                    registration.status = status;
                from += many;
            }
        }
        batch.registrations.append(registration);
    }
    return batch;
}

// The account a workflow or registration belongs to: the one it names, else the first.
Expected<QString> accountOf(const Scenario &scenario, const QString &named, const QString &where)
{
    if (named.isEmpty())
        return scenario.accountId;
    if (!scenario.accounts().contains(named))
        return Unexpected{
            u"%1.account: %2 is not account_id or one of other_accounts"_s.arg(where, named)};
    return named;
}

QList<ScenarioStep> defaultUpdateSteps()
{
    return {{0, u"pending"_s, {}, QJsonValue::Null},
            {2, u"in_progress"_s, {}, QJsonValue::Null},
            {8, u"succeeded"_s, {}, QJsonValue::Null}};
}

} // namespace

Expected<Scenario> Scenario::fromJson(const QByteArray &json)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return Unexpected{u"not valid JSON: %1 at byte %2"_s.arg(parseError.errorString())
                              .arg(parseError.offset)};
    if (!document.isObject())
        return Unexpected{u"the scenario must be a JSON object"_s};
    Reader reader(document.object(), QString());
    Scenario scenario;

    RW_TRY(account, reader.string(u"account_id"_s));
    if (const QString problem = AccountRef::idProblem(*account); !problem.isEmpty())
        return Unexpected{u"account_id: %1"_s.arg(problem)};
    scenario.accountId = *account;
    RW_TRY(otherArray, reader.array(u"other_accounts"_s));
    for (qsizetype i = 0; i < otherArray->size(); ++i) {
        const QString id = otherArray->at(i).toString();
        const QString problem =
            otherArray->at(i).isString() ? AccountRef::idProblem(id) : u"expected a string"_s;
        if (!problem.isEmpty())
            return Unexpected{u"other_accounts[%1]: %2"_s.arg(i).arg(problem)};
        if (scenario.accounts().contains(id))
            return Unexpected{u"other_accounts[%1]: %2 is listed twice"_s.arg(i).arg(id)};
        scenario.otherAccountIds.append(id);
    }

    RW_TRY(tokenArray, reader.array(u"tokens"_s));
    RW_TRY(tokens, readList<ScenarioToken>(*tokenArray, u"tokens"_s, readToken));
    scenario.tokens = *tokens;
    RW_TRY(keyArray, reader.array(u"keys"_s));
    RW_TRY(keys, readList<ScenarioKey>(*keyArray, u"keys"_s, readKey));
    scenario.keys = *keys;
    if (scenario.tokens.isEmpty() && scenario.keys.isEmpty())
        return Unexpected{u"tokens, keys: give at least one token or key, or no request can "
                          u"authenticate"_s};

    RW_TRY(scale, reader.number(u"time_scale"_s, 1.0));
    if (*scale <= 0)
        return Unexpected{u"time_scale: must be greater than 0"_s};
    scenario.timeScale = *scale;

    RW_TRY(limitObject, reader.object(u"rate_limit"_s));
    Reader limit(*limitObject, u"rate_limit"_s);
    RW_TRY(requests, limit.integer(u"requests"_s, 1, scenario.rateLimit.requests));
    RW_TRY(window, limit.integer(u"window_s"_s, 1, scenario.rateLimit.windowSeconds));
    RW_TRY(block, limit.integer(u"block_s"_s, 0, scenario.rateLimit.blockSeconds));
    if (auto unknown = limit.unknownKey())
        return Unexpected{*unknown};
    scenario.rateLimit = {*requests, *window, *block};

    RW_TRY(workflowArray, reader.array(u"workflows"_s));
    RW_TRY(workflows, readList<ScenarioWorkflow>(*workflowArray, u"workflows"_s, readWorkflow));
    scenario.workflows = *workflows;
    QSet<QString> seen;
    for (qsizetype i = 0; i < scenario.workflows.size(); ++i) {
        ScenarioWorkflow &workflow = scenario.workflows[i];
        RW_TRY(owner, accountOf(scenario, workflow.account, u"workflows[%1]"_s.arg(i)));
        workflow.account = *owner;
        const QString key =
            u"%1 %2 %3 %4"_s.arg(workflow.account, workflow.domain, kindName(workflow.kind),
                                 workflow.sandbox ? u"sandbox"_s : QString());
        if (seen.contains(key))
            return Unexpected{u"workflows[%1]: a second %2 workflow for %3"_s.arg(i).arg(
                kindName(workflow.kind), workflow.domain)};
        seen.insert(key);
    }

    RW_TRY(registrationArray, reader.array(u"registrations"_s));
    RW_TRY(registrations, readList<ScenarioRegistration>(*registrationArray, u"registrations"_s,
                                                         readRegistration));
    scenario.registrations = *registrations;
    for (qsizetype i = 0; i < scenario.registrations.size(); ++i) {
        ScenarioRegistration &registration = scenario.registrations[i];
        RW_TRY(owner, accountOf(scenario, registration.account, u"registrations[%1]"_s.arg(i)));
        registration.account = *owner;
    }
    RW_TRY(batchArray, reader.array(u"generate_registrations"_s));
    RW_TRY(batches, readList<RegistrationBatch>(*batchArray, u"generate_registrations"_s,
                                                readRegistrationBatch));
    QSet<QString> listed;
    for (const ScenarioRegistration &registration : std::as_const(scenario.registrations))
        listed.insert(registration.account + u' ' + registration.domain);
    for (qsizetype i = 0; i < batches->size(); ++i) {
        const QString where = u"generate_registrations[%1]"_s.arg(i);
        RW_TRY(owner, accountOf(scenario, batches->at(i).account, where));
        for (ScenarioRegistration registration : batches->at(i).registrations) {
            registration.account = *owner;
            const QString key = registration.account + u' ' + registration.domain;
            if (listed.contains(key))
                return Unexpected{u"%1: %2 is listed twice"_s.arg(where, registration.domain)};
            listed.insert(key);
            scenario.registrations.append(std::move(registration));
        }
    }
    for (qsizetype i = 0; i < scenario.tokens.size(); ++i) {
        for (const QString &id : std::as_const(scenario.tokens.at(i).accounts)) {
            if (!scenario.accounts().contains(id))
                return Unexpected{
                    u"tokens[%1].accounts: %2 is not one of the scenario's accounts"_s.arg(i).arg(
                        id)};
        }
    }

    if (reader.has(u"update_steps"_s)) {
        RW_TRY(stepArray, reader.array(u"update_steps"_s));
        RW_TRY(steps, readSteps(*stepArray, u"update_steps"_s));
        if (steps->first().atSeconds != 0)
            return Unexpected{u"update_steps[0].at_s: the update a PATCH starts exists at once, "
                              u"so its first step is at 0"_s};
        scenario.updateSteps = *steps;
    } else {
        (void)reader.take(u"update_steps"_s);
        scenario.updateSteps = defaultUpdateSteps();
    }
    if (auto unknown = reader.unknownKey())
        return Unexpected{*unknown};
    return scenario;
}

Expected<Scenario> Scenario::fromFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Unexpected{u"cannot read %1: %2"_s.arg(path, file.errorString())};
    auto scenario = fromJson(file.readAll());
    if (!scenario)
        return Unexpected{u"%1: %2"_s.arg(path, scenario.error())};
    return scenario;
}

Scenario Scenario::demo()
{
    auto scenario = fromFile(u":/scenarios/demo.json"_s);
    // The demo is compiled in and checked by a test; failing here is a build defect.
    Q_ASSERT_X(scenario.hasValue(), "Scenario::demo", qPrintable(scenario.error()));
    return scenario.hasValue() ? scenario.value() : Scenario{};
}

} // namespace rw::sim
