#include "http/router.h"

#include "http/access.h"
#include "http/api_document.h"
#include "http/client_address.h"
#include "http/problem.h"
#include "http/proof_of_work.h"
#include "http/routes.h"
#include "http/static_files.h"
#include "logging/log.h"

#include <boost/beast/http/field.hpp>
#include <boost/url/parse.hpp>

#include <future>
#include <memory>
#include <optional>
#include <exception>
#include <string>
#include <vector>

namespace sportello::http {

namespace beast_http = boost::beast::http;
using beast_http::verb;

namespace {

using storage::Role;

// How a route answers on a worker: at once, or later from another thread (routes.h).
struct Handling {
  Response (*now)(Call&) = nullptr;
  void (*later)(const std::shared_ptr<Call>&, Answer) = nullptr;

  constexpr Handling(Response (*answer_now)(Call&)) : now(answer_now) {}  // NOLINT: table entries
  constexpr Handling(void (*answer_later)(const std::shared_ptr<Call>&, Answer)) : later(answer_later) {}  // NOLINT
};

// Whose flag asks a route's applicants for proof of work (proof_of_work.h), checked after the
// rate limit and the access, before the handler: the desk in the path for writes (flag
// proof_of_work) or for reads (proof_of_work_reads), or any desk (the look-ups, whose desk is the
// application's). A route whose desk is found only by its handler calls CheckProofOfWork itself.
enum class RoutePow { none, desk_write, desk_read, any_desk_write };

// One route: method, pattern, handler, per-client rate limit, who may call it (access.h), what
// it can answer on the I/O thread without blocking (public routes without a limit only), and
// whether applicants must show proof of work.
// This table is the one place that says which role each endpoint needs and whose desk it touches.
struct RouteEntry {
  verb method;
  std::string_view pattern;  // segments; "{name}" captures one
  Handling handle;
  std::string_view rate_bucket = {};  // per-client limit, if any
  Access access = kPublic;
  std::optional<AtOnceAnswer> (*at_once)(Call&) = nullptr;
  RoutePow proof_of_work = RoutePow::none;
};

constexpr Access kAnyAccount = Staff(Role::kiosk);  // kiosks too: who am I, sign out
constexpr Access kDeskKiosk = Staff(Role::kiosk, DeskScope::path);  // a kiosk or staff of the desk
constexpr Access kDeskOperator = Staff(Role::operator_, DeskScope::path);
constexpr Access kBookingOperator = Staff(Role::operator_, DeskScope::booking);
constexpr Access kApplicationOperator = Staff(Role::operator_, DeskScope::application);
constexpr Access kTicketOperator = Staff(Role::operator_, DeskScope::ticket);
constexpr Access kDeskManager = Staff(Role::manager, DeskScope::path);
constexpr Access kAdmin = Staff(Role::admin);

constexpr RouteEntry kRoutes[] = {
    {verb::get, "/api/v1/desks", routes::ListDesks},
    {verb::get, "/api/v1/desks/{desk}", routes::GetDesk},
    {verb::get, "/api/v1/desks/{desk}/availability", routes::GetAvailability, {}, kPublic, routes::AvailabilityAtOnce,
     RoutePow::desk_read},
    {verb::post, "/api/v1/desks/{desk}/bookings", routes::CreateBooking, "booking", kPublic, nullptr,
     RoutePow::desk_write},
    {verb::post, "/api/v1/applications/lookup", routes::LookupApplication, "lookup", kPublic, nullptr,
     RoutePow::any_desk_write},
    {verb::post, "/api/v1/applications/manage", routes::ManageApplication, "lookup", kPublic, nullptr,
     RoutePow::any_desk_write},
    {verb::post, "/api/v1/applications/resend-link", routes::ResendManageLinks, "lookup", kPublic, nullptr,
     RoutePow::any_desk_write},
    {verb::get, "/api/v1/challenge", routes::GetChallenge, "challenge"},
    {verb::get, "/api/v1/bookings/{code}", routes::GetBooking},
    {verb::post, "/api/v1/bookings/{code}/cancel", routes::CancelBooking},
    {verb::post, "/api/v1/bookings/{code}/reschedule", routes::RescheduleBooking, "booking"},
    {verb::get, "/api/v1/bookings/{code}/ics", routes::GetBookingIcs},
    {verb::post, "/api/v1/bookings/{code}/feedback", routes::GiveFeedback, "booking"},
    {verb::post, "/api/v1/bookings/{code}/confirm", routes::ConfirmBooking},
    {verb::post, "/api/v1/desks/{desk}/waitlist", routes::JoinWaitlist, "booking", kPublic, nullptr,
     RoutePow::desk_write},
    {verb::get, "/api/v1/waitlist/{id}", routes::GetWaitlistEntry},
    {verb::delete_, "/api/v1/waitlist/{id}", routes::LeaveWaitlist},
    {verb::post, "/api/v1/waitlist/{id}/accept", routes::AcceptOffer, "booking"},
    {verb::get, "/api/v1/staff/desks/{desk}/waitlist", routes::StaffWaitlist, {}, kDeskOperator},
    {verb::get, "/api/v1/desks/{desk}/releases", routes::ListReleases},
    {verb::post, "/api/v1/desks/{desk}/releases/{id}/requests", routes::RequestDraw, "booking", kPublic, nullptr,
     RoutePow::desk_write},
    {verb::get, "/api/v1/desks/{desk}/releases/{id}/draw", routes::GetDrawOrder},
    {verb::get, "/api/v1/releases/requests/{id}", routes::GetDrawRequest},
    {verb::get, "/api/v1/staff/desks/{desk}/releases", routes::StaffReleases, {}, kDeskOperator},
    {verb::get, "/api/v1/topics", routes::ListTopics},
    {verb::post, "/api/v1/questions", routes::AskQuestion, "booking", kPublic, nullptr, RoutePow::any_desk_write},
    {verb::get, "/api/v1/questions/{id}", routes::GetQuestion},
    {verb::post, "/api/v1/questions/{id}/messages", routes::ReplyToQuestion, "booking"},
    // Every account passes the routes of questions and the FAQ: booking/questions.h and faq.h decide.
    {verb::get, "/api/v1/faq", routes::ListFaq, "lookup"},
    {verb::get, "/api/v1/staff/faq", routes::StaffListFaq, {}, kAnyAccount},
    {verb::post, "/api/v1/staff/faq", routes::StaffCreateFaq, {}, kAnyAccount},
    {verb::put, "/api/v1/staff/faq/{id}", routes::StaffUpdateFaq, {}, kAnyAccount},
    {verb::delete_, "/api/v1/staff/faq/{id}", routes::StaffDeleteFaq, {}, kAnyAccount},
    {verb::get, "/api/v1/staff/questions/stats", routes::QuestionStats, {}, kAnyAccount},  // before …/{id}
    {verb::get, "/api/v1/staff/questions", routes::StaffQuestionQueue, {}, kAnyAccount},
    {verb::get, "/api/v1/staff/questions/{id}", routes::StaffGetQuestion, {}, kAnyAccount},
    {verb::post, "/api/v1/staff/questions/{id}/{action}", routes::StaffActOnQuestion, {}, kAnyAccount},
    {verb::post, "/api/v1/staff/login", routes::StaffLogin, "login"},
    {verb::post, "/api/v1/staff/logout", routes::StaffLogout, {}, kAnyAccount},
    {verb::get, "/api/v1/staff/me", routes::StaffMe, {}, kAnyAccount},
    {verb::get, "/api/v1/staff/desks/{desk}/bookings", routes::DaySheet, {}, kDeskOperator},
    {verb::post, "/api/v1/staff/desks/{desk}/bookings", routes::Convene, {}, kDeskOperator},
    {verb::get, "/api/v1/staff/desks/{desk}/availability", routes::StaffAvailability, {}, kDeskOperator},
    {verb::post, "/api/v1/staff/bookings/{code}/attendance", routes::RecordAttendance, "staff_lookup",
     kBookingOperator},
    {verb::delete_, "/api/v1/staff/bookings/{code}/attendance", routes::UndoAttendance, "staff_lookup",
     kBookingOperator},
    {verb::post, "/api/v1/staff/desks/{desk}/days/{date}/close", routes::CloseDay, {}, kDeskOperator},
    {verb::post, "/api/v1/desks/{desk}/checkin", routes::CheckIn, {}, kDeskKiosk},
    {verb::get, "/api/v1/desks/{desk}/display", routes::GetDisplay, {}, kPublic},
    {verb::get, "/api/v1/desks/{desk}/display/events", routes::DisplayEvents, {}, kPublic},
    {verb::post, "/api/v1/staff/desks/{desk}/walkins", routes::AddWalkIn, {}, kDeskOperator},
    {verb::get, "/api/v1/staff/desks/{desk}/queue", routes::GetQueue, {}, kDeskOperator},
    {verb::post, "/api/v1/staff/desks/{desk}/queue/next", routes::CallNext, {}, kDeskOperator},
    {verb::post, "/api/v1/staff/tickets/{ticket}/recall", routes::RecallTicket, {}, kTicketOperator},
    {verb::post, "/api/v1/staff/tickets/{ticket}/done", routes::TicketDone, {}, kTicketOperator},
    {verb::post, "/api/v1/staff/tickets/{ticket}/missed", routes::TicketMissed, {}, kTicketOperator},
    {verb::get, "/api/v1/staff/bookings/{code}/deliveries", routes::BookingDeliveries, "staff_lookup",
     kBookingOperator},
    {verb::get, "/api/v1/staff/bookings/{code}", routes::StaffFindBooking, "staff_lookup", kBookingOperator},
    {verb::post, "/api/v1/staff/bookings/{code}/cancel", routes::StaffCancelBooking, "staff_lookup", kBookingOperator},
    {verb::post, "/api/v1/staff/bookings/{code}/reschedule", routes::StaffRescheduleBooking, "staff_lookup",
     kBookingOperator},
    {verb::post, "/api/v1/staff/bookings/{code}/resend-link", routes::StaffResendLink, "staff_lookup",
     kBookingOperator},
    {verb::get, "/api/v1/staff/applications/{id}", routes::StaffFindApplication, "staff_lookup",
     kApplicationOperator},
    {verb::get, "/api/v1/staff/applications/{id}/export", routes::ExportApplication, "staff_lookup",
     kApplicationOperator},
    {verb::get, "/api/v1/staff/desks/{desk}/calendar", routes::GetCalendar, {}, kDeskManager},
    {verb::put, "/api/v1/staff/desks/{desk}/calendar", routes::PutCalendar, {}, kDeskManager},
    {verb::post, "/api/v1/staff/desks/{desk}/calendar/preview", routes::PreviewCalendar, {}, kDeskManager},
    {verb::get, "/api/v1/staff/desks/{desk}/stats", routes::DeskStats, {}, kDeskOperator},
    {verb::get, "/api/v1/staff/desks/{desk}/feedback", routes::DeskFeedback, {}, kDeskOperator},
    {verb::put, "/api/v1/admin/desks/{desk}/flags", routes::SetFlags, {}, Staff(Role::admin, DeskScope::path)},
    {verb::get, "/api/v1/admin/audit", routes::ListAudit, {}, kAdmin},
    {verb::get, "/api/v1/admin/overview", routes::NationalOverview, {}, kAdmin},
    {verb::get, "/api/v1/admin/users", routes::ListUsers, {}, kAdmin},
    {verb::post, "/api/v1/admin/users", routes::CreateUser, {}, kAdmin},
    {verb::post, "/api/v1/admin/users/{username}/disable", routes::DisableUser, {}, kAdmin},
    {verb::put, "/api/v1/system/applications", routes::PutSystemApplications, {}, kSystem},
    {verb::post, "/api/v1/system/applications/{id}/events", routes::PostSystemEvent, {}, kSystem},
    {verb::get, "/api/v1/system/applications/{id}/bookings", routes::GetSystemBookings, {}, kSystem},
    {verb::get, "/api/v1/system/bookings/changes", routes::GetBookingChanges, {}, kSystem},
    {verb::get, "/api/v1/openapi.yaml", routes::GetApiDocument, {}, kPublic, routes::ApiDocumentAtOnce},
    {verb::get, "/healthz", routes::Health, {}, kPublic, routes::HealthAtOnce},
    {verb::get, "/metrics", routes::Metrics},  // its gauges read the database: on a worker
};

std::vector<std::string_view> Split(std::string_view path) {
  std::vector<std::string_view> segments;
  while (!path.empty()) {
    if (path.front() == '/') path.remove_prefix(1);
    const std::size_t slash = path.find('/');
    segments.push_back(path.substr(0, slash));
    path = slash == std::string_view::npos ? std::string_view{} : path.substr(slash);
  }
  return segments;
}

// A route as a request is matched against it: its pattern's segments and its template, made once
// for all requests (matching then allocates nothing).
struct CompiledRoute {
  const RouteEntry* entry;
  std::vector<std::string_view> parts;
  std::string template_text;  // e.g. "GET /api/v1/desks/{desk}"
};

const std::vector<CompiledRoute>& CompiledRoutes() {
  static const std::vector<CompiledRoute> compiled = [] {
    std::vector<CompiledRoute> routes;
    for (const RouteEntry& entry : kRoutes) {
      std::string template_text = std::string(beast_http::to_string(entry.method)) + " " + std::string(entry.pattern);
      routes.push_back({&entry, Split(entry.pattern), std::move(template_text)});
    }
    return routes;
  }();
  return compiled;
}

// True when `segments` fit `route`; captures go into `call`.
bool Matches(const CompiledRoute& route, const std::vector<std::string>& segments, Call* call) {
  const std::vector<std::string_view>& parts = route.parts;
  if (parts.size() != segments.size()) return false;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const bool capture = parts[i].starts_with('{');
    if (capture && segments[i].empty()) return false;
    if (!capture && parts[i] != segments[i]) return false;
  }
  for (std::size_t i = 0; call != nullptr && i < parts.size(); ++i) {
    if (parts[i].starts_with('{')) call->SetParam(std::string(parts[i].substr(1, parts[i].size() - 2)), segments[i]);
  }
  return true;
}

// The route for `segments` and the call's method; `path_known` tells whether another method has one.
const CompiledRoute* FindRoute(const Call& call, const std::vector<std::string>& segments, bool& path_known) {
  path_known = false;
  for (const CompiledRoute& route : CompiledRoutes()) {
    if (!Matches(route, segments, nullptr)) continue;
    path_known = true;
    if (route.entry->method == call.request().method()) return &route;
  }
  return nullptr;
}

// The answer when no route matched: a web page, 404 or 405. Never blocks.
Response Unrouted(const Call& call, const std::vector<std::string>& segments, bool path_known, RouteInfo& route) {
  const verb method = call.request().method();
  const StaticFiles* web = call.services().web;
  if (!path_known && web != nullptr && (method == verb::get || method == verb::head) &&
      (segments.empty() || segments.front() != "api")) {
    route.route = method == verb::get ? "GET /{page}" : "HEAD /{page}";  // never the path itself
    return web->Answer(call.request());
  }
  if (!path_known) return call.Fail(engine::Error::not_found);
  return call.Fail(engine::Error::invalid_request, beast_http::status::method_not_allowed,
                   "this method is not allowed here");
}

// The entry answering `call`, with the path parameters set on the call and its template in `route`;
// null when none matches, and then `unrouted` holds the answer (a web page, 404 or 405).
const RouteEntry* Resolve(Call& call, boost::urls::url_view target, RouteInfo& route,
                          std::optional<Response>& unrouted) {
  std::vector<std::string> segments;
  for (auto segment : target.segments()) segments.push_back(segment);  // decoded
  bool path_known = false;
  const CompiledRoute* found = FindRoute(call, segments, path_known);
  if (found == nullptr) {
    unrouted = Unrouted(call, segments, path_known, route);
    return nullptr;
  }
  Matches(*found, segments, &call);
  route.route = found->template_text;
  return found->entry;
}

// The answer refusing `call` for want of proof of work under `pow`, else nullopt.
std::optional<Response> CheckRoutePow(Call& call, RoutePow pow) {
  if (pow == RoutePow::none) return std::nullopt;
  if (pow == RoutePow::any_desk_write) return CheckProofOfWorkOfAnyDesk(call);
  auto desk = call.services().store.SharedDesk(call.Param("desk"));
  if (!desk) return std::nullopt;  // an unknown desk is the handler's to answer
  return CheckProofOfWork(call, **desk, pow == RoutePow::desk_read ? PowUse::read : PowUse::write);
}

Response BadTarget(const Request& request) {
  return ProblemAnswer({engine::Error::invalid_request, "", "the request target is not a valid path"},
                       engine::Language::it, request.version(), false);
}

// A call and what it refers to, kept alive together until its answer is given.
struct LiveCall {
  LiveCall(std::shared_ptr<const Request> shared_request, const RequestContext& request_context, Services& services,
           boost::urls::url_view target)
      : request(std::move(shared_request)), context(request_context), call(*request, context, services, target) {}
  std::shared_ptr<const Request> request;
  RequestContext context;
  Call call;
};

}  // namespace

