// The day of the visit through Route(), beyond the calling queue (staff_api_test): the kiosk's
// device account, the ticket as the applicant sees it, and waits and ratings in the statistics.
#include "api_fixture.h"

using namespace sportello::http::testing;
namespace json = boost::json;

namespace {

const std::string kThursday = "2026-11-26T09:00:00+01:00";
const std::string kThursdayLater = "2026-11-26T09:20:00+01:00";

std::string Str(const json::value& value) { return std::string(value.as_string()); }

struct Booked {
  std::string code;
  std::string manage;  // "/api/v1/bookings/{code}?token=…"
};

Booked Book(Api& api, const std::string& application, const std::string& start) {
  const Answer made = api.Post("/api/v1/desks/roma/bookings", BookingBody(application, start));
  REQUIRE(made.status == 201);
  const std::string code = Str(made.json.at("code"));
  return {code, "/api/v1/bookings/" + code + "?token=" + Str(made.json.at("manage_token"))};
}

std::string CheckinBody(const Booked& booked) { return json::serialize(json::object{{"code", booked.code}}); }

}  // namespace

TEST_CASE("a kiosk signs in and may only check people in at its own desk", "[api][visit][security]") {
  Api api;
  const Booked booked = Book(api, "A-1", kThursday);
  api.SetNow("2026-11-26T08:30:00+01:00");
  const auto kiosk = Api::Bearer(api.Token("kiosk.roma"));
  const Answer me = api.Get("/api/v1/staff/me", kiosk);
  REQUIRE(me.status == 200);
  CHECK(me.json.at("role") == "kiosk");
  CHECK(me.json.at("desk") == "roma");

  const Answer ticket = api.Post("/api/v1/desks/roma/checkin", CheckinBody(booked), kiosk);
  REQUIRE(ticket.status == 201);
  CHECK(ticket.json.at("number") == "A001");
  CHECK(api.Post("/api/v1/desks/milano/checkin", CheckinBody(booked), kiosk).status == 403);
  // Nothing else: not the queue, not the day sheet, not a booking, not a walk-in, not the calendar.
  CHECK(api.Get("/api/v1/staff/desks/roma/queue", kiosk).status == 403);
  CHECK(api.Get("/api/v1/staff/desks/roma/bookings?date=2026-11-26", kiosk).status == 403);
  CHECK(api.Get("/api/v1/staff/bookings/" + booked.code, kiosk).status == 403);
  CHECK(api.Post("/api/v1/staff/desks/roma/walkins", R"({"application_id":"A-3"})", kiosk).status == 403);
  CHECK(api.Post("/api/v1/staff/desks/roma/queue/next", R"({"counter":"1"})", kiosk).status == 403);
  CHECK(api.Get("/api/v1/staff/desks/roma/calendar", kiosk).status == 403);
  CHECK(api.Get("/api/v1/admin/users", kiosk).status == 403);
  CHECK(api.Post("/api/v1/staff/logout", "", kiosk).status == 204);
  CHECK(api.Get("/api/v1/staff/me", kiosk).status == 401);

  // An admin creates kiosk accounts like any other, always for one desk.
  const auto admin = Api::Bearer(api.Token("admin"));
  CHECK(api.Post("/api/v1/admin/users",
                 R"({"username":"kiosk.roma2","password":"a long enough password","role":"kiosk","desk":"roma"})", admin)
            .status == 201);
  CHECK(api.Post("/api/v1/admin/users", R"({"username":"kiosk.x","password":"a long enough password","role":"kiosk"})",
                 admin)
            .status == 400);
}

TEST_CASE("the applicant's booking shows the ticket, the place and the wait, then asks for a rating once",
          "[api][visit]") {
  Api api;
  const Booked first = Book(api, "A-1", kThursday);
  const Booked second = Book(api, "A-3", kThursday);
  CHECK_FALSE(api.Get(first.manage).json.as_object().contains("ticket"));
  api.SetNow("2026-11-26T08:40:00+01:00");
  const auto staff = Api::Bearer(api.Token("op.roma"));
  REQUIRE(api.Post("/api/v1/desks/roma/checkin", CheckinBody(first), staff).status == 201);
  const Answer checked_in = api.Post("/api/v1/desks/roma/checkin", CheckinBody(second), staff);
  REQUIRE(checked_in.status == 201);
  // Nobody served yet, no counter open: 10 minutes a person, one counter.
  CHECK(checked_in.json.at("position") == 2);
  CHECK(checked_in.json.at("estimated_wait_minutes") == 20);

  api.SetNow("2026-11-26T08:50:00+01:00");
  REQUIRE(api.Post("/api/v1/staff/desks/roma/queue/next", R"({"counter":"2"})", staff).json.at("number") == "A001");
  api.SetNow("2026-11-26T08:56:00+01:00");
  REQUIRE(api.Post("/api/v1/staff/tickets/roma-20261126-A001/done", "", staff).status == 200);
  // The day's pace is now 6 minutes a person, at the one counter open.
  const Answer waiting = api.Get(second.manage);
  REQUIRE(waiting.status == 200);
  CHECK(waiting.json.at("ticket").at("number") == "A002");
  CHECK(waiting.json.at("ticket").at("state") == "waiting");
  CHECK(waiting.json.at("ticket").at("position") == 1);
  CHECK(waiting.json.at("ticket").at("estimated_wait_minutes") == 6);
  CHECK_FALSE(waiting.json.as_object().contains("rated"));  // not attended yet

  const Answer attended = api.Get(first.manage);
  CHECK(attended.json.at("status") == "attended");
  CHECK(attended.json.at("ticket").at("state") == "done");
  CHECK_FALSE(attended.json.at("ticket").as_object().contains("position"));
  CHECK(attended.json.at("rated") == false);
  const std::string feedback = "/api/v1/bookings/" + first.code + "/feedback?" + first.manage.substr(first.manage.find("token="));
  REQUIRE(api.Post(feedback, R"({"rating":4,"comment":"Chiaro e veloce"})").status == 201);
  CHECK(api.Get(first.manage).json.at("rated") == true);
}

