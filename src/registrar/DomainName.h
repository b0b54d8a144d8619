#pragma once

#include "common/Expected.h"

namespace rw::domain {

// Checks a domain name as an operator typed or pasted it and returns its ASCII form
// (internationalised names become "xn--" labels), lower case, without a trailing dot.
// The error says what is wrong in words, naming the offending label.
[[nodiscard]] Expected<QString> normalise(QStringView input);

// The Unicode form for display ("xn--bcher-kva.example" -> "bücher.example").
[[nodiscard]] QString toUnicode(const QString &ascii);

} // namespace rw::domain
