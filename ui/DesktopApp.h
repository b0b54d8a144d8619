#pragma once

#include "DesktopSession.h"

#include <QMessageBox>
#include <QObject>
#include <QPointer>

#include <memory>

namespace rw::ui {

class MainWindow;

// The desktop app's life: which session runs (the operator's account, or the demo), its window,
// and the first run. With nothing set up it opens the demo at once and offers the settings;
// once an account is saved, the demo makes way for it without a restart.
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

    DesktopApp(AppSettings *settings, DesktopSession::SecretStores stores, Options options,
               QObject *parent = nullptr);
    ~DesktopApp() override;

    // Builds the session and shows its window. An error means the app cannot run.
    [[nodiscard]] std::optional<QString> start();

    [[nodiscard]] DesktopSession *session() const { return m_session.get(); }
    [[nodiscard]] MainWindow *window() const { return m_window.get(); }
    // The first-run offer, while it is open.
    [[nodiscard]] QMessageBox *welcome() const { return m_welcome; }

    // Opens the settings; when they are saved with an account during the demo, the account's
    // session replaces the demo.
    void setUpAccount();

signals:
    void sessionChanged();

private:
    [[nodiscard]] std::optional<QString> open(bool demo);
    void offerSetUp();

    AppSettings *m_settings;
    DesktopSession::SecretStores m_stores;
    Options m_options;
    std::unique_ptr<DesktopSession> m_session;
    std::unique_ptr<MainWindow> m_window;
    QPointer<QMessageBox> m_welcome;
};

} // namespace rw::ui
