#include "engine/holidays.h"

#include <algorithm>

namespace sportello::engine {

using namespace date::literals;

Date EasterSunday(date::year year) {
  // Anonymous Gregorian algorithm (Meeus/Jones/Butcher).
  const int y = static_cast<int>(year);
  const int a = y % 19;
  const int b = y / 100;
  const int c = y % 100;
  const int d = b / 4;
  const int e = b % 4;
  const int f = (b + 8) / 25;
  const int g = (b - f + 1) / 3;
  const int h = (19 * a + b - d - g + 15) % 30;
  const int i = c / 4;
  const int k = c % 4;
  const int l = (32 + 2 * e + 2 * i - h - k) % 7;
  const int m = (a + 11 * h + 22 * l) / 451;
  const int month = (h + l - 7 * m + 114) / 31;
  const int day = (h + l - 7 * m + 114) % 31 + 1;
  return Date{year, date::month{static_cast<unsigned>(month)}, date::day{static_cast<unsigned>(day)}};
}

std::optional<std::string_view> NationalHoliday(Date day) {
  struct Fixed {
    date::month_day day;
    std::string_view name;
  };
  static constexpr Fixed kFixed[] = {
      {date::January / 1, "Capodanno"},
      {date::January / 6, "Epifania"},
      {date::April / 25, "Festa della Liberazione"},
      {date::May / 1, "Festa del Lavoro"},
      {date::June / 2, "Festa della Repubblica"},
      {date::August / 15, "Ferragosto"},
      {date::November / 1, "Ognissanti"},
      {date::December / 8, "Immacolata Concezione"},
      {date::December / 25, "Natale"},
      {date::December / 26, "Santo Stefano"},
  };
  const date::month_day month_day{day.month(), day.day()};
  for (const Fixed& fixed : kFixed) {
    if (fixed.day == month_day) return fixed.name;
  }
  // San Francesco d'Assisi, national holiday again from 2026 (Law 151/2025).
  if (month_day == date::October / 4 && day.year() >= 2026_y) return "San Francesco d'Assisi";
  const date::sys_days easter{EasterSunday(day.year())};
  if (date::sys_days{day} == easter) return "Pasqua";
  if (date::sys_days{day} == easter + date::days{1}) return "Lunedì dell'Angelo";
  return std::nullopt;
}

bool IsClosed(const DeskCalendar& calendar, Date day) {
  if (NationalHoliday(day)) return true;
  if (calendar.patron && *calendar.patron == date::month_day{day.month(), day.day()}) return true;
  return std::binary_search(calendar.closures.begin(), calendar.closures.end(), day);
}

}  // namespace sportello::engine
