#include "engine/booking_rules.h"

#include "engine/availability.h"
#include "engine/release.h"

namespace sportello::engine {

Result<void> CheckSelfBookingOpen(const DeskCalendar& desk) {
  if (!desk.flags.self_booking) return Error::self_booking_disabled;
  return {};
}

Result<Slot> FindSlot(const DeskCalendar& calendar, std::string_view type_id, Instant start) {
  const TypeCalendar* type = calendar.FindType(type_id);
  if (type == nullptr) return Error::not_found;
  const Date day = LocalDate(start, *calendar.zone);
  for (const Slot& slot : GenerateSlots(calendar, *type, day, day)) {
    if (slot.start == start) return slot;
  }
  return Error::not_a_slot;
}

Result<void> CheckSeat(const DeskCalendar& calendar, const TypeCalendar& type, const Slot& slot, Instant now,
                       View view, SeatUse use) {
  const Date day{date::floor<date::days>(slot.local_start)};
  if (view == View::applicant && InDrawWindow(type, day, now, *calendar.zone)) return Error::draw_in_progress;
  if (!InBookingWindow(calendar, type, slot, now, view)) return Error::outside_booking_window;
  if (FreeSeats(slot, use, view) <= 0) return Error::slot_full;
  return {};
}

Result<void> CheckChangeAllowed(const TypeCalendar& type, Instant start, Instant now) {
  if (now + std::chrono::hours{type.cancel_notice_hours} > start) return Error::too_late_to_change;
  return {};
}

}  // namespace sportello::engine
