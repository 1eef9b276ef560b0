// Slot generation: the seats a desk's calendar offers for one appointment type, independent of
// bookings and of the clock.
//
// A slot is `[start, start + slot_minutes)`. Slots follow local wall time: a 09:00 opening is
// 09:00 on both sides of a DST change. A local start that does not exist (spring-forward gap)
// yields no slot; an ambiguous one (fall-back hour) uses its first occurrence. A slot that would
// end after the rule's `to` is not generated. Thread-safe: pure functions.
#pragma once

#include "engine/calendar.h"
#include "engine/time.h"

#include <vector>

namespace sportello::engine {

struct Slot {
  Instant start;
  Instant end;
  date::local_seconds local_start;
  int capacity = 0;        // online seats
  int staff_capacity = 0;  // extra staff-only seats

  int total_seats() const { return capacity + staff_capacity; }
  friend bool operator==(const Slot&, const Slot&) = default;
};

// Every slot of `type` on local dates `from`..`to` (both inclusive), in start order.
// `type` must belong to `calendar` (whose `zone` is set).
std::vector<Slot> GenerateSlots(const DeskCalendar& calendar, const TypeCalendar& type, Date from, Date to);

}  // namespace sportello::engine
