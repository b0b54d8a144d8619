#pragma once

#include <QStringList>

namespace rw::cli {

// Runs the subcommand named in arguments[1]; returns the process exit code.
[[nodiscard]] int run(const QStringList &arguments);

// Name, version and organisation: settings paths and the User-Agent derive from them.
void setApplicationInfo();

} // namespace rw::cli