std::optional<AtOnceAnswer> RouteAtOnce(const Request& request, const RequestContext& context, Services& services,
                                        RouteInfo& route) {
  auto target = boost::urls::parse_origin_form(request.target());
  if (!target) return BadTarget(request);
  try {
    Call call(request, context, services, *target);
    std::optional<Response> unrouted;
    const RouteEntry* entry = Resolve(call, *target, route, unrouted);
    if (entry == nullptr) return unrouted;
    // What runs on the I/O thread never needs a limiter or a session: both may read the database.
    const bool needs_worker = !entry->rate_bucket.empty() || entry->access.staff || entry->access.system;
    if (entry->at_once == nullptr || needs_worker) return std::nullopt;
    return entry->at_once(call);
  } catch (const std::exception& error) {
    logging::Error("http", "internal_error", "internal error on " + std::string(route.route) + ": " + error.what(),
                   {{"route", route.route}, {"error", error.what()}});
  }
  return ProblemAnswer(engine::Error::internal, engine::Language::it, request.version(), false);
}

void RouteLater(std::shared_ptr<const Request> request, const RequestContext& context, Services& services,
                const Reply& reply) {
  RouteInfo route;
  auto target = boost::urls::parse_origin_form(request->target());
  if (!target) return reply(BadTarget(*request), route);
  const unsigned version = request->version();
  try {
    auto live = std::make_shared<LiveCall>(std::move(request), context, services, *target);
    Call& call = live->call;
    std::optional<Response> unrouted;
    const RouteEntry* entry = Resolve(call, *target, route, unrouted);
    if (entry == nullptr) return reply(std::move(*unrouted), route);
    if (!entry->rate_bucket.empty()) {
      if (auto refused = routes::CheckRate(call, entry->rate_bucket, LimitKey(call.context().client_address))) {
        return reply(std::move(*refused), route);
      }
    }
    if (auto refused = Authorize(call, entry->access)) return reply(std::move(*refused), route);
    if (auto refused = CheckRoutePow(call, entry->proof_of_work)) return reply(std::move(*refused), route);
    if (entry->handle.now != nullptr) {
      Response response = entry->handle.now(call);
      route.event_feed = call.event_feed();
      return reply(std::move(response), route);
    }
    // Answered from whichever thread finishes the work; `live` keeps the call alive until then.
    return entry->handle.later(std::shared_ptr<Call>(live, &live->call),
                               [reply, route](Response response) { reply(std::move(response), route); });
  } catch (const std::exception& error) {
    logging::Error("http", "internal_error", "internal error on " + std::string(route.route) + ": " + error.what(),
                   {{"route", route.route}, {"error", error.what()}});
  }
  reply(ProblemAnswer(engine::Error::internal, engine::Language::it, version, false), route);
}

Response Route(const Request& request, const RequestContext& context, Services& services, RouteInfo& route) {
  if (auto at_once = RouteAtOnce(request, context, services, route)) return ToResponse(std::move(*at_once));
  std::promise<std::pair<Response, RouteInfo>> answered;
  RouteLater(std::make_shared<const Request>(request), context, services,
             [&answered](Response response, RouteInfo answered_route) {
               answered.set_value({std::move(response), std::move(answered_route)});
             });
  auto [response, answered_route] = answered.get_future().get();
  route = std::move(answered_route);
  return std::move(response);
}

Handler MakeHandler(Services& services) {
  return Handler(
      [&services](const Request& request, const RequestContext& context, RouteInfo& route) {
        return RouteAtOnce(request, context, services, route);
      },
      [&services](std::shared_ptr<const Request> request, const RequestContext& context, Reply reply) {
        RouteLater(std::move(request), context, services, reply);
      });
}

std::vector<std::string> RouteTemplates() {
  std::vector<std::string> templates;
  for (const CompiledRoute& route : CompiledRoutes()) templates.push_back(route.template_text);
  return templates;
}

}  // namespace sportello::http
