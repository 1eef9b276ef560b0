// InTransaction: runs a use case's decision in one booking transaction (Store::ChangeBooking) and
// returns whatever the decision returns, for use cases whose answer is not one booking (a list of
// links, a count, a ticket). Internal to booking/. Thread-safe like the store.
#pragma once

#include "storage/booking_transaction.h"
#include "storage/store.h"

#include <optional>
#include <utility>

namespace sportello::booking {

// Commits the transaction when `decide` returns a value, rolls it back on an error. The store may
// run `decide` again (a retried conflict); the value of the run that committed is returned.
template <class T, class Decide>
engine::Result<T> InTransaction(storage::Store& store, Decide&& decide) {
  std::optional<T> value;
  auto done = store.ChangeBooking([&](storage::BookingTransaction& transaction) -> engine::Result<storage::BookingRecord> {
    engine::Result<T> decided = decide(transaction);
    if (!decided) return decided.error();
    value = std::move(*decided);
    return storage::BookingRecord{};  // ChangeBooking commits on a value; the value that matters is kept aside
  });
  if (!done) return done.error();
  return std::move(*value);
}

}  // namespace sportello::booking
