#pragma once

#include <QString>

class QLabel;
class QSpinBox;
class QWidget;

// Pieces the settings pages share, so that every page marks a wrong field the same way.
namespace rw::ui::form {

// Where a field's reason goes: plain text, in the colour of a problem, empty while all is well.
[[nodiscard]] QLabel *problemLabel(const QString &name, QWidget *parent);
// The field with its reason under it, in one row of a form.
[[nodiscard]] QWidget *withProblem(QWidget *field, QLabel *problem);
[[nodiscard]] QSpinBox *spin(const QString &name, int minimum, int maximum, const QString &suffix,
                             QWidget *parent);

} // namespace rw::ui::form
