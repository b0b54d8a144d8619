#include "ui/DesktopApp.h"

#include "common/AppIdentity.h"
#include "engine/PollEngine.h"
#include "notify/DBusNotifier.h"
#include "notify/NotificationCenter.h"
#include "platform/SystemWatcher.h"
#include "report/WatchSummaryText.h"
#include "report/WorkflowText.h"
#include "session/BatchProgress.h"
#include "store/HandOver.h"
#include "store/PendingWorkflows.h"
#include "store/PrivateDatabase.h"
#include "store/WorkflowStore.h"
#include "ui/MainWindow.h"
#include "ui/SettingsDialog.h"
#include "ui/TrayIcon.h"
#include "ui/TrayNotifier.h"
#include "ui/WindowNotifier.h"
#include "ui/settings/AccountDialog.h"

#include <QApplication>
#include <QDir>
#include <QMessageBox>
#include <QPushButton>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace rw::ui {

DesktopApp::DesktopApp(AppSettings *settings, session::DesktopSession::SecretStores stores,
                       Options options, QObject *parent)
    : QObject(parent)
    , m_settings(settings)
    , m_stores(std::move(stores))
    , m_options(std::move(options))
{
    buildTray();
    buildNotifiers();
    watchSystem();
    connect(m_settings, &AppSettings::changed, this, &DesktopApp::applyDesktopSettings);
}

DesktopApp::~DesktopApp()
{
    m_center.reset();  // it listens to the session's engine
    m_window.reset();  // the window uses the session
    m_session.reset(); // what it says reaches the tray until it is gone
}

void DesktopApp::buildTray()
{
    m_tray = std::make_unique<TrayIcon>();
    connect(m_tray.get(), &TrayIcon::showWindowRequested, this, &DesktopApp::raise);
    connect(m_tray.get(), &TrayIcon::secretEntryRequested, this, [this] {
        raise();
        if (m_session && m_window && !m_session->isDemo())
            SettingsDialog::openFor(m_session.get(), m_window.get(), true);
    });
    connect(m_tray.get(), &TrayIcon::checkAllRequested, this,
            [this] { m_session->engine()->pollAllNow(); });
    connect(m_tray.get(), &TrayIcon::pauseAllRequested, this,
            [this] { m_session->engine()->pauseAll(); });
    connect(m_tray.get(), &TrayIcon::resumeAllRequested, this,
            [this] { m_session->engine()->resumeAll(); });
    connect(m_tray.get(), &TrayIcon::quitRequested, this, &DesktopApp::quit);
}

void DesktopApp::buildNotifiers()
{
#if defined(Q_OS_UNIX) && !defined(Q_OS_MACOS)
    // Linux and the BSDs: the freedesktop service first, whether or not there is a tray.
    m_dbus = std::make_unique<DBusNotifier>(QDBusConnection::sessionBus(),
                                            DBusNotifier::Identity{appDisplayName, appId, appId});
    m_notifier.append(m_dbus.get());
#endif
    m_trayNotifier = std::make_unique<TrayNotifier>(m_tray.get());
    m_windowNotifier = std::make_unique<WindowNotifier>();
    m_notifier.append(m_trayNotifier.get());
    m_notifier.append(m_windowNotifier.get());
}

// After sleep, or with the network back, what is due is asked at once.
void DesktopApp::watchSystem()
{
    m_system = std::make_unique<SystemWatcher>(QDBusConnection::systemBus());
    const auto wake = [this] {
        if (m_session)
            m_session->engine()->wake();
    };
    connect(m_system.get(), &SystemWatcher::woke, this, wake);
    connect(m_system.get(), &SystemWatcher::networkRestored, this, wake);
}

std::optional<QString> DesktopApp::start()
{
    // Settings that could not be read are not a first run: the operator's workflows are shown
    // (with what became of the file), not the demo.
    const bool firstRun =
        !m_options.demo && !m_settings->isConfigured() && m_settings->problem().isEmpty();
    if (auto error = open(m_options.demo || firstRun))
        return error;
    if (firstRun)
        offerSetUp();
    return std::nullopt;
}

