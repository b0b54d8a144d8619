#include "engine/StateDurations.h"

#include <algorithm>
#include <cmath>

using namespace std::chrono;
using namespace std::chrono_literals;

namespace rw {

namespace {

constexpr double gridFirstMs = 1000.0;                   // 1 s
constexpr double gridLastMs = 60.0 * 24 * 3600 * 1000.0; // 60 days
constexpr double tailShare = 0.1; // of the prior: anything from a second to 60 days
// Each learned duration d stands for durations from d / spread to d * spread: a handful of
// them already describe a state smoothly.
constexpr double spreadFactor = 1.5;

// The share of durations spread evenly on a log scale over [shortest, longest] still running
// at t.
double logUniformSurvival(double shortestMs, double longestMs, double ms)
{
    if (ms <= shortestMs)
        return 1.0;
    if (ms >= longestMs)
        return 0.0;
    return 1.0 - std::log(ms / shortestMs) / std::log(longestMs / shortestMs);
}

double priorSurvival(const StateDurations::Prior &prior, double ms)
{
    return (1.0 - tailShare) * logUniformSurvival(double(prior.shortest.count()),
                                                  double(prior.longest.count()), ms) +
           tailShare * logUniformSurvival(gridFirstMs, gridLastMs, ms);
}

double gridStep(int points)
{
    return std::log(gridLastMs / gridFirstMs) / double(points - 1);
}

} // namespace

StateDurations::Prior StateDurations::priorOf(WorkflowKind kind, WorkflowState state)
{
    // From the API's guidance: pending is brief; an update or a registration runs for seconds
    // to minutes, a transfer for up to days, most of them blocked on the losing registrar (up to
    // five days); a change of registrant waits up to seven days for its approval.
    switch (state) {
    case WorkflowState::Pending:
        return {1s, 5min};
    case WorkflowState::InProgress:
        switch (kind) {
        case WorkflowKind::Update:
            return {5s, 30min};
        case WorkflowKind::Registration:
            return {10s, 2h};
        case WorkflowKind::TransferIn:
            return {1min, 48h};
        }
        break;
    case WorkflowState::Blocked:
        return kind == WorkflowKind::TransferIn ? Prior{1h, 5 * 24h} : Prior{10min, 7 * 24h};
    default:
        break;
    }
    return {1min, 24h};
}

QString StateDurations::keyOf(const QString &account, WorkflowKind kind, WorkflowState state)
{
    return account + u'/' + QString::number(int(kind)) + u'/' + QString::number(int(state));
}

void StateDurations::add(const QString &account, WorkflowKind kind, WorkflowState state,
                         milliseconds duration)
{
    if (duration.count() <= 0)
        return;
    Learned &learned = m_learned[keyOf(account, kind, state)];
    learned.durationsMs.append(duration.count());
    if (learned.durationsMs.size() > kept)
        learned.durationsMs.removeFirst();
    learned.dirty = true;
}

int StateDurations::learned(const QString &account, WorkflowKind kind, WorkflowState state) const
{
    const auto it = m_learned.constFind(keyOf(account, kind, state));
    return it == m_learned.cend() ? 0 : int(it->durationsMs.size());
}

double StateDurations::survival(const Learned *learned, WorkflowKind kind, WorkflowState state,
                                double ms) const
{
    const Prior prior = priorOf(kind, state);
    if (!learned)
        return priorSurvival(prior, ms);
    const double step = gridStep(gridPoints);
    if (learned->dirty) {
        // The prior counted as priorWeight durations, each learned one as one.
        const double total = priorWeight + double(learned->durationsMs.size());
        for (int k = 0; k < gridPoints; ++k) {
            const double at = gridFirstMs * std::exp(step * double(k));
            double sum = priorWeight * priorSurvival(prior, at);
            for (const qint64 d : learned->durationsMs)
                sum += logUniformSurvival(double(d) / spreadFactor, double(d) * spreadFactor, at);
            learned->survival[std::size_t(k)] = sum / total;
        }
        learned->dirty = false;
    }
    if (ms <= gridFirstMs)
        return learned->survival.front() +
               (1.0 - learned->survival.front()) * (1.0 - std::max(0.0, ms) / gridFirstMs);
    if (ms >= gridLastMs)
        return 0.0;
    // Between two points of the grid, along the log of the duration.
    const double position = std::log(ms / gridFirstMs) / step;
    const int below = std::min(gridPoints - 2, int(position));
    const double within = position - double(below);
    return learned->survival[std::size_t(below)] * (1.0 - within) +
           learned->survival[std::size_t(below) + 1] * within;
}

double StateDurations::chanceOfChange(const QString &account, WorkflowKind kind,
                                      WorkflowState state, milliseconds inState,
                                      milliseconds sinceCheck) const
{
    const auto it = m_learned.constFind(keyOf(account, kind, state));
    const Learned *learned = it == m_learned.cend() ? nullptr : &*it;
    const double at = double(std::max<qint64>(0, inState.count()));
    const double since = double(std::max<qint64>(0, sinceCheck.count()));
    const double still = survival(learned, kind, state, at);
    // Past everything seen or assumed: as long again is as likely as not.
    constexpr double beyond = 1e-6;
    if (still <= beyond)
        return since / (std::max(at, gridFirstMs) + since);
    const double later = survival(learned, kind, state, at + since);
    return std::clamp(1.0 - later / still, 0.0, 1.0);
}

} // namespace rw
