// The national overview through Route() (docs/decisions.md, "The national overview"): its JSON and
// CSV for administrators, the refusal of everyone else, and the problems of a bad period.
#include "api_fixture.h"

using namespace sportello::http::testing;
namespace json = boost::json;

namespace {

const std::string kOverview = "/api/v1/admin/overview?from=2026-11&to=2026-12";

// Roma (pilot): A-1 books itself on Thursday 26 November and comes; staff convene A-2 the same
// morning, who does not. Milano (no self-booking): staff convene M-1 on Tuesday 1 December. Every
// application was listed on Monday 23 November.
void Scenario(Api& api) {
  const auto roma = Api::Bearer(api.Token("op.roma"));
  const Answer self = api.Post("/api/v1/desks/roma/bookings", BookingBody("A-1", "2026-11-26T09:00:00+01:00"));
  REQUIRE(self.status == 201);
  const Answer convened = api.Post("/api/v1/staff/desks/roma/bookings",
                                   R"({"type":"lavoro-documenti","start":"2026-11-26T09:20:00+01:00",)"
                                   R"("application_id":"A-2"})",
                                   roma);
  REQUIRE(convened.status == 201);
  const Answer milano = api.Post("/api/v1/staff/desks/milano/bookings",
                                 R"({"type":"lavoro-documenti","start":"2026-12-01T09:00:00+01:00",)"
                                 R"("application_id":"M-1"})",
                                 Api::Bearer(api.Token("op.milano")));
  REQUIRE(milano.status == 201);
  api.SetNow("2026-11-26T10:30:00+01:00");  // the day of the visits: a new session
  const auto seen = Api::Bearer(api.Token("op.roma"));
  REQUIRE(api.Post("/api/v1/staff/bookings/" + std::string(self.json.at("code").as_string()) + "/attendance",
                   R"({"status":"attended"})", seen)
              .status == 200);
  REQUIRE(api.Post("/api/v1/staff/bookings/" + std::string(convened.json.at("code").as_string()) + "/attendance",
                   R"({"status":"no_show"})", seen)
              .status == 200);
}

const json::object& Row(const Answer& answer, std::string_view desk, std::string_view month) {
  for (const auto& row : answer.json.at("desks").as_array()) {
    if (row.at("desk").as_string() == desk && row.at("month").as_string() == month) return row.as_object();
  }
  FAIL("no row for " << desk << " " << month);
  throw std::logic_error("unreachable");
}

}  // namespace

TEST_CASE("an admin reads the national overview per desk and month, pilot desks beside the others",
          "[api][admin][overview]") {
  Api api;
  Scenario(api);
  const Answer answer = api.Get(kOverview, Api::Bearer(api.Token("admin")));
  REQUIRE(answer.status == 200);
  CHECK(answer.content_type == "application/json");
  CHECK(answer.json.at("from") == "2026-11");
  CHECK(answer.json.at("to") == "2026-12");
  CHECK(answer.json.at("months") == json::array{"2026-11", "2026-12"});
  const json::array& desks = answer.json.at("desks").as_array();
  REQUIRE(desks.size() == 4);
  CHECK(desks[0].at("desk") == "roma");  // the pilot desk first, month by month
  CHECK(desks[1].at("month") == "2026-12");
  CHECK(desks[2].at("desk") == "milano");

  const json::object& roma = Row(answer, "roma", "2026-11");
  CHECK(roma.at("pilot") == true);
  CHECK(roma.at("self_booked") == 1);
  CHECK(roma.at("convened") == 1);
  CHECK(roma.at("auto_convened") == 0);
  CHECK(roma.at("attended") == 1);
  CHECK(roma.at("no_shows") == 1);
  CHECK(roma.at("no_show_rate").as_double() == 0.5);
  CHECK(roma.at("days_to_appointment") == json::object{{"median", 3}, {"p90", 3}, {"count", 2}});
  // Tuesdays and Thursdays of November 2026 (8) of 3 slots of 3 seats, and 4 Tuesdays of 2 seats.
  CHECK(roma.at("seats_offered") == 8 * 9 + 4 * 2);
  CHECK(roma.at("seats_used") == 2);

  const json::object& roma_december = Row(answer, "roma", "2026-12");
  CHECK(roma_december.at("seats_used") == 0);
  CHECK(roma_december.at("no_show_rate").is_null());
  CHECK(roma_december.at("days_to_appointment").at("median").is_null());
  // 4 Tuesdays (the 8th a holiday) and 5 Thursdays.
  CHECK(roma_december.at("seats_offered") == 9 * 9 + 4 * 2);

  const json::object& milano = Row(answer, "milano", "2026-12");
  CHECK(milano.at("pilot") == false);
  CHECK(milano.at("self_booked") == 0);
  CHECK(milano.at("convened") == 1);
  CHECK(milano.at("no_show_rate").is_null());  // not seen yet
  CHECK(milano.at("days_to_appointment").at("median") == 8);

  const json::array& groups = answer.json.at("groups").as_array();
  REQUIRE(groups.size() == 4);
  CHECK(groups[0].at("pilot") == true);
  CHECK(groups[0].at("month") == "2026-11");
  CHECK(groups[0].at("desks") == 1);
  CHECK(groups[0].at("seats_used") == 2);
  CHECK(groups[3].at("pilot") == false);
  CHECK(groups[3].at("convened") == 1);
  // Aggregates only: no booking code, application or contact.
  CHECK(answer.body.find("A-1") == std::string::npos);
  CHECK(answer.body.find("@") == std::string::npos);
}

