// registrar-watch: the composition root. Picks the application class from the arguments before
// constructing it: command-line subcommands get a QCoreApplication and need no display; without
// one, the desktop app starts.

#include "cli/Cli.h"
#include "common/AppIdentity.h"
#include "platform/SingleInstance.h"
#include "settings/AppSettings.h"
#include "settings/KeychainSecretStore.h"
#include "settings/MemorySecretStore.h"
#include "settings/PrivateFileSecretStore.h"
#include "store/HandOver.h"
#include "ui/AppIcon.h"
#include "ui/DesktopApp.h"

#include <QApplication>
#include <QCommandLineParser>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace {

int runDesktop(int argc, char *argv[])
{
    QApplication app(argc, argv);
    rw::cli::setApplicationInfo();
    QApplication::setApplicationDisplayName(rw::appDisplayName);
    QGuiApplication::setDesktopFileName(rw::appId); // matches the notifications' desktop-entry
    QApplication::setWindowIcon(rw::ui::appIcon());

    QCommandLineParser parser;
    parser.setApplicationDescription(u"Watches Cloudflare Registrar workflows."_s);
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption demo(
        u"demo"_s, u"Run against a simulated registrar on this computer, even when an account "
                   u"is set up. Without an account, the demo is what starts."_s);
    parser.addOption(demo);
    parser.process(app);

    // One app per user: a second launch hands its arguments to the first one, says what that
    // did with them, and leaves.
    rw::SingleInstance instance;
    if (!instance.claim(rw::handOver::launch(QApplication::arguments().mid(1)))) {
        if (!instance.reply().isEmpty())
            fprintf(stdout, "%s\n", qPrintable(instance.reply()));
        return 0;
    }

    // The desktop app sets aside a settings file it cannot parse, and starts without it.
    rw::AppSettings settings(nullptr, nullptr, rw::AppSettings::Unparsable::SetAside);
    rw::KeychainSecretStore keychain;
    rw::MemorySecretStore session;
    rw::PrivateFileSecretStore file(rw::PrivateFileSecretStore::defaultPath());
    const auto stores = [&](rw::AppSettings::SecretStorage storage) -> rw::SecretStore * {
        switch (storage) {
        case rw::AppSettings::SecretStorage::Keychain:
            return &keychain;
        case rw::AppSettings::SecretStorage::SessionOnly:
            return &session;
        case rw::AppSettings::SecretStorage::PrivateFile:
            return &file;
        }
        return &session;
    };

    rw::ui::DesktopApp desktop(&settings, stores, {parser.isSet(demo), {}});
    if (!desktop.startOrSayWhy())
        return 1;
    // Messages that came during the start waited for this.
    instance.setHandler(
        [&desktop](const QStringList &message) -> QString { return desktop.handle(message); });
    return QApplication::exec();
}

bool hasDisplay()
{
    // Qt aborts when it finds no display; say what to do instead.
    return !qEnvironmentVariableIsEmpty("DISPLAY") ||
           !qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY") ||
           !qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM");
}

} // namespace

int main(int argc, char *argv[])
{
    if (rw::cli::isCommandLine(argc, argv)) {
        QCoreApplication app(argc, argv);
        rw::cli::setApplicationInfo();
        return rw::cli::run(QCoreApplication::arguments());
    }
#if defined(Q_OS_UNIX) && !defined(Q_OS_MACOS)
    if (!hasDisplay()) {
        fputs("registrar-watch: there is no display for the desktop app. Use a command instead "
              "(registrar-watch help), or run it in a graphical session.\n",
              stderr);
        return 2;
    }
#endif
    return runDesktop(argc, argv);
}
