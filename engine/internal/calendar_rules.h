// Cross-field rules of a calendar that each field alone cannot show (internal to engine/):
// opening hours of one type must not overlap on the same day, and an extra opening must not
// fall on a listed closure. Thread-safe: pure function.
#pragma once

#include "engine/calendar.h"
#include "engine/field_errors.h"

#include <vector>

namespace sportello::engine {

// Appends one FieldError per broken rule, with the path of the later of the two parts involved.
void CheckCalendarRules(const DeskCalendar& calendar, std::vector<FieldError>& errors);

}  // namespace sportello::engine
