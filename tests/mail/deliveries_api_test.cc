// GET /api/v1/staff/bookings/{code}/deliveries: staff of the booking's desk (or an admin) see what
// became of each message; booking through the API wakes the delivery worker.
#include "../http/api_fixture.h"

#include <fstream>
#include <sstream>

namespace sportello::http::testing {
namespace {

namespace json = boost::json;
namespace beast_http = boost::beast::http;

std::string BookOne(Api& api) {
  const Answer booked = api.Post("/api/v1/desks/roma/bookings", BookingBody("A-1", "2026-11-26T09:00:00+01:00"));
  REQUIRE(booked.status == 201);
  return std::string(booked.json.at("code").as_string());
}

TEST_CASE("staff see each message of a booking with its kind, status, attempts and times") {
  Api api;
  const std::string code = BookOne(api);
  const Answer answer = api.Get("/api/v1/staff/bookings/" + code + "/deliveries", Api::Bearer(api.Token("op.roma")));
  REQUIRE(answer.status == 200);
  CHECK(api.last_route() == "GET /api/v1/staff/bookings/{code}/deliveries");
  CHECK(answer.json.at("code").as_string() == code);
  const json::array& list = answer.json.at("deliveries").as_array();
  REQUIRE(list.size() == 1);
  const json::object& first = list[0].as_object();
  CHECK(first.at("kind").as_string() == "confirmation");
  CHECK(first.at("channel").as_string() == "email");
  CHECK(first.at("status").as_string() == "queued");
  CHECK(first.at("recipient").as_string() == "a1@example.org");
  CHECK(first.at("attempts").as_int64() == 0);
  CHECK(first.at("last_error").is_null());
  CHECK(first.at("sent_at").is_null());
  CHECK(first.at("created_at").as_string() == "2026-11-23T10:00:00+01:00");
  CHECK(first.at("next_attempt_at").as_string() == "2026-11-23T10:00:00+01:00");
  CHECK(first.at("appointment_start").as_string() == "2026-11-26T09:00:00+01:00");
  CHECK_FALSE(first.contains("manage_token"));
}

TEST_CASE("a visit marked attended, at a counter or on the day sheet, invites the applicant to rate it, and a no-show does not") {
  Api api;
  const std::string at_counter = BookOne(api);
  const Answer other = api.Post("/api/v1/desks/roma/bookings", BookingBody("A-3", "2026-11-26T09:20:00+01:00"));
  REQUIRE(other.status == 201);
  const std::string on_sheet(other.json.at("code").as_string());
  api.SetNow("2026-11-26T08:50:00+01:00");
  const auto staff = Api::Bearer(api.Token("op.roma"));
  const auto kinds = [&](const std::string& code) {
    const Answer answer = api.Get("/api/v1/staff/bookings/" + code + "/deliveries", staff);
    std::vector<std::string> found;
    for (const auto& delivery : answer.json.at("deliveries").as_array()) found.emplace_back(delivery.at("kind").as_string());
    return found;
  };
  REQUIRE(api.Post("/api/v1/desks/roma/checkin", R"({"code":")" + at_counter + R"("})", staff).status == 201);
  REQUIRE(api.Post("/api/v1/staff/desks/roma/queue/next", R"({"counter":"1"})", staff).status == 200);
  REQUIRE(api.Post("/api/v1/staff/tickets/roma-20261126-A001/done", "", staff).status == 200);
  CHECK(kinds(at_counter) == std::vector<std::string>{"confirmation", "feedback"});

  REQUIRE(api.Post("/api/v1/staff/bookings/" + on_sheet + "/attendance", R"({"status":"no_show"})", staff).status == 200);
  CHECK(kinds(on_sheet) == std::vector<std::string>{"confirmation"});
  REQUIRE(api.Post("/api/v1/staff/bookings/" + on_sheet + "/attendance", R"({"status":"attended"})", staff).status == 200);
  const json::array list =
      api.Get("/api/v1/staff/bookings/" + on_sheet + "/deliveries", staff).json.at("deliveries").as_array();
  REQUIRE(list.size() == 2);
  CHECK(list[1].at("kind") == "feedback");
  CHECK(list[1].at("status") == "no_address");  // A-3 gave no e-mail address
}

TEST_CASE("deliveries: another desk's operator is refused, an admin is not, strangers are not let in") {
  Api api;
  const std::string code = BookOne(api);
  const std::string target = "/api/v1/staff/bookings/" + code + "/deliveries";
  CHECK(api.Get(target, Api::Bearer(api.Token("op.milano"))).Code() == "not_found");  // as if unknown
  CHECK(api.Get(target, Api::Bearer(api.Token("admin"))).status == 200);
  CHECK(api.Get(target, Api::Bearer(api.Token("mgr.roma"))).status == 200);
  CHECK(api.Get(target).status == 401);
  CHECK(api.Get("/api/v1/staff/bookings/RM-0000-0000-0000/deliveries", Api::Bearer(api.Token("admin"))).status == 404);
}

TEST_CASE("booking, moving and cancelling through the API wake the delivery worker, failures do not") {
  Api api;
  std::ifstream in(std::string(SPORTELLO_SOURCE_DIR) + "/calendars/types.json");
  std::stringstream text;
  text << in.rdbuf();
  const engine::Catalogue catalogue = *engine::ParseCatalogue(text.str()).value;
  int nudges = 0;
  const engine::Instant now = *engine::ParseInstant("2026-11-23T10:00:00+01:00");
  Services services{api.store(), catalogue, [now] { return now; }};
  services.outbox_changed = [&nudges] { ++nudges; };
  auto send = [&](beast_http::verb method, const std::string& target, const std::string& body) {
    Request request{method, target, 11};
    request.set(beast_http::field::content_type, "application/json");
    request.body() = body;
    request.prepare_payload();
    RouteInfo route;
    return Route(request, RequestContext{"127.0.0.1", {}}, services, route);
  };
  Response booked = send(beast_http::verb::post, "/api/v1/desks/roma/bookings", BookingBody("A-1", "2026-11-26T09:00:00+01:00"));
  REQUIRE(booked.result_int() == 201);
  CHECK(nudges == 1);
  const json::value booking = json::parse(booked.body());
  const std::string code(booking.at("code").as_string());
  const std::string token(booking.at("manage_token").as_string());
  CHECK(send(beast_http::verb::post, "/api/v1/desks/roma/bookings", BookingBody("A-1", "2026-11-26T09:20:00+01:00"))
            .result_int() == 409);  // already booked: no message, no nudge
  CHECK(nudges == 1);
  CHECK(send(beast_http::verb::post, "/api/v1/bookings/" + code + "/reschedule?token=" + token,
             R"({"start":"2026-11-26T09:20:00+01:00"})").result_int() == 200);
  CHECK(nudges == 2);
  CHECK(send(beast_http::verb::post, "/api/v1/bookings/" + code + "/cancel?token=" + token, "").result_int() == 200);
  CHECK(nudges == 3);
  CHECK(send(beast_http::verb::post, "/api/v1/bookings/" + code + "/cancel?token=" + token, "").result_int() == 200);
  CHECK(nudges == 3);  // cancelling again changes nothing
  CHECK(api.store().DeliveriesOf(code).value().size() == 3);
}

}  // namespace
}  // namespace sportello::http::testing
