#pragma once

#include <QString>

namespace rw::test {

// The store as a process killed after its checks came due leaves it: every workflow's next
// check long past (1970). How many workflows it changed; -1 when the store cannot be written.
[[nodiscard]] int makeEveryCheckDue(const QString &storePath);

} // namespace rw::test
