#pragma once

#include "common/FilePrivacy.h"
#include "notify/FallbackNotifier.h"
#include "session/DesktopSession.h"

#include <QDBusConnection>
#include <QMessageBox>
#include <QObject>
#include <QPointer>

#include <memory>

namespace rw {
class DBusNotifier;
class NotificationCenter;
class SystemWatcher;
} // namespace rw

namespace rw::ui {

class MainWindow;
class TrayIcon;
class TrayNotifier;
class WindowNotifier;

// The desktop app's life: which session runs (the operator's account, or the demo), its window,
// the first run, the notifications and the tray. With nothing set up it opens the demo at once
// and offers the settings; once an account is saved, the demo makes way for it without a
// restart. With a tray, closing the window keeps watching; quitting stops it.
class DesktopApp final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DesktopApp)
public:
    struct Options
    {
        bool demo = false;      // --demo: the demo even when an account is set up
        QString storeDirectory; // tests: where the stores live (empty: the user's data dir)
    };

    DesktopApp(AppSettings *settings, session::DesktopSession::SecretStores stores, Options options,
               QObject *parent = nullptr);
    ~DesktopApp() override;

    // Builds the session and shows its window. An error means the app cannot run.
    [[nodiscard]] std::optional<QString> start();
    // Why start() failed, when it was the account's store that others can change and that is the
    // user's to make private (store/PrivateDatabase's mendable): an earlier version made its
    // data folder under a umask of 002. mendStore() makes it private at the operator's word
    // (the sentence when it cannot); start() then opens it.
    [[nodiscard]] const std::optional<FilePrivacy::Problem> &mendableStore() const
    {
        return m_mendable;
    }
    [[nodiscard]] std::optional<QString> mendStore();
    // start() as the app's launch does it: when it fails, a dialog says why and, for a store that
    // is the user's to make private, offers that and starts again. False when the app cannot run.
    [[nodiscard]] bool startOrSayWhy();

    [[nodiscard]] session::DesktopSession *session() const { return m_session.get(); }
    [[nodiscard]] MainWindow *window() const { return m_window.get(); }
    [[nodiscard]] NotificationCenter *notifications() const { return m_center.get(); }
    [[nodiscard]] TrayIcon *tray() const { return m_tray.get(); }
    // The first-run offer, while it is open.
    [[nodiscard]] QMessageBox *welcome() const { return m_welcome; }

    // Opens the settings; when they are saved with an account during the demo, the account's
    // session replaces the demo.
    void setUpAccount();
    // Shows the window in front (a second launch, the tray, a notification).
    void raise();
    // Shows the window with this workflow selected (a notification's "Open").
    void showWorkflow(qint64 workflowId);
    // What a later launch or `registrar-watch add` hands over (see store/HandOver); returns the
    // sentence the sender prints.
    [[nodiscard]] QString handle(const QStringList &message);
    void quit();

signals:
    void sessionChanged();

private:
    void buildTray();
    void buildNotifiers();
    void watchSystem();
    [[nodiscard]] std::optional<QString> open(bool demo);
    [[nodiscard]] QString storePath(bool demo) const;
    void closeSession();
    void openWindow();
    void startNotifications();
    void sayStillWatching();
    void offerSetUp();
    void applyDesktopSettings();
    void updateTray();
    [[nodiscard]] QString handleLaunch(const QStringList &arguments);
    [[nodiscard]] QString handleAdd(const QList<WorkflowRef> &workflows);
    void askToSwitchToTheDemo();

    AppSettings *m_settings;
    session::DesktopSession::SecretStores m_stores;
    Options m_options;
    std::unique_ptr<session::DesktopSession> m_session;
    std::unique_ptr<MainWindow> m_window;
    QPointer<QMessageBox> m_welcome;
    std::optional<FilePrivacy::Problem> m_mendable;

    // The ways to tell, best first: the desktop's notification service, the tray, the window.
    std::unique_ptr<TrayIcon> m_tray;
    std::unique_ptr<DBusNotifier> m_dbus;
    std::unique_ptr<TrayNotifier> m_trayNotifier;
    std::unique_ptr<WindowNotifier> m_windowNotifier;
    FallbackNotifier m_notifier;
    std::unique_ptr<NotificationCenter> m_center;
    std::unique_ptr<SystemWatcher> m_system;
    int m_trayLooks = 0;
};

} // namespace rw::ui
