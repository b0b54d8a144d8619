#pragma once

#include <QIcon>
#include <QObject>

class QAction;
class QMenu;
class QSystemTrayIcon;

namespace rw::ui {

// The icon in the system tray: its badge and tooltip say how many workflows need the operator,
// are active and are blocked (and, with several accounts, how many of each account's), how the
// latest batch is getting on, and what holds accounts for their credentials; its menu shows the
// window, leads to the secret's field while the credentials are wanted, checks or pauses
// everything, quits.
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
    // Why accounts wait for their credentials (their holds' sentences, one a line); empty: none.
    void setCredentialsHold(const QString &sentence);
    // Which accounts' API cannot be reached, since when (one a line); empty: all answer.
    void setUnreachable(const QString &sentence);
    // With several accounts, one line each ("Acme: 2 need you, 3 active"); empty with one.
    void setAccountLines(const QStringList &lines);
    [[nodiscard]] QString toolTip() const;
    [[nodiscard]] QSystemTrayIcon *tray() const { return m_tray; }
    // The application icon with a badge: the number that need the operator (red), else a dot
    // while anything is active (blue); grey while the API cannot be reached.
    [[nodiscard]] static QIcon badged(const QIcon &base, int needsMe, int active,
                                      bool unreachable = false);

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
    QString m_unreachable;
    QStringList m_accountLines;
};

} // namespace rw::ui
