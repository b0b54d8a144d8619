// The simulator's scenario file (docs/scenario-format.md): any bytes are read or refused with
// the offending field named; a scenario read has an account and sane numbers.
#include "fuzz/FuzzCommon.h"
#include "sim/Scenario.h"

using namespace rw;

RW_FUZZ_INIT

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const Expected<sim::Scenario> scenario = sim::Scenario::fromJson(fuzz::bytes(data, size));
    if (!scenario) {
        fuzz::check(!scenario.error().isEmpty(), "a refused scenario says why");
        return 0;
    }
    fuzz::check(!scenario->accountId.isEmpty(), "a scenario has an account");
    fuzz::check(scenario->timeScale > 0, "the time scale is positive",
                QString::number(scenario->timeScale));
    fuzz::check(!scenario->accounts().isEmpty(), "a scenario lists its accounts");
    return 0;
}
