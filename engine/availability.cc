#include "engine/availability.h"

#include "engine/release.h"

#include <algorithm>

namespace sportello::engine {

namespace {

// The first instant applicants may no longer book: local midnight starting today + horizon_days.
Instant HorizonEnd(const DeskCalendar& calendar, const TypeCalendar& type, Instant now) {
  const Date last_day{date::sys_days{LocalDate(now, *calendar.zone)} + date::days{type.horizon_days}};
  return StartOfLocalDay(last_day, *calendar.zone);
}

}  // namespace

bool InBookingWindow(const DeskCalendar& calendar, const TypeCalendar& type, const Slot& slot, Instant now,
                     View view) {
  if (view == View::staff) return slot.start >= now;
  if (now + std::chrono::hours{type.min_notice_hours} > slot.start || slot.start >= HorizonEnd(calendar, type, now)) {
    return false;
  }
  const Date day{date::floor<date::days>(slot.local_start)};
  return Released(type, day, now, *calendar.zone) && !InDrawWindow(type, day, now, *calendar.zone);
}

Result<std::vector<DayAvailability>> Availability(const DeskCalendar& calendar, std::string_view type_id, Date from,
                                                  Date to, Instant now, View view, const SeatLedger& taken) {
  const TypeCalendar* type = calendar.FindType(type_id);
  if (type == nullptr) return Error::not_found;
  const auto span = date::sys_days{to} - date::sys_days{from};
  if (span < date::days{0} || span >= date::days{kMaxRangeDays}) return Error::invalid_request;

  // Only generate the dates that can hold a visible slot.
  Date first = std::max(from, LocalDate(now, *calendar.zone));
  Date last = to;
  if (view == View::applicant) {
    last = std::min(to, LocalDate(HorizonEnd(calendar, *type, now), *calendar.zone));
  }
  std::vector<DayAvailability> days;
  if (first > last) return days;
  for (const Slot& slot : GenerateSlots(calendar, *type, first, last)) {
    if (!InBookingWindow(calendar, *type, slot, now, view)) continue;
    const Date day{date::floor<date::days>(slot.local_start)};
    if (days.empty() || days.back().date != day) days.push_back(DayAvailability{day, {}});
    days.back().slots.push_back(SlotAvailability{slot, FreeSeats(slot, taken.Use(slot.start), view)});
  }
  return days;
}

}  // namespace sportello::engine
