// The staff and administrator API of SPEC.md through Route(): sign-in, roles and desks,
// convocations with staff seats, attendance, calendar edits, pilot flags and the audit log.
#include "api_fixture.h"

#include <set>

using namespace sportello::http::testing;
namespace json = boost::json;
using boost::beast::http::verb;

namespace {

const std::string kThursday = "2026-11-26T09:00:00+01:00";
const std::string kThursdayLater = "2026-11-26T09:20:00+01:00";

std::string Convocation(const std::string& id, const std::string& start) {
  return json::serialize(json::object{{"type", "lavoro-documenti"}, {"start", start}, {"application_id", id}});
}

}  // namespace

TEST_CASE("staff sign in with a password and get a bearer token", "[api][staff]") {
  Api api;
  const std::string token = api.Token("op.roma");
  const Answer me = api.Get("/api/v1/staff/me", Api::Bearer(token));
  REQUIRE(me.status == 200);
  CHECK(me.json.at("role") == "operator");
  CHECK(me.json.at("desk") == "roma");
  const Answer wrong = api.Post("/api/v1/staff/login", R"({"username":"op.roma","password":"guess guess guess"})");
  const Answer unknown = api.Post("/api/v1/staff/login", R"({"username":"nobody","password":"guess guess guess"})");
  CHECK(wrong.status == 401);
  CHECK(wrong.Code() == "unauthorized");
  CHECK(unknown.body == wrong.body);
  CHECK(api.Post("/api/v1/staff/logout", "", Api::Bearer(token)).status == 204);
  CHECK(api.Get("/api/v1/staff/me", Api::Bearer(token)).status == 401);
}

TEST_CASE("tokens expire, missing or malformed ones are 401", "[api][staff][security]") {
  Api api;
  const std::string token = api.Token("op.roma");
  CHECK(api.Get("/api/v1/staff/desks/roma/bookings?date=2026-11-26", Api::Bearer(token)).status == 200);
  CHECK(api.Get("/api/v1/staff/desks/roma/bookings?date=2026-11-26").status == 401);
  CHECK(api.Get("/api/v1/staff/desks/roma/bookings?date=2026-11-26", {{"Authorization", "Basic abc"}}).status == 401);
  CHECK(api.Get("/api/v1/staff/desks/roma/bookings?date=2026-11-26", Api::Bearer("not-a-token")).status == 401);
  api.SetNow("2026-11-24T10:00:00+01:00");  // a day later: the 12-hour session is over
  CHECK(api.Get("/api/v1/staff/desks/roma/bookings?date=2026-11-26", Api::Bearer(token)).Code() == "unauthorized");
}

