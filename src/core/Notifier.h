#pragma once

#include "Notification.h"

#include <QList>
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

signals:
    // The operator clicked a notification we showed, or its "Open".
    void activated(const QString &key);
    void failed(const rw::Notification &notification, const QString &why);
};

// Tries each way in turn: the first that does not fail shows it.
class FallbackNotifier final : public Notifier
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FallbackNotifier)
public:
    explicit FallbackNotifier(QObject *parent = nullptr);

    // In order of preference; not owned.
    void append(Notifier *notifier);
    void show(const Notification &notification) override;

private:
    void showFrom(qsizetype position, const Notification &notification);

    QList<Notifier *> m_notifiers;
};

} // namespace rw
