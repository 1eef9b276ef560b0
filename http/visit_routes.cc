// The day of the visit (SPEC.md, "The day of the visit"): check-in, walk-ins and the calling
// queue. Every rule is booking/visit.h's; these read the request and write the ticket.
#include "booking/visit.h"
#include "engine/json_reader.h"
#include "http/display_feeds.h"
#include "http/resources.h"
#include "http/routes.h"

#include <boost/json.hpp>

namespace sportello::http::routes {

namespace beast_http = boost::beast::http;
namespace json = boost::json;
using engine::Error;
using engine::json_reader::ObjectView;

namespace {

// The ticket as answered; a change to the queue is told to the displays first.
Response Ticket(Call& call, beast_http::status status, const engine::Result<booking::QueuedTicket>& ticket) {
  if (!ticket) return call.Fail(ticket.error());
  call.services().QueueChanged(ticket->ticket.desk);
  auto desk = call.services().store.FindDesk(ticket->ticket.desk);
  if (!desk) return call.Fail(desk.error());
  return call.Json(status, TicketJson(*ticket, *desk->zone));
}

storage::Actor StaffActor(Call& call) { return storage::Actor::Staff(call.user().username); }

// The JSON body as an object with `read` run on it; nullopt and the 400 in `refused` when invalid.
template <class Read>
std::optional<Response> ReadBody(Call& call, Read&& read) {
  std::vector<engine::FieldError> errors;
  std::optional<json::value> document = call.JsonBody(errors);
  if (!document) return call.Fail(errors);
  ObjectView body(*document, "", errors);
  read(body);
  body.Finish();
  if (!errors.empty()) return call.Fail(errors);
  return std::nullopt;
}

Response Act(Call& call, booking::TicketAction action) {
  return Ticket(call, beast_http::status::ok,
                booking::ActOnTicket(call.services().store, call.Param("ticket"), action, StaffActor(call), call.now()));
}

}  // namespace

Response CheckIn(Call& call) {
  std::optional<std::string> code;
  if (auto refused = ReadBody(call, [&](ObjectView& body) { code = body.BoundedString("code", true, 40); })) {
    return *refused;
  }
  auto outcome = booking::CheckIn(call.services().store, call.Param("desk"), *code, StaffActor(call), call.now());
  if (!outcome) return call.Fail(outcome.error());
  return Ticket(call, outcome->created ? beast_http::status::created : beast_http::status::ok, outcome->ticket);
}

Response AddWalkIn(Call& call) {
  std::optional<std::string> application_id;
  std::optional<bool> urgent;
  if (auto refused = ReadBody(call, [&](ObjectView& body) {
        application_id = body.BoundedString("application_id", true, 64);
        urgent = body.Bool("urgent", false);
      })) {
    return *refused;
  }
  return Ticket(call, beast_http::status::created,
                booking::AddWalkIn(call.services().store, call.Param("desk"), *application_id, urgent.value_or(false),
                                   StaffActor(call), call.now()));
}

Response GetQueue(Call& call) {
  auto desk = call.services().store.FindDesk(call.Param("desk"));
  if (!desk) return call.Fail(desk.error());
  auto queue = booking::TodaysQueue(call.services().store, *desk, call.now());
  if (!queue) return call.Fail(queue.error());
  json::array tickets;
  for (const booking::QueuedTicket& ticket : *queue) tickets.push_back(TicketJson(ticket, *desk->zone));
  return call.Json(beast_http::status::ok, json::object{{"tickets", std::move(tickets)}});
}

Response CallNext(Call& call) {
  std::optional<std::string> counter;
  if (auto refused = ReadBody(call, [&](ObjectView& body) { counter = body.String("counter", true); })) {
    return *refused;
  }
  auto called = booking::CallNext(call.services().store, call.Param("desk"), *counter, StaffActor(call), call.now());
  if (!called) return call.Fail(called.error());
  if (!*called) return call.Empty(beast_http::status::no_content);
  return Ticket(call, beast_http::status::ok, **called);
}

Response GetDisplay(Call& call) {
  auto desk = call.services().store.FindDesk(call.Param("desk"));
  if (!desk) return call.Fail(desk.error());
  auto calls = booking::RecentCalls(call.services().store, *desk, call.now());
  if (!calls) return call.Fail(calls.error());
  json::array called;  // no names, no application numbers: a screen in a public room
  for (const engine::Ticket& ticket : *calls) called.push_back(DisplayedCallJson(ticket, *desk->zone));
  return call.Json(beast_http::status::ok, json::object{{"called", std::move(called)}});
}

Response DisplayEvents(Call& call) {
  DisplayFeeds* feeds = call.services().display;
  if (feeds == nullptr) return call.Fail(Error::not_found);
  auto desk = call.services().store.FindDesk(call.Param("desk"));
  if (!desk) return call.Fail(desk.error());
  Response response{beast_http::status::ok, call.request().version()};
  response.set(beast_http::field::content_type, "text/event-stream; charset=utf-8");
  response.set(beast_http::field::cache_control, "no-store");
  response.set("X-Accel-Buffering", "no");  // nginx passes each event on at once
  response.body() = "retry: 2000\n\n";     // reconnect 2 s after the connection drops
  call.StreamEvents(feeds->FeedOf(desk->desk));
  return response;
}

Response RecallTicket(Call& call) { return Act(call, booking::TicketAction::recall); }
Response TicketDone(Call& call) { return Act(call, booking::TicketAction::done); }
Response TicketMissed(Call& call) { return Act(call, booking::TicketAction::missed); }

}  // namespace sportello::http::routes
