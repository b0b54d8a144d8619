// Benchmark 5: the team watcher's /metrics with 10,000 watched workflows.
//
//   metrics_bench [--workflows 10000] [--accounts 4] [--renders 50] [--minutes 60] [--no-store]
//
// In virtual time (ManualClock, the simulator's scenario in-process behind ScenarioFetcher,
// 150 ms per answer), the real PollEngine with its default budget and a WorkflowStore in a
// temporary directory (as `registrar-watch-serve` runs them) watches 10,000 workflows across
// four accounts in a mix of states, some of which end during the hour. After a first round (every
// workflow answered once), it measures:
//   (a) the scrape: body size, and the time of `render` (median and p95 of N renders), in both
//       formats;
//   (b) the watcher over an hour of virtual time with a scrape every 15 s: CPU time
//       (getrusage, user + system) and resident memory at the start and end of the hour, and the
//       process's peak.
// The collector counts no requests here (no QNetworkAccessManager: the fetcher is in-process),
// so `registrar_watch_requests_total` is empty: a few lines per account in a real scrape.

#include "engine/PollEngine.h"
#include "registrar/AccountLabels.h"
#include "serve/MetricsCollector.h"
#include "store/WorkflowStore.h"
#include "support/ManualClock.h"
#include "support/ScenarioFetcher.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTextStream>

#include <algorithm>
#include <ctime>
#include <sys/resource.h>

using namespace Qt::StringLiterals;
using namespace std::chrono;
using namespace std::chrono_literals;

namespace {

QString accountOf(int index)
{
    return u"%1"_s.arg(index + 1, 32, 16, QChar(u'a'));
}

QString domainOf(int i)
{
    return u"customer-%1.example.com"_s.arg(i, 5, 10, QChar(u'0'));
}

double cpuSeconds()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
           double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

// This thread's CPU time: what a render costs, also on a machine busy with other work.
double threadCpuMs()
{
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return double(now.tv_sec) * 1e3 + double(now.tv_nsec) / 1e6;
}

double peakMiB()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return double(usage.ru_maxrss) / 1024.0;
}

double currentMiB()
{
    QFile status(u"/proc/self/status"_s);
    if (!status.open(QIODevice::ReadOnly))
        return 0;
    const QList<QByteArray> lines = status.readAll().split('\n');
    for (const QByteArray &line : lines) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toDouble() / 1024.0;
    }
    return 0;
}

QJsonObject step(double at, const QString &state, const QJsonObject &context = {})
{
    QJsonObject json{{u"at_s"_s, at}, {u"state"_s, state}};
    if (!context.isEmpty())
        json.insert(u"context"_s, context);
    return json;
}

// The mix of a team's day: mostly in progress or blocked, some waiting for the operator, some
// finished; a fifth of them end during the measured hour (which begins after the first round).
QJsonArray timelineOf(int i, double hourStarts)
{
    const double ends = hourStarts + (i * 7919 % 3600);
    switch (i % 10) {
    case 0:
        return {step(-600, u"in_progress"_s), step(ends, u"succeeded"_s)};
    case 1:
        return {step(-600, u"blocked"_s, {{u"waiting_on"_s, u"registry"_s}}),
                step(ends, u"failed"_s)};
    case 2:
    case 3:
        return {step(-600, u"in_progress"_s)};
    case 4:
    case 5:
        return {step(-3600, u"blocked"_s, {{u"waiting_on"_s, u"registry"_s}})};
    case 6:
        return {step(-7200, u"blocked"_s, {{u"waiting_on"_s, u"losing_registrar"_s}})};
    case 7:
        return {step(-3600, u"action_required"_s,
                     {{u"action"_s, u"Confirm the change of registrant from the email sent"_s}})};
    case 8:
        return {step(-60, u"pending"_s)};
    default:
        return {step(-86400, u"succeeded"_s)};
    }
}

