#include "ui/WindowAction.h"

#include <QAction>
#include <QApplication>
#include <QWidget>

namespace rw::ui {

QAction *windowAction(QWidget *window, QObject *parent, const QString &name, const QString &text,
                      const QIcon &icon, const QKeySequence &keys)
{
    auto *action = new QAction(icon, text, parent);
    action->setObjectName(name);
    action->setShortcut(keys);
    action->setShortcutContext(Qt::WindowShortcut);
    window->addAction(action);
    return action;
}

QIcon themedIcon(const char *name, QStyle::StandardPixmap fallback)
{
    return QIcon::fromTheme(QString::fromLatin1(name),
                            QApplication::style()->standardIcon(fallback));
}

} // namespace rw::ui
