// Staff endpoints of SPEC.md: sign-in, the day sheet, convocations, attendance; and the walk-in
// look-ups by booking code or application number (additions, see docs/decisions.md). Every one
// checks the bearer token and the role/desk rules (staff_auth.h) before anything else.
#include "booking/booking.h"
#include "engine/json_reader.h"
#include "http/booking_request.h"
#include "http/resources.h"
#include "http/routes.h"
#include "http/staff_auth.h"

#include <boost/json.hpp>

namespace sportello::http::routes {

namespace beast_http = boost::beast::http;
namespace json = boost::json;
using engine::Error;
using engine::json_reader::ObjectView;
using storage::Role;

namespace {

// The booking of the path's `{code}` (read as typed) when `user` may see its desk; else the
// problem answer (404 not_found, 403 forbidden).
std::optional<Response> FindPermittedBooking(Call& call, const storage::User& user,
                                             std::optional<storage::BookingRecord>& out) {
  auto booking = call.services().store.FindBooking(call.Param("code"));
  if (!booking) return call.Fail(booking.error());
  if (auto permitted = Permit(user, Role::operator_, booking->desk); !permitted) return call.Fail(permitted.error());
  out = std::move(*booking);
  return std::nullopt;
}

}  // namespace

Response StaffLogin(Call& call) {
  std::vector<engine::FieldError> errors;
  std::optional<json::value> document = call.JsonBody(errors);
  if (!document) return call.Fail(errors);
  ObjectView body(*document, "", errors);
  const auto username = body.BoundedString("username", true, 64);
  const auto password = body.BoundedString("password", true, 1024);
  body.Finish();
  if (!errors.empty()) return call.Fail(errors);
  auto session = call.services().store.Login(*username, *password, call.now());
  if (!session) return call.Fail(session.error());
  return call.Json(beast_http::status::ok,
                   json::object{{"token", session->token},
                                {"expires_at", engine::FormatInstant(session->expires_at, StaffTimeZone())},
                                {"user", UserJson(session->user)}});
}

Response StaffLogout(Call& call) {
  storage::User user;
  if (auto refused = RequireStaff(call, Role::operator_, "", user)) return *refused;
  const std::string_view header = call.request()[beast_http::field::authorization];
  if (auto done = call.services().store.Logout(header.substr(header.find(' ') + 1)); !done) return call.Fail(done.error());
  Response response{beast_http::status::no_content, call.request().version()};
  response.keep_alive(call.request().keep_alive());
  response.prepare_payload();
  return response;
}

Response StaffMe(Call& call) {
  storage::User user;
  if (auto refused = RequireStaff(call, Role::operator_, "", user)) return *refused;
  return call.Json(beast_http::status::ok, UserJson(user));
}

Response DaySheet(Call& call) {
  storage::User user;
  if (auto refused = RequireStaff(call, Role::operator_, call.Param("desk"), user)) return *refused;
  const auto day = engine::ParseDate(call.Query("date").value_or(""));
  if (!day) return call.Fail(Error::invalid_request, "date: must be a date YYYY-MM-DD");
  auto desk = call.services().store.FindDesk(call.Param("desk"));
  if (!desk) return call.Fail(desk.error());
  auto bookings = call.services().store.BookingsOn(desk->desk, *day);
  if (!bookings) return call.Fail(bookings.error());
  json::array list;
  for (const storage::BookingRecord& booking : *bookings) list.push_back(StaffBookingJson(booking, *desk->zone));
  return call.Json(beast_http::status::ok,
                   json::object{{"desk", desk->desk}, {"date", engine::FormatDate(*day)}, {"bookings", std::move(list)}});
}

Response StaffAvailability(Call& call) {
  storage::User user;
  if (auto refused = RequireStaff(call, Role::operator_, call.Param("desk"), user)) return *refused;
  return AnswerAvailability(call, engine::View::staff);
}

Response Convene(Call& call) {
  storage::User user;
  if (auto refused = RequireStaff(call, Role::operator_, call.Param("desk"), user)) return *refused;
  booking::BookRequest request;
  request.desk = call.Param("desk");
  request.actor = storage::Actor::Staff(user.username);
  if (auto refused = ReadBookRequest(call, /*applicant=*/false, request)) return *refused;
  auto outcome = booking::Book(call.services().store, request);
  if (!outcome) return call.Fail(outcome.error());
  return BookingCreated(call, *outcome);
}

Response RecordAttendance(Call& call) {
  storage::User user;
  if (auto refused = RequireStaff(call, Role::operator_, "", user)) return *refused;
  storage::Store& store = call.services().store;
  std::optional<storage::BookingRecord> booking;
  if (auto refused = FindPermittedBooking(call, user, booking)) return *refused;
  std::vector<engine::FieldError> errors;
  std::optional<json::value> document = call.JsonBody(errors);
  if (!document) return call.Fail(errors);
  ObjectView body(*document, "", errors);
  const auto status_name = body.String("status", true);
  body.Finish();
  const auto status = status_name ? storage::ParseStatus(*status_name) : std::nullopt;
  if (status_name && status != storage::BookingStatus::attended && status != storage::BookingStatus::no_show) {
    errors.push_back({"status", "must be attended or no_show"});
  }
  if (!errors.empty()) return call.Fail(errors);
  auto marked = booking::SetAttendance(store, booking->code, *status, storage::Actor::Staff(user.username), call.now());
  if (!marked) return call.Fail(marked.error());
  auto desk = store.FindDesk(marked->desk);
  if (!desk) return call.Fail(desk.error());
  return call.Json(beast_http::status::ok, StaffBookingJson(*marked, *desk->zone));
}

Response StaffFindBooking(Call& call) {
  storage::User user;
  if (auto refused = RequireStaff(call, Role::operator_, "", user)) return *refused;
  std::optional<storage::BookingRecord> booking;
  if (auto refused = FindPermittedBooking(call, user, booking)) return *refused;
  auto desk = call.services().store.FindDesk(booking->desk);
  if (!desk) return call.Fail(desk.error());
  return call.Json(beast_http::status::ok, StaffBookingJson(*booking, *desk->zone));
}

Response StaffFindApplication(Call& call) {
  storage::User user;
  if (auto refused = RequireStaff(call, Role::operator_, "", user)) return *refused;
  storage::Store& store = call.services().store;
  auto application = store.FindApplication(call.Param("id"));
  if (!application) return call.Fail(application.error());
  if (auto permitted = Permit(user, Role::operator_, application->desk); !permitted) return call.Fail(permitted.error());
  auto desk = store.FindDesk(application->desk);
  auto bookings = store.BookingsOfApplication(application->id);
  if (!desk) return call.Fail(desk.error());
  if (!bookings) return call.Fail(bookings.error());
  return call.Json(beast_http::status::ok, StaffApplicationJson(*application, *bookings, call.services().catalogue,
                                                                call.language(), *desk->zone));
}

}  // namespace sportello::http::routes
