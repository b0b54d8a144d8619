#include "engine/GatedFetcher.h"

#include <algorithm>
#include <utility>

namespace rw {

GatedFetcher::GatedFetcher(StatusFetcher *target, QObject *parent)
    : StatusFetcher(parent)
    , m_target(target)
{
    connect(target, &StatusFetcher::finished, this, &StatusFetcher::finished);
}

void GatedFetcher::open()
{
    m_open = true;
    for (const Waiting &waiting : std::exchange(m_waiting, {}))
        m_target->fetch(waiting.ticket, waiting.account, waiting.statusPath);
}

void GatedFetcher::fetch(quint64 ticket, const AccountRef &account, const QString &statusPath)
{
    if (m_open)
        m_target->fetch(ticket, account, statusPath);
    else
        m_waiting.append({ticket, account, statusPath});
}

void GatedFetcher::cancel(quint64 ticket)
{
    const auto waiting = std::find_if(m_waiting.begin(), m_waiting.end(),
                                      [ticket](const Waiting &w) { return w.ticket == ticket; });
    if (waiting != m_waiting.end())
        m_waiting.erase(waiting);
    else
        m_target->cancel(ticket);
}

} // namespace rw
