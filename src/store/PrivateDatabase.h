#pragma once

#include <QString>

#include <optional>

namespace rw::privateDatabase {

// An SQLite database of the user's (the store, the request ledger) and its -wal and -shm files:
// one that others can change (or replace) is refused, since what it holds is trusted; one that
// others can only read is made private (0600), and a new one is made with that mode. Before the
// database is opened, what cannot be checked (a path through a file, say) is left to the opening,
// which says it in its own words; once open (`opened`), everything is checked. The sentence of what
// is wrong when refused.
[[nodiscard]] std::optional<QString> keep(const QString &path, bool opened);

} // namespace rw::privateDatabase
