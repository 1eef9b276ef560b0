// The availability answer of SPEC.md as JSON text, shared by `GET …/availability` and
// `sportello calendar slots`:
//   {"desk","type","timezone","days":[{"date","slots":[{"start","end","free"}]}]}
// with instants in RFC 3339 at the desk's UTC offset. Written straight into one string (no
// intermediate JSON tree): an answer holds hundreds of slots and is the most frequent request.
// Thread-safe: pure function.
#pragma once

#include "engine/availability.h"

#include <string>
#include <string_view>
#include <vector>

namespace sportello::engine {

std::string AvailabilityJson(const DeskCalendar& calendar, std::string_view type_id,
                             const std::vector<DayAvailability>& days);

}  // namespace sportello::engine
