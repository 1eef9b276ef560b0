// The availability answer of SPEC.md as JSON, shared by `GET …/availability` and
// `sportello calendar slots`:
//   {"desk","type","timezone","days":[{"date","slots":[{"start","end","free"}]}]}
// with instants in RFC 3339 at the desk's UTC offset. Thread-safe: pure function.
#pragma once

#include "engine/availability.h"

#include <boost/json/object.hpp>

#include <string_view>
#include <vector>

namespace sportello::engine {

boost::json::object AvailabilityToJson(const DeskCalendar& calendar, std::string_view type_id,
                                       const std::vector<DayAvailability>& days);

}  // namespace sportello::engine
