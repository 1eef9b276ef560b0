// Fair release of SPEC.md: a type's releases (public, with the seed's hash and, once drawn, the
// seed), draw requests (with the applicant's proof, limited like a booking), a request's result
// (with its token: else 404, as for an unknown id), the published order of a drawn release, and
// every release with its requests as staff see them. The rules are booking/draw.h's.
#include "booking/draw.h"
#include "engine/draw.h"
#include "engine/json_reader.h"
#include "engine/language.h"
#include "http/resources.h"
#include "http/routes.h"

#include <boost/json.hpp>

#include <algorithm>
#include <variant>

namespace sportello::http::routes {

namespace beast_http = boost::beast::http;
namespace json = boost::json;
using engine::Error;

namespace {

json::object ReleaseJson(const booking::ReleaseView& view, const date::time_zone& zone) {
  json::object object{{"id", view.id},
                      {"opens_at", engine::FormatInstant(view.release.opens_at, zone)},
                      {"draw_closes_at", engine::FormatInstant(view.release.draw_closes_at, zone)},
                      {"months", json::array{json::string(engine::FormatMonth(view.release.month))}},
                      {"seed_hash", view.seed_hash.empty() ? json::value(nullptr) : json::value(view.seed_hash)},
                      {"state", view.state}};
  if (!view.seed.empty()) object["seed"] = view.seed;
  return object;
}

json::object DrawRequestJson(const storage::DrawRequestRecord& request) {
  json::array preferences;
  for (const std::string& preference : request.preferences) preferences.emplace_back(preference);
  json::object object{{"id", request.id},
                      {"release", engine::ReleaseId(request.type, request.month)},
                      {"type", request.type},
                      {"preferences", std::move(preferences)},
                      {"state", storage::DrawRequestStateName(request.state)}};
  if (request.order) object["order"] = *request.order;
  return object;
}

// The type asked for in the query, if the desk offers it.
std::variant<std::shared_ptr<const engine::DeskCalendar>, Response> DeskWithType(Call& call, std::string_view type) {
  auto desk = call.services().store.SharedDesk(call.Param("desk"));
  if (!desk) return call.Fail(desk.error());
  if ((*desk)->FindType(type) == nullptr) {
    return call.Fail(engine::Problem(Error::invalid_request, "type", "must be a type this desk offers"));
  }
  return *desk;
}

// The draw request in the body, or the answer refusing it.
std::variant<booking::DrawRequestInput, Response> ReadDrawRequest(Call& call) {
  std::vector<engine::FieldError> errors;
  std::optional<json::value> document = call.JsonBody(errors);
  if (!document) return call.Fail(errors);
  engine::json_reader::ObjectView body(*document, "", errors);
  booking::DrawRequestInput input;
  input.desk = call.Param("desk");
  input.release_id = call.Param("id");
  input.type = body.BoundedString("type", true, 64).value_or("");
  input.application_id = body.BoundedString("application_id", true, 64).value_or("");
  input.tax_code = body.BoundedString("tax_code", true, 32).value_or("");
  const auto lang = body.BoundedString("lang", false, 8);
  if (const json::value* preferences = body.Member("preferences", true)) {
    const json::array* list = preferences->if_array();
    if (list == nullptr) errors.push_back({"preferences", "must be a list of days, half-days or \"any\""});
    for (std::size_t i = 0; list != nullptr && i < list->size() && i <= engine::kMaxDrawPreferences; ++i) {
      const json::string* text = (*list)[i].if_string();
      if (text == nullptr || text->size() > 16) {
        errors.push_back({"preferences[" + std::to_string(i) + "]", "must be YYYY-MM-DD, YYYY-MM-DDTam, "
                                                                    "YYYY-MM-DDTpm or any"});
        continue;
      }
      input.preferences.emplace_back(*text);
    }
  }
  body.Finish();
  if (lang && !engine::ParseLanguage(*lang)) errors.push_back({"lang", "must be it, en, fr or es"});
  if (!errors.empty()) return call.Fail(errors);
  input.lang = std::string(engine::LanguageCode(lang ? *engine::ParseLanguage(*lang) : call.language()));
  input.now = call.now();
  return input;
}

}  // namespace

Response ListReleases(Call& call) {
  const std::string type = call.Query("type").value_or("");
  auto read = DeskWithType(call, type);
  if (auto* refused = std::get_if<Response>(&read)) return std::move(*refused);
  const auto& desk = std::get<std::shared_ptr<const engine::DeskCalendar>>(read);
  auto releases = booking::ReleasesFor(call.services().store, desk->desk, type, call.now());
  if (!releases) return call.Fail(releases.error());
  json::array list;
  for (const booking::ReleaseView& view : *releases) list.push_back(ReleaseJson(view, *desk->zone));
  return call.Json(beast_http::status::ok, json::object{{"desk", desk->desk}, {"type", type}, {"releases", list}});
}

Response RequestDraw(Call& call) {
  auto read = ReadDrawRequest(call);
  if (auto* refused = std::get_if<Response>(&read)) return std::move(*refused);
  const booking::DrawRequestInput& input = std::get<booking::DrawRequestInput>(read);
  if (auto blocked = CheckVerificationAllowed(call, input.application_id)) return std::move(*blocked);
  auto submitted = booking::RequestDraw(call.services().store, input);
  if (!submitted) {
    if (submitted.error() == Error::application_not_verified) ChargeFailedVerification(call, input.application_id);
    return call.Fail(submitted.error());
  }
  json::object answer = DrawRequestJson(submitted->request);
  answer["token"] = submitted->token;
  return call.Json(beast_http::status::created, std::move(answer));
}

Response GetDrawRequest(Call& call) {
  auto found = booking::FindDrawRequest(call.services().store, call.Param("id"), call.Token("X-Draw-Token"));
  if (!found) return call.Fail(found.error());
  json::object answer = DrawRequestJson(found->request);
  if (found->booking) {
    auto desk = call.services().store.SharedDesk(found->booking->desk);
    if (!desk) return call.Fail(desk.error());
    answer["booking"] = BookingJson(*found->booking, **desk);
  }
  return call.Json(beast_http::status::ok, std::move(answer));
}

Response GetDrawOrder(Call& call) {
  const std::optional<engine::ReleaseKey> key = engine::ParseReleaseId(call.Param("id"));
  if (!key) return call.Fail(Error::not_found);
  auto desk = call.services().store.SharedDesk(call.Param("desk"));
  if (!desk) return call.Fail(desk.error());
  auto releases = call.services().store.ReleasesOf((*desk)->desk, key->type);
  if (!releases) return call.Fail(releases.error());
  const auto release = std::find_if(releases->begin(), releases->end(),
                                    [&](const storage::ReleaseRecord& stored) { return stored.month == key->month; });
  if (release == releases->end()) return call.Fail(Error::not_found);
  if (!release->drawn_at) return call.Fail(Error::draw_in_progress);
  auto requests = call.services().store.DrawRequestsOf((*desk)->desk, key->type, key->month);
  if (!requests) return call.Fail(requests.error());
  std::sort(requests->begin(), requests->end(), [](const auto& a, const auto& b) { return a.order < b.order; });
  json::array order;
  for (const storage::DrawRequestRecord& request : *requests) order.emplace_back(request.id);
  return call.Json(beast_http::status::ok, json::object{{"id", call.Param("id")},
                                                        {"seed", release->seed},
                                                        {"seed_hash", release->seed_hash},
                                                        {"order", std::move(order)}});
}

Response StaffReleases(Call& call) {
  const std::string type = call.Query("type").value_or("");
  auto read = DeskWithType(call, type);
  if (auto* refused = std::get_if<Response>(&read)) return std::move(*refused);
  const auto& desk = std::get<std::shared_ptr<const engine::DeskCalendar>>(read);
  storage::Store& store = call.services().store;
  auto releases = booking::ReleasesFor(store, desk->desk, type, call.now());
  if (!releases) return call.Fail(releases.error());
  json::array list;
  for (const booking::ReleaseView& view : *releases) {
    json::object release = ReleaseJson(view, *desk->zone);
    auto requests = store.DrawRequestsOf(desk->desk, type, view.release.month);
    if (!requests) return call.Fail(requests.error());
    std::sort(requests->begin(), requests->end(), [](const auto& a, const auto& b) {
      return std::pair(a.order.value_or(0), a.id) < std::pair(b.order.value_or(0), b.id);
    });
    json::array rows;
    for (const storage::DrawRequestRecord& request : *requests) {
      json::object row = DrawRequestJson(request);
      row["application_id"] = request.application_id;
      row["created_at"] = engine::FormatInstant(request.created_at, *desk->zone);
      if (!request.booking_code.empty()) row["booking_code"] = request.booking_code;
      rows.push_back(std::move(row));
    }
    release["requests"] = std::move(rows);
    list.push_back(std::move(release));
  }
  return call.Json(beast_http::status::ok, json::object{{"desk", desk->desk}, {"type", type}, {"releases", list}});
}

}  // namespace sportello::http::routes
