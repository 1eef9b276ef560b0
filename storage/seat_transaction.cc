#include "storage/seat_transaction.h"

namespace sportello::storage {

std::int64_t SeatVersion(sqlite::Connection& connection) {
  return connection.QueryInt("SELECT value FROM seat_version WHERE id = 1");
}

SeatTransaction::SeatTransaction(sqlite::Connection& connection, SeatCache& cache)
    : connection_(connection),
      cache_(cache),
      transaction_(connection, sqlite::Transaction::Kind::write),
      before_(SeatVersion(connection)) {}

std::optional<engine::SeatUse> SeatTransaction::SlotSeats(std::string_view desk, std::string_view type,
                                                          engine::Instant start, const SeatChanges& unmerged) {
  const std::int64_t recorded = changes_.rows + (&unmerged != &changes_ ? unmerged.rows : 0);
  if (SeatVersion(connection_) != before_ + recorded) return std::nullopt;
  return cache_.Slot(desk, type, start, before_, changes_, unmerged);
}

void SeatTransaction::Commit() {
  const std::int64_t after = SeatVersion(connection_);
  cache_.BeginCommit();
  try {
    transaction_.Commit();
  } catch (...) {
    cache_.EndCommit(before_, after, changes_, false);
    throw;
  }
  cache_.EndCommit(before_, after, changes_, true);
}

}  // namespace sportello::storage