std::optional<QString> DesktopApp::open(bool demo)
{
    session::DesktopSession::Options options;
    options.demo = demo;
    options.storePath = storePath(demo);
    auto session = std::make_unique<session::DesktopSession>(m_settings, m_stores, options);
    m_mendable.reset();
    if (auto error = session->start()) {
        if (!demo) // the demo runs without its store, and says why
            m_mendable = privateDatabase::mendable(options.storePath);
        return error;
    }

    closeSession();
    m_session = std::move(session);
    // What the tray says beyond the table's counts: the latest batch, a credentials hold.
    connect(m_session->batchProgress(), &session::BatchProgress::changed, this,
            &DesktopApp::updateTray);
    connect(m_session->engine(), &PollEngine::accountHeld, this, &DesktopApp::updateTray);
    connect(m_session->engine(), &PollEngine::accountReleased, this, &DesktopApp::updateTray);
    connect(m_session->engine(), &PollEngine::reachabilityChanged, this, &DesktopApp::updateTray);
    openWindow();
    startNotifications();
    applyDesktopSettings();
    updateTray();
    m_window->show();
    if (!m_session->handedOverAtStart().ids.isEmpty()) // `registrar-watch add` while closed
        m_window->showWatched(m_session->handedOverAtStart());
    // Window-modal and not blocking, as the welcome: the session runs behind them.
    for (const QString &notice : m_session->notices()) {
        auto *box = new QMessageBox(QMessageBox::Warning, u"Registrar Watch"_s, notice,
                                    QMessageBox::Ok, m_window.get());
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
    }
    emit sessionChanged();
    return std::nullopt;
}

QString DesktopApp::storePath(bool demo) const
{
    const QString name = demo ? u"demo.sqlite"_s : u"registrar-watch.sqlite"_s;
    return m_options.storeDirectory.isEmpty() ? WorkflowStore::defaultPath(name)
                                              : QDir(m_options.storeDirectory).filePath(name);
}

std::optional<QString> DesktopApp::mendStore()
{
    if (!m_mendable)
        return u"Nothing of the store is left for Registrar Watch to make private."_s;
    auto error = privateDatabase::mend(storePath(false));
    if (!error)
        m_mendable.reset();
    return error;
}

bool DesktopApp::startOrSayWhy()
{
    auto error = start();
    bool mended = false;
    while (error) {
        // Titled "Cannot start — Registrar Watch": Qt adds the application's display name.
        QMessageBox box(QMessageBox::Critical, u"Cannot start"_s, *error, QMessageBox::NoButton);
        box.setObjectName(u"cannotStart"_s);
        QPushButton *mend = nullptr;
        if (m_mendable && !mended) {
            box.setInformativeText(u"Registrar Watch can make it private now, so that only you "
                                   u"can read or change it, and then start."_s);
            mend = box.addButton(u"Make It Private and Start"_s, QMessageBox::AcceptRole);
            box.setDefaultButton(mend);
        }
        box.addButton(mend ? QMessageBox::Cancel : QMessageBox::Close);
        box.exec();
        if (!mend || box.clickedButton() != mend)
            return false;
        mended = true;
        error = mendStore();
        if (!error)
            error = start();
    }
    return true;
}

// What listens to the session that goes (its notifications, its window) stops before it is
// replaced.
void DesktopApp::closeSession()
{
    m_center.reset();
    if (m_session) // what was told is about the session that goes: clicks on it mean nothing now
        m_notifier.withdrawAll();
    if (m_window) {
        m_window->setKeepRunningOnClose(false);
        m_window->close(); // keeps its layout for the next one
        m_window.reset();
    }
}

void DesktopApp::openWindow()
{
    m_window = std::make_unique<MainWindow>(m_session.get());
    // Said at a glance as long as it lasts; the notice at the start says why.
    if (m_session->store() && m_session->store()->isReadOnly())
        m_window->setWindowTitle(m_window->windowTitle() + u" (read-only: nothing new is saved)"_s);
    connect(m_window.get(), &MainWindow::accountSetUpRequested, this, &DesktopApp::setUpAccount);
    connect(m_window->model(), &WorkflowTableModel::countsChanged, this, &DesktopApp::updateTray);
    connect(m_window->model(), &WorkflowTableModel::accountsChanged, this, &DesktopApp::updateTray);
    connect(m_window.get(), &MainWindow::hiddenToBackground, this, &DesktopApp::sayStillWatching);
    m_windowNotifier->setWindow(m_window.get());
}

