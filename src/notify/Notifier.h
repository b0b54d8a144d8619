#pragma once

#include "notify/Notification.h"

#include <QObject>

namespace rw {

// Shows notifications one way (D-Bus, a tray balloon, a notice in the window). One that cannot
// says so with failed(), and a FallbackNotifier hands the notification to the next way.
class Notifier : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Notifier)
public:
    using QObject::QObject;
    ~Notifier() override = default;

    virtual void show(const Notification &notification) = 0;
    // Takes back every notification shown so far, and forgets them: clicks on them are no longer
    // ours (what they were about is gone, as when the demo makes way for an account).
    virtual void withdrawAll() {}
    // Takes back the notification for `key` and forgets it, when what it was about is gone (a
    // workflow removed): it no longer tells the truth, and its key may be given to another.
    virtual void withdraw(const QString &key) { Q_UNUSED(key) }

signals:
    // The operator clicked a notification we showed, or its "Open".
    void activated(const QString &key);
    void failed(const rw::Notification &notification, const QString &why);
};

} // namespace rw
