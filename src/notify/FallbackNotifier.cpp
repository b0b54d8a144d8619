#include "notify/FallbackNotifier.h"

#include "common/Logging.h"

using namespace Qt::StringLiterals;

namespace rw {

FallbackNotifier::FallbackNotifier(QObject *parent)
    : Notifier(parent)
{}

void FallbackNotifier::append(Notifier *notifier)
{
    const qsizetype position = m_notifiers.size();
    m_notifiers.append(notifier);
    connect(notifier, &Notifier::activated, this, &Notifier::activated);
    connect(notifier, &Notifier::failed, this,
            [this, position](const Notification &notification, const QString &why) {
                if (why != m_lastProblem) {
                    m_lastProblem = why;
                    qCInfo(lcNotify).noquote() << "notifying another way:" << why;
                }
                showFrom(position + 1, notification);
            });
}

void FallbackNotifier::show(const Notification &notification)
{
    showFrom(0, notification);
}

void FallbackNotifier::withdrawAll()
{
    for (Notifier *notifier : std::as_const(m_notifiers))
        notifier->withdrawAll();
}

void FallbackNotifier::withdraw(const QString &key)
{
    for (Notifier *notifier : std::as_const(m_notifiers))
        notifier->withdraw(key);
}

void FallbackNotifier::showFrom(qsizetype position, const Notification &notification)
{
    if (position < m_notifiers.size())
        m_notifiers.at(position)->show(notification);
    else
        emit failed(notification, u"no way to show notifications is left"_s);
}

} // namespace rw
