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
