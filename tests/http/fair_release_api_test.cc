// Fair release through Route(): a type's releases with the seed's hash (and the seed once drawn),
// a draw request and its result behind the request's token, first come refused while the draw is
// pending, the published order, and the releases with their requests as staff see them.
#include "api_fixture.h"
#include "booking/draw.h"
#include "engine/draw.h"

using namespace sportello::http::testing;
namespace json = boost::json;

namespace {

std::string Str(const json::value& value) { return std::string(value.as_string()); }

const std::string kDecember = "lavoro-documenti.2026-12";
const std::string kFirstOfDecember = "2026-12-01T09:00:00+01:00";

// December opens on Monday 23 November (the fixture's day) at 10:30, drawn until 11:00.
void ReleaseDecember(Api& api) {
  const auto manager = Api::Bearer(api.Token("mgr.roma"));
  Answer calendar = api.Get("/api/v1/staff/desks/roma/calendar", manager);
  REQUIRE(calendar.status == 200);
  calendar.json.as_object()["types"].as_object()["lavoro-documenti"].as_object()["release"] =
      json::object{{"day_of_month", 23}, {"at", "10:30"}, {"months_ahead", 1}, {"draw_minutes", 30}};
  REQUIRE(api.Put("/api/v1/staff/desks/roma/calendar", json::serialize(calendar.json), manager).status == 200);
}

std::string RequestBody(const std::string& application, const std::string& preferences,
                        const std::string& tax_code = kTaxCode) {
  return R"({"type":"lavoro-documenti","application_id":")" + application + R"(","tax_code":")" + tax_code +
         R"(","preferences":)" + preferences + "}";
}

const json::object& ReleaseOf(const Answer& answer, const std::string& id) {
  for (const json::value& release : answer.json.at("releases").as_array()) {
    if (release.at("id") == id.c_str()) return release.as_object();
  }
  FAIL("release " << id << " not listed");
  static const json::object none;
  return none;
}

}  // namespace

TEST_CASE("a draw through the API: the seed's hash first, requests, the result, the seed after", "[api][draw]") {
  Api api;
  ReleaseDecember(api);
  const std::string requests = "/api/v1/desks/roma/releases/" + kDecember + "/requests";

  const Answer scheduled = api.Get("/api/v1/desks/roma/releases?type=lavoro-documenti");
  REQUIRE(scheduled.status == 200);
  const json::object& december = ReleaseOf(scheduled, kDecember);
  CHECK(december.at("state") == "scheduled");
  CHECK(december.at("opens_at") == "2026-11-23T10:30:00+01:00");
  CHECK(december.at("draw_closes_at") == "2026-11-23T11:00:00+01:00");
  CHECK(december.at("months") == json::array{"2026-12"});
  const std::string seed_hash = Str(december.at("seed_hash"));
  CHECK(seed_hash.size() == 64);
  CHECK_FALSE(december.contains("seed"));
  CHECK(api.Get("/api/v1/desks/roma/releases?type=nothing").Code() == "invalid_request");
  CHECK(api.Post(requests, RequestBody("A-1", R"(["any"])")).Code() == "draw_closed");

  api.SetNow("2026-11-23T10:40:00+01:00");
  CHECK(ReleaseOf(api.Get("/api/v1/desks/roma/releases?type=lavoro-documenti"), kDecember).at("state") == "drawing");
  const Answer first_come = api.Post("/api/v1/desks/roma/bookings", BookingBody("A-3", kFirstOfDecember));
  CHECK(first_come.status == 409);
  CHECK(first_come.Code() == "draw_in_progress");
  CHECK(api.Post(requests, RequestBody("A-1", R"("any")")).Code() == "invalid_request");
  CHECK(api.Post(requests, RequestBody("A-1", R"(["2027-01-05"])")).Code() == "invalid_request");
  CHECK(api.Post(requests, RequestBody("A-2", R"(["any"])")).Code() == "application_not_verified");
  CHECK(api.Post("/api/v1/desks/roma/releases/lavoro-documenti.2026-13/requests", RequestBody("A-1", R"(["any"])"))
            .status == 404);

  const Answer made = api.Post(requests, RequestBody("A-1", R"(["2026-12-01Tam","any"])"));
  REQUIRE(made.status == 201);
  CHECK(made.json.at("state") == "waiting");
  CHECK(made.json.at("release") == kDecember.c_str());
  CHECK(made.json.at("preferences") == json::array{"2026-12-01Tam", "any"});
  const std::string request = "/api/v1/releases/requests/" + Str(made.json.at("id"));
  const std::string token = Str(made.json.at("token"));
  CHECK(api.Post(requests, RequestBody("A-1", R"(["any"])")).Code() == "already_requested");
  CHECK(api.Get(request).status == 404);
  CHECK(api.Get(request + "?token=wrong").status == 404);
  CHECK(api.Get(request, {{"X-Draw-Token", token}}).json.at("state") == "waiting");
  CHECK(api.Get("/api/v1/desks/roma/releases/" + kDecember + "/draw").Code() == "draw_in_progress");

  // The window closes; the server's pass draws it.
  api.SetNow("2026-11-23T11:00:00+01:00");
  REQUIRE(sportello::booking::RunDraws(api.store(), *sportello::engine::ParseInstant("2026-11-23T11:00:00+01:00"))
              .has_value());
  const Answer result = api.Get(request + "?token=" + token);
  REQUIRE(result.status == 200);
  CHECK(result.json.at("state") == "won");
  CHECK(result.json.at("order") == 1);
  CHECK(result.json.at("booking").at("start") == kFirstOfDecember.c_str());

  const Answer after_draw = api.Get("/api/v1/desks/roma/releases?type=lavoro-documenti");
  const json::object& drawn = ReleaseOf(after_draw, kDecember);
  CHECK(drawn.at("state") == "drawn");
  CHECK(drawn.at("seed_hash") == seed_hash.c_str());
  CHECK(sportello::engine::SeedHash(Str(drawn.at("seed"))) == seed_hash);
  const Answer order = api.Get("/api/v1/desks/roma/releases/" + kDecember + "/draw");
  REQUIRE(order.status == 200);
  CHECK(order.json.at("order") == json::array{made.json.at("id")});
  CHECK(order.json.at("seed") == drawn.at("seed"));

  // First come again for what is left.
  CHECK(api.Post("/api/v1/desks/roma/bookings", BookingBody("A-3", kFirstOfDecember)).status == 201);

  CHECK(api.Get("/api/v1/staff/desks/roma/releases?type=lavoro-documenti").status == 401);
  const Answer staff = api.Get("/api/v1/staff/desks/roma/releases?type=lavoro-documenti",
                               Api::Bearer(api.Token("op.roma")));
  REQUIRE(staff.status == 200);
  const json::object& seen = ReleaseOf(staff, kDecember);
  REQUIRE(seen.at("requests").as_array().size() == 1);
  const json::object& row = seen.at("requests").as_array()[0].as_object();
  CHECK(row.at("application_id") == "A-1");
  CHECK(row.at("state") == "won");
  CHECK(row.contains("booking_code"));
  CHECK(api.Get("/api/v1/staff/desks/roma/releases?type=lavoro-documenti", Api::Bearer(api.Token("op.milano")))
            .status == 403);
}