// Said once: where the app went when its window closed, and how to quit it.
void DesktopApp::sayStillWatching()
{
    if (!m_settings->value(u"backgroundNoticeShown"_s).isEmpty())
        return;
    m_settings->setValue(u"backgroundNoticeShown"_s, "1");
    Notification notice;
    notice.key = u"background"_s;
    notice.summary = u"Registrar Watch is still watching"_s;
    notice.body = u"It keeps checking your workflows in the background and tells you when "
                  u"one ends or needs you. Quit it from the tray icon's menu."_s;
    m_notifier.show(notice);
}

void DesktopApp::startNotifications()
{
    m_center = std::make_unique<NotificationCenter>(m_session->engine(), &m_notifier,
                                                    SystemClock::instance(),
                                                    m_settings->notificationSettings());
    connect(m_center.get(), &NotificationCenter::openRequested, this, &DesktopApp::showWorkflow);
    m_center->setAccountLabels(m_session->accountLabels());
    connect(m_session.get(), &session::DesktopSession::accountsChanged, m_center.get(),
            [center = m_center.get(), session = m_session.get()] {
                center->setAccountLabels(session->accountLabels());
            });
    // What could not be kept (a workflow's changes, what was told) is worth more than a line in
    // the status bar: the window says it until dismissed.
    connect(m_session->engine(), &PollEngine::storageError, m_window.get(),
            [window = m_window.get()](const QString &message) {
                window->showNotice({u"storage"_s,
                                    0,
                                    u"Registrar Watch could not write"_s,
                                    message,
                                    Notification::Urgency::Critical,
                                    true,
                                    {}});
            });
    // Registrations found needing the operator are told once, as kept in the store.
    m_center->setRegistrationNotices(m_session->registrationNotices());
    m_center->start(m_session->engine()->snapshot());
}

void DesktopApp::applyDesktopSettings()
{
    if (m_center)
        m_center->setSettings(m_settings->notificationSettings());
    const bool tray = m_settings->trayIcon() && TrayIcon::isAvailable();
    m_tray->setVisible(tray);
    // At login the tray may come up after the app: look again for a while.
    if (m_settings->trayIcon() && !tray && m_trayLooks < 12) {
        ++m_trayLooks;
        QTimer::singleShot(std::chrono::seconds(5), this, &DesktopApp::applyDesktopSettings);
    }
    if (m_window)
        m_window->setKeepRunningOnClose(tray);
    // Without a tray, closing the window is quitting.
    QApplication::setQuitOnLastWindowClosed(!tray);
}

void DesktopApp::updateTray()
{
    if (!m_window)
        return;
    const WorkflowTableModel *model = m_window->model();
    m_tray->setCounts(model->count(WorkflowTableModel::NeedsMe),
                      model->count(WorkflowTableModel::Active),
                      model->count(WorkflowTableModel::Blocked));
    m_tray->setBatch(m_session->batchProgress()->text());
    // Each account the engine holds for its credentials, named when there are several.
    const AccountLabels &labels = m_session->accountLabels();
    const bool several = model->accountIds().size() > 1;
    QStringList holds;
    for (const QString &accountId : m_session->engine()->accounts()) {
        const PollEngine::AccountStatus account = m_session->engine()->accountStatus(accountId);
        if (!RequestBudget::waitsForCredentials(account.hold))
            continue;
        holds.append(several ? QString(labels.labelOf(accountId) + u": "_s + account.reason)
                             : account.reason);
    }
    m_tray->setCredentialsHold(holds.join(u'\n'));
    // In the status bar's words: one line per outage, its accounts named as there.
    QStringList outages;
    for (const workflowText::Outage &outage : workflowText::outages(*m_session->engine(), labels))
        outages.append(outage.text);
    m_tray->setUnreachable(outages.join(u'\n'));
    QStringList lines;
    if (several) {
        for (const QString &accountId : model->accountIds()) {
            const int needsMe = model->count(WorkflowTableModel::NeedsMe, accountId);
            QStringList counts;
            if (needsMe > 0)
                counts.append(needsMe == 1 ? u"1 needs you"_s : u"%1 need you"_s.arg(needsMe));
            counts.append(u"%1 active"_s.arg(model->count(WorkflowTableModel::Active, accountId)));
            lines.append(labels.labelOf(accountId) + u": "_s + counts.join(u", "_s));
        }
    }
    m_tray->setAccountLines(lines);
}

