// registrar-watch: the composition root. Picks the application class from the arguments before
// constructing it, so that command-line subcommands run without a display.

#include "Cli.h"

#include <QCoreApplication>

int main(int argc, char *argv[])
{
    // The desktop window arrives with the GUI layer; until then every invocation is a command.
    QCoreApplication app(argc, argv);
    rw::cli::setApplicationInfo();
    return rw::cli::run(QCoreApplication::arguments());
}
