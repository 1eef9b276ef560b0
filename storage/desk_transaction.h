// DeskTransaction: what the desk rules (booking/desks.h) may read and write inside one open write
// transaction: the desk's calendar, the bookings still ahead, and the calendar and flag to store.
// The backend decides nothing: it answers and writes, and commits only when the rule returns a
// value (Store::ChangeDesk). A database failure throws (the backend turns it into Error::internal
// and rolls back). Thread-safety: one thread, for one rule.
#pragma once

#include "storage/store.h"

#include <memory>
#include <string_view>
#include <vector>

namespace sportello::storage {

class DeskTransaction {
 public:
  virtual ~DeskTransaction() = default;

  // The desk's calendar and flags as stored now; nullptr for an unknown desk.
  virtual std::shared_ptr<const engine::DeskCalendar> Desk(std::string_view desk) = 0;
  // The `booked` bookings of `desk` starting at or after `now`, by start.
  virtual std::vector<BookingRecord> BookedFrom(std::string_view desk, Instant now) = 0;
  // Stores `calendar` (its flags included) as its desk's, creating the desk when `before` is null,
  // with its audit entry: `action` is "calendar.replace" or "calendar.seed".
  virtual void StoreCalendar(const engine::DeskCalendar& calendar, const engine::DeskCalendar* before,
                             std::string_view action, const Actor& actor, Instant now) = 0;
  // Stores the desk's flags, with an audit entry for each one that differs from `before`
  // ("flags.self_booking", "flags.proof_of_work", "flags.proof_of_work_reads").
  virtual void StoreFlags(std::string_view desk, const engine::DeskFlags& before, const engine::DeskFlags& after,
                          const Actor& actor, Instant now) = 0;
};

}  // namespace sportello::storage
