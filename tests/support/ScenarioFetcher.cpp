#include "support/ScenarioFetcher.h"

#include "registrar/ApiBase.h"
#include "registrar/ApiPaths.h"

#include <QStringList>

using namespace Qt::StringLiterals;

namespace rw::sim {

struct ScenarioFetcher::Pending
{
    std::unique_ptr<Alarm> alarm;
    ApiResult<WorkflowStatus> result;
    QString contentType;
    bool timedOut = false;
};

ScenarioFetcher::ScenarioFetcher(Scenario scenario, const Clock &clock, QObject *parent)
    : StatusFetcher(parent)
    , m_player(std::move(scenario))
    , m_clock(clock)
    , m_limiter(m_player.scenario().rateLimit.requests,
                qint64(m_player.scenario().rateLimit.windowSeconds) * 1000,
                qint64(m_player.scenario().rateLimit.blockSeconds) * 1000)
{
    m_player.start(clock.now());
}

ScenarioFetcher::~ScenarioFetcher() = default;

void ScenarioFetcher::fetch(quint64 ticket, const AccountRef &account, const QString &statusPath)
{
    const QDateTime now = m_clock.now();
    ++m_requests;
    auto pending = std::make_unique<Pending>();
    ResponseInfo &response = pending->result.response;
    response.url = QUrl(statusPath);
    response.sent = true;

    // ".../accounts/{id}/{registrar}/registrations/{domain}/{kind}-status"
    const QStringList segments = QUrl(statusPath).path().split(u'/', Qt::SkipEmptyParts);
    const qsizetype n = segments.size();
    const auto kind = n >= 3 ? kindFromStatusPathSegment(segments.last()) : std::nullopt;
    const SlidingWindowLimiter::Decision decision = m_limiter.admit(now);
    ScenarioPlayer::Answer answer;
    if (!decision.allowed) {
        ++m_rateLimited;
        answer = {429, ScenarioPlayer::failureBody(971, ScenarioPlayer::reasonPhrase(429))};
        answer.headers.append(
            {"Retry-After", QByteArray::number(std::max<qint64>(1, decision.resetSeconds))});
    } else if (!kind || segments.at(n - 3) != u"registrations") {
        answer = {404, ScenarioPlayer::failureBody(7003, u"No route for the URI"_s)};
    } else {
        answer = m_player.workflowStatus(account, segments.at(n - 2), *kind, now);
    }
    answer.headers.append(m_limiter.headers(decision));

    response.httpStatus = answer.status;
    response.headers = answer.headers;
    response.body = answer.body;
    pending->contentType = QString::fromLatin1(answer.contentType);
    const std::chrono::milliseconds delay = m_latency + std::chrono::milliseconds(answer.delayMs);
    pending->timedOut = delay > m_timeout;
    pending->alarm = m_clock.createAlarm();
    pending->alarm->setAt(now.addMSecs(std::min(delay, m_timeout).count()));
    connect(pending->alarm.get(), &Alarm::rang, this, [this, ticket] { deliver(ticket); });
    m_pending.emplace(ticket, std::move(pending));
}

void ScenarioFetcher::deliver(quint64 ticket)
{
    const auto it = m_pending.find(ticket);
    if (it == m_pending.end())
        return;
    std::unique_ptr<Pending> pending = std::move(it->second);
    m_pending.erase(it);
    ApiResult<WorkflowStatus> &result = pending->result;
    const QDateTime now = m_clock.now();
    result.response.receivedAt = now;
    if (pending->timedOut) {
        result.response.httpStatus = 0;
        result.response.body.clear();
        result.response.headers.clear();
        result.error = ApiError::fromNetworkError(
            QNetworkReply::OperationCanceledError, u"Operation canceled"_s, u"simulator"_s,
            std::chrono::duration_cast<std::chrono::milliseconds>(m_timeout));
    } else {
        result.response.rateLimit = RateLimitInfo::fromHeaders(result.response.headers, now);
        result.error =
            readAnswer(result, pending->contentType, statusSubject(result.response.url.toString()),
                       [&result](const Envelope &envelope) -> std::optional<QString> {
                           auto status = WorkflowStatus::fromJson(envelope.result);
                           if (!status)
                               return status.error();
                           result.value = std::move(status).value();
                           return std::nullopt;
                       });
    }
    emit finished(ticket, result);
}

void ScenarioFetcher::cancel(quint64 ticket)
{
    m_pending.erase(ticket);
}

} // namespace rw::sim