TEST_CASE("every staff and admin endpoint by role, own desk and other desk", "[api][staff][security]") {
  Api api;
  const Answer booked = api.Post("/api/v1/desks/roma/bookings", BookingBody("A-2", kThursday, kOtherTaxCode));
  REQUIRE(booked.status == 201);
  api.SetNow("2026-11-26T08:30:00+01:00");  // the appointment's day, before it: attendance is accepted
  const std::string code(booked.json.at("code").as_string());
  const std::string calendar = api.Get("/api/v1/staff/desks/roma/calendar", Api::Bearer(api.Token("admin"))).body;
  struct Endpoint {
    verb method;
    std::string target;
    std::string body;
    // Expected status for: operator, manager, admin (each of the roma desk, except admin), and for
    // the operator and manager of milano.
    std::array<unsigned, 5> expected;
  };
  const std::vector<Endpoint> endpoints = {
      {verb::get, "/api/v1/staff/desks/roma/bookings?date=2026-11-26", "", {200, 200, 200, 403, 403}},
      {verb::get, "/api/v1/staff/desks/roma/availability?type=lavoro-documenti&from=2026-11-26&to=2026-11-26", "",
       {200, 200, 200, 403, 403}},
      {verb::post, "/api/v1/staff/desks/roma/bookings", Convocation("A-1", kThursdayLater), {201, 409, 409, 403, 403}},
      // Another desk's booking or application is "not found", as an unknown one: no existence oracle.
      {verb::post, "/api/v1/staff/bookings/" + code + "/attendance", R"({"status":"no_show"})", {200, 200, 200, 404, 404}},
      // The first undo takes the mark back; the others find nothing to undo.
      {verb::delete_, "/api/v1/staff/bookings/" + code + "/attendance", "", {200, 400, 400, 404, 404}},
      {verb::post, "/api/v1/staff/desks/roma/days/2026-11-26/close", "", {200, 200, 200, 403, 403}},
      {verb::get, "/api/v1/staff/bookings/" + code + "/deliveries", "", {200, 200, 200, 404, 404}},
      {verb::get, "/api/v1/staff/desks/roma/calendar", "", {403, 200, 200, 403, 403}},
      {verb::put, "/api/v1/staff/desks/roma/calendar", calendar, {403, 200, 200, 403, 403}},
      {verb::put, "/api/v1/admin/desks/roma/flags", R"({"self_booking":true})", {403, 403, 200, 403, 403}},
      {verb::get, "/api/v1/admin/audit?desk=roma", "", {403, 403, 200, 403, 403}},
      {verb::get, "/api/v1/staff/bookings/" + code, "", {200, 200, 200, 404, 404}},
      {verb::get, "/api/v1/staff/applications/A-2", "", {200, 200, 200, 404, 404}},
      {verb::get, "/api/v1/staff/applications/A-2/export", "", {200, 200, 200, 404, 404}},
      {verb::post, "/api/v1/staff/desks/roma/calendar/preview?from=2026-11-23&to=2026-11-29", calendar,
       {403, 200, 200, 403, 403}},
      {verb::get, "/api/v1/admin/users", "", {403, 403, 200, 403, 403}},
      {verb::post, "/api/v1/admin/users",
       R"({"username":"nuovo","password":"correct horse battery staple","role":"operator","desk":"roma"})",
       {403, 403, 201, 403, 403}},
      {verb::post, "/api/v1/admin/users/nuovo/disable", "", {403, 403, 200, 403, 403}},  // made just above
  };
  const std::array<std::string, 5> users = {"op.roma", "mgr.roma", "admin", "op.milano", "mgr.milano"};
  std::array<std::string, 5> tokens;
  for (std::size_t i = 0; i < users.size(); ++i) tokens[i] = api.Token(users[i]);
  for (const Endpoint& endpoint : endpoints) {
    for (std::size_t i = 0; i < users.size(); ++i) {
      CAPTURE(endpoint.target, users[i]);
      const Answer answer = api.Send(endpoint.method, endpoint.target, endpoint.body, Api::Bearer(tokens[i]));
      CHECK(answer.status == endpoint.expected[i]);
      if (answer.status == 403) CHECK(answer.Code() == "forbidden");
      if (answer.status == 404) {
        // The very answer an unknown code or id gets.
        const std::string unknown = endpoint.target.find("/applications/") != std::string::npos
                                        ? std::string(endpoint.target).replace(endpoint.target.find("A-2"), 3, "A-404")
                                        : std::string(endpoint.target).replace(endpoint.target.find(code), code.size(),
                                                                               "RM-0000-0000-0000");
        const Answer other = api.Send(endpoint.method, unknown, endpoint.body, Api::Bearer(tokens[i]));
        CHECK(other.status == 404);
        CHECK(other.body == answer.body);
      }
    }
    CAPTURE(endpoint.target);
    const Answer anonymous = api.Send(endpoint.method, endpoint.target, endpoint.body);
    CHECK(anonymous.status == 401);
    CHECK(anonymous.Code() == "unauthorized");
  }
  // Every token has expired a day later, whatever the role.
  api.SetNow("2026-11-27T08:30:00+01:00");
  for (const Endpoint& endpoint : endpoints) {
    for (std::size_t i = 0; i < users.size(); ++i) {
      CAPTURE(endpoint.target, users[i]);
      CHECK(api.Send(endpoint.method, endpoint.target, endpoint.body, Api::Bearer(tokens[i])).status == 401);
    }
  }
}

TEST_CASE("a convocation may use the staff seat when online seats are gone", "[api][staff]") {
  Api api;
  REQUIRE(api.Post("/api/v1/desks/roma/bookings", BookingBody("A-1", kThursday)).status == 201);
  REQUIRE(api.Post("/api/v1/desks/roma/bookings", BookingBody("A-3", kThursday)).status == 201);
  CHECK(api.Post("/api/v1/desks/roma/bookings", BookingBody("A-4", kThursday)).Code() == "slot_full");
  const auto staff = Api::Bearer(api.Token("op.roma"));
  const Answer convened = api.Post("/api/v1/staff/desks/roma/bookings", Convocation("A-4", kThursday), staff);
  REQUIRE(convened.status == 201);
  CHECK(convened.json.as_object().contains("manage_token"));
  CHECK(api.Post("/api/v1/staff/desks/roma/bookings", Convocation("A-2", kThursday), staff).Code() == "slot_full");
  // The day sheet lists all three with contact and channel.
  const Answer sheet = api.Get("/api/v1/staff/desks/roma/bookings?date=2026-11-26", staff);
  REQUIRE(sheet.status == 200);
  const auto& bookings = sheet.json.at("bookings").as_array();
  REQUIRE(bookings.size() == 3);
  std::size_t staff_channel = 0;
  for (const auto& booking : bookings) staff_channel += booking.at("channel") == "staff" ? 1 : 0;
  CHECK(staff_channel == 1);
  CHECK(bookings[0].as_object().contains("email"));
  // Staff may convene on a desk without self-booking and inside the applicant notice period.
  const auto milano = Api::Bearer(api.Token("op.milano"));
  CHECK(api.Post("/api/v1/staff/desks/milano/bookings", Convocation("M-1", "2026-11-24T09:00:00+01:00"), milano).status == 201);
}

