// The response envelope: {success, errors[], messages[], result, result_info}. Any body must be
// read without a crash; the lenient reading must agree with the strict one when that succeeds,
// and every message read must survive its own JSON form.
#include "fuzz/FuzzCommon.h"
#include "net/Envelope.h"

#include <QJsonDocument>

using namespace rw;
using namespace Qt::StringLiterals;

RW_FUZZ_INIT

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray body = fuzz::bytes(data, size);
    const Envelope lenient = Envelope::parseLenient(body);
    (void)lenient.errorSummary();
    const Expected<Envelope> strict = Envelope::parse(body);
    if (!strict) {
        fuzz::check(!strict.error().isEmpty(), "a refused envelope says why");
        return 0;
    }
    fuzz::check(lenient.success == strict->success, "lenient and strict agree on success");
    fuzz::check(lenient.errors == strict->errors, "lenient and strict read the same errors");
    fuzz::check(lenient.messages == strict->messages, "lenient and strict read the same messages");
    (void)strict->errorSummary();
    for (const ApiMessage &message : strict->errors)
        (void)message.toString();

    // What we write of the messages reads back the same.
    QJsonObject again{{u"success"_s, strict->success},
                      {u"errors"_s, Envelope::toJson(strict->errors)},
                      {u"messages"_s, Envelope::toJson(strict->messages)}};
    const Expected<Envelope> reread = Envelope::parse(QJsonDocument(again).toJson());
    fuzz::check(bool(reread), "a written envelope reads back", reread ? QString() : reread.error());
    fuzz::check(reread->errors == strict->errors, "errors survive their JSON form");
    fuzz::check(reread->messages == strict->messages, "messages survive their JSON form");
    return 0;
}
