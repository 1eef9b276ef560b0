// Endpoints for an applicant who holds a booking's code and manage token: see, cancel, move,
// download as iCalendar. Without the right token every one answers 404, exactly as for an
// unknown code, so codes cannot be probed.
#include "booking/booking.h"
#include "booking/reconfirmation.h"
#include "booking/visit.h"
#include "engine/appointment_event.h"
#include "engine/booking_rules.h"
#include "engine/ics.h"
#include "engine/json_reader.h"
#include "http/booking_request.h"
#include "http/proof_of_work.h"
#include "http/resources.h"
#include "http/routes.h"

#include <boost/beast/http/field.hpp>
#include <boost/json.hpp>

#include <algorithm>

namespace sportello::http::routes {

namespace beast_http = boost::beast::http;
namespace json = boost::json;
using engine::Error;

namespace {

// The booking named in the path if the request carries its manage token; else not_found.
engine::Result<storage::BookingRecord> Authorised(Call& call) {
  return call.services().store.VerifyManageToken(call.Param("code"), call.Token("X-Booking-Token"));
}

// The booking as JSON in its desk's zone.
Response Answer(Call& call, const storage::BookingRecord& booking) {
  auto desk = call.services().store.FindDesk(booking.desk);
  if (!desk) return call.Fail(desk.error());
  return call.Json(beast_http::status::ok, BookingJson(booking, *desk));
}

}  // namespace

// The booking, and its day of the visit: "ticket" once checked in, "rated" once attended.
Response GetBooking(Call& call) {
  auto booking = Authorised(call);
  if (!booking) return call.Fail(booking.error());
  auto desk = call.services().store.FindDesk(booking->desk);
  if (!desk) return call.Fail(desk.error());
  auto visit = booking::VisitOf(call.services().store, *desk, *booking, call.now());
  if (!visit) return call.Fail(visit.error());
  json::object answer = BookingJson(*booking, *desk);
  if (visit->ticket) answer["ticket"] = TicketJson(*visit->ticket, *desk->zone);
  if (booking->status == storage::BookingStatus::attended) answer["rated"] = visit->rated;
  auto waiting = ActiveEntriesJson(call, booking->application_id);
  if (!waiting) return call.Fail(waiting.error());
  for (const json::value& entry : *waiting) {
    if (entry.as_object().at("type").as_string() == booking->type) answer["waitlist"] = entry;
  }
  return call.Json(beast_http::status::ok, answer);
}

Response ConfirmBooking(Call& call) {
  auto booking = Authorised(call);
  if (!booking) return call.Fail(booking.error());
  auto confirmed = booking::ConfirmBooking(call.services().store, booking->code, call.now());
  if (!confirmed) return call.Fail(confirmed.error());
  return Answer(call, *confirmed);
}

Response CancelBooking(Call& call) {
  auto booking = Authorised(call);
  if (!booking) return call.Fail(booking.error());
  auto cancelled = booking::Cancel(call.services().store, booking->code, storage::Actor::Applicant(), call.now());
  if (!cancelled) return call.Fail(cancelled.error());
  if (booking->status != storage::BookingStatus::cancelled) call.services().OutboxChanged();
  return Answer(call, *cancelled);
}

Response GiveFeedback(Call& call) {
  auto booking = Authorised(call);
  if (!booking) return call.Fail(booking.error());
  std::vector<engine::FieldError> errors;
  std::optional<json::value> document = call.JsonBody(errors);
  if (!document) return call.Fail(errors);
  engine::json_reader::ObjectView body(*document, "", errors);
  const auto rating = body.Int("rating", true, 1, 5);
  const auto comment = body.BoundedString("comment", false, 4 * booking::kMaxFeedbackComment);
  body.Finish();
  if (!errors.empty()) return call.Fail(errors);
  auto feedback = booking::GiveFeedback(call.services().store, booking->code, *rating, comment.value_or(""), call.now());
  if (!feedback) return call.Fail(feedback.error());
  auto desk = call.services().store.FindDesk(booking->desk);
  if (!desk) return call.Fail(desk.error());
  return call.Json(beast_http::status::created,
                   json::object{{"booking_code", feedback->booking_code},
                                {"rating", feedback->rating},
                                {"comment", feedback->comment},
                                {"created_at", engine::FormatInstant(feedback->at, *desk->zone)}});
}

Response RescheduleBooking(Call& call) {
  auto booking = Authorised(call);
  if (!booking) return call.Fail(booking.error());
  auto desk = call.services().store.SharedDesk(booking->desk);
  if (!desk) return call.Fail(desk.error());
  if (auto refused = CheckProofOfWork(call, **desk, PowUse::write)) return std::move(*refused);
  std::optional<Response> refused;
  const std::optional<engine::Instant> start = ReadNewStart(call, refused);
  if (!start) return std::move(*refused);
  auto moved = booking::Reschedule(call.services().store, booking->code, *start, storage::Actor::Applicant(), call.now());
  if (!moved) return call.Fail(moved.error());
  if (moved->start != booking->start) call.services().OutboxChanged();
  return Answer(call, *moved);
}

Response GetBookingIcs(Call& call) {
  auto booking = Authorised(call);
  if (!booking) return call.Fail(booking.error());
  auto desk = call.services().store.FindDesk(booking->desk);
  if (!desk) return call.Fail(desk.error());
  auto deliveries = call.services().store.DeliveriesOf(booking->code);
  if (!deliveries) return call.Fail(deliveries.error());
  // The same SEQUENCE as the last message, so a calendar keeps one event up to date.
  const int sequence = deliveries->empty() ? 0 : deliveries->back().sequence;
  engine::AppointmentEventInput appointment{.code = booking->code,
                                            .type = call.services().catalogue.Find(booking->type),
                                            .type_id = booking->type,
                                            .language = call.language(),
                                            .desk_name = desk->name,
                                            .desk_address = desk->address,
                                            .start = booking->start,
                                            .end = booking->end,
                                            .cancelled = booking->status == storage::BookingStatus::cancelled,
                                            .sequence = sequence,
                                            .manage_link = "",
                                            .now = call.now()};
  const engine::IcsEvent event = engine::AppointmentEvent(appointment);
  Response response{beast_http::status::ok, call.request().version()};
  response.set(beast_http::field::content_type, "text/calendar; charset=utf-8");
  response.set(beast_http::field::content_disposition, "attachment; filename=\"" + booking->code + ".ics\"");
  response.set(beast_http::field::cache_control, "no-store");
  response.keep_alive(call.request().keep_alive());
  response.body() = engine::RenderIcs(event, *desk->zone, engine::IcsMethod::publish);
  response.prepare_payload();
  return response;
}

}  // namespace sportello::http::routes
