#pragma once

#include <QIcon>

namespace rw::ui {

// The application icon: the installed theme's, else the copy compiled in.
[[nodiscard]] QIcon appIcon();

} // namespace rw::ui
