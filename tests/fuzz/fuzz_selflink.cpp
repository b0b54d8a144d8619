// `links.self` (and any pasted status URL) resolved against the configured API base: the one
// rule about where credentials go. The first line of the input is the base (the default base
// when it is not a valid one), the rest is the link. A resolved URL must be on the base's
// origin (scheme, host, effective port), carry no user info and stay under the base path, also
// after it is written out and read back as the request will be.
#include "fuzz/FuzzCommon.h"
#include "registrar/ApiBase.h"

using namespace rw;
using namespace Qt::StringLiterals;

namespace {

int effectivePort(const QUrl &url)
{
    const QString scheme = url.scheme().toLower();
    return url.port(scheme == u"https" ? 443 : scheme == u"http" ? 80 : -1);
}

void checkOnOrigin(const ApiBase &base, const QUrl &url, const QString &link)
{
    const QUrl &origin = base.url();
    const QString detail = u"base %1, link %2, resolved %3"_s.arg(origin.toString(), link,
                                                                  url.toString(QUrl::FullyEncoded));
    fuzz::check(url.isValid(), "a resolved link is a valid URL", detail);
    fuzz::check(url.scheme().compare(origin.scheme(), Qt::CaseInsensitive) == 0,
                "a resolved link keeps the base's scheme", detail);
    fuzz::check(url.host().compare(origin.host(), Qt::CaseInsensitive) == 0,
                "a resolved link keeps the base's host", detail);
    fuzz::check(effectivePort(url) == effectivePort(origin),
                "a resolved link keeps the base's port", detail);
    fuzz::check(url.userInfo().isEmpty(), "a resolved link carries no user info", detail);
    const QString basePath = origin.path();
    fuzz::check(basePath.isEmpty() || url.path().startsWith(basePath + u'/'),
                "a resolved link stays under the base path", detail);
}

} // namespace

RW_FUZZ_INIT

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const ApiBase fallback = *ApiBase::fromString(ApiBase::defaultUrl);
    const QString input = QString::fromUtf8(fuzz::bytes(data, size));
    const qsizetype newline = input.indexOf(u'\n');
    std::optional<ApiBase> base;
    QString link = input;
    if (newline >= 0) {
        if (auto parsed = ApiBase::fromString(input.left(newline)); parsed) {
            base = *parsed;
            link = input.mid(newline + 1);
        }
    }
    if (!base)
        base = fallback;
    // The base itself obeys its rule.
    const QString scheme = base->url().scheme();
    fuzz::check(scheme == u"https" ||
                    (scheme == u"http" && ApiBase::isLoopbackHost(base->url().host())),
                "a base is https, or http on loopback", base->url().toString());

    const Expected<QUrl> resolved = base->resolve(link);
    if (!resolved) {
        fuzz::check(!resolved.error().isEmpty(), "a refused link says why");
        return 0;
    }
    checkOnOrigin(*base, *resolved, link);
    fuzz::check(base->isSameOrigin(*resolved), "isSameOrigin agrees", resolved->toString());
    // The request is made from the URL's encoded form: read back, it must still be ours.
    const QUrl sent(resolved->toString(QUrl::FullyEncoded), QUrl::StrictMode);
    checkOnOrigin(*base, sent, link);
    return 0;
}
