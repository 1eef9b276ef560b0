#include "booking/seat_search.h"

#include <algorithm>

namespace sportello::booking {

engine::Result<std::vector<engine::SlotAvailability>> FreeSeatsAhead(storage::Store& store,
                                                                     const engine::DeskCalendar& desk,
                                                                     std::string_view type, engine::View view,
                                                                     engine::Instant now) {
  std::vector<engine::SlotAvailability> free;
  const engine::TypeCalendar* calendar = desk.FindType(type);
  if (calendar == nullptr) return free;
  const date::sys_days today{engine::LocalDate(now, *desk.zone)};
  const date::sys_days last = today + date::days{calendar->horizon_days};
  for (date::sys_days first = today; first <= last; first += date::days{engine::kMaxRangeDays}) {
    const date::sys_days until = std::min(last, first + date::days{engine::kMaxRangeDays - 1});
    auto seats = store.Seats(desk.desk, type, engine::StartOfLocalDay(engine::Date{first}, *desk.zone),
                             engine::StartOfLocalDay(engine::Date{until + date::days{1}}, *desk.zone));
    if (!seats) return seats.error();
    auto days = engine::Availability(desk, type, engine::Date{first}, engine::Date{until}, now, view, *seats);
    if (!days) return days.error();
    for (const engine::DayAvailability& day : *days) {
      for (const engine::SlotAvailability& slot : day.slots) {
        if (slot.free > 0 && engine::InBookingWindow(desk, *calendar, slot.slot, now, engine::View::applicant)) {
          free.push_back(slot);
        }
      }
    }
  }
  return free;
}

}  // namespace sportello::booking
