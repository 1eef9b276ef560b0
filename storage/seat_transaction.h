// SeatTransaction: a write transaction (BEGIN IMMEDIATE) that changes booked seats. The changes
// recorded in changes() reach the seat cache (seat_cache.h) when, and only when, Commit() makes
// them durable; a transaction that is not committed rolls back and leaves the cache alone.
// Internal to SqliteStore. Thread-safety: like the connection it runs on, one thread at a time.
#pragma once

#include "storage/seat_cache.h"
#include "storage/sqlite_db.h"

#include <cstdint>
#include <optional>
#include <string_view>

namespace sportello::storage {

// The seat version of schema migration 4, as `connection` sees it now.
std::int64_t SeatVersion(sqlite::Connection& connection);

class SeatTransaction {
 public:
  // Begins the write transaction and reads the seat version. Throws SqliteError.
  SeatTransaction(sqlite::Connection& connection, SeatCache& cache);

  SeatChanges& changes() { return changes_; }

  // The seats of the slot at `start` as this transaction sees them, from memory: the cache's at the
  // version the transaction began with, plus changes() and `unmerged` (a savepoint's changes not yet
  // appended to changes(); may be changes() itself). nullopt when the cache does not hold that
  // version, or when the recorded changes do not account for every step of the seat version since
  // (a seat changed that nothing recorded): the caller then counts in SQL.
  std::optional<engine::SeatUse> SlotSeats(std::string_view desk, std::string_view type, engine::Instant start,
                                            const SeatChanges& unmerged);

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