QJsonObject scenarioJson(int count, int accounts, double hourStarts)
{
    QJsonArray workflows;
    for (int i = 0; i < count; ++i)
        workflows.append(QJsonObject{{u"domain"_s, domainOf(i)},
                                     {u"kind"_s, i % 5 == 4 ? u"transfer-in"_s : u"update"_s},
                                     {u"account"_s, accountOf(i % accounts)},
                                     {u"steps"_s, timelineOf(i, hourStarts)}});
    QJsonArray others;
    for (int a = 1; a < accounts; ++a)
        others.append(accountOf(a));
    return {{u"account_id"_s, accountOf(0)},
            {u"other_accounts"_s, others},
            {u"tokens"_s, QJsonArray{u"bench-token"_s}},
            {u"rate_limit"_s,
             QJsonObject{{u"requests"_s, 1200}, {u"window_s"_s, 300}, {u"block_s"_s, 300}}},
            {u"workflows"_s, workflows}};
}

struct Timing
{
    double median = 0;
    double p95 = 0;
};

Timing timingOf(QList<double> ms)
{
    if (ms.isEmpty())
        return {};
    std::sort(ms.begin(), ms.end());
    return {ms.at(ms.size() / 2), ms.at(std::min(ms.size() - 1, qsizetype(ms.size() * 0.95)))};
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption workflowsOption(u"workflows"_s, u"Watched workflows."_s, u"N"_s,
                                             u"10000"_s);
    const QCommandLineOption accountsOption(u"accounts"_s, u"Accounts."_s, u"N"_s, u"4"_s);
    const QCommandLineOption rendersOption(u"renders"_s, u"Timed renders."_s, u"N"_s, u"50"_s);
    const QCommandLineOption minutesOption(u"minutes"_s, u"Virtual minutes watched."_s, u"M"_s,
                                           u"60"_s);
    const QCommandLineOption noStoreOption(u"no-store"_s, u"Keep nothing (no SQLite)."_s);
    const QCommandLineOption dumpOption(
        u"dump"_s, u"Write one scrape to FILE (0.0.4), and FILE.om (OpenMetrics)."_s, u"FILE"_s);
    parser.addOptions(
        {workflowsOption, accountsOption, rendersOption, minutesOption, noStoreOption, dumpOption});
    parser.process(app);
    const int count = parser.value(workflowsOption).toInt();
    const int accountCount = std::max(1, parser.value(accountsOption).toInt());
    const int renders = std::max(1, parser.value(rendersOption).toInt());
    const int minutes = parser.value(minutesOption).toInt();
    QTextStream out(stdout);

    // The first round takes about an hour at the default budget (900 requests per 5 minutes
    // per credential): the measured hour starts after it.
    const double hourStarts = 2 * 3600.0;
    auto scenario = rw::sim::Scenario::fromJson(
        QJsonDocument(scenarioJson(count, accountCount, hourStarts)).toJson());
    if (!scenario) {
        QTextStream(stderr) << scenario.error() << "\n";
        return 1;
    }
    // Times in Qt::UTC, as the system clock and the parsed answers give them in `serve` (the
    // test clock's default, a QTimeZone, makes every conversion several times slower on Qt 6.4).
    rw::test::ManualClock clock(QDateTime(QDate(2026, 3, 1), QTime(12, 0), Qt::UTC));
    rw::sim::ScenarioFetcher fetcher(std::move(scenario).value(), clock);
    fetcher.setLatency(150ms);
    rw::PollEngine engine(&fetcher, clock);
    QTemporaryDir dir;
    std::unique_ptr<rw::WorkflowStore> store;
    if (!parser.isSet(noStoreOption)) {
        auto opened = rw::WorkflowStore::open(dir.filePath(u"watch.sqlite"_s));
        if (!opened) {
            QTextStream(stderr) << opened.error() << "\n";
            return 1;
        }
        store = std::move(opened).value();
        engine.setStore(store.get());
    }
    rw::MetricsCollector collector(&engine, nullptr);
    rw::AccountLabels labels;
    for (int a = 0; a < accountCount; ++a)
        labels.set(accountOf(a), u"Customer group %1"_s.arg(a + 1));
    collector.setAccountLabels(labels);

    // One token for the team's accounts: one budget, as Cloudflare counts them (per user).
    for (int a = 0; a < accountCount; ++a)
        engine.setBudgetKey(accountOf(a), u"0123456789abcdef"_s);

    QElapsedTimer wall;
    wall.start();
    for (int i = 0; i < count; ++i)
        engine.track({{accountOf(i % accountCount), false},
                      domainOf(i),
                      i % 5 == 4 ? rw::WorkflowKind::TransferIn : rw::WorkflowKind::Update});
    const QDateTime start = clock.now();
    clock.advanceTo(start.addSecs(qint64(hourStarts)));
    int answered = 0;
    for (const qint64 id : engine.workflowIds())
        answered += engine.workflow(id)->status.has_value();
    out << "{\"workflows\": " << count << ", \"accounts\": " << accountCount
        << ", \"answered_before_the_hour\": " << answered
        << ", \"first_round_wall_s\": " << wall.elapsed() / 1000.0 << "}\n";

    // The first scrape escapes every label and reads every time once; the next ones reuse that.
    QElapsedTimer first;
    first.start();
    const qsizetype firstSize = collector.render(rw::MetricsFormat::Prometheus, clock.now()).size();
    out << "{\"first_render_ms\": " << double(first.nsecsElapsed()) / 1e6
        << ", \"bytes\": " << firstSize << "}\n";

    if (parser.isSet(dumpOption)) {
        QFile dump(parser.value(dumpOption));
        if (!dump.open(QIODevice::WriteOnly))
            return 1;
        dump.write(collector.render(rw::MetricsFormat::Prometheus, clock.now()));
        QFile openDump(parser.value(dumpOption) + u".om"_s);
        if (!openDump.open(QIODevice::WriteOnly))
            return 1;
        openDump.write(collector.render(rw::MetricsFormat::OpenMetrics, clock.now()));
    }

    // (a) The scrape, both formats.
    for (const auto format : {rw::MetricsFormat::Prometheus, rw::MetricsFormat::OpenMetrics}) {
        QList<double> ms;
        QList<double> cpuMs;
        qsizetype size = 0;
        qsizetype lines = 0;
        for (int i = 0; i < renders; ++i) {
            QElapsedTimer timer;
            timer.start();
            const double cpuStart = threadCpuMs();
            const QByteArray body = collector.render(format, clock.now());
            cpuMs.append(threadCpuMs() - cpuStart);
            ms.append(double(timer.nsecsElapsed()) / 1e6);
            size = body.size();
            lines = body.count('\n');
        }
        const Timing timing = timingOf(ms);
        const Timing cpu = timingOf(cpuMs);
        out << "{\"format\": \""
            << (format == rw::MetricsFormat::Prometheus ? "0.0.4" : "openmetrics-1.0.0")
            << "\", \"bytes\": " << size << ", \"lines\": " << lines
            << ", \"render_ms_median\": " << timing.median << ", \"render_ms_p95\": " << timing.p95
            << ", \"render_cpu_ms_median\": " << cpu.median
            << ", \"render_cpu_ms_p95\": " << cpu.p95 << ", \"renders\": " << renders << "}\n";
    }

    // (b) An hour of watching, scraped every 15 s.
    const double rssBefore = currentMiB();
    const double cpuBefore = cpuSeconds();
    const qint64 requestsBefore = fetcher.requests();
    wall.restart();
    QList<double> scrapeMs;
    qsizetype lastSize = 0;
    for (int tick = 0; tick < minutes * 4; ++tick) {
        clock.advance(15s);
        QElapsedTimer timer;
        timer.start();
        lastSize = collector.render(rw::MetricsFormat::Prometheus, clock.now()).size();
        scrapeMs.append(double(timer.nsecsElapsed()) / 1e6);
    }
    const double cpu = cpuSeconds() - cpuBefore;
    const Timing scrape = timingOf(scrapeMs);
    out << "{\"virtual_minutes\": " << minutes << ", \"scrapes\": " << scrapeMs.size()
        << ", \"requests\": " << fetcher.requests() - requestsBefore
        << ", \"rate_limited\": " << fetcher.rateLimited() << ", \"cpu_s\": " << cpu
        << ", \"wall_s\": " << wall.elapsed() / 1000.0
        << ", \"scrape_ms_median\": " << scrape.median << ", \"scrape_ms_p95\": " << scrape.p95
        << ", \"last_body_bytes\": " << lastSize << ", \"rss_mib_start\": " << rssBefore
        << ", \"rss_mib_end\": " << currentMiB() << ", \"peak_rss_mib\": " << peakMiB()
        << ", \"store\": " << (store ? "true" : "false") << "}\n";
    return 0;
}
