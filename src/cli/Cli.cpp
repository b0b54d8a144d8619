#include "cli/Cli.h"

#include "cli/AddCommand.h"
#include "cli/DiscoverCommand.h"
#include "cli/ExitCode.h"
#include "cli/StatusCommand.h"
#include "cli/WatchCommand.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcessEnvironment>
#include <QTextStream>

#include <cerrno>
#include <cstring>
#include <unistd.h>
#include <vector>

using namespace Qt::StringLiterals;

namespace rw::cli {

namespace {

constexpr const char *commands[] = {"status", "watch",  "add", "discover",  "serve",
                                    "help",   "--help", "-h",  "--version", "-v"};

QString usage()
{
    return u"Usage: registrar-watch [--demo]\n"
           u"       registrar-watch COMMAND [OPTIONS]\n\n"
           u"Watches Cloudflare Registrar workflows. Without a command, opens the desktop app\n"
           u"(--demo: against a simulated registrar on this computer).\n\n"
           u"Commands:\n"
           u"  status DOMAIN[:KIND]...   fetch each workflow's status once and print it\n"
           u"  watch DOMAIN[:KIND]...    follow workflows until they settle, printing each change\n"
           u"  add DOMAIN[:KIND]...      hand workflows to the desktop app (or its next start)\n"
           u"  discover                  look through a whole account once: workflows in flight\n"
           u"                            and registrations that need you\n"
           u"  serve --config FILE       the team's headless watcher: /metrics for Prometheus\n"
           u"                            (runs registrar-watch-serve)\n"
           u"  help                      show this help\n\n"
           u"Run 'registrar-watch COMMAND --help' for the options of a command.\n"_s;
}

// `serve` is a program of its own, linked without widgets: this one only hands over to it, with
// the same arguments, in the same process (systemd and signals see one program).
int execServe(const QStringList &arguments, QTextStream &err)
{
    const QString program =
        QDir(QCoreApplication::applicationDirPath()).filePath(u"registrar-watch-serve"_s);
    if (!QFileInfo(program).isExecutable()) {
        err << "registrar-watch serve: " << program
            << " is missing; it is installed beside registrar-watch (package "
               "registrar-watch). Reinstall, or run registrar-watch-serve from where it is.\n";
        return UsageError;
    }
    err.flush();
    std::vector<QByteArray> encoded{QFile::encodeName(program)};
    for (const QString &argument : arguments)
        encoded.push_back(QFile::encodeName(argument));
    std::vector<char *> argv;
    for (QByteArray &argument : encoded)
        argv.push_back(argument.data());
    argv.push_back(nullptr);
    ::execv(argv.front(), argv.data());
    err << "registrar-watch serve: cannot run " << program << ": " << std::strerror(errno) << "\n";
    return UsageError;
}

} // namespace

bool isCommandLine(int argc, const char *const *argv)
{
    if (argc < 2)
        return false;
    // A word is a command, known or not (an unknown one gets a clear message); options other
    // than help and version belong to the desktop app.
    if (argv[1][0] != '-')
        return true;
    for (const char *command : commands) {
        if (std::strcmp(argv[1], command) == 0)
            return true;
    }
    return false;
}

int run(const QStringList &arguments)
{
    QTextStream out(stdout);
    QTextStream err(stderr);
    const QString command = arguments.value(1);
    const QStringList rest = arguments.mid(2);
    if (command == u"status")
        return StatusCommand::run(rest, QProcessEnvironment::systemEnvironment(), out, err);
    if (command == u"watch")
        return WatchCommand::run(rest, QProcessEnvironment::systemEnvironment(), out, err);
    if (command == u"discover")
        return DiscoverCommand::run(rest, QProcessEnvironment::systemEnvironment(), out, err);
    if (command == u"add") {
        QTextStream in(stdin);
        return AddCommand::run(rest, QProcessEnvironment::systemEnvironment(), in, out, err);
    }
    if (command == u"serve")
        return execServe(rest, err);
    if (command == u"--version" || command == u"-v") {
        out << "registrar-watch " << QCoreApplication::applicationVersion() << "\n";
        return Success;
    }
    if (command == u"help" || command == u"--help" || command == u"-h") {
        out << usage();
        return Success;
    }
    err << (command.isEmpty() ? u"registrar-watch: no command given\n"_s
                              : u"registrar-watch: unknown command '%1'\n"_s.arg(command))
        << usage();
    return UsageError;
}

void setApplicationInfo()
{
    QCoreApplication::setApplicationName(u"registrar-watch"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(RW_VERSION));
    QCoreApplication::setOrganizationName(u"Registrar Watch"_s);
    QCoreApplication::setOrganizationDomain(u"registrarwatch.org"_s); // as in the app id
}

} // namespace rw::cli
