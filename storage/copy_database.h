// Copying a whole database into an empty one, SQLite or PostgreSQL in either direction (`sportello
// migrate`): a desk that started on its own SQLite file moves to the shared PostgreSQL database, or a
// PostgreSQL database comes back to a file.
//
// Every row of every table is copied unchanged, column by column: bytes stay bytes (token hashes,
// idempotency keys, sealed tokens, so manage tokens, replays and sessions keep working), NULLs stay
// NULL, audit and outbox ids are kept (PostgreSQL's identity sequences then continue after them).
// SQLite's seat_version counter is not copied: it only tells readers of one file when their seat
// counts changed. The copy into the target is one transaction, all or nothing; the source is read
// in one consistent snapshot, so a server may keep running on it (what it writes after the snapshot
// is not copied).
// Thread-safety: CopyDatabase may be called from any thread; it opens connections of its own.
#pragma once

#include "storage/open_store.h"
#include "storage/store.h"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace sportello::storage {

struct CopyReport {
  // Rows copied per table, in the order copied (a table before the tables that refer to it).
  std::vector<std::pair<std::string, std::int64_t>> tables;

  std::int64_t total() const;
};

// Copies the database `from` into the database `to`, each a --db argument (a SQLite file path or a
// PostgreSQL URI, see open_store.h). Both are first opened with OpenStore, so both get the current
// schema (a missing SQLite target file is created); then `to` must hold no row in any table.
// Errors, each with the field ("from" or "to") where there is one and a detail for a person:
// - invalid_request: `from` is a file that does not exist, `to` is `from`, either was written by a
//   newer Sportello, or `to` is not empty (also a conflict; nothing is changed then);
// - internal: a database cannot be opened or fails during the copy; nothing is written to `to`.
Result<CopyReport> CopyDatabase(const std::string& from, const std::string& to, const StoreOptions& options = {});

}  // namespace sportello::storage