void DesktopApp::raise()
{
    if (!m_window)
        return;
    m_window->show();
    m_window->setWindowState((m_window->windowState() & ~Qt::WindowMinimized) | Qt::WindowActive);
    m_window->raise();
    m_window->activateWindow();
}

void DesktopApp::showWorkflow(qint64 workflowId)
{
    raise();
    if (workflowId && m_window)
        m_window->selectWorkflow(workflowId);
}

QString DesktopApp::handle(const QStringList &message)
{
    if (const auto arguments = handOver::launchArguments(message))
        return handleLaunch(*arguments);
    if (const auto workflows = handOver::workflowsOf(message))
        return handleAdd(*workflows);
    return u"Registrar Watch did not understand what it was handed (another version?)."_s;
}

QString DesktopApp::handleLaunch(const QStringList &arguments)
{
    raise();
    if (!arguments.contains(u"--demo"_s))
        return u"Registrar Watch is already running; its window is now in front."_s;
    if (m_session && m_session->isDemo())
        return u"The demo is already open; its window is now in front."_s;
    // Switching stops watching the account: the operator decides, in the window.
    QMetaObject::invokeMethod(this, &DesktopApp::askToSwitchToTheDemo, Qt::QueuedConnection);
    return u"Registrar Watch is running with your account; its window asks whether to switch "
           u"to the demo."_s;
}

void DesktopApp::askToSwitchToTheDemo()
{
    auto *ask = new QMessageBox(
        QMessageBox::Question, u"Switch to the demo?"_s,
        u"Registrar Watch was started again with --demo. The demo replaces your account's "
        u"workflows in the window, and they are not checked while it runs.\n\nRestart "
        u"Registrar Watch to come back to your account."_s,
        QMessageBox::NoButton, m_window.get());
    ask->setAttribute(Qt::WA_DeleteOnClose);
    QPushButton *toDemo = ask->addButton(u"Switch to the demo"_s, QMessageBox::AcceptRole);
    ask->addButton(u"Stay with my account"_s, QMessageBox::RejectRole);
    ask->setDefaultButton(qobject_cast<QPushButton *>(ask->buttons().constLast()));
    connect(ask, &QMessageBox::finished, this, [this, ask, toDemo] {
        if (ask->clickedButton() != toDemo)
            return;
        QMetaObject::invokeMethod(
            this,
            [this] {
                if (auto error = open(true))
                    QMessageBox::critical(m_window.get(), u"Registrar Watch"_s,
                                          u"The demo cannot start: %1"_s.arg(*error));
            },
            Qt::QueuedConnection);
    });
    ask->open();
}

QString DesktopApp::handleAdd(const QList<WorkflowRef> &workflows)
{
    if (!m_session || !m_window)
        return u"Registrar Watch is starting; try again in a moment."_s;
    const auto watched = m_session->watchHandedOver(workflows);
    if (!watched) {
        // The demo watches a simulated registrar: real domains wait for the account.
        if (const auto error = PendingWorkflows().append(workflows))
            return u"Registrar Watch runs the demo, and could not record the workflows for "
                   u"your account: %1"_s.arg(*error);
        return workflows.size() == 1
                   ? u"Registrar Watch runs the demo: the workflow is recorded, and watched once "
                     u"your account is set up."_s
                   : u"Registrar Watch runs the demo: the %1 workflows are recorded, and watched "
                     u"once your account is set up."_s.arg(workflows.size());
    }
    m_window->showWatched(*watched);
    return watchSummaryText(*watched);
}

void DesktopApp::quit()
{
    if (m_window)
        m_window->saveLayout();
    QCoreApplication::quit();
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
    // The demo's way out is one account: its dialog, not every setting.
    auto *dialog =
        new AccountDialog(m_settings, m_stores, m_session->network(), std::nullopt, m_window.get());
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &AccountDialog::accepted, this, [this] {
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
