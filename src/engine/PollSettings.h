#pragma once

#include <QHash>
#include <QString>
#include <QStringList>

#include <chrono>
#include <utility>

namespace rw {

// Everything the polling engine can be tuned with, in one place, with the defaults the
// operator gets. Durations are std::chrono; growth factors multiply the delay per poll.
struct PollSettings
{
    using seconds = std::chrono::seconds;

    // pending, in_progress: soon after tracking starts, then slower, never slower than the cap.
    seconds activeFirstDelay{2};
    double activeGrowth = 1.6;
    seconds activeMaxDelay{60};
    // blocked: waiting on a third party, so much longer.
    seconds blockedFirstDelay{300};
    double blockedGrowth = 1.6;
    seconds blockedMaxDelay{3600};
    // A state this version does not know: keep asking, cautiously.
    seconds unknownFirstDelay{60};
    double unknownGrowth = 1.6;
    seconds unknownMaxDelay{600};
    // Also wait at least this fraction of the time already spent in the state: a workflow first
    // seen after hours in_progress is not asked every two seconds.
    double timeInStateFraction = 0.1;
    // Every delay is spread by up to this fraction either way, so workflows do not move in step.
    double jitter = 0.2;

    // Failed polls (network, timeout, TLS, 5xx, unreadable answers, other 4xx).
    seconds errorFirstDelay{5};
    double errorGrowth = 2.0;
    seconds errorMaxDelay{900};
    // "No workflow found": a PATCH may not have created it yet; ask again this often, then stop.
    int noWorkflowRetries = 2;
    seconds noWorkflowRetryDelay{20};
    // 429 without Retry-After.
    seconds rateLimitWait{300};

    // Not forever.
    seconds maxWatchTime{std::chrono::hours(14 * 24)};
    seconds maxActiveTime{std::chrono::hours(72)};      // never left pending/in_progress
    seconds maxBlockedTime{std::chrono::hours(7 * 24)}; // continuously blocked

    // The account's budget: Cloudflare allows 1,200 requests per 5 minutes per user, shared with
    // the dashboard and every other tool; we keep to less.
    int budgetRequests = 900;
    seconds budgetWindow{300};
    int budgetBurst = 30; // requests that may go out back to back after a quiet spell
    int maxInFlight = 4;  // per account
    // Of the quota the server reports, leave this fraction for the account's other users.
    double serverQuotaReserve = 0.1;
    // Budget-aware pacing: while the budget has room, pending and in_progress workflows are
    // asked as often as `speedShare` requests per budget window, spread over all of them, allow
    // (never more often than `fastFloor`); with less room, less often; with none, or with
    // pacing off, only the delays above. So no more than `speedShare` requests of a window are
    // ever spent on speed (by default a third of Cloudflare's 1,200).
    bool pacing = true;
    seconds fastFloor{3};
    int speedShare = 400;
    // Likelihood-aware ordering: of the checks that wait for the budget, those whose workflow
    // most likely changed state since its last check go first (StateDurations learns how long
    // each kind of workflow stays in each state); off, the due time and the state decide.
    bool likelihood = true;
};

// What a settings file may ask for; outside these, its value is ignored and the default used.
// Wide enough for the simulator's tests; the Polling page offers narrower ranges within them.
namespace PollBounds {
using std::chrono::hours;
using std::chrono::seconds;
inline constexpr std::pair<int, int> budgetRequests{10, 100000};
inline constexpr std::pair<seconds, seconds> budgetWindow{seconds(60), hours(1)};
inline constexpr std::pair<int, int> maxInFlight{1, 64};
inline constexpr std::pair<seconds, seconds> activeMaxDelay{seconds(1), hours(24)};
inline constexpr std::pair<seconds, seconds> blockedMaxDelay{seconds(1), hours(7 * 24)};
inline constexpr std::pair<seconds, seconds> maxWatchTime{hours(1), hours(365 * 24)};
inline constexpr std::pair<seconds, seconds> maxActiveTime{hours(1), hours(365 * 24)};
inline constexpr std::pair<seconds, seconds> maxBlockedTime{hours(1), hours(365 * 24)};
inline constexpr std::pair<seconds, seconds> fastFloor{seconds(1), seconds(600)};
inline constexpr std::pair<int, int> speedShare{0, 100000};
} // namespace PollBounds

struct PollSettingsRead
{
    PollSettings settings;
    QStringList ignored; // one sentence per value the file asked for that is not used
};

// Pure: the [polling] values of a settings file as written (key without the group, the text),
// checked against PollBounds. A value that is missing gives the default silently; one that is
// not a whole number or out of bounds gives the default and a sentence.
[[nodiscard]] PollSettingsRead readPollSettings(const QHash<QString, QString> &raw);

} // namespace rw
