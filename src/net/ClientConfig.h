#pragma once

#include "net/Credentials.h"
#include "registrar/ApiBase.h"

#include <chrono>

namespace rw {

// How to reach the API: where, as whom, and how long to wait.
struct ClientConfig
{
    ApiBase base = ApiBase::fromString(ApiBase::defaultUrl).value();
    Credentials credentials;
    std::chrono::milliseconds timeout = std::chrono::seconds(30); // per request, no bytes moving
    QString userAgent;                                            // empty: derived from the app
};

} // namespace rw