TEST_CASE("attendance is recorded by the desk's staff from the appointment's day, and undone the same day",
          "[api][staff]") {
  Api api;
  const Answer booked = api.Post("/api/v1/desks/roma/bookings", BookingBody("A-1", kThursday));
  const std::string path = "/api/v1/staff/bookings/" + std::string(booked.json.at("code").as_string()) + "/attendance";
  const Answer early = api.Post(path, R"({"status":"attended"})", Api::Bearer(api.Token("op.roma")));
  CHECK(early.status == 409);
  CHECK(early.Code() == "too_early");

  api.SetNow("2026-11-26T09:05:00+01:00");
  const auto staff = Api::Bearer(api.Token("op.roma"));
  const Answer attended = api.Post(path, R"({"status":"attended"})", staff);
  REQUIRE(attended.status == 200);
  CHECK(attended.json.at("status") == "attended");
  CHECK(api.Post(path, R"({"status":"cancelled"})", staff).status == 400);
  CHECK(api.Post("/api/v1/staff/bookings/RM-0000-0000-0000/attendance", R"({"status":"attended"})", staff).status == 404);

  const Answer undone = api.Send(boost::beast::http::verb::delete_, path, "", staff);
  REQUIRE(undone.status == 200);
  CHECK(undone.json.at("status") == "booked");
  CHECK(api.Send(boost::beast::http::verb::delete_, path, "", staff).status == 400);  // nothing to undo
  // Another desk's booking is not found, as for every booking route.
  CHECK(api.Send(boost::beast::http::verb::delete_, path, "", Api::Bearer(api.Token("op.milano"))).status == 404);
}

TEST_CASE("closing a day marks everyone still expected as no-show", "[api][staff]") {
  Api api;
  const Answer first = api.Post("/api/v1/desks/roma/bookings", BookingBody("A-1", kThursday));
  const Answer second = api.Post("/api/v1/desks/roma/bookings", BookingBody("A-3", kThursdayLater));
  REQUIRE(second.status == 201);
  api.SetNow("2026-11-26T13:00:00+01:00");
  const auto staff = Api::Bearer(api.Token("op.roma"));
  const std::string second_path = "/api/v1/staff/bookings/" + std::string(second.json.at("code").as_string());
  REQUIRE(api.Post(second_path + "/attendance", R"({"status":"attended"})", staff).status == 200);

  const Answer closed = api.Post("/api/v1/staff/desks/roma/days/2026-11-26/close", "", staff);
  REQUIRE(closed.status == 200);
  CHECK(closed.json.at("marked") == 1);
  const Answer sheet = api.Get("/api/v1/staff/desks/roma/bookings?date=2026-11-26", staff);
  std::set<std::string> statuses;
  for (const auto& booking : sheet.json.at("bookings").as_array()) statuses.insert(std::string(booking.at("status").as_string()));
  CHECK(statuses == std::set<std::string>{"attended", "no_show"});
  CHECK(api.Post("/api/v1/staff/desks/roma/days/2026-11-27/close", "", staff).Code() == "too_early");
  CHECK(api.Post("/api/v1/staff/desks/roma/days/26-11-2026/close", "", staff).status == 400);
  CHECK(api.Post("/api/v1/staff/desks/milano/days/2026-11-26/close", "", staff).status == 403);
  CHECK(first.status == 201);
}

