#pragma once

#include "engine/PollSettings.h"
#include "net/ApiError.h"
#include "registrar/Workflow.h"

#include <QString>

#include <chrono>
#include <optional>

namespace rw {

// What the policy needs to know about one workflow after a poll (or when tracking starts).
struct PollFacts
{
    std::optional<WorkflowState> state;  // the last state seen; none before the first answer
    int pollsInState = 0;                // answers that showed this state
    std::chrono::seconds timeInState{0}; // since the state began, as far as we know
    // For the time limits, when a resume by the operator restarted their clocks.
    std::optional<std::chrono::seconds> timeInStateSinceResume;
    std::chrono::seconds timeWatched{0}; // since tracking started
    bool leftActive = false;             // ever seen outside pending/in_progress
    std::optional<ApiErrorKind> error;   // the last poll's error
    int consecutiveErrors = 0;           // failed polls in a row, this one included
    int noWorkflowAnswers = 0;           // "No workflow found" in a row, this one included
    std::optional<std::chrono::seconds> retryAfter; // the server's hint, if it gave one
    // How often each active workflow of the account may be asked on the budget's speed share
    // now (the share's room spread over them); none when the budget has no room for speed.
    std::optional<std::chrono::milliseconds> pace;
};

struct PollDecision
{
    enum class Kind {
        PollAfter,     // ask again after `delay`
        Settled,       // succeeded or failed: done, never asked again
        NeedsOperator, // action_required: stopped until the operator resumes it
        GiveUp,        // stopped with `reason`; the operator may resume it
        HoldAccount,   // stop every request of the account: `delay` (429) or until the
                       // credentials change (401/403, delay zero)
    };
    Kind kind = Kind::PollAfter;
    std::chrono::milliseconds delay{0};
    QString reason;

    friend bool operator==(const PollDecision &, const PollDecision &) = default;
};

// When to ask next. Pure: the same facts, settings and jitter give the same decision.
// `jitterUnit` is in [-1, 1]; the scheduler draws it at random, tests pass it in.
[[nodiscard]] PollDecision decideNextPoll(const PollFacts &facts, const PollSettings &settings,
                                          double jitterUnit);

} // namespace rw
