#include "ui/WindowKeys.h"

#include <QAbstractSpinBox>
#include <QApplication>
#include <QComboBox>
#include <QKeyEvent>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QTextEdit>

namespace rw::ui {

namespace {

bool isEditable(const QWidget *widget)
{
    if (const auto *line = qobject_cast<const QLineEdit *>(widget))
        return !line->isReadOnly();
    if (const auto *plain = qobject_cast<const QPlainTextEdit *>(widget))
        return !plain->isReadOnly();
    if (const auto *rich = qobject_cast<const QTextEdit *>(widget))
        return !rich->isReadOnly();
    if (const auto *spin = qobject_cast<const QAbstractSpinBox *>(widget))
        return !spin->isReadOnly();
    if (const auto *combo = qobject_cast<const QComboBox *>(widget))
        return combo->isEditable();
    return false;
}

// What a text does with these keys is what the operator means by them there: copy its
// selection, and in a field being typed in, typing, deleting, moving, cut, paste, undo.
bool keepsKey(const QWidget *widget, const QKeyEvent *key)
{
    if (key->matches(QKeySequence::Copy) || key->matches(QKeySequence::SelectAll))
        return true;
    if (!isEditable(widget))
        return false;
    if (key->matches(QKeySequence::Cut) || key->matches(QKeySequence::Paste) ||
        key->matches(QKeySequence::Undo) || key->matches(QKeySequence::Redo))
        return true;
    return !(key->modifiers() & (Qt::ControlModifier | Qt::AltModifier | Qt::MetaModifier));
}

} // namespace

WindowKeys::WindowKeys(QWidget *window)
    : QObject(window)
    , m_window(window)
{
    // A key is offered to the focused widget first (ShortcutOverride): only an application
    // filter sees that for whichever widget has the focus.
    qApp->installEventFilter(this);
}

bool WindowKeys::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() != QEvent::ShortcutOverride || !watched->isWidgetType())
        return false;
    const auto *widget = static_cast<const QWidget *>(watched);
    if (widget->window() != m_window || keepsKey(widget, static_cast<QKeyEvent *>(event)))
        return false;
    // Not claimed: a shortcut of the window takes the key if it has one, else it is typed as
    // usual.
    event->ignore();
    return true;
}

} // namespace rw::ui
