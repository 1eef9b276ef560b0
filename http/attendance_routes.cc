// The day of the appointment (SPEC.md, "Staff"): attendance marks, their same-day undo, and closing
// a day. Every rule is booking/attendance.h's; these read the request and write the answer.
#include "booking/attendance.h"
#include "engine/json_reader.h"
#include "http/resources.h"
#include "http/routes.h"

#include <boost/json.hpp>

namespace sportello::http::routes {

namespace beast_http = boost::beast::http;
namespace json = boost::json;
using engine::Error;
using engine::json_reader::ObjectView;

namespace {

Response MarkedBooking(Call& call, const engine::Result<storage::BookingRecord>& marked) {
  if (!marked) return call.Fail(marked.error());
  auto desk = call.services().store.FindDesk(marked->desk);
  if (!desk) return call.Fail(desk.error());
  return call.Json(beast_http::status::ok, StaffBookingJson(*marked, *desk));
}

}  // namespace

Response RecordAttendance(Call& call) {
  std::vector<engine::FieldError> errors;
  std::optional<json::value> document = call.JsonBody(errors);
  if (!document) return call.Fail(errors);
  ObjectView body(*document, "", errors);
  const auto status_name = body.String("status", true);
  body.Finish();
  if (!errors.empty()) return call.Fail(errors);
  const auto status = booking::ParseAttendance(*status_name);
  if (!status) return call.Fail(status.error());
  return MarkedBooking(call, booking::SetAttendance(call.services().store, call.booking().code, *status,
                                                    storage::Actor::Staff(call.user().username), call.now()));
}

Response UndoAttendance(Call& call) {
  return MarkedBooking(call, booking::UndoAttendance(call.services().store, call.booking().code,
                                                     storage::Actor::Staff(call.user().username), call.now()));
}

Response CloseDay(Call& call) {
  const auto day = engine::ParseDate(call.Param("date"));
  if (!day) return call.Fail(engine::Problem(Error::invalid_request, "date", "must be a date YYYY-MM-DD"));
  auto marked = booking::CloseDay(call.services().store, call.Param("desk"), *day,
                                  storage::Actor::Staff(call.user().username), call.now());
  if (!marked) return call.Fail(marked.error());
  return call.Json(beast_http::status::ok, json::object{{"marked", *marked}});
}

}  // namespace sportello::http::routes
