#include "engine/slots.h"

#include "engine/holidays.h"

#include <algorithm>

namespace sportello::engine {

namespace {

// Appends the slots of one opening [from, to) on `day`.
void AddOpening(const DeskCalendar& calendar, const TypeCalendar& type, date::local_days day,
                std::chrono::minutes from, std::chrono::minutes to, int capacity, int staff_capacity,
                std::vector<Slot>& slots) {
  const std::chrono::minutes length{type.slot_minutes};
  for (std::chrono::minutes start = from; start + length <= to; start += length) {
    const date::local_seconds local_start{day + start};
    const std::optional<Instant> instant = ToInstant(local_start, *calendar.zone);
    if (!instant) continue;  // this wall time does not exist today (spring forward)
    slots.push_back(Slot{*instant, *instant + length, local_start, capacity, staff_capacity});
  }
}

// Drops the slots from `first_of_day` on that overlap a part of `date` the desk closed.
void RemoveClosedHours(const DeskCalendar& calendar, Date date, date::local_days local_day, std::size_t first_of_day,
                       std::vector<Slot>& slots) {
  const auto day_begin = slots.begin() + static_cast<std::ptrdiff_t>(first_of_day);
  auto closed = [&](const Slot& slot) {
    const date::local_seconds slot_end = slot.local_start + (slot.end - slot.start);
    return std::any_of(calendar.closed_hours.begin(), calendar.closed_hours.end(), [&](const ClosedHours& part) {
      return part.date == date && slot.local_start < local_day + part.to && local_day + part.from < slot_end;
    });
  };
  slots.erase(std::remove_if(day_begin, slots.end(), closed), slots.end());
}

}  // namespace

std::vector<Slot> GenerateSlots(const DeskCalendar& calendar, const TypeCalendar& type, Date from, Date to) {
  std::vector<Slot> slots;
  for (date::sys_days day = date::sys_days{from}; day <= date::sys_days{to}; day += date::days{1}) {
    const Date date{day};
    const date::local_days local_day{day.time_since_epoch()};
    const std::size_t first_of_day = slots.size();
    if (!IsClosed(calendar, date)) {
      const date::weekday weekday{day};
      for (const WeeklyRule& rule : type.weekly) {
        if (rule.OpenOn(weekday)) {
          AddOpening(calendar, type, local_day, rule.from, rule.to, rule.capacity, rule.staff_capacity, slots);
        }
      }
    }
    for (const ExtraOpening& extra : type.extra) {
      if (extra.date == date) {
        AddOpening(calendar, type, local_day, extra.from, extra.to, extra.capacity, extra.staff_capacity, slots);
      }
    }
    RemoveClosedHours(calendar, date, local_day, first_of_day, slots);
    std::sort(slots.begin() + static_cast<std::ptrdiff_t>(first_of_day), slots.end(),
              [](const Slot& a, const Slot& b) { return a.local_start < b.local_start; });
  }
  return slots;
}

}  // namespace sportello::engine
