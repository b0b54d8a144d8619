// Benchmark 4: watching a whole account of 5,000 registrations while 200 workflows are followed.
//
//   sweep_bench [--registrations 5000] [--workflows 200] [--hours 4] [--seed 20261202] [--runs 5]
//
// In virtual time (ManualClock, the simulator's scenario in-process behind ScenarioFetcher, 200 ms
// per answer), the real PollEngine with its default budget follows workflows whose states change
// at known times, twice over the same timelines: alone, and while a background consumer sends
// one request per registration (the update-status sweep of discovery) through takeSpare() and
// spareFinished() as fast as the engine allows. It prints how long the sweep took, the share of
// the budget it used, and the followed workflows' detection delay (from a state change to the
// first answer after it) without and with the sweep. The goal: not worse by more than 10%.
//
// SpareSweep stands for the discovery sweep: whatever sends requests for no tracked workflow
// can take its place, as long as it asks takeSpare() before each request and tells
// spareFinished() of each answer.

#include "engine/PollEngine.h"
#include "support/ManualClock.h"
#include "support/ScenarioFetcher.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

#include <cmath>
#include <deque>
#include <random>

using namespace Qt::StringLiterals;
using namespace std::chrono;
using namespace std::chrono_literals;

namespace {

const QString account = u"023e105f4ecef8ad9ca31a8372d0c353"_s;
constexpr milliseconds latency = 200ms;

struct Transition
{
    double at; // seconds from the start
    QString state;
};
using Timeline = QList<Transition>;

// Workflows in progress at the start whose changes are spread over the first `span` seconds:
// each is blocked for a while (a registry, a losing registrar), goes on, and ends.
QList<Timeline> makeWorkflows(int count, double span, unsigned seed)
{
    std::mt19937 random(seed);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    QList<Timeline> workflows;
    for (int i = 0; i < count; ++i) {
        const double blocked = span * 0.6 * unit(random);
        const double resumed = blocked + 300.0 + 3300.0 * unit(random);
        const double ended = std::min(span, resumed + 60.0 + 1740.0 * unit(random));
        workflows.append({{-600, u"in_progress"_s},
                          {blocked, u"blocked"_s},
                          {resumed, u"in_progress"_s},
                          {ended, unit(random) < 0.9 ? u"succeeded"_s : u"failed"_s}});
    }
    return workflows;
}

rw::sim::Scenario scenarioOf(const QList<Timeline> &workflows)
{
    QJsonArray scenarioWorkflows;
    for (qsizetype i = 0; i < workflows.size(); ++i) {
        QJsonArray steps;
        for (const Transition &transition : workflows.at(i))
            steps.append(QJsonObject{{u"at_s"_s, transition.at}, {u"state"_s, transition.state}});
        scenarioWorkflows.append(QJsonObject{
            {u"domain"_s, u"w%1.example"_s.arg(i)}, {u"kind"_s, u"update"_s}, {u"steps"_s, steps}});
    }
    const QJsonObject json{{u"account_id"_s, account},
                           {u"tokens"_s, QJsonArray{u"t"_s}},
                           {u"workflows"_s, scenarioWorkflows}};
    auto scenario = rw::sim::Scenario::fromJson(QJsonDocument(json).toJson());
    if (!scenario)
        qFatal("%s", qPrintable(scenario.error()));
    return std::move(scenario).value();
}

// Sends `total` requests for no tracked workflow, each answered `latency` later, as fast as
// PollEngine::takeSpare() allows: asked again when an answer frees a slot, or when the budget
// says, or shortly after a tracked workflow took the turn.
class SpareSweep final : public QObject
{
    Q_DISABLE_COPY_MOVE(SpareSweep)

public:
    SpareSweep(rw::PollEngine &engine, const rw::Clock &clock, int total)
        : m_engine(engine)
        , m_clock(clock)
        , m_alarm(clock.createAlarm())
        , m_total(total)
    {
        connect(m_alarm.get(), &rw::Alarm::rang, this, &SpareSweep::pump);
    }
    void start()
    {
        m_started = m_clock.now();
        pump();
    }
    [[nodiscard]] bool done() const { return m_answered == m_total; }
    [[nodiscard]] const QDateTime &startedAt() const { return m_started; }
    [[nodiscard]] const QDateTime &finishedAt() const { return m_finished; }
    [[nodiscard]] const QList<double> &sentAt() const { return m_sentAt; } // s from the start

private:
    void pump()
    {
        const QDateTime now = m_clock.now();
        while (!m_answers.empty() && m_answers.front() <= now) {
            m_answers.pop_front();
            ++m_answered;
            rw::ResponseInfo answer;
            answer.httpStatus = 200;
            m_engine.spareFinished(account, answer);
        }
        if (done() && !m_finished.isValid())
            m_finished = now;
        while (m_sent < m_total && m_engine.takeSpare(account)) {
            ++m_sent;
            m_sentAt.append(double(m_started.msecsTo(now)) / 1000.0);
            m_answers.push_back(now.addMSecs(latency.count()));
        }
        QDateTime next;
        if (m_sent < m_total) {
            // Refused for a tracked workflow's turn or a full slot: time alone does not say
            // when, so look again shortly.
            next = std::max(m_engine.nextSpareAt(account), now.addMSecs(100));
        }
        if (!m_answers.empty() && (!next.isValid() || m_answers.front() < next))
            next = m_answers.front();
        if (next.isValid())
            m_alarm->setAt(next);
    }

