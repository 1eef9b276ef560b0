#include "engine/internal/calendar_rules.h"

#include "engine/holidays.h"

#include <fmt/core.h>

#include <algorithm>
#include <bit>

namespace sportello::engine {

namespace {

constexpr std::string_view kWeekdayNames[] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};

bool Overlap(std::chrono::minutes from_a, std::chrono::minutes to_a, std::chrono::minutes from_b,
             std::chrono::minutes to_b) {
  return from_a < to_b && from_b < to_a;
}

void CheckWeekly(const std::string& path, const TypeCalendar& type, std::vector<FieldError>& errors) {
  for (std::size_t j = 0; j < type.weekly.size(); ++j) {
    for (std::size_t i = 0; i < j; ++i) {
      const WeeklyRule& a = type.weekly[i];
      const WeeklyRule& b = type.weekly[j];
      const unsigned shared = a.weekdays & b.weekdays;
      if (shared == 0 || !Overlap(a.from, a.to, b.from, b.to)) continue;
      const unsigned first_day = static_cast<unsigned>(std::countr_zero(shared));
      errors.push_back({fmt::format("{}.weekly[{}]", path, j),
                        fmt::format("overlaps weekly[{}] on {}", i, kWeekdayNames[first_day])});
    }
  }
}

void CheckExtra(const DeskCalendar& calendar, const std::string& path, const TypeCalendar& type,
                std::vector<FieldError>& errors) {
  for (std::size_t j = 0; j < type.extra.size(); ++j) {
    const ExtraOpening& b = type.extra[j];
    const std::string here = fmt::format("{}.extra[{}]", path, j);
    if (std::binary_search(calendar.closures.begin(), calendar.closures.end(), b.date)) {
      errors.push_back({here, "falls on a date listed in closures"});
      continue;
    }
    for (std::size_t i = 0; i < j; ++i) {
      const ExtraOpening& a = type.extra[i];
      if (a.date == b.date && Overlap(a.from, a.to, b.from, b.to)) {
        errors.push_back({here, fmt::format("overlaps extra[{}]", i)});
      }
    }
    if (IsClosed(calendar, b.date)) continue;  // weekly hours do not apply that day
    const date::weekday day{date::sys_days{b.date}};
    for (std::size_t i = 0; i < type.weekly.size(); ++i) {
      const WeeklyRule& a = type.weekly[i];
      if (a.OpenOn(day) && Overlap(a.from, a.to, b.from, b.to)) {
        errors.push_back({here, fmt::format("overlaps the weekly hours of weekly[{}]", i)});
      }
    }
  }
}

}  // namespace

void CheckCalendarRules(const DeskCalendar& calendar, std::vector<FieldError>& errors) {
  for (const auto& [id, type] : calendar.types) {
    const std::string path = "types." + id;
    CheckWeekly(path, type, errors);
    CheckExtra(calendar, path, type, errors);
  }
}

}  // namespace sportello::engine
