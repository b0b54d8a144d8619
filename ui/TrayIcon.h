#pragma once

#include <QIcon>
#include <QObject>

class QAction;
class QMenu;
class QSystemTrayIcon;

namespace rw::ui {

// The icon in the system tray: its badge and tooltip say how many workflows need the operator,
// are active and are blocked; its menu shows the window, checks or pauses everything, quits.
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
    [[nodiscard]] QString toolTip() const;
    [[nodiscard]] QSystemTrayIcon *tray() const { return m_tray; }
    // The application icon with a badge: the number that need the operator (red), else a dot
    // while anything is active (blue).
    [[nodiscard]] static QIcon badged(const QIcon &base, int needsMe, int active);

signals:
    void showWindowRequested();
    void checkAllRequested();
    void pauseAllRequested();
    void resumeAllRequested();
    void quitRequested();

private:
    QSystemTrayIcon *m_tray;
    QMenu *m_menu;
    QIcon m_base;
    int m_needsMe = -1;
    int m_active = -1;
    int m_blocked = -1;
};

} // namespace rw::ui
