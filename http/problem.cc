#include "http/problem.h"

#include "http/messages.h"

#include <boost/beast/http/field.hpp>
#include <boost/json.hpp>

namespace sportello::http {

namespace beast_http = boost::beast::http;
using engine::Error;

beast_http::status StatusOf(Error error) {
  switch (error) {
    case Error::invalid_request: return beast_http::status::bad_request;
    case Error::not_found: return beast_http::status::not_found;
    case Error::self_booking_disabled:
    case Error::application_not_verified:
    case Error::type_not_allowed:
    case Error::forbidden:
    case Error::proof_of_work_required: return beast_http::status::forbidden;
    case Error::outside_booking_window:
    case Error::not_a_slot: return beast_http::status::unprocessable_entity;
    case Error::slot_full:
    case Error::already_booked:
    case Error::too_late_to_change:
    case Error::too_early:
    case Error::outside_checkin_window:
    case Error::not_checkable:
    case Error::not_attended:
    case Error::already_rated:
    case Error::waitlist_closed:
    case Error::already_waiting:
    case Error::no_offer:
    case Error::offer_expired:
    case Error::outside_reconfirm_window:
    case Error::draw_in_progress:
    case Error::draw_closed:
    case Error::already_requested:
    case Error::already_claimed:
    case Error::question_closed:
    case Error::too_many_questions: return beast_http::status::conflict;
    case Error::unauthorized: return beast_http::status::unauthorized;
    case Error::rate_limited: return beast_http::status::too_many_requests;
    case Error::payload_too_large: return beast_http::status::payload_too_large;
    case Error::internal: return beast_http::status::internal_server_error;
    case Error::unavailable: return beast_http::status::service_unavailable;
  }
  return beast_http::status::internal_server_error;
}

beast_http::status StatusOf(const engine::Problem& problem) {
  return problem.conflict ? beast_http::status::conflict : StatusOf(problem.code);
}

namespace {

Response Build(const engine::Problem& problem, beast_http::status status, engine::Language language, unsigned version,
               bool keep_alive, const boost::json::object* extensions) {
  const std::string_view code = engine::ErrorCode(problem.code);
  const std::string described = problem.Describe();
  boost::json::object body{
      {"type", "/problems/" + std::string(code)},
      {"title", ErrorTitle(problem.code, language)},
      {"status", static_cast<int>(status)},
      {"detail", described.empty() ? ErrorTitle(problem.code, language) : described},
      {"code", code},
  };
  if (!problem.field.empty()) body["field"] = problem.field;
  if (extensions != nullptr) {
    for (const auto& member : *extensions) body.insert_or_assign(member.key(), member.value());
  }
  Response response{status, version};
  response.set(beast_http::field::content_type, "application/problem+json");
  response.set(beast_http::field::cache_control, "no-store");
  response.keep_alive(keep_alive);
  response.body() = boost::json::serialize(body);
  response.prepare_payload();
  return response;
}

}  // namespace

Response ProblemAnswer(const engine::Problem& problem, engine::Language language, unsigned version, bool keep_alive,
                       const boost::json::object* extensions) {
  return Build(problem, StatusOf(problem), language, version, keep_alive, extensions);
}

Response ProblemAnswer(const engine::Problem& problem, beast_http::status status, engine::Language language,
                       unsigned version, bool keep_alive) {
  return Build(problem, status, language, version, keep_alive, nullptr);
}

}  // namespace sportello::http
