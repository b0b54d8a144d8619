// registrar-watch-serve: the team watcher's composition root. No widgets and no display: it
// links rwserve alone, and logs to stderr in the form journald reads.

#include "cli/Cli.h"
#include "serve/ServeCommand.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QProcessEnvironment>

#include <cstdio>

namespace {

bool toJournal = false;

// Under systemd (JOURNAL_STREAM set) each line starts with its sd-daemon priority, which
// journald files as the line's level; elsewhere it says who speaks.
void logLine(QtMsgType type, const QMessageLogContext &, const QString &message)
{
    const char *prefix = "registrar-watch-serve: ";
    if (toJournal) {
        switch (type) {
        case QtDebugMsg:
            prefix = "<7>";
            break;
        case QtInfoMsg:
            prefix = "<6>";
            break;
        case QtWarningMsg:
            prefix = "<4>";
            break;
        case QtCriticalMsg:
        case QtFatalMsg:
            prefix = "<3>";
            break;
        }
    }
    // One record a line: a message with line breaks would otherwise lose its level.
    for (const QString &line : message.split(u'\n'))
        std::fprintf(stderr, "%s%s\n", prefix, line.toLocal8Bit().constData());
    std::fflush(stderr);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    rw::cli::setApplicationInfo();
    toJournal = qEnvironmentVariableIsSet("JOURNAL_STREAM");
    qInstallMessageHandler(logLine);
    // The modules' debug lines are for a developer; QT_LOGGING_RULES still turns them on.
    QLoggingCategory::setFilterRules(QStringLiteral("rw.*.debug=false"));
    return rw::serve::ServeCommand::run(QCoreApplication::arguments().mid(1),
                                        QProcessEnvironment::systemEnvironment());
}