TEST_CASE("a manager's calendar change takes effect at once, stranding bookings needs force", "[api][staff][calendar]") {
  Api api;
  const auto manager = Api::Bearer(api.Token("mgr.roma"));
  REQUIRE(api.Post("/api/v1/desks/roma/bookings", BookingBody("A-1", kThursday)).status == 201);
  json::value calendar = json::parse(api.Get("/api/v1/staff/desks/roma/calendar", manager).body);
  auto& rule = calendar.at("types").at("lavoro-documenti").at("weekly").as_array()[0].as_object();
  rule["days"] = json::array{"tue"};  // Thursdays no more
  rule["capacity"] = 5;

  const Answer refused = api.Put("/api/v1/staff/desks/roma/calendar", json::serialize(calendar), manager);
  CHECK(refused.status == 409);
  REQUIRE(refused.json.at("bookings").as_array().size() == 1);
  CHECK(refused.json.at("bookings").as_array()[0].at("start") == json::value(kThursday));
  const std::string week = "/api/v1/desks/roma/availability?type=lavoro-documenti&from=2026-11-30&to=2026-12-06";
  CHECK(api.Get(week).json.at("days").as_array().size() == 2);  // Tuesday and Thursday, unchanged

  const Answer forced = api.Put("/api/v1/staff/desks/roma/calendar?force=true", json::serialize(calendar), manager);
  REQUIRE(forced.status == 200);
  CHECK(forced.json.at("stranded").as_array().size() == 1);
  const Answer after = api.Get(week);
  REQUIRE(after.json.at("days").as_array().size() == 1);
  CHECK(after.json.at("days").as_array()[0].at("date") == "2026-12-01");
  CHECK(after.json.at("days").as_array()[0].at("slots").as_array()[0].at("free") == 5);
}

TEST_CASE("a calendar change may move or cancel the bookings it strands, and says what happened to each",
          "[api][staff][calendar]") {
  Api api;
  const auto manager = Api::Bearer(api.Token("mgr.roma"));
  const Answer first = api.Post("/api/v1/desks/roma/bookings", BookingBody("A-1", kThursday));
  const Answer second = api.Post("/api/v1/desks/roma/bookings", BookingBody("A-3", kThursday));
  REQUIRE(second.status == 201);
  json::value calendar = json::parse(api.Get("/api/v1/staff/desks/roma/calendar", manager).body);
  auto& rule = calendar.at("types").at("lavoro-documenti").at("weekly").as_array()[0].as_object();
  rule["from"] = "09:20";  // the 09:00 slots go

  CHECK(api.Put("/api/v1/staff/desks/roma/calendar?stranded=later", json::serialize(calendar), manager).status == 400);
  const Answer moved = api.Put("/api/v1/staff/desks/roma/calendar?stranded=move", json::serialize(calendar), manager);
  REQUIRE(moved.status == 200);
  const auto& outcomes = moved.json.at("stranded").as_array();
  REQUIRE(outcomes.size() == 2);
  for (const auto& outcome : outcomes) {
    CHECK(outcome.at("outcome") == "moved");
    CHECK(outcome.at("previous_start") == json::value(kThursday));
    CHECK(outcome.at("start") == json::value(kThursdayLater));  // the nearest free seats, 20 minutes later
  }
  CHECK(api.Get("/api/v1/staff/bookings/" + std::string(first.json.at("code").as_string()), manager).json.at("start") ==
        json::value(kThursdayLater));

  rule["from"] = "09:40";  // now the 09:20 ones go: cancel them
  const Answer cancelled = api.Put("/api/v1/staff/desks/roma/calendar?stranded=cancel", json::serialize(calendar), manager);
  REQUIRE(cancelled.status == 200);
  REQUIRE(cancelled.json.at("stranded").as_array().size() == 2);
  CHECK(cancelled.json.at("stranded").as_array()[0].at("outcome") == "cancelled");
  CHECK(cancelled.json.at("stranded").as_array()[0].at("status") == "cancelled");
}

