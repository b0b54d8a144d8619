#pragma once

#include "common/FilePrivacy.h"

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

// Why keep() refuses the database, when its owner can mend it without anyone else: one of its
// files others can write, or a folder of ours others can write (an earlier version made its data
// folder under a umask of 002, mode 0775). Not a file or folder of another user, nor a link.
[[nodiscard]] std::optional<FilePrivacy::Problem> mendable(const QString &path);
// Makes what mendable() names private: its files 0600, the folder 0700. The sentence when it
// cannot.
[[nodiscard]] std::optional<QString> mend(const QString &path);

} // namespace rw::privateDatabase
