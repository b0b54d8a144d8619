// Rate-limit headers in every form the API uses (`Ratelimit`/`Ratelimit-Policy`, the older
// `RateLimit-*`, `x-ratelimit-*`, `Retry-After`). The input is a header block, one
// "Name: value" a line. What is read is never negative: it decides how long we wait.
#include "fuzz/FuzzCommon.h"
#include "net/RateLimit.h"

#include <QTimeZone>

using namespace rw;

RW_FUZZ_INIT

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const QDateTime now(QDate(2026, 3, 1), QTime(12, 0), QTimeZone::utc());
    HttpHeaders headers;
    const QList<QByteArray> lines = fuzz::bytes(data, size).split('\n');
    for (const QByteArray &line : lines) {
        const qsizetype colon = line.indexOf(':');
        if (colon < 0)
            continue;
        const QByteArray value = line.mid(colon + 1).trimmed();
        headers.append({line.left(colon).trimmed(), value});
        if (const auto retry = parseRetryAfter(value, now))
            fuzz::check(retry->count() >= 0, "Retry-After is never negative",
                        QString::fromLatin1(value));
    }
    const RateLimitInfo info = RateLimitInfo::fromHeaders(headers, now);
    fuzz::check(info.observedAt == now, "the time observed is the one given");
    fuzz::check(!info.limit || *info.limit >= 0, "a limit is never negative");
    fuzz::check(!info.remaining || *info.remaining >= 0, "what remains is never negative");
    fuzz::check(!info.resetIn || info.resetIn->count() >= 0, "a reset is never in the past");
    fuzz::check(!info.window || info.window->count() >= 0, "a window is never negative");
    fuzz::check(!info.retryAfter || info.retryAfter->count() >= 0, "Retry-After is never negative");
    fuzz::check(info.isEmpty() == (!info.limit && !info.remaining && !info.resetIn &&
                                   !info.window && !info.retryAfter),
                "isEmpty says whether anything was read");
    return 0;
}
