// The booking policy of SPEC.md that does not depend on storage: is this instant a slot, may it
// be booked now, may a booking still be changed. Storage applies these inside its write
// transaction together with the seat count. Thread-safe: pure functions.
#pragma once

#include "engine/calendar.h"
#include "engine/error.h"
#include "engine/seats.h"
#include "engine/slots.h"

#include <string_view>

namespace sportello::engine {

// Applicants may use a desk online (see its availability, book, move a booking) only while its
// `self_booking` flag is on; staff are not bound by it. Error: self_booking_disabled.
Result<void> CheckSelfBookingOpen(const DeskCalendar& desk);

// The slot of `type_id` starting exactly at `start`.
// Errors: not_found when the desk does not offer the type; not_a_slot when no slot starts then.
Result<Slot> FindSlot(const DeskCalendar& calendar, std::string_view type_id, Instant start);

// Checks that `view` may take a seat in `slot` at `now` with `use` already taken.
// Errors: draw_in_progress (an applicant, while the month's draw window is open), then
// outside_booking_window, then slot_full.
Result<void> CheckSeat(const DeskCalendar& calendar, const TypeCalendar& type, const Slot& slot,
                       Instant now, View view, SeatUse use);

// Checks that an applicant may still cancel or move a booking starting at `start`: allowed up to
// `cancel_notice_hours` before it. Staff are not bound by this. Error: too_late_to_change.
Result<void> CheckChangeAllowed(const TypeCalendar& type, Instant start, Instant now);

}  // namespace sportello::engine
