// Registrations: one (`GET .../registrations/{domain}`) or a list page with its cursor
// (`GET .../registrations`), each inside the envelope as the client reads it.
#include "fuzz/FuzzCommon.h"
#include "net/Envelope.h"
#include "registrar/Registration.h"

using namespace rw;

RW_FUZZ_INIT

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const Expected<Envelope> envelope = Envelope::parse(fuzz::bytes(data, size));
    if (!envelope)
        return 0;
    if (envelope->result.isArray()) {
        const Expected<RegistrationPage> page =
            RegistrationPage::fromJson(envelope->result, envelope->resultInfo);
        if (!page) {
            fuzz::check(!page.error().isEmpty(), "a refused page says why");
            return 0;
        }
        fuzz::check(page->registrations.size() <= envelope->result.toArray().size(),
                    "a page holds no more registrations than the answer listed");
        fuzz::check(page->isLastPage() == page->cursor.isEmpty(), "the last page has no cursor");
        for (const Registration &registration : page->registrations) {
            fuzz::check(!registration.domainName.isEmpty(), "a listed registration has a name");
            (void)registration.workflowInFlight();
        }
        return 0;
    }
    const Expected<Registration> registration = Registration::fromJson(envelope->result);
    if (!registration) {
        fuzz::check(!registration.error().isEmpty(), "a refused registration says why");
        return 0;
    }
    fuzz::check(!registration->domainName.isEmpty(), "a read registration has a name");
    (void)registration->workflowInFlight();
    return 0;
}
