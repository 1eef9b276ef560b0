#include "engine/availability_json.h"

#include <boost/json/serialize.hpp>
#include <boost/json/string.hpp>
#include <fmt/format.h>

#include <iterator>

namespace sportello::engine {
namespace {

// `text` as a JSON string literal, escaped.
void AppendString(std::string& out, std::string_view text) {
  out += boost::json::serialize(boost::json::string(text));
}

}  // namespace

std::string AvailabilityJson(const DeskCalendar& calendar, std::string_view type_id,
                             const std::vector<DayAvailability>& days) {
  std::string out;
  std::size_t slots = 0;
  for (const DayAvailability& day : days) slots += day.slots.size();
  out.reserve(128 + days.size() * 32 + slots * 80);
  out += R"({"desk":)";
  AppendString(out, calendar.desk);
  out += R"(,"type":)";
  AppendString(out, type_id);
  out += R"(,"timezone":)";
  AppendString(out, calendar.timezone);
  out += R"(,"days":[)";
  for (std::size_t d = 0; d < days.size(); ++d) {
    const DayAvailability& day = days[d];
    fmt::format_to(std::back_inserter(out), R"({}{{"date":"{}","slots":[)", d == 0 ? "" : ",", FormatDate(day.date));
    for (std::size_t s = 0; s < day.slots.size(); ++s) {
      const SlotAvailability& entry = day.slots[s];
      out += s == 0 ? R"({"start":")" : R"(,{"start":")";
      AppendInstant(out, entry.slot.start, *calendar.zone);
      out += R"(","end":")";
      AppendInstant(out, entry.slot.end, *calendar.zone);
      fmt::format_to(std::back_inserter(out), R"(","free":{}}})", entry.free);
    }
    out += "]}";
  }
  out += "]}";
  return out;
}

}  // namespace sportello::engine
