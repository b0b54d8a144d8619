#pragma once

#include <QIcon>
#include <QObject>

class QAction;
class QMenu;
class QSystemTrayIcon;

namespace rw::ui {

// The icon in the system tray: its badge and tooltip say how many workflows need the operator,
// are active and are blocked, how the latest batch is getting on, and what holds the account
// for its credentials; its menu shows the window, leads to the secret's field while the
// credentials are wanted, checks or pauses everything, quits.
class TrayIcon final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TrayIcon)
public:
    explicit TrayIcon(QObject *parent = nullptr);
    ~TrayIcon() override;

    // Whether this desktop has a tray at all.
    [[nodiscard]] static bool isAvailable();
    void setVisible(bool visible);
    [[nodiscard]] bool isVisible() const;

    void setCounts(int needsMe, int active, int blocked);
    // How the latest batch is getting on (BatchProgress); empty: nothing to say.
    void setBatch(const QString &line);
    // Why the account waits for its credentials (its hold's sentence); empty: it does not.
    void setCredentialsHold(const QString &sentence);
    [[nodiscard]] QString toolTip() const;
    [[nodiscard]] QSystemTrayIcon *tray() const { return m_tray; }
    // The application icon with a badge: the number that need the operator (red), else a dot
    // while anything is active (blue).
    [[nodiscard]] static QIcon badged(const QIcon &base, int needsMe, int active);

signals:
    void showWindowRequested();
    void secretEntryRequested();
    void checkAllRequested();
    void pauseAllRequested();
    void resumeAllRequested();
    void quitRequested();

private:
    QSystemTrayIcon *m_tray;
    QMenu *m_menu;
    QAction *m_enterSecret;
    QIcon m_base;
    int m_needsMe = -1;
    int m_active = -1;
    int m_blocked = -1;
    QString m_batch;
    QString m_credentialsHold;
};

} // namespace rw::ui