TEST_CASE("the day of the visit: check-in gives a ticket, counters call it, done marks the booking attended",
          "[api][staff][visit]") {
  Api api;
  const Answer booked = api.Post("/api/v1/desks/roma/bookings", BookingBody("A-1", kThursday));
  REQUIRE(booked.status == 201);
  const std::string code(booked.json.at("code").as_string());
  const std::string checkin_body = R"({"code":")" + code + R"("})";
  const auto staff = Api::Bearer(api.Token("op.roma"));
  CHECK(api.Post("/api/v1/desks/roma/checkin", checkin_body, staff).Code() == "not_checkable");  // not today

  api.SetNow("2026-11-26T07:30:00+01:00");
  const auto morning = Api::Bearer(api.Token("op.roma"));
  CHECK(api.Post("/api/v1/desks/roma/checkin", checkin_body, morning).Code() == "outside_checkin_window");
  CHECK(api.Post("/api/v1/desks/roma/checkin", checkin_body).status == 401);
  CHECK(api.Post("/api/v1/desks/roma/checkin", checkin_body, Api::Bearer(api.Token("op.milano"))).status == 403);
  CHECK(api.Post("/api/v1/desks/roma/checkin", R"({"code":7})", morning).status == 400);

  api.SetNow("2026-11-26T08:45:00+01:00");
  const Answer ticket = api.Post("/api/v1/desks/roma/checkin", checkin_body, morning);
  REQUIRE(ticket.status == 201);
  CHECK(ticket.json.at("number") == "A001");
  CHECK(ticket.json.at("ticket") == "roma-20261126-A001");
  CHECK(ticket.json.at("state") == "waiting");
  CHECK(ticket.json.at("position") == 1);
  CHECK(ticket.json.at("booking_code") == json::value(code));
  CHECK(api.Post("/api/v1/desks/roma/checkin", checkin_body, morning).status == 200);  // the same ticket again

  const Answer walk_in = api.Post("/api/v1/staff/desks/roma/walkins", R"({"application_id":"A-3","urgent":true})", morning);
  REQUIRE(walk_in.status == 201);
  CHECK(walk_in.json.at("number") == "W002");
  CHECK(api.Post("/api/v1/staff/desks/roma/walkins", R"({"application_id":"M-1"})", morning).status == 404);
  const Answer queue = api.Get("/api/v1/staff/desks/roma/queue", morning);
  REQUIRE(queue.json.at("tickets").as_array().size() == 2);
  CHECK(queue.json.at("tickets").as_array()[0].at("number") == "W002");  // urgent first

  const Answer first = api.Post("/api/v1/staff/desks/roma/queue/next", R"({"counter":"3"})", morning);
  REQUIRE(first.status == 200);
  CHECK(first.json.at("number") == "W002");
  CHECK(first.json.at("counter") == "3");
  api.SetNow("2026-11-26T08:47:00+01:00");
  const Answer second = api.Post("/api/v1/staff/desks/roma/queue/next", R"({"counter":"4"})", morning);
  REQUIRE(second.status == 200);
  CHECK(second.json.at("number") == "A001");
  CHECK(api.Post("/api/v1/staff/desks/roma/queue/next", R"({"counter":"4"})", morning).status == 204);
  const Answer display = api.Get("/api/v1/desks/roma/display");  // public: no sign-in
  REQUIRE(display.status == 200);
  CHECK(display.json == json::parse(R"({"called":[
    {"number":"A001","counter":"4","called_at":"2026-11-26T08:47:00+01:00"},
    {"number":"W002","counter":"3","called_at":"2026-11-26T08:45:00+01:00"}]})"));
  const Answer done = api.Post("/api/v1/staff/tickets/roma-20261126-A001/done", "", morning);
  REQUIRE(done.status == 200);
  CHECK(done.json.at("state") == "done");
  CHECK(api.Get("/api/v1/staff/bookings/" + code, morning).json.at("status") == "attended");
  // The applicant rates the visit with the manage link, once.
  const std::string feedback = "/api/v1/bookings/" + code + "/feedback?token=" +
                               std::string(booked.json.at("manage_token").as_string());
  CHECK(api.Post("/api/v1/bookings/" + code + "/feedback?token=wrong", R"({"rating":5})").status == 404);
  CHECK(api.Post(feedback, R"({"rating":"five"})").status == 400);
  const Answer rated = api.Post(feedback, R"({"rating":5,"comment":"Veloci e gentili"})");
  REQUIRE(rated.status == 201);
  CHECK(rated.json.at("rating") == 5);
  CHECK(api.Post(feedback, R"({"rating":4})").Code() == "already_rated");
  CHECK(api.Post("/api/v1/staff/tickets/roma-20261126-A001/done", "", Api::Bearer(api.Token("op.milano"))).status == 404);
  CHECK(api.Post("/api/v1/staff/tickets/roma-20261126-A009/recall", "", morning).status == 404);
}

TEST_CASE("an invalid calendar is refused whole with every error", "[api][staff][calendar]") {
  Api api;
  const auto manager = Api::Bearer(api.Token("mgr.roma"));
  json::value calendar = json::parse(api.Get("/api/v1/staff/desks/roma/calendar", manager).body);
  calendar.at("types").at("lavoro-documenti").at("weekly").as_array()[0].as_object()["to"] = "08:00";
  calendar.as_object()["province"] = "Roma";
  const Answer refused = api.Put("/api/v1/staff/desks/roma/calendar", json::serialize(calendar), manager);
  CHECK(refused.status == 400);
  CHECK(refused.json.at("errors").as_array().size() == 2);
  calendar = json::parse(api.Get("/api/v1/staff/desks/roma/calendar", manager).body);
  calendar.as_object()["desk"] = "milano";
  CHECK(api.Put("/api/v1/staff/desks/roma/calendar", json::serialize(calendar), manager).status == 400);
}

