#pragma once

#include <QDateTime>
#include <QMetaType>
#include <QObject>
#include <QSet>
#include <QString>
#include <QTime>

#include <chrono>

namespace rw {

// One desktop notification, whatever shows it (D-Bus, the tray, the window).
struct Notification
{
    enum class Urgency {
        Low,
        Normal,
        Critical, // the freedesktop levels 0, 1, 2
    };

    // What it is about: "workflow:12", "account:<id>", "summary". One bubble per key: a newer
    // notification with the same key replaces the older one.
    QString key;
    qint64 workflowId = 0; // the workflow "Open" shows; 0: the window itself
    QString summary;
    QString body; // plain text
    Urgency urgency = Urgency::Normal;
    bool persistent = false; // stays until the operator dismisses it
    QString category;        // a freedesktop category hint ("transfer.complete"), or empty
};

// When to notify, as the operator set it.
struct NotificationSettings
{
    Q_GADGET
public:
    enum class Event {
        Succeeded,
        Failed,
        ActionRequired,
        GaveUp,              // Registrar Watch stopped watching a workflow
        CredentialsRejected, // Cloudflare answered 401 or 403
        RateLimited,         // Cloudflare answered 429
    };
    Q_ENUM(Event)
    static constexpr Event allEvents[] = {Event::Succeeded,           Event::Failed,
                                          Event::ActionRequired,      Event::GaveUp,
                                          Event::CredentialsRejected, Event::RateLimited};

    QSet<Event> enabled = {std::begin(allEvents), std::end(allEvents)};
    // A workflow started elsewhere, found running (or needing the operator) by discovery: told
    // so that its end does not come out of nowhere. Not an event of its own kind: what is found
    // already ended is told as that end, or not at all.
    bool found = true;
    bool quietHours = false; // nothing is shown between quietStart and quietEnd (local time)
    QTime quietStart{22, 0};
    QTime quietEnd{7, 0};
    // An action_required left unanswered is told again: after remindAfter, then every
    // remindEvery, until the operator resumes, mutes or removes it.
    bool remind = true;
    std::chrono::minutes remindAfter{4 * 60};
    std::chrono::minutes remindEvery{24 * 60};

    [[nodiscard]] bool isEnabled(Event event) const { return enabled.contains(event); }
    // Within the quiet hours at this moment; a span across midnight is understood.
    [[nodiscard]] bool isQuietAt(const QDateTime &time) const;
    // When the quiet hours that hold at `time` end; null when they do not hold.
    [[nodiscard]] QDateTime quietEndAfter(const QDateTime &time) const;

    friend bool operator==(const NotificationSettings &, const NotificationSettings &) = default;
};

} // namespace rw

Q_DECLARE_METATYPE(rw::Notification)
