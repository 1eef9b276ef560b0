// Days a desk is closed: Italian national holidays (SPEC.md, "Holidays"), the desk's patron day
// and the closures of its calendar. Thread-safe: pure functions.
#pragma once

#include "engine/calendar.h"
#include "engine/time.h"

#include <optional>
#include <string_view>

namespace sportello::engine {

// Easter Sunday of `year` in the Gregorian calendar (anonymous Gregorian computus).
Date EasterSunday(date::year year);

// The Italian name of the national holiday on `day` ("Natale", "Lunedì dell'Angelo", …), or
// nullopt if `day` is not one. Saint Francis (4 October) counts from 2026 on.
std::optional<std::string_view> NationalHoliday(Date day);

// True when weekly opening rules do not apply on `day` at this desk: a national holiday, the
// patron day or a listed closure. Extra openings still apply.
bool IsClosed(const DeskCalendar& calendar, Date day);

}  // namespace sportello::engine
