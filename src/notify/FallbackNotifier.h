#pragma once

#include "notify/Notifier.h"

#include <QList>

namespace rw {

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
    void withdrawAll() override;
    void withdraw(const QString &key) override;

private:
    void showFrom(qsizetype position, const Notification &notification);

    QList<Notifier *> m_notifiers;
    QString m_lastProblem; // said once until it changes
};

} // namespace rw
