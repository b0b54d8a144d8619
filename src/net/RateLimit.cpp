#include "net/RateLimit.h"

#include <QLocale>
#include <QTimeZone>

#include <algorithm>
#include <limits>

namespace rw {

namespace {

struct Member
{
    QByteArray name;
    std::optional<qint64> remaining, reset, limit, window;
};

std::optional<qint64> toNumber(QByteArrayView text)
{
    bool ok = false;
    const qint64 value = text.trimmed().toLongLong(&ok);
    if (!ok || value < 0)
        return std::nullopt;
    return value;
}

// A tolerant reader of RFC 8941 list members with parameters; it also takes the older
// comma-separated "limit=100, remaining=50, reset=30" form as one member.
QList<Member> parseMembers(const QByteArray &value)
{
    QList<Member> members;
    Member oldStyle;
    bool sawOldStyle = false;
    const QList<QByteArray> memberTexts = value.split(',');
    for (const QByteArray &memberText : memberTexts) {
        Member member;
        bool anyParameter = false;
        const QList<QByteArray> parts = memberText.trimmed().split(';');
        for (qsizetype i = 0; i < parts.size(); ++i) {
            const QByteArray part = parts.at(i).trimmed();
            const qsizetype eq = part.indexOf('=');
            if (eq < 0) {
                if (i == 0)
                    member.name = QByteArray(part).replace('"', "");
                continue;
            }
            const QByteArray key = part.left(eq).trimmed().toLower();
            const auto number = toNumber(QByteArrayView(part).sliced(eq + 1));
            if (key == "r" || key == "remaining")
                member.remaining = number;
            else if (key == "t" || key == "reset")
                member.reset = number;
            else if (key == "q" || key == "limit")
                member.limit = number;
            else if (key == "w" || key == "window")
                member.window = number;
            else
                continue;
            anyParameter = true;
        }
        if (member.name.isEmpty() && anyParameter) {
            // "limit=100, remaining=50": each comma part is a parameter of the same policy.
            sawOldStyle = true;
            for (auto field : {&Member::remaining, &Member::reset, &Member::limit, &Member::window})
                if (member.*field)
                    oldStyle.*field = member.*field;
        } else if (anyParameter) {
            members.append(member);
        }
    }
    if (sawOldStyle)
        members.append(oldStyle);
    return members;
}

QByteArray header(const HttpHeaders &headers, QByteArrayView name)
{
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

std::optional<int> clampToInt(std::optional<qint64> value)
{
    if (!value)
        return std::nullopt;
    return int(std::min<qint64>(*value, std::numeric_limits<int>::max()));
}

} // namespace

std::optional<std::chrono::seconds> parseRetryAfter(QByteArrayView value, const QDateTime &now)
{
    const QByteArrayView trimmed = value.trimmed();
    if (trimmed.isEmpty())
        return std::nullopt;
    if (const auto seconds = toNumber(trimmed))
        return std::chrono::seconds(*seconds);
    // IMF-fixdate, e.g. "Wed, 21 Oct 2015 07:28:00 GMT", read as UTC: its day and its time
    // apart. Read whole, QLocale takes it as local time, where an hour that daylight saving
    // skips is no time at all (the server's wait was then ignored), and asks the C library for
    // the local zone at every answer.
    const QString text = QString::fromLatin1(trimmed);
    if (text.size() < 13 || !text.endsWith(QStringLiteral(" GMT")))
        return std::nullopt;
    const QDate day = QLocale::c().toDate(text.left(text.size() - 13).trimmed(),
                                          QStringLiteral("ddd, dd MMM yyyy"));
    const QTime time =
        QLocale::c().toTime(text.mid(text.size() - 12, 8), QStringLiteral("HH:mm:ss"));
    if (!day.isValid() || !time.isValid())
        return std::nullopt;
    const QDateTime utc(day, time, QTimeZone::utc());
    return std::chrono::seconds(std::max<qint64>(0, now.secsTo(utc)));
}

RateLimitInfo RateLimitInfo::fromHeaders(const HttpHeaders &headers, const QDateTime &now)
{
    RateLimitInfo info;
    info.observedAt = now;

    const QList<Member> limits = parseMembers(header(headers, "ratelimit"));
    const QList<Member> policies = parseMembers(header(headers, "ratelimit-policy"));
    if (!limits.isEmpty()) {
        // Several policies may be reported; the one with the least left is the one that binds.
        const Member binding =
            *std::min_element(limits.cbegin(), limits.cend(), [](const Member &a, const Member &b) {
                return a.remaining.value_or(std::numeric_limits<qint64>::max()) <
                       b.remaining.value_or(std::numeric_limits<qint64>::max());
            });
        info.remaining = clampToInt(binding.remaining);
        if (binding.reset)
            info.resetIn = std::chrono::seconds(*binding.reset);
        info.limit = clampToInt(binding.limit);
        if (binding.window)
            info.window = std::chrono::seconds(*binding.window);
        const auto policy = std::find_if(policies.cbegin(), policies.cend(),
                                         [&](const Member &m) { return m.name == binding.name; });
        const Member *chosen = policy != policies.cend() ? &*policy
                               : policies.isEmpty()      ? nullptr
                                                         : &policies.first();
        if (chosen) {
            if (chosen->limit)
                info.limit = clampToInt(chosen->limit);
            if (chosen->window)
                info.window = std::chrono::seconds(*chosen->window);
        }
    } else if (!policies.isEmpty()) {
        info.limit = clampToInt(policies.first().limit);
        if (policies.first().window)
            info.window = std::chrono::seconds(*policies.first().window);
    }

    // Separate headers, newer draft names first, then the x- forms.
    for (const QByteArrayView prefix :
         {QByteArrayView("ratelimit-"), QByteArrayView("x-ratelimit-")}) {
        const auto read = [&](const char *suffix) {
            return toNumber(header(headers, QByteArray(prefix.toByteArray() + suffix)));
        };
        if (!info.limit)
            info.limit = clampToInt(read("limit"));
        if (!info.remaining)
            info.remaining = clampToInt(read("remaining"));
        if (!info.resetIn) {
            if (const auto reset = read("reset")) {
                // Some servers send an epoch time here, most a delay; a delay is never this large.
                constexpr qint64 epochThreshold = 1'000'000'000;
                const qint64 seconds = *reset >= epochThreshold
                                           ? std::max<qint64>(0, *reset - now.toSecsSinceEpoch())
                                           : *reset;
                info.resetIn = std::chrono::seconds(seconds);
            }
        }
    }

    info.retryAfter = parseRetryAfter(header(headers, "retry-after"), now);
    return info;
}

} // namespace rw
