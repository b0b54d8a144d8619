#pragma once

#include "settings/AppSettings.h"
#include "settings/SecretStore.h"

#include <functional>

namespace rw {

// The store behind each choice of where secrets are kept. The stores outlive whoever asks: the
// app owns them, and requests still under way finish even when the asker is gone.
using SecretStores = std::function<SecretStore *(AppSettings::SecretStorage)>;

} // namespace rw
