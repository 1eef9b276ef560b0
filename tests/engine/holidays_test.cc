#include "engine/holidays.h"

#include "calendar_fixture.h"

#include <catch2/catch.hpp>

using namespace sportello::engine;
using sportello::engine::testing::Day;

TEST_CASE("Easter Sunday and Easter Monday 2026-2030 by computus", "[holidays]") {
  const std::pair<int, const char*> easter[] = {
      {2026, "2026-04-05"}, {2027, "2027-03-28"}, {2028, "2028-04-16"}, {2029, "2029-04-01"}, {2030, "2030-04-21"}};
  const char* monday[] = {"2026-04-06", "2027-03-29", "2028-04-17", "2029-04-02", "2030-04-22"};
  for (std::size_t i = 0; i < std::size(easter); ++i) {
    CAPTURE(easter[i].first);
    CHECK(FormatDate(EasterSunday(date::year{easter[i].first})) == easter[i].second);
    CHECK(NationalHoliday(Day(easter[i].second)) == std::optional<std::string_view>("Pasqua"));
    CHECK(NationalHoliday(Day(monday[i])) == std::optional<std::string_view>("Lunedì dell'Angelo"));
  }
  // Known far dates: 1818 and 2285 are the extremes of the Gregorian cycle.
  CHECK(FormatDate(EasterSunday(date::year{1818})) == "1818-03-22");
  CHECK(FormatDate(EasterSunday(date::year{2285})) == "2285-03-22");
  CHECK(FormatDate(EasterSunday(date::year{2038})) == "2038-04-25");
}

TEST_CASE("every fixed national holiday 2026-2030", "[holidays]") {
  const char* fixed[] = {"01-01", "01-06", "04-25", "05-01", "06-02", "08-15", "10-04", "11-01", "12-08", "12-25", "12-26"};
  for (int year = 2026; year <= 2030; ++year) {
    for (const char* month_day : fixed) {
      const std::string text = std::to_string(year) + "-" + month_day;
      CAPTURE(text);
      CHECK(NationalHoliday(Day(text.c_str())).has_value());
    }
  }
  CHECK(NationalHoliday(Day("2027-10-04")) == std::optional<std::string_view>("San Francesco d'Assisi"));
}

TEST_CASE("Saint Francis counts only from 2026, ordinary days are not holidays", "[holidays]") {
  CHECK_FALSE(NationalHoliday(Day("2025-10-04")).has_value());
  CHECK(NationalHoliday(Day("2026-10-04")).has_value());
  CHECK_FALSE(NationalHoliday(Day("2026-12-01")).has_value());
  CHECK_FALSE(NationalHoliday(Day("2026-04-07")).has_value());  // the day after Easter Monday
  CHECK_FALSE(NationalHoliday(Day("2026-12-27")).has_value());
}

TEST_CASE("a desk is closed on holidays, its patron day and its closures", "[holidays]") {
  const DeskCalendar roma = sportello::engine::testing::MustParse(sportello::engine::testing::kSpecCalendar);
  CHECK(IsClosed(roma, Day("2027-06-29")));   // San Pietro e Paolo, Roma's patron
  CHECK(IsClosed(roma, Day("2026-12-24")));   // listed closure
  CHECK(IsClosed(roma, Day("2026-12-08")));   // national holiday
  CHECK(IsClosed(roma, Day("2028-04-17")));   // Easter Monday
  CHECK_FALSE(IsClosed(roma, Day("2026-12-23")));
  CHECK_FALSE(IsClosed(roma, Day("2027-12-07")));  // Milano's patron, not Roma's
}
