#include "engine/availability_json.h"

#include <boost/json.hpp>

namespace sportello::engine {

namespace json = boost::json;

json::object AvailabilityToJson(const DeskCalendar& calendar, std::string_view type_id,
                                const std::vector<DayAvailability>& days) {
  json::array days_json;
  days_json.reserve(days.size());
  for (const DayAvailability& day : days) {
    json::array slots;
    slots.reserve(day.slots.size());
    for (const SlotAvailability& entry : day.slots) {
      slots.push_back(json::object{{"start", FormatInstant(entry.slot.start, *calendar.zone)},
                                   {"end", FormatInstant(entry.slot.end, *calendar.zone)},
                                   {"free", entry.free}});
    }
    days_json.push_back(json::object{{"date", FormatDate(day.date)}, {"slots", std::move(slots)}});
  }
  return json::object{{"desk", calendar.desk},
                      {"type", type_id},
                      {"timezone", calendar.timezone},
                      {"days", std::move(days_json)}};
}

}  // namespace sportello::engine