TEST_CASE("the overview as CSV: a header, then one line per desk and month", "[api][admin][overview]") {
  Api api;
  Scenario(api);
  const Answer answer = api.Get(kOverview + "&format=csv", Api::Bearer(api.Token("admin")));
  REQUIRE(answer.status == 200);
  CHECK(answer.content_type == "text/csv; charset=utf-8; header=present");
  CHECK_THAT(answer.headers,
             Catch::Contains("Content-Disposition: attachment; filename=\"overview-2026-11-2026-12.csv\""));
  CHECK_THAT(answer.headers, Catch::Contains("Cache-Control: no-store"));
  CHECK(answer.body ==
        "desk,pilot,month,self_booked,convened,auto_convened,attended,no_shows,no_show_rate,"
        "days_to_appointment_median,days_to_appointment_p90,days_known,seats_offered,seats_used\r\n"
        "roma,true,2026-11,1,1,0,1,1,0.5,3,3,2,80,2\r\n"
        "roma,true,2026-12,0,0,0,0,0,,,,0,89,0\r\n"
        "milano,false,2026-11,0,0,0,0,0,,,,0,80,0\r\n"
        "milano,false,2026-12,0,1,0,0,0,,8,8,1,89,1\r\n");
}

TEST_CASE("only administrators read the national overview", "[api][admin][overview]") {
  Api api;
  CHECK(api.Get(kOverview).status == 401);
  for (const char* user : {"op.roma", "mgr.roma", "op.milano", "kiosk.roma"}) {
    CAPTURE(user);
    const Answer refused = api.Get(kOverview, Api::Bearer(api.Token(user)));
    CHECK(refused.status == 403);
    CHECK(refused.Code() == "forbidden");
    CHECK(api.Get(kOverview + "&format=csv", Api::Bearer(api.Token(user))).status == 403);
  }
}

TEST_CASE("a bad period of the overview is refused with the field at fault", "[api][admin][overview]") {
  Api api;
  const auto admin = Api::Bearer(api.Token("admin"));
  struct Refusal {
    std::string query;
    unsigned status;
    std::string field;
  };
  const std::vector<Refusal> refusals = {
      {"", 400, "from"},
      {"from=2026-11", 400, "to"},
      {"from=2026-13&to=2026-12", 400, "from"},
      {"from=2026-1&to=2026-12", 400, "from"},
      {"from=2026-11-01&to=2026-12", 400, "from"},
      {"from=2026-11&to=december", 400, "to"},
      {"from=2026-12&to=2026-11", 400, "to"},    // reversed
      {"from=2025-01&to=2027-01", 422, "to"},    // 25 months
      {"from=2026-11&to=2026-12&format=xlsx", 400, "format"},
  };
  for (const Refusal& refusal : refusals) {
    CAPTURE(refusal.query);
    const Answer answer = api.Get("/api/v1/admin/overview?" + refusal.query, admin);
    CHECK(answer.status == refusal.status);
    CHECK(answer.content_type == "application/problem+json");
    CHECK(answer.Code() == "invalid_request");
    CHECK(answer.json.at("status") == refusal.status);
    REQUIRE(answer.json.as_object().contains("field"));
    CHECK(answer.json.at("field").as_string() == refusal.field);
    CHECK(std::string(answer.json.at("detail").as_string()).starts_with(refusal.field + ": "));
  }
  const Answer longest = api.Get("/api/v1/admin/overview?from=2025-01&to=2026-12", admin);
  CHECK(longest.status == 200);
  CHECK(longest.json.at("months").as_array().size() == 24);
  CHECK(api.Get("/api/v1/admin/overview?from=2026-11&to=2026-11&format=json", admin).status == 200);
}