TEST_CASE("an admin's pilot flag opens and closes applicant booking at once, audited", "[api][admin]") {
  Api api;
  const auto admin = Api::Bearer(api.Token("admin"));
  const std::string availability = "/api/v1/desks/milano/availability?type=lavoro-documenti&from=2026-11-26&to=2026-11-26";
  CHECK(api.Get(availability).Code() == "self_booking_disabled");
  const Answer opened = api.Put("/api/v1/admin/desks/milano/flags", R"({"self_booking":true})", admin);
  REQUIRE(opened.status == 200);
  CHECK(opened.json.at("self_booking") == true);
  CHECK(api.Get(availability).status == 200);
  CHECK(api.Post("/api/v1/desks/milano/bookings", BookingBody("M-1", kThursday)).status == 201);
  REQUIRE(api.Put("/api/v1/admin/desks/milano/flags", R"({"self_booking":false})", admin).status == 200);
  CHECK(api.Get(availability).Code() == "self_booking_disabled");
  CHECK(api.Put("/api/v1/admin/desks/milano/flags", R"({"self_booking":"yes"})", admin).status == 400);
  CHECK(api.Put("/api/v1/admin/desks/torino/flags", R"({"self_booking":true})", admin).status == 404);

  // The whole log has entries of both desks (the booking above is roma's too, made by the
  // applicant); filtered by desk, every entry is milano's, the two flag changes among them.
  REQUIRE(api.Put("/api/v1/admin/desks/roma/flags", R"({"self_booking":true})", admin).status == 200);
  const Answer everything = api.Get("/api/v1/admin/audit", admin);
  REQUIRE(everything.status == 200);
  std::set<std::string> desks_logged;
  for (const auto& entry : everything.json.at("entries").as_array()) desks_logged.insert(std::string(entry.at("desk").as_string()));
  CHECK(desks_logged.count("roma") == 1);
  CHECK(desks_logged.count("milano") == 1);
  const Answer audit = api.Get("/api/v1/admin/audit?desk=milano", admin);
  REQUIRE(audit.status == 200);
  const auto& entries = audit.json.at("entries").as_array();
  int flag_changes = 0;
  for (const auto& entry : entries) {
    CHECK(entry.at("desk") == "milano");
    if (entry.at("action") == "flags.self_booking" && entry.at("actor") == "staff:admin") ++flag_changes;
  }
  CHECK(flag_changes == 2);
  CHECK(entries[0].at("actor") == "staff:admin");
  CHECK(api.Get("/api/v1/admin/audit?limit=0", admin).status == 400);
}

TEST_CASE("desk statistics per type and day", "[api][staff][stats]") {
  Api api;
  const Answer first = api.Post("/api/v1/desks/roma/bookings", BookingBody("A-1", kThursday));
  const Answer second = api.Post("/api/v1/desks/roma/bookings", BookingBody("A-3", kThursdayLater));
  REQUIRE(first.status == 201);
  REQUIRE(second.status == 201);
  REQUIRE(api.Post("/api/v1/bookings/" + std::string(second.json.at("code").as_string()) + "/cancel?token=" +
                       std::string(second.json.at("manage_token").as_string()), "").status == 200);
  api.SetNow("2026-11-26T09:10:00+01:00");  // the day of the appointments
  const auto staff = Api::Bearer(api.Token("op.roma"));
  REQUIRE(api.Post("/api/v1/staff/bookings/" + std::string(first.json.at("code").as_string()) + "/attendance",
                   R"({"status":"attended"})", staff).status == 200);
  const Answer stats = api.Get("/api/v1/staff/desks/roma/stats?from=2026-11-23&to=2026-11-29", staff);
  REQUIRE(stats.status == 200);
  const json::value* thursday = nullptr;
  std::size_t rows = 0;
  for (const auto& row : stats.json.at("days").as_array()) {
    ++rows;
    if (row.at("type") == "lavoro-documenti" && row.at("date") == "2026-11-26") thursday = &row;
  }
  CHECK(rows == 3);  // lavoro-documenti Tuesday and Thursday, lavoro-nulla-osta Tuesday
  REQUIRE(thursday != nullptr);
  CHECK(thursday->at("bookings") == 2);
  CHECK(thursday->at("cancellations") == 1);
  CHECK(thursday->at("attended") == 1);
  CHECK(thursday->at("no_shows") == 0);
  CHECK(thursday->at("seats_offered") == 9);  // 3 slots × (2 online + 1 staff)
  CHECK(thursday->at("seats_used") == 1);
  // Booked on Monday 23 at 10:00 for Thursday 26 at 09:00 and 09:20: 2 days 23 hours ahead and a bit.
  CHECK(thursday->at("average_lead_days").as_double() >= 2.958);
  CHECK(thursday->at("average_lead_days").as_double() <= 2.973);
  CHECK(api.Get("/api/v1/staff/desks/roma/stats?from=2026-11-29&to=2026-11-23", staff).status == 400);
  CHECK(api.Get("/api/v1/staff/desks/milano/stats?from=2026-11-23&to=2026-11-29", staff).status == 403);
}