TEST_CASE("statistics give the waits, the service times and the ratings, and comments come without identity",
          "[api][visit][stats]") {
  Api api;
  const Booked first = Book(api, "A-1", kThursday);
  const Booked second = Book(api, "A-3", kThursdayLater);
  const Booked third = Book(api, "A-4", kThursdayLater);
  const auto staff_at = [&](const char* now) {
    api.SetNow(now);
    return Api::Bearer(api.Token("op.roma"));
  };
  auto staff = staff_at("2026-11-26T08:45:00+01:00");
  for (const Booked* booked : {&first, &second, &third}) {
    REQUIRE(api.Post("/api/v1/desks/roma/checkin", CheckinBody(*booked), staff).status == 201);
  }
  staff = staff_at("2026-11-26T08:55:00+01:00");  // first waited 10 minutes
  REQUIRE(api.Post("/api/v1/staff/desks/roma/queue/next", R"({"counter":"1"})", staff).json.at("number") == "A001");
  staff = staff_at("2026-11-26T09:05:00+01:00");  // served 10 minutes
  REQUIRE(api.Post("/api/v1/staff/tickets/roma-20261126-A001/done", "", staff).status == 200);
  staff = staff_at("2026-11-26T09:15:00+01:00");  // second waited 30 minutes
  REQUIRE(api.Post("/api/v1/staff/desks/roma/queue/next", R"({"counter":"1"})", staff).json.at("number") == "A002");
  staff = staff_at("2026-11-26T09:17:00+01:00");  // a recall does not restart the wait
  REQUIRE(api.Post("/api/v1/staff/tickets/roma-20261126-A002/recall", "", staff).status == 200);
  staff = staff_at("2026-11-26T09:19:00+01:00");  // served 4 minutes from the first call
  REQUIRE(api.Post("/api/v1/staff/tickets/roma-20261126-A002/done", "", staff).status == 200);
  staff = staff_at("2026-11-26T09:25:00+01:00");  // third waited 40 minutes, then missed
  REQUIRE(api.Post("/api/v1/staff/desks/roma/queue/next", R"({"counter":"2"})", staff).json.at("number") == "A003");
  REQUIRE(api.Post("/api/v1/staff/tickets/roma-20261126-A003/missed", "", staff).status == 200);
  const auto rate = [&](const Booked& booked, const char* body) {
    const std::string token = booked.manage.substr(booked.manage.find("token="));
    REQUIRE(api.Post("/api/v1/bookings/" + booked.code + "/feedback?" + token, body).status == 201);
  };
  rate(first, R"({"rating":5,"comment":"Gentilissimi"})");
  rate(second, R"({"rating":2})");

  const Answer stats = api.Get("/api/v1/staff/desks/roma/stats?from=2026-11-26&to=2026-11-26", staff);
  REQUIRE(stats.status == 200);
  const json::value* thursday = nullptr;
  for (const auto& row : stats.json.at("days").as_array()) {
    if (row.at("type") == "lavoro-documenti") thursday = &row;
  }
  REQUIRE(thursday != nullptr);
  CHECK(thursday->at("waited_p50_minutes") == 30.0);  // of 10, 30, 40
  CHECK(thursday->at("waited_p90_minutes") == 40.0);
  CHECK(thursday->at("served_p50_minutes") == 4.0);  // of 4, 10: the nearest rank below the middle
  CHECK(thursday->at("ratings") == json::parse(R"({"1":0,"2":1,"3":0,"4":0,"5":1})"));
  CHECK(thursday->at("rating_mean") == 3.5);
  CHECK(thursday->at("attended") == 2);
  CHECK(thursday->at("no_shows") == 1);
  const Answer quiet = api.Get("/api/v1/staff/desks/roma/stats?from=2026-11-24&to=2026-11-24", staff);
  REQUIRE(quiet.status == 200);
  for (const auto& row : quiet.json.at("days").as_array()) {
    CHECK(row.at("waited_p50_minutes").is_null());
    CHECK(row.at("rating_mean").is_null());
  }

  const Answer comments = api.Get("/api/v1/staff/desks/roma/feedback?from=2026-11-23&to=2026-11-29", staff);
  REQUIRE(comments.status == 200);
  CHECK(comments.json == json::parse(R"({"feedback":[
    {"date":"2026-11-26","type":"lavoro-documenti","rating":2,"comment":""},
    {"date":"2026-11-26","type":"lavoro-documenti","rating":5,"comment":"Gentilissimi"}]})"));
  CHECK(comments.body.find("A-1") == std::string::npos);
  CHECK(comments.body.find(first.code) == std::string::npos);
  CHECK(api.Get("/api/v1/staff/desks/roma/feedback?from=2026-11-29&to=2026-11-23", staff).status == 400);
  CHECK(api.Get("/api/v1/staff/desks/roma/feedback?from=2026-11-23", staff).status == 400);
  CHECK(api.Get("/api/v1/staff/desks/milano/feedback?from=2026-11-23&to=2026-11-29", staff).status == 403);
}
