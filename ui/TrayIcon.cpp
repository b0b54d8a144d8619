#include "ui/TrayIcon.h"

#include "ui/AppIcon.h"

#include <QAction>
#include <QApplication>
#include <QMenu>
#include <QPainter>
#include <QSystemTrayIcon>

using namespace Qt::StringLiterals;

namespace rw::ui {

TrayIcon::TrayIcon(QObject *parent)
    : QObject(parent)
    , m_tray(new QSystemTrayIcon(this))
    , m_menu(new QMenu)
    , m_base(appIcon())
{
    QAction *show = m_menu->addAction(u"Show Registrar Watch"_s);
    m_menu->setDefaultAction(show);
    m_enterSecret = m_menu->addAction(u"Enter the secret…"_s);
    m_enterSecret->setObjectName(u"enterSecret"_s);
    m_enterSecret->setVisible(false);
    m_menu->addSeparator();
    QAction *check = m_menu->addAction(u"Check all now"_s);
    QAction *pause = m_menu->addAction(u"Pause all"_s);
    QAction *resume = m_menu->addAction(u"Resume all"_s);
    m_menu->addSeparator();
    QAction *quit = m_menu->addAction(u"Quit"_s);
    connect(show, &QAction::triggered, this, &TrayIcon::showWindowRequested);
    connect(m_enterSecret, &QAction::triggered, this, &TrayIcon::secretEntryRequested);
    connect(check, &QAction::triggered, this, &TrayIcon::checkAllRequested);
    connect(pause, &QAction::triggered, this, &TrayIcon::pauseAllRequested);
    connect(resume, &QAction::triggered, this, &TrayIcon::resumeAllRequested);
    connect(quit, &QAction::triggered, this, &TrayIcon::quitRequested);
    m_tray->setContextMenu(m_menu);
    connect(m_tray, &QSystemTrayIcon::activated, this,
            [this](QSystemTrayIcon::ActivationReason reason) {
                if (reason == QSystemTrayIcon::Trigger || reason == QSystemTrayIcon::DoubleClick)
                    emit showWindowRequested();
            });
    setCounts(0, 0, 0);
}

TrayIcon::~TrayIcon()
{
    delete m_menu; // a menu has no QObject parent here: the tray does not own it
}

bool TrayIcon::isAvailable()
{
    return QSystemTrayIcon::isSystemTrayAvailable();
}

void TrayIcon::setVisible(bool visible)
{
    m_tray->setVisible(visible);
}

bool TrayIcon::isVisible() const
{
    return m_tray->isVisible();
}

QString TrayIcon::toolTip() const
{
    QStringList parts;
    if (m_needsMe > 0)
        parts.append(m_needsMe == 1 ? u"1 needs you"_s : u"%1 need you"_s.arg(m_needsMe));
    parts.append(u"%1 active"_s.arg(m_active));
    parts.append(u"%1 blocked"_s.arg(m_blocked));
    QString tip = u"Registrar Watch: "_s + parts.join(u", "_s);
    for (const QString &line : m_accountLines)
        tip += u"\n• "_s + line;
    if (!m_batch.isEmpty())
        tip += u'\n' + m_batch;
    for (const QString &hold : m_credentialsHold.split(u'\n', Qt::SkipEmptyParts))
        tip += u"\n⚠ "_s + hold;
    for (const QString &outage : m_unreachable.split(u'\n', Qt::SkipEmptyParts))
        tip += u"\n⚠ "_s + outage;
    return tip;
}

void TrayIcon::setAccountLines(const QStringList &lines)
{
    if (lines == m_accountLines)
        return;
    m_accountLines = lines;
    m_tray->setToolTip(toolTip());
}

void TrayIcon::setBatch(const QString &line)
{
    if (line == m_batch)
        return;
    m_batch = line;
    m_tray->setToolTip(toolTip());
}

void TrayIcon::setCredentialsHold(const QString &sentence)
{
    if (sentence == m_credentialsHold)
        return;
    m_credentialsHold = sentence;
    m_enterSecret->setVisible(!sentence.isEmpty());
    m_tray->setToolTip(toolTip());
}

void TrayIcon::setUnreachable(const QString &sentence)
{
    if (sentence == m_unreachable)
        return;
    m_unreachable = sentence;
    m_tray->setIcon(badged(m_base, m_needsMe, m_active, !sentence.isEmpty()));
    m_tray->setToolTip(toolTip());
}

void TrayIcon::setCounts(int needsMe, int active, int blocked)
{
    if (needsMe == m_needsMe && active == m_active && blocked == m_blocked)
        return;
    const bool badge =
        (needsMe > 0) != (m_needsMe > 0) || needsMe != m_needsMe || (active > 0) != (m_active > 0);
    m_needsMe = needsMe;
    m_active = active;
    m_blocked = blocked;
    if (badge)
        m_tray->setIcon(badged(m_base, needsMe, active, !m_unreachable.isEmpty()));
    m_tray->setToolTip(toolTip());
}

QIcon TrayIcon::badged(const QIcon &base, int needsMe, int active, bool unreachable)
{
    QIcon icon;
    for (const int size : {16, 22, 24, 32, 48, 64}) {
        QPixmap pixmap = base.pixmap(size, size);
        if (pixmap.isNull())
            continue;
        if (unreachable) {
            // Nothing the badge would count is current: the whole icon greys out.
            pixmap = QIcon(pixmap).pixmap(size, size, QIcon::Disabled);
        }
        if (needsMe > 0 || active > 0) {
            QPainter painter(&pixmap);
            painter.setRenderHint(QPainter::Antialiasing);
            const qreal diameter = size * (needsMe > 0 ? 0.62 : 0.42);
            const QRectF dot(size - diameter, 0, diameter, diameter);
            painter.setPen(QPen(Qt::white, std::max(1.0, size / 16.0)));
            painter.setBrush(needsMe > 0 ? QColor(0xc6, 0x28, 0x28) : QColor(0x1e, 0x63, 0xc8));
            painter.drawEllipse(dot);
            if (needsMe > 0 && size >= 22) {
                QFont font = painter.font();
                font.setBold(true);
                font.setPixelSize(int(diameter * 0.7));
                painter.setFont(font);
                painter.setPen(Qt::white);
                painter.drawText(dot, Qt::AlignCenter,
                                 needsMe > 9 ? u"9+"_s : QString::number(needsMe));
            }
        }
        icon.addPixmap(pixmap);
    }
    return icon;
}

} // namespace rw::ui
