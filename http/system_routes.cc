// The national system's routes (SPEC.md, "Integration"): reading and rendering only; the rules
// are booking/system_api.h's. Every route runs with an API key (access.h, kSystem).
#include "booking/system_api.h"
#include "engine/json_reader.h"
#include "http/resources.h"
#include "http/routes.h"

#include <boost/json.hpp>
#include <fmt/core.h>

#include <charconv>

namespace sportello::http::routes {

namespace beast_http = boost::beast::http;
namespace json = boost::json;
using engine::Error;
using engine::json_reader::ObjectView;

namespace {

// One record of the batch at `path`: its fields as the CSV columns name them, `types` a list.
booking::SystemRecord ReadRecord(const json::value& value, const std::string& path) {
  booking::SystemRecord record;
  std::vector<engine::FieldError>& errors = record.unreadable;
  ObjectView object(value, path, errors);
  if (!object.valid()) return record;
  engine::Application& application = record.application;
  application.id = object.String("application_id", true).value_or("");
  application.desk = object.String("desk", true).value_or("");
  application.tax_code = object.String("tax_code", true).value_or("");
  application.email = object.String("email", false).value_or("");
  application.phone = object.String("phone", false).value_or("");
  application.status = object.String("status", false).value_or("");
  if (const json::array* types = object.Array("types", true)) {
    for (const json::value& type : *types) {
      if (!type.is_string()) {
        errors.push_back({"types", "must be a list of type ids"});
        break;
      }
      record.types.emplace_back(type.get_string());
    }
  }
  object.Finish();
  // The record's own problems are named by field alone: the answer gives the index beside them.
  for (engine::FieldError& error : errors) {
    if (error.path.starts_with(path + ".")) error.path.erase(0, path.size() + 1);
  }
  return record;
}

// {"code","desk","type","application_id","start","end","status"}, at Italy's offset.
json::object SystemBookingJson(std::string_view code, std::string_view desk, std::string_view type,
                               std::string_view application_id, engine::Instant start, engine::Instant end,
                               engine::BookingStatus status) {
  const date::time_zone& zone = StaffTimeZone();
  return json::object{{"code", code},
                      {"desk", desk},
                      {"type", type},
                      {"application_id", application_id},
                      {"start", engine::FormatInstant(start, zone)},
                      {"end", engine::FormatInstant(end, zone)},
                      {"status", storage::StatusName(status)}};
}

json::object EventJson(const engine::StatusEvent& event) {
  json::object text;
  for (const engine::Language language : engine::kLanguages) {
    text[engine::LanguageCode(language)] = event.text.In(language);
  }
  return json::object{{"application_id", event.application_id},
                      {"code", event.code},
                      {"text", std::move(text)},
                      {"at", engine::FormatInstant(event.at, StaffTimeZone())}};
}

// The optional "text" of an event: {"it","en","fr","es"}, every language required.
std::optional<engine::LocalizedText> ReadEventText(ObjectView& body) {
  std::optional<ObjectView> text = body.Object("text", false);
  if (!text) return std::nullopt;
  engine::LocalizedText localized;
  for (const engine::Language language : engine::kLanguages) {
    localized.In(language) = text->String(engine::LanguageCode(language), true).value_or("");
  }
  text->Finish();
  return localized;
}

}  // namespace

Response PutSystemApplications(Call& call) {
  std::vector<engine::FieldError> errors;
  std::optional<json::value> document = call.JsonBody(errors);
  if (!document) return call.Fail(errors);
  ObjectView body(*document, "", errors);
  const json::array* list = body.Array("applications", true);
  body.Finish();
  if (!errors.empty()) return call.Fail(errors);
  if (list->empty()) return call.Fail(Error::invalid_request, "applications: must list at least one application");
  if (list->size() > booking::kMaxSystemBatch) {
    return call.Fail(engine::Problem(Error::payload_too_large, "applications",
                                     fmt::format("at most {} applications", booking::kMaxSystemBatch)));
  }
  std::vector<booking::SystemRecord> records;
  records.reserve(list->size());
  for (std::size_t i = 0; i < list->size(); ++i) {
    records.push_back(ReadRecord((*list)[i], engine::json_reader::IndexPath("applications", i)));
  }
  auto desks = call.services().store.LoadDesks();
  if (!desks) return call.Fail(desks.error());
  auto outcome = booking::UpsertApplications(call.services().store, std::move(records), booking::DeskTypesOf(*desks),
                                             call.api_key(), call.now());
  if (!outcome) return call.Fail(outcome.error());
  json::array problems;
  for (const booking::RecordProblem& problem : outcome->errors) {
    problems.push_back(json::object{{"index", problem.index}, {"field", problem.field}, {"detail", problem.detail}});
  }
  const std::size_t imported = outcome->counts.inserted + outcome->counts.updated;
  return call.Json(beast_http::status::ok, json::object{{"imported", imported}, {"errors", std::move(problems)}});
}

Response PostSystemEvent(Call& call) {
  std::vector<engine::FieldError> errors;
  std::optional<json::value> document = call.JsonBody(errors);
  if (!document) return call.Fail(errors);
  ObjectView body(*document, "", errors);
  booking::EventRequest request;
  request.code = body.BoundedString("code", true, engine::kMaxEventCodeLength).value_or("");
  request.text = ReadEventText(body);
  if (std::optional<std::string> at = body.String("at", false)) {
    request.at = engine::ParseInstant(*at);
    if (!request.at) errors.push_back({"at", "must be an instant such as 2026-12-04T10:30:00+01:00"});
  }
  body.Finish();
  if (!errors.empty()) return call.Fail(errors);
  auto appended = booking::AppendStatusEvent(call.services().store, call.Param("id"), std::move(request),
                                             call.services().KnownStatusEvents(), call.api_key(), call.now());
  if (!appended) return call.Fail(appended.error());
  if (appended->created) call.services().OutboxChanged();  // its e-mail, when the catalogue asks for one
  return call.Json(appended->created ? beast_http::status::created : beast_http::status::ok,
                   EventJson(appended->event));
}

Response GetSystemBookings(Call& call) {
  auto bookings = booking::BookingsForSystem(call.services().store, call.Param("id"), call.api_key());
  if (!bookings) return call.Fail(bookings.error());
  json::array list;
  for (const storage::BookingRecord& booking : *bookings) {
    list.push_back(SystemBookingJson(booking.code, booking.desk, booking.type, booking.application_id, booking.start,
                                     booking.end, booking.status));
  }
  return call.Json(beast_http::status::ok, json::object{{"bookings", std::move(list)}});
}

Response GetBookingChanges(Call& call) {
  int limit = booking::kDefaultFeedLimit;
  if (const std::optional<std::string> text = call.Query("limit")) {
    const auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), limit);
    if (error != std::errc() || end != text->data() + text->size()) limit = 0;  // refused below, by the rule
  }
  auto page = booking::BookingChangesAfter(call.services().store, call.Query("after").value_or(""), limit,
                                           call.api_key());
  if (!page) return call.Fail(page.error());
  json::array changes;
  for (const storage::FeedChange& change : page->changes) {
    changes.push_back(json::object{
        {"cursor", booking::FormatCursor(change.cursor)},
        {"change", change.change},
        {"at", engine::FormatInstant(change.at, StaffTimeZone())},
        {"booking", SystemBookingJson(change.code, change.desk, change.type, change.application_id, change.start,
                                      change.end, change.status)}});
  }
  return call.Json(beast_http::status::ok, json::object{{"changes", std::move(changes)}, {"next", page->next}});
}

}  // namespace sportello::http::routes
