#pragma once

#include "net/ClientConfig.h"
#include "registrar/WorkflowRef.h"

#include <chrono>

namespace rw {

// One account whose registrations Registrar Watch looks through by itself, and how.
struct DiscoveryAccount
{
    AccountRef account;
    ClientConfig config;
    bool enabled = true; // "Watch the whole account"
    std::chrono::minutes listEvery{30};
    // A registration with auto-renew off needs the operator from this long before it expires.
    std::chrono::days expiryWarning{30};
    // A workflow the operator added and removed while it ran is not found again. The team
    // watcher's domains file only adds to what is found (docs/TEAM.md): a line taken out leaves
    // its workflow to be found.
    bool heldBackWhenRemoved = true;
};

} // namespace rw
