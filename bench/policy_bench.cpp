// Benchmark 1: how many requests each polling policy spends, and how late it notices changes,
// on the same workflows. Runs in virtual time: our engine (the real PollEngine, default
// settings and budget) against the simulator's scenario in-process; the fixed loops and the Go
// SDK's transfer guidance are played over the same timelines.
//
//   policy_bench [--workflows N] [--seed S]
//
// Prints a Markdown table for docs/BENCHMARKS.md.

#include "common/Duration.h"
#include "engine/PollEngine.h"
#include "support/ManualClock.h"
#include "support/ScenarioFetcher.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

#include <algorithm>
#include <cmath>
#include <random>

using namespace Qt::StringLiterals;
using namespace std::chrono;
using namespace std::chrono_literals;

namespace {

struct Transition
{
    double at; // seconds from the start
    QString state;
};
using Timeline = QList<Transition>;

// Durations from a minute to five days, log-uniform; long ones spend most of their time blocked
// (a losing registrar has up to five days), as the API reference describes.
QList<Timeline> makeWorkflows(int count, unsigned seed)
{
    std::mt19937 random(seed);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    QList<Timeline> workflows;
    for (int i = 0; i < count; ++i) {
        const double duration = 60.0 * std::pow(7200.0, unit(random)); // 1 min .. 5 days
        const double started = std::min(1.0 + 29.0 * unit(random), duration * 0.05);
        Timeline timeline{{0, u"pending"_s}, {started, u"in_progress"_s}};
        const bool blocked =
            duration > 6 * 3600 || (duration > 3600 && unit(random) < 0.6) || unit(random) < 0.2;
        if (blocked) {
            const double margin = std::min(duration * 0.1, 1200.0);
            timeline.append({started + margin, u"blocked"_s});
            timeline.append({duration - margin, u"in_progress"_s});
        }
        const double end = unit(random);
        timeline.append({duration, end < 0.80   ? u"succeeded"_s
                                   : end < 0.95 ? u"failed"_s
                                                : u"action_required"_s});
        workflows.append(timeline);
    }
    return workflows;
}

QString stateAt(const Timeline &timeline, double t)
{
    QString state;
    for (const Transition &transition : timeline) {
        if (transition.at > t)
            break;
        state = transition.state;
    }
    return state;
}

bool isFinal(const QString &state)
{
    return state == u"succeeded" || state == u"failed" || state == u"action_required";
}

struct Result
{
    QString name;
    qint64 requests = 0;
    int maxInWindow = 0; // the most requests in any 5-minute window: Cloudflare allows 1,200
    int gaveUp = 0;
    QList<double> delays;          // every change, seconds from change to the first poll after
    QList<double> firstHourDelays; // changes that happen within the first hour
    QHash<qsizetype, QList<double>> pollsOf; // the engine's: each workflow's checks, by index
};

// Adds the detection delays of one workflow, given the times it was asked.
void measure(const Timeline &timeline, const QList<double> &polls, Result &result)
{
    for (qsizetype k = 1; k < timeline.size(); ++k) {
        const double at = timeline.at(k).at;
        const auto seen = std::lower_bound(polls.begin(), polls.end(), at);
        if (seen == polls.end())
            continue; // never noticed (a policy that gave up)
        result.delays.append(*seen - at);
        if (at <= 3600)
            result.firstHourDelays.append(*seen - at);
    }
}

// A poller that waits `next(lastState)` between requests and stops on a final state.
int maxInWindow(QList<double> times)
{
    std::sort(times.begin(), times.end());
    int most = 0;
    qsizetype first = 0;
    for (qsizetype last = 0; last < times.size(); ++last) {
        while (times.at(first) <= times.at(last) - 300.0)
            ++first;
        most = std::max(most, int(last - first + 1));
    }
    return most;
}

// No policy can do better: one that knows every change in advance and asks about each right
// after it happens, within the same budget (a bucket of `burst` refilled so that no 5-minute
// window holds more than `requests`), oldest change first when the budget is short. The floor
// under every policy's delays on these workflows.
Result playOracle(const QString &name, const QList<Timeline> &workflows,
                  const rw::PollSettings &budget)
{
    struct Change
    {
        double at;
        qsizetype workflow;
    };
    QList<Change> changes;
    for (qsizetype i = 0; i < workflows.size(); ++i) {
        for (qsizetype k = 1; k < workflows.at(i).size(); ++k)
            changes.append({workflows.at(i).at(k).at, i});
    }
    std::sort(changes.begin(), changes.end(),
              [](const Change &a, const Change &b) { return a.at < b.at; });
    const double capacity = double(budget.budgetBurst);
    const double rate = double(budget.budgetRequests - budget.budgetBurst) /
                        double(budget.budgetWindow.count()); // tokens a second
    double tokens = capacity, last = 0;
    QList<QList<double>> polls(workflows.size());
    QList<double> all;
    for (const Change &change : std::as_const(changes)) {
        double t = std::max(change.at, last);
        tokens = std::min(capacity, tokens + (t - last) * rate);
        if (tokens < 1.0) {
            t += (1.0 - tokens) / rate;
            tokens = 1.0;
        }
        tokens -= 1.0;
        last = t;
        polls[change.workflow].append(t);
        all.append(t);
    }
    Result result{name};
    result.requests = all.size();
    result.maxInWindow = maxInWindow(all);
    for (qsizetype i = 0; i < workflows.size(); ++i) {
        std::sort(polls[i].begin(), polls[i].end());
        measure(workflows.at(i), polls.at(i), result);
    }
    return result;
}

template<typename Next>
Result playLoop(const QString &name, const QList<Timeline> &workflows, Next next)
{
    Result result{name};
    QList<double> all;
    for (const Timeline &timeline : workflows) {
        QList<double> polls;
        double t = 0;
        QString state;
        do {
            t += next(state);
            state = stateAt(timeline, t);
            polls.append(t);
        } while (!isFinal(state));
        result.requests += polls.size();
        all.append(polls);
        measure(timeline, polls, result);
    }
    result.maxInWindow = maxInWindow(all);
    return result;
}

// `kinds`: of each workflow, in order; updates where it says nothing.
Result playEngine(const QList<Timeline> &workflows, const QString &name,
                  const rw::PollSettings &settings = {}, std::chrono::hours played = hours(24 * 6),
                  const QList<rw::WorkflowKind> &kinds = {})
{
    const auto kindOf = [&kinds](qsizetype i) {
        return i < kinds.size() ? kinds.at(i) : rw::WorkflowKind::Update;
    };
    QJsonArray scenarioWorkflows;
    for (qsizetype i = 0; i < workflows.size(); ++i) {
        QJsonArray steps;
        for (const Transition &transition : workflows.at(i))
            steps.append(QJsonObject{{u"at_s"_s, transition.at}, {u"state"_s, transition.state}});
        scenarioWorkflows.append(QJsonObject{{u"domain"_s, u"w%1.example"_s.arg(i)},
                                             {u"kind"_s, rw::kindName(kindOf(i))},
                                             {u"steps"_s, steps}});
    }
    const QJsonObject json{{u"account_id"_s, u"023e105f4ecef8ad9ca31a8372d0c353"_s},
                           {u"tokens"_s, QJsonArray{u"t"_s}},
                           {u"workflows"_s, scenarioWorkflows}};
    auto scenario = rw::sim::Scenario::fromJson(QJsonDocument(json).toJson());
    if (!scenario)
        qFatal("%s", qPrintable(scenario.error()));

    rw::test::ManualClock clock;
    const QDateTime start = clock.now();
    rw::sim::ScenarioFetcher fetcher(std::move(scenario).value(), clock);
    fetcher.setLatency(200ms);
    rw::PollEngine engine(&fetcher, clock, settings);
    std::mt19937 jitter(11); // the engine's jitter, seeded so that runs repeat
    std::uniform_real_distribution<double> spread(-1.0, 1.0);
    engine.setJitterSource([&] { return spread(jitter); });
    QHash<qint64, QList<double>> polls;
    QObject::connect(&engine, &rw::PollEngine::workflowUpdated, &engine,
                     [&](const rw::TrackedWorkflow &workflow) {
                         if (!workflow.lastCheckedAt.isValid())
                             return;
                         const double t = double(start.msecsTo(workflow.lastCheckedAt)) / 1000.0;
                         QList<double> &times = polls[workflow.id];
                         if (times.isEmpty() || times.last() != t)
                             times.append(t);
                     });
    QList<qint64> ids;
    for (qsizetype i = 0; i < workflows.size(); ++i)
        ids.append(engine.track(
            {{u"023e105f4ecef8ad9ca31a8372d0c353"_s, false}, u"w%1.example"_s.arg(i), kindOf(i)}));
    clock.advance(played);

    Result result{name};
    result.requests = fetcher.requests();
    result.maxInWindow = fetcher.maxRequestsInWindow();
    for (qsizetype i = 0; i < workflows.size(); ++i) {
        measure(workflows.at(i), polls.value(ids.at(i)), result);
        result.pollsOf.insert(i, polls.value(ids.at(i)));
        if (engine.workflow(ids.at(i))->watch != rw::WatchState::Settled &&
            engine.workflow(ids.at(i))->watch != rw::WatchState::NeedsOperator)
            ++result.gaveUp;
    }
    return result;
}

double percentile(QList<double> values, double p)
{
    if (values.isEmpty())
        return std::nan("");
    std::sort(values.begin(), values.end());
    const qsizetype index =
        std::min(values.size() - 1, qsizetype(std::ceil(p * double(values.size())) - 1));
    return values.at(std::max<qsizetype>(0, index));
}

QString shown(double value)
{
    if (std::isnan(value))
        return u"-"_s;
    return value < 120 ? u"%1 s"_s.arg(value, 0, 'f', 1) : u"%1 min"_s.arg(value / 60, 0, 'f', 1);
}

// Small scale: `count` updates started together, each lasting 20 s to 10 min (log-uniform),
// pending for a few seconds first; `runs` seeds, their delays pooled.
QList<Timeline> makeUpdates(int count, unsigned seed)
{
    std::mt19937 random(seed);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    QList<Timeline> workflows;
    for (int i = 0; i < count; ++i) {
        const double duration = 20.0 * std::pow(30.0, unit(random)); // 20 s .. 10 min
        const double started = 2.0 + 3.0 * unit(random);
        workflows.append(
            {{0, u"pending"_s}, {started, u"in_progress"_s}, {duration, u"succeeded"_s}});
    }
    return workflows;
}

void smallScale(QTextStream &out)
{
    constexpr int runs = 40;
    out << "| active workflows | policy | median delay | p95 delay | most in 5 min |\n"
           "|---:|---|---:|---:|---:|\n";
    for (const int count : {1, 5, 20}) {
        rw::PollSettings frugal;
        frugal.pacing = false;
        const std::pair<QString, rw::PollSettings> policies[] = {
            {u"paced by the budget (default)"_s, rw::PollSettings{}},
            {u"frugal (pacing off, as before)"_s, frugal}};
        for (const auto &[name, settings] : policies) {
            Result pooled{name};
            for (int run = 0; run < runs; ++run) {
                const Result result =
                    playEngine(makeUpdates(count, 1000u + unsigned(run)), name, settings, 1h);
                pooled.delays.append(result.delays);
                pooled.maxInWindow = std::max(pooled.maxInWindow, result.maxInWindow);
            }
            out << "| " << count << " | " << name << " | " << shown(percentile(pooled.delays, 0.5))
                << " | " << shown(percentile(pooled.delays, 0.95)) << " | " << pooled.maxInWindow
                << " |\n";
        }
    }
}

// A mixed batch started together: `count` / 2 updates (in progress 20 s to 10 min) and as many
// transfers (in progress 2 to 20 minutes, then blocked on the losing registrar for 1 to 5 days),
// each pending for 1 to 5 s first. Returns the kinds alongside.
std::pair<QList<Timeline>, QList<rw::WorkflowKind>> makeMixed(int count, unsigned seed)
{
    std::mt19937 random(seed);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    QList<Timeline> workflows;
    QList<rw::WorkflowKind> kinds;
    for (int i = 0; i < count; ++i) {
        const double started = 1.0 + 4.0 * unit(random);
        if (i % 2 == 0) {
            const double end = started + 20.0 * std::pow(30.0, unit(random));
            workflows.append(
                {{0, u"pending"_s}, {started, u"in_progress"_s}, {end, u"succeeded"_s}});
            kinds.append(rw::WorkflowKind::Update);
        } else {
            const double blocked = started + 120.0 * std::pow(10.0, unit(random));
            const double approved = blocked + 86400.0 * (1.0 + 4.0 * unit(random));
            workflows.append({{0, u"pending"_s},
                              {started, u"in_progress"_s},
                              {blocked, u"blocked"_s},
                              {approved, u"in_progress"_s},
                              {approved + 60.0 + 600.0 * unit(random), u"succeeded"_s}});
            kinds.append(rw::WorkflowKind::TransferIn);
        }
    }
    return {workflows, kinds};
}

// The orderings compared on a mixed batch: how soon the first hour's changes are seen.
void mixedBatch(QTextStream &out, int count, unsigned seed)
{
    const auto [workflows, kinds] = makeMixed(count, seed);
    rw::PollSettings dueOrder;
    dueOrder.likelihood = false;
    rw::PollSettings frugal;
    frugal.pacing = false;
    rw::PollSettings frugalDueOrder = frugal;
    frugalDueOrder.likelihood = false;
    const std::pair<QString, rw::PollSettings> policies[] = {
        {u"likelihood and pacing (default)"_s, rw::PollSettings{}},
        {u"due order, pacing"_s, dueOrder},
        {u"likelihood, pacing off"_s, frugal},
        {u"due order, pacing off (as before)"_s, frugalDueOrder}};
    out << "Mixed batch: " << count / 2 << " updates and " << count - count / 2
        << " transfers started together (seed " << seed << ").\n\n"
        << "| ordering | requests, first hour | median, first hour | p95, first hour | "
           "updates' median | transfers' median |\n|---|---:|---:|---:|---:|---:|\n";
    for (const auto &[name, settings] : policies) {
        const Result result = playEngine(workflows, name, settings, 1h, kinds);
        QList<double> updates, transfers;
        for (qsizetype i = 0; i < workflows.size(); ++i) {
            Result one;
            measure(workflows.at(i), result.pollsOf.value(i), one);
            (kinds.at(i) == rw::WorkflowKind::Update ? updates : transfers)
                .append(one.firstHourDelays);
        }
        out << "| " << name << " | " << result.requests << " | "
            << shown(percentile(result.firstHourDelays, 0.5)) << " | "
            << shown(percentile(result.firstHourDelays, 0.95)) << " | "
            << shown(percentile(updates, 0.5)) << " | " << shown(percentile(transfers, 0.5))
            << " |\n";
    }
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    const QCommandLineOption count(u"workflows"_s, u"How many workflows."_s, u"n"_s, u"200"_s);
    const QCommandLineOption seed(u"seed"_s, u"Random seed."_s, u"s"_s, u"20261129"_s);
    const QCommandLineOption small(
        u"small"_s, u"The small-scale table instead: 1, 5 and 20 updates of 20 s to 10 min."_s);
    const QCommandLineOption mixed(
        u"mixed"_s, u"The orderings on a batch of updates and transfers started together."_s);
    parser.addOptions({count, seed, small, mixed});
    parser.addHelpOption();
    parser.process(app);
    QTextStream out(stdout);
    if (parser.isSet(small)) {
        smallScale(out);
        return 0;
    }
    if (parser.isSet(mixed)) {
        mixedBatch(out, parser.value(count).toInt(), parser.value(seed).toUInt());
        return 0;
    }
    const QList<Timeline> workflows =
        makeWorkflows(parser.value(count).toInt(), parser.value(seed).toUInt());

    std::mt19937 random(7);
    std::uniform_real_distribution<double> blockedWait(1800.0, 3600.0);
    rw::PollSettings frugal;
    frugal.pacing = false;
    frugal.likelihood = false;
    rw::PollSettings dueOrder;
    dueOrder.likelihood = false;
    const QList<Result> results = {
        playEngine(workflows, u"Registrar Watch (this engine)"_s),
        playEngine(workflows, u"Registrar Watch, likelihood off (due order)"_s, dueOrder),
        playEngine(workflows, u"Registrar Watch, pacing and likelihood off (as before)"_s, frugal),
        playLoop(u"fixed 2 s loop (the docs' sample)"_s, workflows,
                 [](const QString &) { return 2.0; }),
        playLoop(u"fixed 30 s loop"_s, workflows, [](const QString &) { return 30.0; }),
        playLoop(
            u"Go SDK transfer guidance (30 s; 30-60 min while blocked)"_s, workflows,
            [&](const QString &state) { return state == u"blocked" ? blockedWait(random) : 30.0; }),
        playOracle(u"knowing every change in advance, within the budget (the floor)"_s, workflows,
                   rw::PollSettings{}),
    };

    double changes = 0, longest = 0;
    for (const Timeline &timeline : workflows) {
        changes += double(timeline.size() - 1);
        longest = std::max(longest, timeline.last().at);
    }
    out << "Workflows: " << workflows.size() << " (1 min to "
        << rw::formatDuration(std::chrono::seconds(qint64(longest))) << ", seed "
        << parser.value(seed) << "), " << changes << " state changes.\n\n";
    // The bound the budget itself sets while all are active: N workflows asked in turn at the
    // budget's rate, each every N / rate seconds, a change seen on average half of that later.
    const rw::PollSettings defaults;
    const double rate = double(defaults.budgetRequests) / double(defaults.budgetWindow.count());
    const double bound = double(workflows.size()) / rate / 2.0;
    out << "Even-spread bound: " << workflows.size() << " workflows at " << defaults.budgetRequests
        << " requests per " << rw::formatDuration(defaults.budgetWindow) << ", a change seen after "
        << shown(bound) << " on average.\n\n";
    out << "| policy | requests | vs. 2 s loop | most in 5 min | median delay | p95 delay | "
           "median, first hour | first hour, vs. the bound | p95, first hour | "
           "not followed to the end |\n"
           "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n";
    const double baseline = double(results.at(3).requests);
    for (const Result &result : results) {
        const double firstHour = percentile(result.firstHourDelays, 0.5);
        out << "| " << result.name << " | " << result.requests << " | "
            << QString::number(100.0 * double(result.requests) / baseline, 'f', 2) << "% | "
            << result.maxInWindow << " | " << shown(percentile(result.delays, 0.5)) << " | "
            << shown(percentile(result.delays, 0.95)) << " | " << shown(firstHour) << " | "
            << QString::number(firstHour / bound, 'f', 2) << "x | "
            << shown(percentile(result.firstHourDelays, 0.95)) << " | " << result.gaveUp << " |\n";
    }
    return 0;
}
