// Domain names as typed or pasted. What normalise() accepts is ASCII, lower case, without a
// trailing dot, made of LDH labels of 1 to 63 characters, 253 at most in all, and a fixed point:
// normalising it again, or its Unicode form, gives it back.
#include "fuzz/FuzzCommon.h"
#include "registrar/DomainName.h"

#include <QStringList>

using namespace rw;
using namespace Qt::StringLiterals;

RW_FUZZ_INIT

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString input = QString::fromUtf8(fuzz::bytes(data, size));
    const Expected<QString> ascii = domain::normalise(input);
    if (!ascii) {
        fuzz::check(!ascii.error().isEmpty(), "a refused name says why", input);
        return 0;
    }
    const QString &name = *ascii;
    fuzz::check(!name.isEmpty() && name.size() <= 253, "a name has 1 to 253 characters", name);
    fuzz::check(!name.endsWith(u'.'), "a name has no trailing dot", name);
    for (const QString &label : name.split(u'.')) {
        fuzz::check(!label.isEmpty() && label.size() <= 63, "a label has 1 to 63 characters", name);
        for (const QChar c : label) {
            const bool ldh = (c >= u'a' && c <= u'z') || (c >= u'0' && c <= u'9') || c == u'-';
            fuzz::check(ldh, "a name is lower-case letters, digits and hyphens", name);
        }
    }
    const Expected<QString> again = domain::normalise(name);
    fuzz::check(again.hasValue() && *again == name, "a normal name normalises to itself",
                u"%1 -> %2"_s.arg(name, again ? *again : again.error()));
    const QString unicode = domain::toUnicode(name);
    const Expected<QString> back = domain::normalise(unicode);
    fuzz::check(back.hasValue() && *back == name, "the Unicode form normalises back",
                u"%1 -> %2 -> %3"_s.arg(name, unicode, back ? *back : back.error()));
    return 0;
}
