// Applicant endpoints of SPEC.md: desks, booking, application look-up; and /healthz, /metrics.
// Availability is in availability_routes.cc.
#include "booking/booking.h"
#include "engine/booking_rules.h"
#include "engine/json_reader.h"
#include "http/booking_request.h"
#include "http/client_address.h"
#include "http/metrics_handler.h"
#include "http/resources.h"
#include "http/routes.h"

#include <boost/beast/http/field.hpp>
#include <boost/json.hpp>

#include <fmt/core.h>

#include <variant>

namespace sportello::http::routes {

namespace beast_http = boost::beast::http;
namespace json = boost::json;
using engine::Error;
using engine::json_reader::ObjectView;

Response ListDesks(Call& call) {
  auto desks = call.services().store.LoadDesks();
  if (!desks) return call.Fail(desks.error());
  json::array list;
  for (const engine::DeskCalendar& desk : *desks) list.push_back(DeskSummaryJson(desk, call.language()));
  return call.Json(beast_http::status::ok, json::object{{"desks", std::move(list)}});
}

Response GetDesk(Call& call) {
  auto desk = call.services().store.FindDesk(call.Param("desk"));
  if (!desk) return call.Fail(desk.error());
  return call.Json(beast_http::status::ok, DeskDetailJson(*desk, call.services().catalogue, call.language()));
}

void CreateBooking(const std::shared_ptr<Call>& call, Answer answer) {
  booking::BookRequest request;
  request.desk = call->Param("desk");
  if (auto refused = ReadBookRequest(*call, /*applicant=*/true, request)) return answer(std::move(*refused));
  if (auto blocked = CheckVerificationAllowed(*call, request.application_id)) return answer(std::move(*blocked));
  std::string application_id = request.application_id;
  booking::Book(call->services().store, std::move(request),
                [call, answer = std::move(answer), application_id](engine::Result<storage::BookOutcome> outcome) {
                  if (outcome) return answer(BookingCreated(*call, *outcome));
                  // A wrong tax code is charged from the committing thread: one small write, rare,
                  // and already limited per client by the "booking" bucket.
                  if (outcome.error() == Error::application_not_verified) {
                    ChargeFailedVerification(*call, application_id);
                  }
                  answer(call->Fail(outcome.error()));
                });
}

namespace {

// The proof an applicant gives for their application: {"application_id","tax_code"}.
struct ApplicantProof {
  std::string application_id;
  std::string tax_code;
};

// The proof in the body, once the limit on wrong tax codes allows a try; else the answer to give.
std::variant<ApplicantProof, Response> ReadApplicantProof(Call& call) {
  std::vector<engine::FieldError> errors;
  std::optional<json::value> document = call.JsonBody(errors);
  if (!document) return call.Fail(errors);
  ObjectView body(*document, "", errors);
  const auto id = body.BoundedString("application_id", true, 64);
  const auto tax_code = body.BoundedString("tax_code", true, 32);
  body.Finish();
  if (!errors.empty()) return call.Fail(errors);
  if (auto blocked = CheckVerificationAllowed(call, *id)) return std::move(*blocked);
  return ApplicantProof{*id, *tax_code};
}

}  // namespace

Response LookupApplication(Call& call) {
  auto proof = ReadApplicantProof(call);
  if (auto* answer = std::get_if<Response>(&proof)) return std::move(*answer);
  const std::string& id = std::get<ApplicantProof>(proof).application_id;
  const std::string& tax_code = std::get<ApplicantProof>(proof).tax_code;
  storage::Store& store = call.services().store;
  auto application = store.FindApplication(id);
  if (!application && application.error() != Error::not_found) return call.Fail(application.error());
  const engine::Application* found = application ? &*application : nullptr;
  const std::string desk_id = found != nullptr ? found->desk : "";
  if (auto verified = engine::VerifyApplicant(found, desk_id, tax_code); !verified) {
    ChargeFailedVerification(call, id);
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
  for (const storage::BookingRecord& booking : *bookings) booking_list.push_back(BookingJson(booking, *desk));
  auto waitlist = ActiveEntriesJson(call, found->id);
  if (!waitlist) return call.Fail(waitlist.error());
  auto questions = QuestionsJson(call, found->id);
  if (!questions) return call.Fail(questions.error());
  auto events = store.EventsOf(found->id);
  if (!events) return call.Fail(events.error());
  json::array history;
  for (const engine::StatusEvent& event : *events) {
    history.push_back(json::object{{"code", event.code},
                                   {"text", event.text.In(call.language())},
                                   {"at", engine::FormatInstant(event.at, *desk->zone)}});
  }
  return call.Json(beast_http::status::ok, json::object{{"application_id", found->id},
                                                        {"desk", found->desk},
                                                        {"status", found->status},
                                                        {"types", std::move(types)},
                                                        {"bookings", std::move(booking_list)},
                                                        {"waitlist", std::move(*waitlist)},
                                                        {"questions", std::move(*questions)},
                                                        {"events", std::move(history)}});
}

Response ManageApplication(Call& call) {
  auto proof = ReadApplicantProof(call);
  if (auto* answer = std::get_if<Response>(&proof)) return std::move(*answer);
  const ApplicantProof& given = std::get<ApplicantProof>(proof);
  storage::Store& store = call.services().store;
  auto links = booking::RenewManageLinks(store, given.application_id, given.tax_code, call.now());
  if (!links) {
    if (links.error() == Error::application_not_verified) ChargeFailedVerification(call, given.application_id);
    return call.Fail(links.error());
  }
  json::array bookings;
  for (const booking::ManageLink& link : *links) {
    auto desk = store.FindDesk(link.booking.desk);
    if (!desk) return call.Fail(desk.error());
    bookings.push_back(BookingJson(link.booking, *desk, link.manage_token));
  }
  return call.Json(beast_http::status::ok, json::object{{"bookings", std::move(bookings)}});
}

Response ResendManageLinks(Call& call) {
  auto proof = ReadApplicantProof(call);
  if (auto* answer = std::get_if<Response>(&proof)) return std::move(*answer);
  const ApplicantProof& given = std::get<ApplicantProof>(proof);
  auto queued = booking::ResendLinks(call.services().store, given.application_id, given.tax_code, call.now());
  if (!queued) {
    if (queued.error() == Error::application_not_verified) ChargeFailedVerification(call, given.application_id);
    return call.Fail(queued.error());
  }
  if (*queued == 0) return call.Empty(beast_http::status::no_content);
  call.services().OutboxChanged();
  return call.Empty(beast_http::status::accepted);
}

Response Health(Call& call) {
  if (auto ping = call.services().store.Ping(); !ping) return call.Fail(ping.error());
  call.services().health.Passed();
  return call.Json(beast_http::status::ok, json::object{{"status", "ok"}});
}

std::optional<AtOnceAnswer> HealthAtOnce(Call& call) {
  if (!call.services().health.PassedRecently()) return std::nullopt;
  return call.Json(beast_http::status::ok, json::object{{"status", "ok"}});
}

// On the public port /metrics answers only this machine (a local Prometheus, an operator's curl):
// what it tells (traffic, seats free) is for operators. A separate listener (metrics_handler.h) is
// the way to serve it to another machine.
Response Metrics(Call& call) {
  if (call.services().metrics == nullptr || !IsLoopback(call.context().client_address)) {
    return call.Fail(Error::not_found);
  }
  return MetricsAnswer(call.request(), *call.services().metrics);
}

}  // namespace sportello::http::routes
