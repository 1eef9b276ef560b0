// A desk's calendar for its managers: read it, replace it (SPEC.md), and preview the slots a
// calendar not yet saved would generate (an addition, see docs/decisions.md).
#include "booking/desks.h"
#include "booking/stranded.h"
#include "engine/availability.h"
#include "engine/slots.h"
#include "http/date_range.h"
#include "http/resources.h"
#include "http/routes.h"

#include <boost/json.hpp>
#include <fmt/core.h>

namespace sportello::http::routes {

namespace beast_http = boost::beast::http;
namespace json = boost::json;
using engine::Error;
using storage::Role;

namespace {

// The request body as a calendar of `desk`; on failure the 400 answer naming every error.
std::optional<Response> ReadCalendarBody(Call& call, const std::string& desk, std::optional<engine::DeskCalendar>& out) {
  engine::Parsed<engine::DeskCalendar> parsed = engine::ParseCalendar(call.request().body(), &call.services().catalogue);
  if (parsed.ok() && parsed.value->desk != desk) parsed.errors.push_back({"desk", "must be the desk of the path, " + desk});
  if (parsed.errors.empty()) {
    out = std::move(parsed.value);
    return std::nullopt;
  }
  json::array all;
  for (const engine::FieldError& error : parsed.errors) all.push_back(json::object{{"path", error.path}, {"message", error.message}});
  return call.Fail(Error::invalid_request, parsed.errors.front().ToString(), json::object{{"errors", std::move(all)}});
}

json::array SlotDays(const engine::DeskCalendar& calendar, const engine::TypeCalendar& type, engine::Date from,
                     engine::Date to) {
  const std::vector<engine::Slot> slots = engine::GenerateSlots(calendar, type, from, to);
  json::array days;
  auto slot = slots.begin();
  for (date::sys_days day{from}; day <= date::sys_days{to}; day += date::days{1}) {
    json::array of_day;
    for (; slot != slots.end() && engine::Date{date::floor<date::days>(slot->local_start)} == engine::Date{day}; ++slot) {
      of_day.push_back(json::object{{"start", engine::FormatInstant(slot->start, *calendar.zone)},
                                    {"end", engine::FormatInstant(slot->end, *calendar.zone)},
                                    {"capacity", slot->capacity},
                                    {"staff_capacity", slot->staff_capacity}});
    }
    days.push_back(json::object{{"date", engine::FormatDate(engine::Date{day})}, {"slots", std::move(of_day)}});
  }
  return days;
}

}  // namespace

Response GetCalendar(Call& call) {
  auto desk = call.services().store.FindDesk(call.Param("desk"));
  if (!desk) return call.Fail(desk.error());
  return call.Json(beast_http::status::ok, json::parse(engine::SerializeCalendar(*desk)));
}

Response PutCalendar(Call& call) {
  storage::Store& store = call.services().store;
  auto current = store.FindDesk(call.Param("desk"));
  if (!current) return call.Fail(current.error());
  std::optional<booking::StrandedAction> action;
  if (const auto named = call.Query("stranded")) {
    action = booking::ParseStrandedAction(*named);
    if (!action) return call.Fail(engine::Problem(Error::invalid_request, "stranded", "must be keep, move or cancel"));
  } else if (call.Query("force") == "true") {
    action = booking::StrandedAction::keep;
  }
  std::optional<engine::DeskCalendar> calendar;
  if (auto refused = ReadCalendarBody(call, current->desk, calendar)) return *refused;
  const storage::Actor actor = storage::Actor::Staff(call.user().username);
  auto change = booking::ReplaceCalendar(store, *calendar, /*force=*/action.has_value(), /*apply_flags=*/false, actor,
                                         call.now());
  if (!change) return call.Fail(change.error());
  if (!change->applied) {
    json::array bookings;
    for (const storage::BookingRecord& booking : change->stranded) bookings.push_back(StaffBookingJson(booking, *current));
    return call.Fail(Error::already_booked,
                     "booked appointments would no longer fall on a slot; repeat with ?stranded=keep, move or cancel",
                     json::object{{"bookings", std::move(bookings)}});
  }
  auto outcomes = booking::ResolveStranded(store, change->stranded, *action, actor, call.now());
  if (!outcomes) return call.Fail(outcomes.error());
  if (!outcomes->empty()) call.services().OutboxChanged();
  json::array stranded;
  for (const booking::StrandedOutcome& outcome : *outcomes) {
    json::object item = StaffBookingJson(outcome.booking, *current);
    item["outcome"] = booking::OutcomeName(outcome.kind);
    if (outcome.previous_start) item["previous_start"] = engine::FormatInstant(*outcome.previous_start, *current->zone);
    stranded.push_back(std::move(item));
  }
  auto stored = store.FindDesk(current->desk);
  if (!stored) return call.Fail(stored.error());
  return call.Json(beast_http::status::ok, json::object{{"calendar", json::parse(engine::SerializeCalendar(*stored))},
                                                        {"stranded", std::move(stranded)}});
}

Response PreviewCalendar(Call& call) {
  DateRange range;
  if (auto refused = ReadDateRange(call, range)) return *refused;
  auto current = call.services().store.FindDesk(call.Param("desk"));
  if (!current) return call.Fail(current.error());
  std::optional<engine::DeskCalendar> calendar;
  if (auto refused = ReadCalendarBody(call, current->desk, calendar)) return *refused;
  json::array types;
  for (const auto& [id, type] : calendar->types) {
    types.push_back(json::object{{"type", id}, {"days", SlotDays(*calendar, type, range.from, range.to)}});
  }
  return call.Json(beast_http::status::ok, json::object{{"desk", calendar->desk},
                                                        {"timezone", calendar->timezone},
                                                        {"from", engine::FormatDate(range.from)},
                                                        {"to", engine::FormatDate(range.to)},
                                                        {"types", std::move(types)}});
}

}  // namespace sportello::http::routes
