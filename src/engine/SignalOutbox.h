#pragma once

#include "store/TrackedWorkflow.h"

#include <functional>
#include <vector>

namespace rw {

// Signals held back until the engine's state is whole again, then sent in the order posted: a
// slot may call back into the engine (remove the workflow it hears about, say) without pulling
// anything from under it.
class SignalOutbox
{
public:
    // Finds a workflow by id at flush time; null once it is gone.
    using Lookup = std::function<const TrackedWorkflow *(qint64 id)>;

    explicit SignalOutbox(Lookup lookup);

    void post(std::function<void()> signal);
    // Sent with a copy of the workflow as it is at flush time, so that every slot hears the
    // same workflow whatever the others do; not sent at all about a workflow gone meanwhile
    // (its removal is told instead).
    void postAbout(qint64 id, std::function<void(const TrackedWorkflow &)> signal);
    // Sends everything posted, also what is posted while sending.
    void flush();

private:
    Lookup m_lookup;
    std::vector<std::function<void()>> m_signals;
};

} // namespace rw
