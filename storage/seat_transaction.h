// SeatTransaction: a write transaction (BEGIN IMMEDIATE) that changes booked seats. The changes
// recorded in changes() reach the seat cache (seat_cache.h) when, and only when, Commit() makes
// them durable; a transaction that is not committed rolls back and leaves the cache alone.
// Internal to SqliteStore. Thread-safety: like the connection it runs on, one thread at a time.
#pragma once

#include "storage/seat_cache.h"
#include "storage/sqlite_db.h"

#include <cstdint>

namespace sportello::storage {

// The seat version of schema migration 4, as `connection` sees it now.
std::int64_t SeatVersion(sqlite::Connection& connection);

class SeatTransaction {
 public:
  // Begins the write transaction and reads the seat version. Throws SqliteError.
  SeatTransaction(sqlite::Connection& connection, SeatCache& cache);

  SeatChanges& changes() { return changes_; }

  // Commits (durably, synchronous=FULL) and applies the recorded changes to the cache. Throws
  // SqliteError when the commit fails; the cache then forgets everything and reloads.
  void Commit();

 private:
  sqlite::Connection& connection_;
  SeatCache& cache_;
  sqlite::Transaction transaction_;
  std::int64_t before_;
  SeatChanges changes_;
};

}  // namespace sportello::storage
