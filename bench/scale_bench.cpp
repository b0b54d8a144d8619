// Benchmark 2: 10,000 tracked workflows within the real rate limit.
//
//   scale_bench scenario --count N --out FILE   a scenario: N workflows, blocked for weeks
//   scale_bench store --count N --out PATH      a store in the steady state: N workflows seen
//                                               blocked, next checks spread over the hour
//   scale_bench load --store PATH               time to open and load the store into an engine
//   scale_bench cold --count N                  virtual time: N new workflows at once, how long
//                                               until every one was asked (in-process)
//   scale_bench run --store PATH --api-base URL --minutes M
//                                               real time over HTTP against registrar-sim: the
//                                               same engine, fetcher and store as `watch`
//
// bench/run_scale.sh runs them all and collects the simulator's statistics.

#include "common/Duration.h"
#include "common/Json.h"
#include "engine/ClientStatusFetcher.h"
#include "engine/PollEngine.h"
#include "store/WorkflowStore.h"
#include "support/ManualClock.h"
#include "support/ScenarioFetcher.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QRandomGenerator>
#include <QTextStream>
#include <QTimer>

#include <sys/resource.h>

using namespace Qt::StringLiterals;
using namespace std::chrono;
using namespace std::chrono_literals;

namespace {

const QString account = u"023e105f4ecef8ad9ca31a8372d0c353"_s;
const QString token = u"bench-token"_s;

QString domainOf(int i)
{
    return u"s%1.example"_s.arg(i, 5, 10, QChar(u'0'));
}

rw::WorkflowRef refOf(int i)
{
    return {{account, false}, domainOf(i), rw::WorkflowKind::Update};
}

double cpuSeconds()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
           double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
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

QJsonObject scenarioJson(int count)
{
    QJsonArray workflows;
    for (int i = 0; i < count; ++i) {
        workflows.append(QJsonObject{
            {u"domain"_s, domainOf(i)},
            {u"kind"_s, u"update"_s},
            {u"steps"_s,
             QJsonArray{QJsonObject{{u"at_s"_s, -7200}, {u"state"_s, u"in_progress"_s}},
                        QJsonObject{{u"at_s"_s, -3600},
                                    {u"state"_s, u"blocked"_s},
                                    {u"context"_s, QJsonObject{{u"waiting_on"_s, u"registry"_s}}}},
                        QJsonObject{{u"at_s"_s, 30 * 86400}, {u"state"_s, u"succeeded"_s}}}}});
    }
    return {{u"account_id"_s, account},
            {u"tokens"_s, QJsonArray{token}},
            {u"rate_limit"_s,
             QJsonObject{{u"requests"_s, 1200}, {u"window_s"_s, 300}, {u"block_s"_s, 300}}},
            {u"workflows"_s, workflows}};
}

int writeScenario(int count, const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return 1;
    file.write(QJsonDocument(scenarioJson(count)).toJson(QJsonDocument::Compact));
    return 0;
}

int writeStore(int count, const QString &path)
{
    QFile::remove(path);
    auto store = rw::WorkflowStore::open(path);
    if (!store) {
        QTextStream(stderr) << store.error() << "\n";
        return 1;
    }
    const QDateTime now = QDateTime::currentDateTimeUtc();
    for (int i = 0; i < count; ++i) {
        rw::TrackedWorkflow workflow;
        workflow.ref = refOf(i);
        workflow.trackedAt = now.addSecs(-7200);
        workflow.watchingSince = workflow.trackedAt;
        const QString self = workflow.ref.statusPath();
        const QJsonObject result{{u"state"_s, u"blocked"_s},
                                 {u"completed"_s, false},
                                 {u"created_at"_s, rw::json::formatDateTime(now.addSecs(-7200))},
                                 {u"updated_at"_s, rw::json::formatDateTime(now.addSecs(-3600))},
                                 {u"links"_s, QJsonObject{{u"self"_s, self}}},
                                 {u"context"_s, QJsonObject{{u"domain_name"_s, workflow.ref.domain},
                                                            {u"waiting_on"_s, u"registry"_s}}},
                                 {u"error"_s, QJsonValue::Null}};
        workflow.status = rw::WorkflowStatus::fromJson(result).value();
        workflow.lastBody = QJsonDocument(QJsonObject{{u"success"_s, true},
                                                      {u"errors"_s, QJsonArray()},
                                                      {u"messages"_s, QJsonArray()},
                                                      {u"result"_s, result}})
                                .toJson(QJsonDocument::Compact);
        workflow.selfLink = self;
        workflow.stateSince = now.addSecs(-3600);
        workflow.lastCheckedAt = now.addSecs(-QRandomGenerator::global()->bounded(3600));
        workflow.lastChangedAt = workflow.stateSince;
        // Steady state: each one due at some point in the coming hour.
        workflow.nextPollAt = now.addMSecs(QRandomGenerator::global()->bounded(3'600'000));
        workflow.polls = 10;
        workflow.pollsInState = 8;
        workflow.leftActive = true;
        auto id = store.value()->insert(workflow);
        if (!id) {
            QTextStream(stderr) << id.error() << "\n";
            return 1;
        }
    }
    return 0;
}

// A fetcher that is never asked anything: loading does not poll.
class IdleFetcher final : public rw::StatusFetcher
{
public:
    void fetch(quint64, const rw::AccountRef &, const QString &) override {}
    void cancel(quint64) override {}
};

int timeLoad(const QString &path)
{
    QTextStream out(stdout);
    QElapsedTimer timer;
    timer.start();
    auto store = rw::WorkflowStore::open(path);
    if (!store)
        return 1;
    const qint64 opened = timer.elapsed();
    IdleFetcher fetcher;
    rw::PollEngine engine(&fetcher, rw::SystemClock::instance());
    engine.setStore(store.value().get());
    if (const auto error = engine.loadFromStore())
        return 1;
    const qint64 loaded = timer.elapsed();
    out << "{\"workflows\": " << engine.workflowIds().size() << ", \"open_ms\": " << opened
        << ", \"load_ms\": " << loaded << ", \"rss_mib\": " << currentMiB() << "}\n";
    return 0;
}

int coldStart(int count)
{
    // Virtual time, in-process: N workflows tracked at once, every one blocked.
    auto scenario = rw::sim::Scenario::fromJson(QJsonDocument(scenarioJson(count)).toJson());
    rw::test::ManualClock clock;
    rw::sim::ScenarioFetcher fetcher(std::move(scenario).value(), clock);
    fetcher.setLatency(150ms);
    rw::PollEngine engine(&fetcher, clock);
    for (int i = 0; i < count; ++i)
        engine.track(refOf(i));
    const QDateTime start = clock.now();
    QDateTime allSeen;
    while (!allSeen.isValid() && clock.now() < start.addSecs(6 * 3600)) {
        clock.advance(1min);
        bool everyone = true;
        for (const qint64 id : engine.workflowIds())
            everyone = everyone && engine.workflow(id)->status.has_value();
        if (everyone)
            allSeen = clock.now();
    }
    clock.advance(3h);
    QTextStream(stdout) << "{\"workflows\": " << count
                        << ", \"all_asked_once_after_s\": " << start.secsTo(allSeen)
                        << ", \"longest_wait_s\": "
                        << duration_cast<seconds>(engine.longestWait()).count()
                        << ", \"max_requests_in_5_min\": " << fetcher.maxRequestsInWindow()
                        << ", \"rate_limited\": " << fetcher.rateLimited() << "}\n";
    return 0;
}

int runReal(const QString &path, const QString &base, int minutes)
{
    QTextStream out(stdout);
    auto store = rw::WorkflowStore::open(path);
    if (!store)
        return 1;
    QNetworkAccessManager network;
    rw::ClientStatusFetcher fetcher(&network, rw::SystemClock::instance());
    rw::ClientConfig config;
    config.base = rw::ApiBase::fromString(base).value();
    config.credentials = rw::Credentials::apiToken(token);
    fetcher.setDefaultConfig(config);
    rw::PollEngine engine(&fetcher, rw::SystemClock::instance());
    engine.setStore(store.value().get());
    qint64 answers = 0, errors = 0;
    QObject::connect(&engine, &rw::PollEngine::workflowUpdated, &engine, [&] { ++answers; });
    QObject::connect(&engine, &rw::PollEngine::pollFailed, &engine, [&] { ++errors; });
    QObject::connect(
        &engine, &rw::PollEngine::accountHeld, &engine,
        [&](const QString &, const QString &reason) { out << "hold: " << reason << "\n"; });
    QElapsedTimer wall;
    wall.start();
    if (engine.loadFromStore())
        return 1;
    out << "loaded " << engine.workflowIds().size() << " workflows in " << wall.elapsed()
        << " ms\n";
    out.flush();

    QList<double> cpuPerMinute;
    double lastCpu = cpuSeconds();
    int minute = 0;
    QTimer tick;
    QEventLoop loop;
    QObject::connect(&tick, &QTimer::timeout, &loop, [&] {
        ++minute;
        const double cpu = cpuSeconds();
        cpuPerMinute.append(cpu - lastCpu);
        lastCpu = cpu;
        const auto status = engine.accountStatus(account);
        out << "minute " << minute << ": cpu " << QString::number(cpuPerMinute.last(), 'f', 3)
            << " s, rss " << QString::number(currentMiB(), 'f', 1) << " MiB, our requests in 5 min "
            << status.sentInWindow << ", waiting " << status.waiting << ", answers " << answers
            << ", errors " << errors << "\n";
        out.flush();
        if (minute >= minutes)
            loop.quit();
    });
    tick.start(60'000);
    loop.exec();
    double settled = 0;
    for (qsizetype i = 1; i < cpuPerMinute.size(); ++i) // the first minute includes the load
        settled = std::max(settled, cpuPerMinute.at(i));
    out << "{\"minutes\": " << minutes << ", \"answers\": " << answers << ", \"errors\": " << errors
        << ", \"longest_wait_s\": " << duration_cast<seconds>(engine.longestWait()).count()
        << ", \"cpu_s_total\": " << cpuSeconds()
        << ", \"cpu_s_per_minute_max_after_first\": " << settled
        << ", \"peak_rss_mib\": " << peakMiB() << "}\n";
    return 0;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = QCoreApplication::arguments();
    const auto value = [&](const QString &name, const QString &fallback = {}) {
        const qsizetype at = args.indexOf(name);
        return at >= 0 && at + 1 < args.size() ? args.at(at + 1) : fallback;
    };
    const QString mode = args.value(1);
    const int count = value(u"--count"_s, u"10000"_s).toInt();
    if (mode == u"scenario")
        return writeScenario(count, value(u"--out"_s));
    if (mode == u"store")
        return writeStore(count, value(u"--out"_s));
    if (mode == u"load")
        return timeLoad(value(u"--store"_s));
    if (mode == u"cold")
        return coldStart(count);
    if (mode == u"run")
        return runReal(value(u"--store"_s), value(u"--api-base"_s),
                       value(u"--minutes"_s, u"15"_s).toInt());
    QTextStream(stderr) << "usage: scale_bench scenario|store|load|cold|run ... (see the source)\n";
    return 2;
}
