#pragma once

#include <QStringList>

namespace rw::cli {

// True when the arguments name a command-line subcommand (or ask for help or the version), so
// main() can build a QCoreApplication, which needs no display, instead of the desktop app.
[[nodiscard]] bool isCommandLine(int argc, const char *const *argv);

// Runs the subcommand named in arguments[1]; returns the process exit code.
[[nodiscard]] int run(const QStringList &arguments);

// Name, version and organisation: settings paths and the User-Agent derive from them.
void setApplicationInfo();

} // namespace rw::cli
