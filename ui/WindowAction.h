#pragma once

#include <QStyle>

class QAction;
class QKeySequence;
class QObject;
class QString;
class QWidget;

namespace rw::ui {

// An action of the window, named for tests, whose shortcut works wherever the focus is in it.
[[nodiscard]] QAction *windowAction(QWidget *window, QObject *parent, const QString &name,
                                    const QString &text, const QIcon &icon,
                                    const QKeySequence &keys);
// The desktop theme's icon, or Qt's own where the theme has none.
[[nodiscard]] QIcon themedIcon(const char *name, QStyle::StandardPixmap fallback);

} // namespace rw::ui
