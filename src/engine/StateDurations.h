#pragma once

#include "registrar/Workflow.h"

#include <QHash>
#include <QList>
#include <QString>

#include <array>
#include <chrono>

namespace rw {

// How long workflows stay in each state, learned from the changes seen (per account, per kind of
// workflow, per state), and before there is any, from priors drawn from the API's guidance (a
// pending update lasts seconds, a blocked transfer up to five days). Answers one question: how
// likely is it that a workflow which had been in its state so long at its last check has left
// it since? The engine spends the budget's checks where that is likeliest. Pure.
class StateDurations
{
public:
    using milliseconds = std::chrono::milliseconds;

    // A state's duration as seen: the API's updated_at of the state and of the next one.
    void add(const QString &account, WorkflowKind kind, WorkflowState state, milliseconds duration);
    // The chance, in [0, 1], that a workflow `inState` into `state` at its last check has left
    // it `sinceCheck` later. Durations beyond everything seen or assumed fall back to a long tail
    // (the longer it lasted, the longer it may last), never to certainty either way.
    [[nodiscard]] double chanceOfChange(const QString &account, WorkflowKind kind,
                                        WorkflowState state, milliseconds inState,
                                        milliseconds sinceCheck) const;
    // Durations learned for the key (the newest `kept`).
    [[nodiscard]] int learned(const QString &account, WorkflowKind kind, WorkflowState state) const;

    // Per key, only the newest: a workflow's habits change with the registry and the season.
    static constexpr int kept = 200;
    // How many durations the prior counts as: learned ones outweigh it after a handful.
    static constexpr double priorWeight = 4.0;
    // What is assumed before anything is learned: durations spread evenly on a log scale
    // between these bounds (with a tail beyond).
    struct Prior
    {
        milliseconds shortest;
        milliseconds longest;
    };
    [[nodiscard]] static Prior priorOf(WorkflowKind kind, WorkflowState state);

private:
    // Survival (the share still in the state after t), on a log-spaced grid of durations.
    static constexpr int gridPoints = 96;
    using Grid = std::array<double, gridPoints>;
    struct Learned
    {
        QList<qint64> durationsMs; // oldest first, at most `kept`
        mutable Grid survival{};
        mutable bool dirty = true;
    };
    [[nodiscard]] static QString keyOf(const QString &account, WorkflowKind kind,
                                       WorkflowState state);
    [[nodiscard]] double survival(const Learned *learned, WorkflowKind kind, WorkflowState state,
                                  double ms) const;

    QHash<QString, Learned> m_learned;
};

} // namespace rw
