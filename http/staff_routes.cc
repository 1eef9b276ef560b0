// Staff endpoints of SPEC.md: sign-in, the day sheet, convocations; and the walk-in look-ups by
// booking code or application number (additions, see docs/decisions.md). Attendance is in
// attendance_routes.cc. The router applies the bearer token and the role/desk rules (access.h) before any of them runs.
#include "booking/accounts.h"
#include "booking/application_data.h"
#include "booking/booking.h"
#include "engine/json_reader.h"
#include "http/booking_request.h"
#include "http/client_address.h"
#include "http/resources.h"
#include "http/routes.h"

#include <boost/json.hpp>

namespace sportello::http::routes {

namespace beast_http = boost::beast::http;
namespace json = boost::json;
using engine::Error;
using engine::json_reader::ObjectView;
using storage::Role;

Response StaffLogin(Call& call) {
  std::vector<engine::FieldError> errors;
  std::optional<json::value> document = call.JsonBody(errors);
  if (!document) return call.Fail(errors);
  ObjectView body(*document, "", errors);
  const auto username = body.BoundedString("username", true, 64);
  const auto password = body.BoundedString("password", true, 1024);
  body.Finish();
  if (!errors.empty()) return call.Fail(errors);
  const std::string who = LimitKey(call.context().client_address) + "|" + *username;
  if (auto refused = CheckRate(call, "login_user", who)) return std::move(*refused);
  std::optional<PasswordGate::Ticket> ticket;
  if (auto busy = EnterPasswordCheck(call, ticket)) return std::move(*busy);
  auto session = booking::Login(call.services().store, *username, *password, call.now());
  if (!session) return call.Fail(session.error());
  return call.Json(beast_http::status::ok,
                   json::object{{"token", session->token},
                                {"expires_at", engine::FormatInstant(session->expires_at, StaffTimeZone())},
                                {"user", UserJson(session->user)}});
}

Response StaffLogout(Call& call) {
  const std::string_view header = call.request()[beast_http::field::authorization];
  if (auto done = call.services().store.Logout(header.substr(header.find(' ') + 1)); !done) return call.Fail(done.error());
  return call.Empty(beast_http::status::no_content);
}

Response StaffMe(Call& call) {
  return call.Json(beast_http::status::ok, UserJson(call.user()));
}

Response DaySheet(Call& call) {
  const auto day = engine::ParseDate(call.Query("date").value_or(""));
  if (!day) return call.Fail(Error::invalid_request, "date: must be a date YYYY-MM-DD");
  auto desk = call.services().store.FindDesk(call.Param("desk"));
  if (!desk) return call.Fail(desk.error());
  auto bookings = call.services().store.BookingsOn(desk->desk, *day);
  if (!bookings) return call.Fail(bookings.error());
  json::array list;
  for (const storage::BookingRecord& booking : *bookings) list.push_back(StaffBookingJson(booking, *desk));
  return call.Json(beast_http::status::ok,
                   json::object{{"desk", desk->desk}, {"date", engine::FormatDate(*day)}, {"bookings", std::move(list)}});
}

Response StaffAvailability(Call& call) {
  return AnswerAvailability(call, engine::View::staff);
}

Response Convene(Call& call) {
  booking::BookRequest request;
  request.desk = call.Param("desk");
  request.actor = storage::Actor::Staff(call.user().username);
  if (auto refused = ReadBookRequest(call, /*applicant=*/false, request)) return *refused;
  auto outcome = booking::Book(call.services().store, request);
  if (!outcome) return call.Fail(outcome.error());
  return BookingCreated(call, *outcome);
}

namespace {

// A booking changed by staff for the applicant, as staff see it; the applicant is e-mailed.
Response ChangedForApplicant(Call& call, const engine::Result<storage::BookingRecord>& changed, bool message_queued) {
  if (!changed) return call.Fail(changed.error());
  if (message_queued) call.services().OutboxChanged();
  auto desk = call.services().store.FindDesk(changed->desk);
  if (!desk) return call.Fail(desk.error());
  return call.Json(beast_http::status::ok, StaffBookingJson(*changed, *desk));
}

}  // namespace

Response StaffCancelBooking(Call& call) {
  const storage::BookingRecord& booking = call.booking();
  auto cancelled = booking::Cancel(call.services().store, booking.code, storage::Actor::Staff(call.user().username),
                                   call.now());
  return ChangedForApplicant(call, cancelled, booking.status != storage::BookingStatus::cancelled);
}

Response StaffRescheduleBooking(Call& call) {
  std::optional<Response> refused;
  const std::optional<engine::Instant> start = ReadNewStart(call, refused);
  if (!start) return std::move(*refused);
  const storage::BookingRecord& booking = call.booking();
  auto moved = booking::Reschedule(call.services().store, booking.code, *start,
                                   storage::Actor::Staff(call.user().username), call.now());
  return ChangedForApplicant(call, moved, moved && moved->start != booking.start);
}

Response StaffResendLink(Call& call) {
  auto queued = booking::ResendLink(call.services().store, call.booking().code,
                                    storage::Actor::Staff(call.user().username), call.now());
  if (!queued) return call.Fail(queued.error());
  if (!*queued) return call.Empty(beast_http::status::no_content);
  call.services().OutboxChanged();
  return call.Empty(beast_http::status::accepted);
}

Response StaffFindBooking(Call& call) {
  const storage::BookingRecord& booking = call.booking();
  auto desk = call.services().store.FindDesk(booking.desk);
  if (!desk) return call.Fail(desk.error());
  return call.Json(beast_http::status::ok, StaffBookingJson(booking, *desk));
}

Response StaffFindApplication(Call& call) {
  storage::Store& store = call.services().store;
  const engine::Application& application = call.application();
  auto desk = store.FindDesk(application.desk);
  auto bookings = store.BookingsOfApplication(application.id);
  if (!desk) return call.Fail(desk.error());
  if (!bookings) return call.Fail(bookings.error());
  return call.Json(beast_http::status::ok, StaffApplicationJson(application, *bookings, call.services().catalogue,
                                                                call.language(), *desk));
}

namespace {

// `id` with every character outside A-Z a-z 0-9 . _ - as '_': safe in a file name.
std::string FileNamePart(std::string_view id) {
  std::string safe(id);
  for (char& c : safe) {
    const bool plain = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
                       c == '_' || c == '-';
    if (!plain) c = '_';
  }
  return safe;
}

}  // namespace

Response ExportApplication(Call& call) {
  storage::Store& store = call.services().store;
  const engine::Application& application = call.application();
  auto desk = store.FindDesk(application.desk);
  if (!desk) return call.Fail(desk.error());
  auto data = booking::CollectApplicationData(store, application);
  if (!data) return call.Fail(data.error());
  json::array types;
  for (const std::string& type : application.types) types.emplace_back(type);
  json::array bookings;
  for (const booking::BookingData& held : data->bookings) {
    json::object booking = StaffBookingJson(held.booking, *desk);
    json::array deliveries;
    for (const storage::Delivery& delivery : held.deliveries) deliveries.push_back(DeliveryJson(delivery, *desk->zone));
    booking["deliveries"] = std::move(deliveries);
    bookings.push_back(std::move(booking));
  }
  json::array audit;
  for (const storage::AuditEntry& entry : data->audit) audit.push_back(AuditEntryJson(entry));
  const json::object document{
      {"exported_at", engine::FormatInstant(call.now(), StaffTimeZone())},
      {"application",
       json::object{{"application_id", application.id},
                    {"desk", application.desk},
                    {"tax_code", application.tax_code},
                    {"email", application.email},
                    {"phone", application.phone},
                    {"types", std::move(types)},
                    {"status", application.status},
                    {"contacts_erased", application.tax_code.empty()}}},
      {"bookings", std::move(bookings)},
      {"audit", std::move(audit)},
  };
  Response response = call.Json(beast_http::status::ok, document);
  response.set(beast_http::field::content_disposition,
               "attachment; filename=\"application-" + FileNamePart(application.id) + ".json\"");
  return response;
}

}  // namespace sportello::http::routes
