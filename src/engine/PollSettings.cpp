#include "engine/PollSettings.h"

#include <QLocale>

#include <algorithm>
#include <functional>

using namespace Qt::StringLiterals;
using namespace std::chrono;

namespace rw {

namespace {

// "5 minutes", "90 seconds", "14 days": the unit the value is whole in.
QString spoken(seconds value)
{
    const qint64 s = value.count();
    const auto unit = [](qint64 n, const QString &one, const QString &many) {
        return u"%1 %2"_s.arg(QLocale::c().toString(n), n == 1 ? one : many);
    };
    if (s != 0 && s % 86400 == 0)
        return unit(s / 86400, u"day"_s, u"days"_s);
    if (s != 0 && s % 3600 == 0)
        return unit(s / 3600, u"hour"_s, u"hours"_s);
    if (s != 0 && s % 60 == 0)
        return unit(s / 60, u"minute"_s, u"minutes"_s);
    return unit(s, u"second"_s, u"seconds"_s);
}

// What the file said, as it said it, but never a page of it.
QString quoted(const QString &raw)
{
    const QString shown = raw.size() > 40 ? raw.left(40) + u"…"_s : raw;
    bool number = false;
    raw.trimmed().toLongLong(&number);
    return number ? raw.trimmed() : u"\"%1\""_s.arg(shown);
}

struct Reader
{
    const QHash<QString, QString> &raw;
    QStringList &ignored;

    // The value under `key`, if it is a whole number within [low, high]; otherwise nothing, and
    // the caller says what is used instead.
    std::optional<qint64> number(const QString &key, qint64 low, qint64 high) const
    {
        const auto found = raw.constFind(key);
        if (found == raw.cend())
            return std::nullopt;
        bool ok = false;
        const qint64 value = found->trimmed().toLongLong(&ok);
        if (ok && value >= low && value <= high)
            return value;
        return std::nullopt;
    }
    [[nodiscard]] bool given(const QString &key) const { return raw.contains(key); }

    void ignore(const QString &key, const QString &what, const QString &instead,
                const QString &allowed)
    {
        ignored.append(u"The settings file asked for %1 of %2; %3 is used instead (%4)."_s.arg(
            what, quoted(raw.value(key)), instead, allowed));
    }

    void count(const QString &key, int &field, qint64 low, qint64 high, const QString &what,
               const std::function<QString(int)> &instead)
    {
        if (!given(key))
            return;
        if (const auto value = number(key, low, high)) {
            field = int(*value);
            return;
        }
        ignore(
            key, what, instead(field),
            u"it may be %1 to %2"_s.arg(QLocale::c().toString(low), QLocale::c().toString(high)));
    }

    void duration(const QString &key, seconds &field, seconds low, seconds high,
                  const QString &what)
    {
        if (!given(key))
            return;
        if (const auto value = number(key, low.count(), high.count())) {
            field = seconds(*value);
            return;
        }
        ignore(key, what, spoken(field),
               u"it may be %1 to %2, in seconds"_s.arg(spoken(low), spoken(high)));
    }

    void flag(const QString &key, bool &field, const QString &what)
    {
        if (!given(key))
            return;
        const QString value = raw.value(key).trimmed().toLower();
        if (value == u"true" || value == u"false")
            field = value == u"true";
        else
            ignore(key, what, field ? u"on"_s : u"off"_s, u"it may be true or false"_s);
    }
};

} // namespace

PollSettingsRead readPollSettings(const QHash<QString, QString> &raw)
{
    PollSettingsRead read;
    PollSettings &poll = read.settings;
    Reader reader{raw, read.ignored};
    // The window first: the budget's sentence names it.
    reader.duration(u"budgetWindowSeconds"_s, poll.budgetWindow, PollBounds::budgetWindow.first,
                    PollBounds::budgetWindow.second, u"a budget window"_s);
    const QString window = spoken(poll.budgetWindow);
    reader.count(u"budgetRequests"_s, poll.budgetRequests, PollBounds::budgetRequests.first,
                 PollBounds::budgetRequests.second, u"a request budget"_s, [&window](int value) {
                     return u"%1 per %2"_s.arg(QLocale::c().toString(value), window);
                 });
    // No more back to back than the whole budget.
    poll.budgetBurst = std::min(poll.budgetBurst, poll.budgetRequests);
    reader.count(u"budgetBurst"_s, poll.budgetBurst, 1, poll.budgetRequests,
                 u"a burst of requests"_s,
                 [](int value) { return u"%1 back to back"_s.arg(QLocale::c().toString(value)); });
    reader.count(u"maxInFlight"_s, poll.maxInFlight, PollBounds::maxInFlight.first,
                 PollBounds::maxInFlight.second, u"requests in flight per account"_s,
                 [](int value) { return u"%1 at a time"_s.arg(value); });
    reader.duration(u"activeMaxDelaySeconds"_s, poll.activeMaxDelay,
                    PollBounds::activeMaxDelay.first, PollBounds::activeMaxDelay.second,
                    u"a longest wait while in progress"_s);
    reader.duration(u"blockedMaxDelaySeconds"_s, poll.blockedMaxDelay,
                    PollBounds::blockedMaxDelay.first, PollBounds::blockedMaxDelay.second,
                    u"a longest wait while blocked"_s);
    reader.duration(u"maxWatchSeconds"_s, poll.maxWatchTime, PollBounds::maxWatchTime.first,
                    PollBounds::maxWatchTime.second, u"a longest watch"_s);
    reader.duration(u"maxActiveSeconds"_s, poll.maxActiveTime, PollBounds::maxActiveTime.first,
                    PollBounds::maxActiveTime.second, u"a longest time pending or in progress"_s);
    reader.count(
        u"speedShare"_s, poll.speedShare, PollBounds::speedShare.first,
        PollBounds::speedShare.second, u"a share of the budget for speed"_s,
        [&window](int value) { return u"%1 per %2"_s.arg(QLocale::c().toString(value), window); });
    reader.duration(u"fastFloorSeconds"_s, poll.fastFloor, PollBounds::fastFloor.first,
                    PollBounds::fastFloor.second, u"a shortest wait while in progress"_s);
    reader.flag(u"pacing"_s, poll.pacing, u"budget-aware pacing"_s);
    reader.flag(u"likelihood"_s, poll.likelihood, u"likelihood-aware ordering"_s);
    reader.duration(u"maxBlockedSeconds"_s, poll.maxBlockedTime, PollBounds::maxBlockedTime.first,
                    PollBounds::maxBlockedTime.second, u"a longest time blocked"_s);
    return read;
}

} // namespace rw
