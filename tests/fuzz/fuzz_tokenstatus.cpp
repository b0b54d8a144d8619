// The answer of `GET /user/tokens/verify`, inside the envelope as the client reads it.
#include "fuzz/FuzzCommon.h"
#include "net/Envelope.h"
#include "registrar/TokenStatus.h"

using namespace rw;

RW_FUZZ_INIT

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const Expected<Envelope> envelope = Envelope::parse(fuzz::bytes(data, size));
    if (!envelope)
        return 0;
    const Expected<TokenStatus> token = TokenStatus::fromJson(envelope->result);
    if (!token) {
        fuzz::check(!token.error().isEmpty(), "a refused token answer says why");
        return 0;
    }
    fuzz::check(!token->isActive() || token->status == u"active", "active means status active");
    return 0;
}
