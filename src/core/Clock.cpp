#include "Clock.h"

namespace rw {

const Clock &SystemClock::instance()
{
    static const SystemClock clock;
    return clock;
}

} // namespace rw
