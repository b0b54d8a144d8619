#include "engine/SignalOutbox.h"

#include <utility>

namespace rw {

SignalOutbox::SignalOutbox(Lookup lookup)
    : m_lookup(std::move(lookup))
{}

void SignalOutbox::post(std::function<void()> signal)
{
    m_signals.push_back(std::move(signal));
}

void SignalOutbox::postAbout(qint64 id, std::function<void(const TrackedWorkflow &)> signal)
{
    m_signals.push_back([this, id, signal = std::move(signal)] {
        const TrackedWorkflow *workflow = m_lookup(id);
        if (!workflow)
            return;
        // A copy: a listener may remove the workflow while the others have yet to hear of it.
        const TrackedWorkflow snapshot = *workflow;
        signal(snapshot);
    });
}

void SignalOutbox::flush()
{
    while (!m_signals.empty()) {
        std::vector<std::function<void()>> batch;
        batch.swap(m_signals);
        for (const auto &signal : batch)
            signal();
    }
}

} // namespace rw
