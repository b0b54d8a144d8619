// Rate-limit headers in every form Cloudflare has used, and Retry-After.

#include "net/RateLimit.h"
#include "support/LocalZone.h"

#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using rw::HttpHeaders;
using rw::RateLimitInfo;

using OptInt = std::optional<int>;
using OptSeconds = std::optional<std::chrono::seconds>;
Q_DECLARE_METATYPE(OptInt)
Q_DECLARE_METATYPE(OptSeconds)

namespace {
const QDateTime now(QDate(2026, 3, 1), QTime(12, 0), QTimeZone::utc());
}

class TestRateLimit : public QObject
{
    Q_OBJECT
private slots:
    void readsHeaders_data();
    void readsHeaders();
    void retryAfter_data();
    void retryAfter();
    void aDateInALocalDaylightSavingGapIsRead();
};

void TestRateLimit::readsHeaders_data()
{
    QTest::addColumn<HttpHeaders>("headers");
    QTest::addColumn<OptInt>("limit");
    QTest::addColumn<OptInt>("remaining");
    QTest::addColumn<OptSeconds>("resetIn");
    QTest::addColumn<OptSeconds>("window");
    QTest::addColumn<OptSeconds>("retryAfter");

    QTest::newRow("structured fields")
        << HttpHeaders{{"Ratelimit", R"("default";r=50;t=30)"},
                       {"Ratelimit-Policy", R"("burst";q=1200;w=300)"}}
        << OptInt(1200) << OptInt(50) << OptSeconds(30s) << OptSeconds(300s) << OptSeconds();
    QTest::newRow("header names in any case")
        << HttpHeaders{{"RATELIMIT", R"("default";r=7;t=2)"}} << OptInt() << OptInt(7)
        << OptSeconds(2s) << OptSeconds() << OptSeconds();
    QTest::newRow("two policies: the tighter binds")
        << HttpHeaders{{"Ratelimit", R"("burst";r=900;t=10, "daily";r=3;t=5000)"},
                       {"Ratelimit-Policy", R"("burst";q=1200;w=300, "daily";q=10000;w=86400)"}}
        << OptInt(10000) << OptInt(3) << OptSeconds(5000s) << OptSeconds(86400s) << OptSeconds();
    QTest::newRow("older combined draft form")
        << HttpHeaders{{"RateLimit", "limit=100, remaining=12, reset=40"}} << OptInt(100)
        << OptInt(12) << OptSeconds(40s) << OptSeconds() << OptSeconds();
    QTest::newRow("separate draft headers")
        << HttpHeaders{{"RateLimit-Limit", "1200"},
                       {"RateLimit-Remaining", "5"},
                       {"RateLimit-Reset", "17"}}
        << OptInt(1200) << OptInt(5) << OptSeconds(17s) << OptSeconds() << OptSeconds();
    QTest::newRow("x-ratelimit with a delay")
        << HttpHeaders{{"x-ratelimit-limit", "1200"},
                       {"x-ratelimit-remaining", "0"},
                       {"x-ratelimit-reset", "60"}}
        << OptInt(1200) << OptInt(0) << OptSeconds(60s) << OptSeconds() << OptSeconds();
    QTest::newRow("x-ratelimit with an epoch time")
        << HttpHeaders{{"X-RateLimit-Reset", QByteArray::number(now.toSecsSinceEpoch() + 90)}}
        << OptInt() << OptInt() << OptSeconds(90s) << OptSeconds() << OptSeconds();
    QTest::newRow("429 with Retry-After only")
        << HttpHeaders{{"Retry-After", "120"}} << OptInt() << OptInt() << OptSeconds()
        << OptSeconds() << OptSeconds(120s);
    QTest::newRow("garbage is ignored, not guessed")
        << HttpHeaders{{"Ratelimit", "lots"},
                       {"x-ratelimit-remaining", "-4"},
                       {"Retry-After", "soon"}}
        << OptInt() << OptInt() << OptSeconds() << OptSeconds() << OptSeconds();
    QTest::newRow("nothing") << HttpHeaders{} << OptInt() << OptInt() << OptSeconds()
                             << OptSeconds() << OptSeconds();
}

void TestRateLimit::readsHeaders()
{
    QFETCH(HttpHeaders, headers);
    QFETCH(OptInt, limit);
    QFETCH(OptInt, remaining);
    QFETCH(OptSeconds, resetIn);
    QFETCH(OptSeconds, window);
    QFETCH(OptSeconds, retryAfter);
    const RateLimitInfo info = RateLimitInfo::fromHeaders(headers, now);
    QCOMPARE(info.limit, limit);
    QCOMPARE(info.remaining, remaining);
    QCOMPARE(info.resetIn, resetIn);
    QCOMPARE(info.window, window);
    QCOMPARE(info.retryAfter, retryAfter);
    QCOMPARE(info.observedAt, now);
    QCOMPARE(info.isEmpty(), !limit && !remaining && !resetIn && !window && !retryAfter);
}

void TestRateLimit::retryAfter_data()
{
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<OptSeconds>("expected");
    QTest::newRow("seconds") << QByteArray("7") << OptSeconds(7s);
    QTest::newRow("zero") << QByteArray("0") << OptSeconds(0s);
    QTest::newRow("padded") << QByteArray(" 30 ") << OptSeconds(30s);
    QTest::newRow("HTTP-date") << QByteArray("Sun, 01 Mar 2026 12:05:00 GMT") << OptSeconds(300s);
    QTest::newRow("HTTP-date in the past")
        << QByteArray("Sun, 01 Mar 2026 11:00:00 GMT") << OptSeconds(0s);
    QTest::newRow("HTTP-date, wrong zone")
        << QByteArray("Sun, 01 Mar 2026 12:05:00 CET") << OptSeconds();
    QTest::newRow("HTTP-date, no time") << QByteArray("Sun, 01 Mar 2026 GMT") << OptSeconds();
    QTest::newRow("HTTP-date, bad time")
        << QByteArray("Sun, 01 Mar 2026 25:05:00 GMT") << OptSeconds();
    QTest::newRow("negative") << QByteArray("-5") << OptSeconds();
    QTest::newRow("empty") << QByteArray() << OptSeconds();
}

void TestRateLimit::retryAfter()
{
    QFETCH(QByteArray, value);
    QFETCH(OptSeconds, expected);
    QCOMPARE(rw::parseRetryAfter(value, now), expected);
}

// A Retry-After date is UTC: read as local time, 02:30 on the day Berlin skips from 02:00 to
// 03:00 was no time at all, and the server's wait was ignored.
void TestRateLimit::aDateInALocalDaylightSavingGapIsRead()
{
    const rw::test::LocalZone berlin("Europe/Berlin");
    const QDateTime before(QDate(2026, 3, 29), QTime(2, 0), QTimeZone::utc());
    QCOMPARE(rw::parseRetryAfter("Sun, 29 Mar 2026 02:30:00 GMT", before), OptSeconds(1800s));
}

QTEST_GUILESS_MAIN(TestRateLimit)
#include "tst_ratelimit.moc"
