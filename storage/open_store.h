// Opening the store a `--db` argument names: a SQLite file path (the embedded default, one machine)
// or a PostgreSQL connection URI (`postgresql://user@host:port/dbname`, libpq syntax; several
// server nodes may share it). The password of a PostgreSQL role comes from PGPASSWORD or
// ~/.pgpass, as libpq reads them, never from the command line.
// Thread-safety: OpenStore may be called from any thread; the store it returns is thread-safe.
#pragma once

#include "storage/store.h"

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace sportello::storage {

struct StoreOptions {
  // How long a write waits for a lock another process holds before giving up (Error::internal).
  std::chrono::milliseconds busy_timeout{10'000};
  // How long a staff session lasts after login.
  std::chrono::seconds session_lifetime{std::chrono::hours{12}};
  // Minimum-cost password hashing: for tests only, never for real accounts.
  bool fast_password_hashing = false;
  // SQLite: how long a group commit waits for more bookings while they come concurrently (the
  // queue's gathering, commit_queue.h). Pays when bookings arrive from many connections and no
  // caller waits for its booking before making the next: `serve` sets kServeBookingsGather. Zero
  // (no wait) suits a few callers that each wait for their booking, who would wait out every
  // gathering for bookings that cannot come. PostgreSQL does not gather.
  std::chrono::microseconds gather_bookings{0};
  // PostgreSQL: the most connections this process opens to the database (reads and writes share
  // them; a request waits for a free one).
  std::size_t max_connections = 16;
  // The secret (a secret file's contents, kept outside the database) that seals the manage tokens
  // the outbox holds until their message is sent (secrets.h, SealAtRest). Every process sending or
  // queuing messages for one database needs the same one. Empty: a random secret of this process
  // only (tests, and commands that queue and send nothing).
  std::string secret;
};

// The server's gathering of bookings (StoreOptions::gather_bookings): under a surge about thirty
// bookings share a commit instead of seven, with fewer pages written and fewer availability answers
// rebuilt per booking (docs/performance.md, "Eighth round").
inline constexpr std::chrono::microseconds kServeBookingsGather{1000};

// True when `db` is a PostgreSQL connection URI (postgresql:// or postgres://).
bool IsPostgresUri(std::string_view db);

// True when `db` is a PostgreSQL URI that carries a password (`user:secret@`, `?password=`). A
// command line is visible to every user of the machine, so commands refuse such a URI and leave the
// password to PGPASSWORD or ~/.pgpass.
bool UriHasPassword(const std::string& db);

// `db` as it may be shown in a log: a password written into a URI is replaced by "***".
std::string Printable(std::string_view db);

// Opens (creating and migrating the schema when needed) the database `db` names. Throws
// SchemaTooNew (schema.h) for a database written by a newer Sportello, and std::runtime_error with
// a message for a person when it cannot be opened or migrated.
std::unique_ptr<Store> OpenStore(const std::string& db, const StoreOptions& options = {});

}  // namespace sportello::storage