TEST_CASE("staff move, cancel and send the link again for the applicant at the counter", "[api][staff]") {
  Api api;
  const Answer made = api.Post("/api/v1/desks/roma/bookings", BookingBody("A-1", kThursday));
  REQUIRE(made.status == 201);
  const std::string code(made.json.at("code").as_string());
  const std::string old_token(made.json.at("manage_token").as_string());
  const auto staff = Api::Bearer(api.Token("op.roma"));
  const std::string path = "/api/v1/staff/bookings/" + code;

  // The applicant's window does not bind staff; their seats may be used.
  const Answer moved = api.Post(path + "/reschedule", R"({"start":"2026-11-26T09:20:00+01:00"})", staff);
  REQUIRE(moved.status == 200);
  CHECK(moved.json.at("start") == "2026-11-26T09:20:00+01:00");
  CHECK(moved.json.at("channel") == "staff");
  CHECK(api.Post(path + "/reschedule", R"({"start":"soon"})", staff).Code() == "invalid_request");

  const Answer resent = api.Post(path + "/resend-link", "", staff);
  CHECK(resent.status == 202);
  CHECK(api.Get("/api/v1/bookings/" + code, {{"X-Booking-Token", old_token}}).status == 404);
  const Answer deliveries = api.Get(path + "/deliveries", staff);
  REQUIRE(deliveries.status == 200);
  const json::array& sent = deliveries.json.at("deliveries").as_array();
  REQUIRE(sent.size() == 3);  // confirmation, reschedule, and the link again
  CHECK(sent[1].at("kind") == "reschedule");
  CHECK(sent[2].at("kind") == "confirmation");

  // Nowhere to send the link: 204, nothing changes.
  const Answer no_email = api.Post("/api/v1/desks/roma/bookings", BookingBody("A-2", kThursday, kOtherTaxCode));
  REQUIRE(no_email.status == 201);
  const std::string no_email_code(no_email.json.at("code").as_string());
  CHECK(api.Post("/api/v1/staff/bookings/" + no_email_code + "/resend-link", "", staff).status == 204);

  const Answer cancelled = api.Post(path + "/cancel", "", staff);
  REQUIRE(cancelled.status == 200);
  CHECK(cancelled.json.at("status") == "cancelled");
  auto audit = api.Get("/api/v1/admin/audit?desk=roma&limit=5", Api::Bearer(api.Token("admin")));
  REQUIRE(audit.status == 200);
  CHECK(audit.json.at("entries").as_array()[0].at("action") == "booking.cancel");
  CHECK(audit.json.at("entries").as_array()[0].at("actor") == "staff:op.roma");
  CHECK(api.Post(path + "/resend-link", "", staff).Code() == "invalid_request");  // not booked any more
  CHECK(api.Post("/api/v1/staff/bookings/" + no_email_code + "/cancel", "", Api::Bearer(api.Token("op.milano"))).status ==
        404);

  // Never in the past: once the appointment began, staff neither move nor cancel it.
  api.SetNow("2026-11-26T09:01:00+01:00");
  const auto later = Api::Bearer(api.Token("op.roma"));
  CHECK(api.Post("/api/v1/staff/bookings/" + no_email_code + "/cancel", "", later).Code() == "too_late_to_change");
  CHECK(api.Post("/api/v1/staff/bookings/" + no_email_code + "/reschedule", R"({"start":"2026-11-26T09:40:00+01:00"})",
                 later).Code() == "too_late_to_change");
}

