// registrar-watch: the composition root. Picks the application class from the arguments before
// constructing it: command-line subcommands get a QCoreApplication and need no display; without
// one, the desktop app starts.

#include "AppSettings.h"
#include "Cli.h"
#include "DesktopSession.h"
#include "MainWindow.h"
#include "SecretStores.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QMessageBox>
#include <QProcess>
#include <QPushButton>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace {

int runDesktop(int argc, char *argv[])
{
    QApplication app(argc, argv);
    rw::cli::setApplicationInfo();
    QApplication::setApplicationDisplayName(u"Registrar Watch"_s);

    QCommandLineParser parser;
    parser.setApplicationDescription(u"Watches Cloudflare Registrar workflows."_s);
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption demo(u"demo"_s,
                                  u"Run against a simulated registrar on this computer."_s);
    parser.addOption(demo);
    parser.process(app);

    rw::AppSettings settings;
    rw::KeychainSecretStore keychain;
    rw::MemorySecretStore session;
    rw::FileSecretStore file(rw::FileSecretStore::defaultPath());
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

    rw::ui::DesktopSession desktop(&settings, stores, {parser.isSet(demo), {}, {}});
    if (const auto error = desktop.start()) {
        QMessageBox::critical(nullptr, u"Registrar Watch cannot start"_s, *error);
        return 1;
    }
    rw::ui::MainWindow window(&desktop);
    window.show();
    for (const QString &notice : desktop.notices())
        QMessageBox::warning(&window, u"Registrar Watch"_s, notice);

    if (!desktop.isDemo() && !settings.isConfigured()) {
        // First run: offer the demo or the settings.
        QMessageBox welcome(QMessageBox::Information, u"Welcome to Registrar Watch"_s,
                            u"Registrar Watch is not set up yet. Try the demo, which runs "
                            u"against a simulated registrar on this computer, or open the "
                            u"settings to add your Cloudflare account."_s,
                            QMessageBox::NoButton, &window);
        QPushButton *tryDemo = welcome.addButton(u"Try the demo"_s, QMessageBox::AcceptRole);
        QPushButton *openSettings = welcome.addButton(u"Open settings…"_s, QMessageBox::ActionRole);
        welcome.addButton(u"Later"_s, QMessageBox::RejectRole);
        welcome.exec();
        if (welcome.clickedButton() == tryDemo) {
            QProcess::startDetached(QApplication::applicationFilePath(), {u"--demo"_s});
            return 0;
        }
        if (welcome.clickedButton() == openSettings)
            window.showSettings();
    }
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
