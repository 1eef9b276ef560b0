// Availability: which slots an applicant (or staff) may book now, and how many seats each has.
//
// The core reads no clock and no database: `now` and the seats already taken are inputs.
// Applicants see a slot when `now + min_notice_hours <= start` and
// `start < local midnight of (today + horizon_days)` (today = the desk's local date at `now`),
// and, for a type with a release rule, when its month has been released and its draw window
// is not open (engine/release.h); staff see every slot that has not started yet. Days with no
// visible slot are left out; full slots are listed with `free == 0`. Thread-safe: pure functions.
#pragma once

#include "engine/error.h"
#include "engine/seats.h"
#include "engine/slots.h"

#include <string_view>
#include <vector>

namespace sportello::engine {

inline constexpr int kMaxRangeDays = 62;

struct SlotAvailability {
  Slot slot;
  int free = 0;
};

struct DayAvailability {
  Date date;
  std::vector<SlotAvailability> slots;
};

// True when `view` may book `slot` of `type` at `now` as far as time goes (capacity aside).
bool InBookingWindow(const DeskCalendar& calendar, const TypeCalendar& type, const Slot& slot,
                     Instant now, View view);

// Availability of `type_id` on local dates `from`..`to` (inclusive).
// Errors: not_found when the desk does not offer the type; invalid_request when `to` precedes
// `from` or the range spans more than kMaxRangeDays days.
Result<std::vector<DayAvailability>> Availability(const DeskCalendar& calendar, std::string_view type_id,
                                                  Date from, Date to, Instant now, View view,
                                                  const SeatLedger& taken);

}  // namespace sportello::engine