    rw::PollEngine &m_engine;
    const rw::Clock &m_clock;
    std::unique_ptr<rw::Alarm> m_alarm;
    int m_total;
    int m_sent = 0;
    int m_answered = 0;
    std::deque<QDateTime> m_answers;
    QDateTime m_started;
    QDateTime m_finished;
    QList<double> m_sentAt;
};

struct Run
{
    QList<std::pair<double, double>> changes; // when each change happened, and its delay
    qint64 tracked = 0;                       // requests about the followed workflows
    QList<double> trackedAt;                  // when, s from the start
    double sweepSeconds = 0;                  // how long the sweep took
    QList<double> sweepAt;                    // when its requests went out
    int budget = 0;
    seconds window{0};
    milliseconds longestWait{0}; // the longest a followed workflow waited past its due time
};

Run play(const QList<Timeline> &workflows, int registrations, double span)
{
    rw::test::ManualClock clock;
    const QDateTime start = clock.now();
    rw::sim::ScenarioFetcher fetcher(scenarioOf(workflows), clock);
    fetcher.setLatency(latency);
    rw::PollSettings settings;
    settings.maxActiveTime = hours(24 * 30); // followed to the end, however long
    rw::PollEngine engine(&fetcher, clock, settings);
    // No jitter: drawn in the order requests happen, it would give each workflow other delays
    // as soon as the sweep moves one request, and the difference would be the draw's.
    engine.setJitterSource([] { return 0.0; });
    QHash<qint64, QList<double>> answers;
    QObject::connect(&engine, &rw::PollEngine::workflowUpdated, &engine,
                     [&](const rw::TrackedWorkflow &workflow) {
                         if (!workflow.lastCheckedAt.isValid())
                             return;
                         const double t = double(start.msecsTo(workflow.lastCheckedAt)) / 1000.0;
                         QList<double> &times = answers[workflow.id];
                         if (times.isEmpty() || times.last() != t)
                             times.append(t);
                     });
    QList<qint64> ids;
    for (qsizetype i = 0; i < workflows.size(); ++i)
        ids.append(
            engine.track({{account, false}, u"w%1.example"_s.arg(i), rw::WorkflowKind::Update}));
    SpareSweep sweep(engine, clock, registrations);
    if (registrations > 0)
        sweep.start();
    clock.advance(milliseconds(qint64(span * 1000)));

    Run run;
    run.tracked = fetcher.requests();
    run.budget = settings.budgetRequests;
    run.window = settings.budgetWindow;
    run.sweepAt = sweep.sentAt();
    run.longestWait = engine.longestWait();
    if (registrations > 0)
        run.sweepSeconds = sweep.done()
                               ? double(sweep.startedAt().msecsTo(sweep.finishedAt())) / 1000.0
                               : std::nan("");
    for (qsizetype i = 0; i < workflows.size(); ++i) {
        const QList<double> times = answers.value(ids.at(i));
        run.trackedAt.append(times);
        const Timeline &timeline = workflows.at(i);
        for (qsizetype k = 1; k < timeline.size(); ++k) {
            const double at = timeline.at(k).at;
            const auto seen = std::lower_bound(times.begin(), times.end(), at);
            if (seen == times.end())
                continue;
            run.changes.append({at, *seen - at});
        }
    }
    return run;
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

int mostInWindow(QList<double> times, double window)
{
    std::sort(times.begin(), times.end());
    int most = 0;
    qsizetype first = 0;
    for (qsizetype last = 0; last < times.size(); ++last) {
        while (times.at(first) <= times.at(last) - window)
            ++first;
        most = std::max(most, int(last - first + 1));
    }
    return most;
}

QString seconds1(double value)
{
    return std::isnan(value) ? u"-"_s : u"%1 s"_s.arg(value, 0, 'f', 1);
}

QString change(double with, double without)
{
    return u"%1%2%"_s.arg(with >= without ? u"+"_s : QString())
        .arg(100.0 * (with - without) / without, 0, 'f', 1);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    const QCommandLineOption registrations(u"registrations"_s, u"Registrations to sweep."_s, u"n"_s,
                                           u"5000"_s);
    const QCommandLineOption count(u"workflows"_s, u"Followed workflows."_s, u"n"_s, u"200"_s);
    const QCommandLineOption hoursOption(u"hours"_s, u"Virtual hours to run."_s, u"h"_s, u"4"_s);
    const QCommandLineOption seed(u"seed"_s, u"Random seed of the first set."_s, u"s"_s,
                                  u"20261202"_s);
    const QCommandLineOption runs(u"runs"_s, u"Sets of timelines, pooled."_s, u"n"_s, u"5"_s);
    parser.addOptions({registrations, count, hoursOption, seed, runs});
    parser.addHelpOption();
    parser.process(app);
    const double span = parser.value(hoursOption).toDouble() * 3600.0;
    const int total = parser.value(registrations).toInt();
    const unsigned firstSeed = parser.value(seed).toUInt();
    const int rounds = std::max(1, parser.value(runs).toInt());

    QTextStream out(stdout);
    out << "Followed: " << parser.value(count) << " workflows, 3 state changes each over "
        << parser.value(hoursOption) << " h, " << rounds << " sets of timelines (seeds "
        << firstSeed << " to " << firstSeed + unsigned(rounds) - 1 << "); sweep: " << total
        << " requests; default budget.\n\n";
    out << "| seed | sweep done in | its share of the budget meanwhile | followed requests "
           "meanwhile, without / with | most of ours in any window | longest wait past due, "
           "without / with |\n|---|---:|---:|---:|---:|---:|\n";
    // The changes while the sweep ran, where it could make a difference, pooled over the sets.
    QList<double> during;
    QList<double> duringWithout;
    for (int round = 0; round < rounds; ++round) {
        const unsigned setSeed = firstSeed + unsigned(round);
        const QList<Timeline> workflows = makeWorkflows(parser.value(count).toInt(), span, setSeed);
        const Run withSweep = play(workflows, total, span);
        const Run without = play(workflows, 0, span);
        const double window = std::isnan(withSweep.sweepSeconds) ? span : withSweep.sweepSeconds;
        for (const auto &[at, delay] : withSweep.changes) {
            if (at <= window)
                during.append(delay);
        }
        for (const auto &[at, delay] : without.changes) {
            if (at <= window)
                duringWithout.append(delay);
        }
        const auto before = [window](const QList<double> &times) {
            return std::count_if(times.cbegin(), times.cend(),
                                 [window](double t) { return t <= window; });
        };
        const double capacity =
            double(withSweep.budget) * window / double(withSweep.window.count());
        QList<double> ours = withSweep.trackedAt;
        ours.append(withSweep.sweepAt);
        out << "| " << setSeed << " | " << QString::number(window / 60.0, 'f', 1) << " min | "
            << QString::number(100.0 * double(withSweep.sweepAt.size()) / capacity, 'f', 1)
            << "% | " << before(without.trackedAt) << " / " << before(withSweep.trackedAt) << " | "
            << mostInWindow(ours, double(withSweep.window.count())) << " of " << withSweep.budget
            << " | " << seconds1(double(without.longestWait.count()) / 1000) << " / "
            << seconds1(double(withSweep.longestWait.count()) / 1000) << " |\n";
    }
    out << "\n| changes while the sweep ran | median delay | p95 delay |\n|---|---:|---:|\n"
        << "| without the sweep (" << duringWithout.size() << ") | "
        << seconds1(percentile(duringWithout, 0.5)) << " | "
        << seconds1(percentile(duringWithout, 0.95)) << " |\n"
        << "| with the sweep (" << during.size() << ") | " << seconds1(percentile(during, 0.5))
        << " | " << seconds1(percentile(during, 0.95)) << " |\n";
    out << "\nWith the sweep: median "
        << change(percentile(during, 0.5), percentile(duringWithout, 0.5)) << ", p95 "
        << change(percentile(during, 0.95), percentile(duringWithout, 0.95))
        << " (goal: not worse by more than 10%).\n";
    return 0;
}
