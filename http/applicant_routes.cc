// Applicant endpoints of SPEC.md: desks, availability, booking, application look-up; and /healthz.
#include "booking/booking.h"
#include "engine/availability.h"
#include "engine/availability_json.h"
#include "engine/booking_rules.h"
#include "engine/json_reader.h"
#include "http/booking_request.h"
#include "http/date_range.h"
#include "http/resources.h"
#include "http/routes.h"

#include <boost/beast/http/field.hpp>
#include <boost/json.hpp>

#include <fmt/core.h>

namespace sportello::http::routes {

namespace beast_http = boost::beast::http;
namespace json = boost::json;
using engine::Error;
using engine::json_reader::ObjectView;

Response ListDesks(Call& call) {
  auto desks = call.services().store.LoadDesks();
  if (!desks) return call.Fail(desks.error());
  json::array list;
  for (const engine::DeskCalendar& desk : *desks) list.push_back(DeskSummaryJson(desk));
  return call.Json(beast_http::status::ok, json::object{{"desks", std::move(list)}});
}

Response GetDesk(Call& call) {
  auto desk = call.services().store.FindDesk(call.Param("desk"));
  if (!desk) return call.Fail(desk.error());
  return call.Json(beast_http::status::ok, DeskDetailJson(*desk, call.services().catalogue, call.language()));
}

Response AnswerAvailability(Call& call, engine::View view) {
  const auto type = call.Query("type");
  if (!type || type->empty()) return call.Fail(Error::invalid_request, "type: is required");
  DateRange range;
  if (auto refused = ReadDateRange(call, range)) return *refused;
  auto shared = call.services().store.SharedDesk(call.Param("desk"));
  if (!shared) return call.Fail(shared.error());
  const engine::DeskCalendar& desk = **shared;
  if (view == engine::View::applicant) {
    if (auto open = engine::CheckSelfBookingOpen(desk); !open) return call.Fail(open.error());
  }
  if (desk.FindType(*type) == nullptr) return call.Fail(Error::not_found, "this desk does not offer that type");
  const engine::Date after_to{date::sys_days{range.to} + date::days{1}};
  auto seats = call.services().store.Seats(desk.desk, *type, engine::StartOfLocalDay(range.from, *desk.zone),
                                           engine::StartOfLocalDay(after_to, *desk.zone));
  if (!seats) return call.Fail(seats.error());
  // Availability cannot fail past the checks above (type offered, range at most kMaxRangeDays).
  const auto build = [&] {
    return engine::AvailabilityJson(desk, *type,
                                    *engine::Availability(desk, *type, range.from, range.to, call.now(), view, *seats));
  };
  if (AvailabilityCache* cache = call.services().availability) {
    return call.JsonText(beast_http::status::ok,
                         *cache->Answer({desk.desk, *type, range.from, range.to, view}, *shared, *seats, call.now(), build));
  }
  return call.JsonText(beast_http::status::ok, build());
}

Response GetAvailability(Call& call) { return AnswerAvailability(call, engine::View::applicant); }

Response CreateBooking(Call& call) {
  booking::BookRequest request;
  request.desk = call.Param("desk");
  if (auto refused = ReadBookRequest(call, /*applicant=*/true, request)) return *refused;
  if (auto blocked = CheckVerificationAllowed(call, request.application_id)) return *blocked;
  auto outcome = booking::Book(call.services().store, request);
  if (!outcome) {
    if (outcome.error() == Error::application_not_verified) ChargeFailedVerification(call, request.application_id);
    return call.Fail(outcome.error());
  }
  return BookingCreated(call, *outcome);
}

Response LookupApplication(Call& call) {
  std::vector<engine::FieldError> errors;
  std::optional<json::value> document = call.JsonBody(errors);
  if (!document) return call.Fail(errors);
  ObjectView body(*document, "", errors);
  const auto id = body.BoundedString("application_id", true, 64);
  const auto tax_code = body.BoundedString("tax_code", true, 32);
  body.Finish();
  if (!errors.empty()) return call.Fail(errors);

  if (auto blocked = CheckVerificationAllowed(call, *id)) return *blocked;
  storage::Store& store = call.services().store;
  auto application = store.FindApplication(*id);
  if (!application && application.error() != Error::not_found) return call.Fail(application.error());
  const engine::Application* found = application ? &*application : nullptr;
  const std::string desk_id = found != nullptr ? found->desk : "";
  if (auto verified = engine::VerifyApplicant(found, desk_id, *tax_code); !verified) {
    ChargeFailedVerification(call, *id);
    return call.Fail(verified.error());
  }

  auto desk = store.FindDesk(found->desk);
  auto bookings = store.BookingsOfApplication(found->id);
  if (!desk) return call.Fail(desk.error());
  if (!bookings) return call.Fail(bookings.error());
  json::array types;
  for (const std::string& type_id : found->types) {
    const engine::AppointmentType* type = call.services().catalogue.Find(type_id);
    types.push_back(json::object{{"id", type_id}, {"name", type != nullptr ? type->name.In(call.language()) : type_id}});
  }
  json::array booking_list;
  for (const storage::BookingRecord& booking : *bookings) booking_list.push_back(BookingJson(booking, *desk->zone));
  return call.Json(beast_http::status::ok, json::object{{"application_id", found->id},
                                                        {"desk", found->desk},
                                                        {"status", found->status},
                                                        {"types", std::move(types)},
                                                        {"bookings", std::move(booking_list)}});
}

Response Health(Call& call) {
  if (auto ping = call.services().store.Ping(); !ping) return call.Fail(ping.error());
  return call.Json(beast_http::status::ok, json::object{{"status", "ok"}});
}

Response Metrics(Call& call) {
  if (call.services().metrics == nullptr) return call.Fail(Error::not_found);
  Response response{beast_http::status::ok, call.request().version()};
  response.set(beast_http::field::content_type, "text/plain; version=0.0.4; charset=utf-8");
  response.set(beast_http::field::cache_control, "no-store");
  response.keep_alive(call.request().keep_alive());
  response.body() = call.services().metrics->Render();
  response.prepare_payload();
  return response;
}

}  // namespace sportello::http::routes
