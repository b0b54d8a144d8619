#include "DesktopApp.h"

#include "MainWindow.h"
#include "SettingsDialog.h"

#include <QDir>
#include <QMessageBox>
#include <QPushButton>

using namespace Qt::StringLiterals;

namespace rw::ui {

DesktopApp::DesktopApp(AppSettings *settings, DesktopSession::SecretStores stores, Options options,
                       QObject *parent)
    : QObject(parent)
    , m_settings(settings)
    , m_stores(std::move(stores))
    , m_options(std::move(options))
{}

DesktopApp::~DesktopApp()
{
    m_window.reset(); // the window uses the session
}

std::optional<QString> DesktopApp::start()
{
    const bool firstRun = !m_options.demo && !m_settings->isConfigured();
    if (auto error = open(m_options.demo || firstRun))
        return error;
    if (firstRun)
        offerSetUp();
    return std::nullopt;
}

std::optional<QString> DesktopApp::open(bool demo)
{
    DesktopSession::Options options;
    options.demo = demo;
    if (!m_options.storeDirectory.isEmpty()) {
        options.storePath = QDir(m_options.storeDirectory)
                                .filePath(demo ? u"demo.sqlite"_s : u"registrar-watch.sqlite"_s);
    }
    auto session = std::make_unique<DesktopSession>(m_settings, m_stores, options);
    if (auto error = session->start())
        return error;

    if (m_window) {
        m_window->close(); // keeps its layout for the next one
        m_window.reset();
    }
    m_session = std::move(session);
    m_window = std::make_unique<MainWindow>(m_session.get());
    connect(m_window.get(), &MainWindow::accountSetUpRequested, this, &DesktopApp::setUpAccount);
    m_window->show();
    for (const QString &notice : m_session->notices())
        QMessageBox::warning(m_window.get(), u"Registrar Watch"_s, notice);
    emit sessionChanged();
    return std::nullopt;
}

void DesktopApp::offerSetUp()
{
    // Window-modal and not blocking: the demo runs behind it while the operator reads.
    auto *welcome = new QMessageBox(
        QMessageBox::Information, u"Welcome to Registrar Watch"_s,
        u"No Cloudflare account is set up yet, so this is the demo: a simulated registrar on "
        u"this computer, with workflows in every state.\n\nSet up your account to watch your "
        u"own workflows; the demo makes way for it."_s,
        QMessageBox::NoButton, m_window.get());
    welcome->setAttribute(Qt::WA_DeleteOnClose);
    QPushButton *setUp = welcome->addButton(u"Set up my account…"_s, QMessageBox::AcceptRole);
    welcome->addButton(u"Explore the demo"_s, QMessageBox::RejectRole);
    welcome->setDefaultButton(setUp);
    connect(welcome, &QMessageBox::finished, this, [this, welcome, setUp] {
        if (welcome->clickedButton() == setUp)
            setUpAccount();
    });
    m_welcome = welcome;
    welcome->open();
}

void DesktopApp::setUpAccount()
{
    if (!m_session->isDemo()) {
        m_window->showSettings();
        return;
    }
    auto *dialog = new SettingsDialog(m_settings, m_stores, m_session->network(), m_window.get());
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &SettingsDialog::saved, this, [this] {
        if (!m_settings->isConfigured())
            return;
        // After the dialog has closed: the window it belongs to is about to go.
        QMetaObject::invokeMethod(
            this,
            [this] {
                if (auto error = open(false)) {
                    QMessageBox::critical(m_window.get(), u"Registrar Watch"_s,
                                          u"Your account is saved, but its workflows cannot be "
                                          u"opened: %1"_s.arg(*error));
                }
            },
            Qt::QueuedConnection);
    });
    dialog->open();
}

} // namespace rw::ui