TEST_CASE("staff export everything held about an application as a JSON download", "[api][staff][privacy]") {
  Api api;
  const Answer booked = api.Post("/api/v1/desks/roma/bookings", BookingBody("A-1", kThursday));
  REQUIRE(booked.status == 201);
  const std::string code(booked.json.at("code").as_string());
  const auto staff = Api::Bearer(api.Token("op.roma"));
  const std::string token(booked.json.at("manage_token").as_string());
  REQUIRE(api.Post("/api/v1/bookings/" + code + "/cancel?token=" + token, "").status == 200);

  const Answer exported = api.Get("/api/v1/staff/applications/A-1/export", staff);
  REQUIRE(exported.status == 200);
  CHECK(exported.headers.find("Content-Disposition: attachment; filename=\"application-A-1.json\"\n") !=
        std::string::npos);
  const json::object& document = exported.json.as_object();
  const json::object& application = document.at("application").as_object();
  CHECK(application.at("application_id") == "A-1");
  CHECK(application.at("tax_code") == "RSSMRA85T10A562S");
  CHECK(application.at("contacts_erased") == false);
  const json::array& bookings = document.at("bookings").as_array();
  REQUIRE(bookings.size() == 1);
  CHECK(bookings[0].at("code") == json::value(code));
  CHECK(bookings[0].at("status") == "cancelled");
  CHECK(bookings[0].at("deliveries").as_array().size() == 2);  // confirmation, cancellation
  const json::array& audit = document.at("audit").as_array();
  REQUIRE(audit.size() == 2);
  CHECK(audit[0].at("action") == "booking.create");
  CHECK(audit[1].at("action") == "booking.cancel");
  CHECK(audit[1].at("actor") == "applicant");
  CHECK(exported.body.find(token) == std::string::npos);
  CHECK(exported.body.find("token") == std::string::npos);  // nor its hash
}

TEST_CASE("staff look-ups of codes and ids are limited per address", "[api][staff][abuse]") {
  Api api;
  std::map<std::string, sportello::http::RateLimit> limits = sportello::http::DefaultRateLimits();
  limits["staff_lookup"] = {.per_second = 0.001, .burst = 3};
  api.UseRateLimits(limits);
  const auto staff = Api::Bearer(api.Token("op.roma"));
  for (int i = 0; i < 3; ++i) CHECK(api.Get("/api/v1/staff/applications/A-40" + std::to_string(i), staff).status == 404);
  const Answer limited = api.Get("/api/v1/staff/applications/A-1", staff);
  CHECK(limited.status == 429);
  CHECK(limited.Code() == "rate_limited");
  CHECK(api.Get("/api/v1/staff/bookings/RM-0000-0000-0000", staff).status == 429);
  CHECK(api.Get("/api/v1/staff/desks/roma/bookings?date=2026-11-26", staff).status == 200);  // not a look-up
  api.SetClientAddress("127.0.0.2");
  CHECK(api.Get("/api/v1/staff/applications/A-1", staff).status == 200);
}

TEST_CASE("sign-ins beyond the password checks under way are refused at once with 503 and Retry-After",
          "[api][staff][abuse]") {
  Api api;
  sportello::http::PasswordGate gate(1);
  api.UsePasswordGate(gate);
  const std::string login = json::serialize(json::object{{"username", "op.roma"}, {"password", kPassword}});
  {
    auto held = gate.TryEnter();  // a sign-in under way elsewhere
    REQUIRE(held.has_value());
    const Answer busy = api.Post("/api/v1/staff/login", login);
    CHECK(busy.status == 503);
    CHECK(busy.Code() == "unavailable");
    CHECK(busy.retry_after == "1");
    CHECK(api.Get("/api/v1/desks/roma/availability?type=lavoro-documenti&from=2026-11-26&to=2026-11-26").status ==
          200);  // applicants are not held up
  }
  CHECK(api.Post("/api/v1/staff/login", login).status == 200);
  CHECK(api.Post("/api/v1/staff/login", login).status == 200);  // each check gives its place back
}

TEST_CASE("wrong passwords for one person from an address do not lock out another person there",
          "[api][staff][abuse]") {
  Api api;
  std::map<std::string, sportello::http::RateLimit> limits = sportello::http::DefaultRateLimits();
  limits["login_user"] = {.per_second = 0.001, .burst = 3};
  api.UseRateLimits(limits);
  api.SetClientAddress("2001:db8:1:2::10");  // one office, one /64
  const auto login = [&](const char* username, const char* password) {
    return api.Post("/api/v1/staff/login", json::serialize(json::object{{"username", username}, {"password", password}}));
  };
  for (int i = 0; i < 3; ++i) CHECK(login("op.roma", "wrong password here").status == 401);
  CHECK(login("op.roma", kPassword).status == 429);  // that name from this place waits
  api.SetClientAddress("2001:db8:1:2::99");           // another machine of the same /64: the same place
  CHECK(login("op.roma", kPassword).Code() == "rate_limited");
  CHECK(login("mgr.roma", kPassword).status == 200);  // a colleague at the same place signs in
  api.SetClientAddress("198.51.100.20");
  CHECK(login("op.roma", kPassword).status == 200);  // the person, from elsewhere
}
