// A status answer as the client reads it: the envelope, then its `result` as a WorkflowStatus.
// Whatever parses must be usable: a state, a non-empty `links.self`, and accessors that hold.
#include "fuzz/FuzzCommon.h"
#include "net/Envelope.h"
#include "registrar/WorkflowStatus.h"

using namespace rw;

RW_FUZZ_INIT

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const Expected<Envelope> envelope = Envelope::parse(fuzz::bytes(data, size));
    if (!envelope)
        return 0;
    const Expected<WorkflowStatus> status = WorkflowStatus::fromJson(envelope->result);
    if (!status) {
        fuzz::check(!status.error().isEmpty(), "a refused status says why");
        return 0;
    }
    fuzz::check(!status->selfLink.trimmed().isEmpty(), "a read status has a links.self");
    fuzz::check(status->isKnownState() || !status->stateText.isEmpty() ||
                    !status->anomalies.isEmpty(),
                "an unknown state is kept as written or noted as an anomaly");
    (void)status->action();
    (void)status->confirmationSentTo();
    return 0;
}
