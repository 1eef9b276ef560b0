// "No seat wasted" through Route(): the waitlist endpoints (join, the entry and its offer, accept,
// leave, the line for staff) guarded by the entry's token, the offer shown on the applicant's own
// views, and reconfirmation in the booking answer and its endpoint.
#include "api_fixture.h"

using namespace sportello::http::testing;
namespace json = boost::json;

namespace {

const std::string kThursday = "2026-11-26T09:00:00+01:00";
const std::string kThursdayLater = "2026-11-26T09:20:00+01:00";
const std::string kThursdayLast = "2026-11-26T09:40:00+01:00";

std::string Str(const json::value& value) { return std::string(value.as_string()); }

// Roma's lavoro-documenti with `fields` set, through the calendar API as its manager.
void SetTypeFields(Api& api, const json::object& fields) {
  const auto manager = Api::Bearer(api.Token("mgr.roma"));
  Answer calendar = api.Get("/api/v1/staff/desks/roma/calendar", manager);
  REQUIRE(calendar.status == 200);
  json::object& type = calendar.json.as_object()["types"].as_object()["lavoro-documenti"].as_object();
  for (const auto& field : fields) type[field.key()] = field.value();
  REQUIRE(api.Put("/api/v1/staff/desks/roma/calendar", json::serialize(calendar.json), manager).status == 200);
}

// Thursday 26 November is the only day inside a 4-day horizon at the fixture's Monday: three slots
// with one online seat each, all booked by A-2, A-3 and A-4; returns their manage paths by start.
std::vector<std::string> FillThursday(Api& api) {
  std::vector<std::string> manage;
  const std::pair<const char*, const char*> bookers[] = {{"A-2", kOtherTaxCode}, {"A-3", kTaxCode}, {"A-4", kTaxCode}};
  const std::string starts[] = {kThursday, kThursdayLater, kThursdayLast};
  for (std::size_t i = 0; i < 3; ++i) {
    const Answer made = api.Post("/api/v1/desks/roma/bookings", BookingBody(bookers[i].first, starts[i], bookers[i].second));
    REQUIRE(made.status == 201);
    manage.push_back("/api/v1/bookings/" + Str(made.json.at("code")) + "?token=" + Str(made.json.at("manage_token")));
  }
  return manage;
}

std::string JoinBody(const std::string& application, const std::string& extra = "") {
  return R"({"type":"lavoro-documenti","application_id":")" + application + R"(","tax_code":")" + kTaxCode + "\"" +
         extra + "}";
}

}  // namespace

TEST_CASE("the waitlist through the API: join, an offer on a cancellation, accept", "[api][waitlist]") {
  Api api;
  SetTypeFields(api, {{"waitlist_offer_minutes", 30}, {"horizon_days", 4}});
  // One online seat per slot: the PUT above kept capacity 2, so take it down too.
  {
    const auto manager = Api::Bearer(api.Token("mgr.roma"));
    Answer calendar = api.Get("/api/v1/staff/desks/roma/calendar", manager);
    calendar.json.as_object()["types"].as_object()["lavoro-documenti"].as_object()["weekly"].as_array()[0]
        .as_object()["capacity"] = 1;
    REQUIRE(api.Put("/api/v1/staff/desks/roma/calendar", json::serialize(calendar.json), manager).status == 200);
  }
  const std::vector<std::string> manage = FillThursday(api);

  CHECK(api.Post("/api/v1/desks/roma/waitlist", JoinBody("A-1", R"(,"before":"someday")")).Code() == "invalid_request");
  CHECK(api.Post("/api/v1/desks/roma/waitlist",
                 R"({"type":"lavoro-nulla-osta","application_id":"A-1","tax_code":")" + std::string(kTaxCode) + "\"}")
            .Code() == "type_not_allowed");
  CHECK(api.Post("/api/v1/desks/roma/waitlist", JoinBody("A-2")).Code() == "application_not_verified");
  CHECK(api.Post("/api/v1/desks/milano/waitlist", JoinBody("M-1")).Code() == "self_booking_disabled");

  const Answer joined = api.Post("/api/v1/desks/roma/waitlist", JoinBody("A-1", R"(,"email":"a1@example.org")"));
  REQUIRE(joined.status == 201);
  CHECK(joined.json.at("state") == "waiting");
  CHECK(joined.json.at("position") == 1);
  const std::string id = Str(joined.json.at("id"));
  const std::string token = Str(joined.json.at("token"));
  const std::string entry = "/api/v1/waitlist/" + id;
  const Answer again = api.Post("/api/v1/desks/roma/waitlist", JoinBody("A-1"));
  CHECK(again.status == 409);
  CHECK(again.Code() == "already_waiting");

  CHECK(api.Get(entry).status == 404);
  CHECK(api.Get(entry + "?token=wrong").status == 404);
  CHECK(api.Get("/api/v1/waitlist/W-0000-0000-0000?token=" + token).status == 404);
  const Answer waiting = api.Get(entry, {{"X-Waitlist-Token", token}});
  REQUIRE(waiting.status == 200);
  CHECK(waiting.json.at("state") == "waiting");
  CHECK_FALSE(waiting.json.as_object().contains("token"));
  CHECK(api.Post(entry + "/accept?token=" + token, "").Code() == "no_offer");

  // A-3 cancels: the seat is held for A-1 at once.
  REQUIRE(api.Post(manage[1].substr(0, manage[1].find('?')) + "/cancel" + manage[1].substr(manage[1].find('?')), "")
              .status == 200);
  const Answer offered = api.Get(entry + "?token=" + token);
  REQUIRE(offered.status == 200);
  CHECK(offered.json.at("state") == "offered");
  CHECK(offered.json.at("offer").at("start") == kThursdayLater.c_str());
  CHECK(offered.json.at("offer").at("expires_at") == "2026-11-23T10:30:00+01:00");
  const Answer availability = api.Get("/api/v1/desks/roma/availability?type=lavoro-documenti&from=2026-11-26&to=2026-11-26");
  REQUIRE(availability.status == 200);
  CHECK(availability.json.at("days").as_array()[0].at("slots").as_array()[1].at("free") == 0);
  CHECK(api.Post("/api/v1/desks/roma/bookings", BookingBody("A-3", kThursdayLater)).Code() == "slot_full");

  // The applicant's status page shows it, with the token to act on it.
  const Answer lookup = api.Post("/api/v1/applications/lookup",
                                 R"({"application_id":"A-1","tax_code":")" + std::string(kTaxCode) + "\"}");
  REQUIRE(lookup.status == 200);
  REQUIRE(lookup.json.at("waitlist").as_array().size() == 1);
  CHECK(lookup.json.at("waitlist").as_array()[0].at("token") == token.c_str());
  CHECK(lookup.json.at("waitlist").as_array()[0].at("state") == "offered");

  const auto operator_roma = Api::Bearer(api.Token("op.roma"));
  const Answer line = api.Get("/api/v1/staff/desks/roma/waitlist?type=lavoro-documenti", operator_roma);
  REQUIRE(line.status == 200);
  CHECK(line.json.at("waitlist_offer_minutes") == 30);
  CHECK(api.Get("/api/v1/desks/roma").json.at("types").as_array()[0].at("waitlist_offer_minutes") == 30);
  CHECK(line.json.at("entries").as_array()[0].at("application_id") == "A-1");
  CHECK_FALSE(line.json.at("entries").as_array()[0].as_object().contains("token"));
  CHECK(api.Get("/api/v1/staff/desks/roma/waitlist?type=lavoro-documenti", Api::Bearer(api.Token("op.milano"))).status ==
        403);
  CHECK(api.Get("/api/v1/staff/desks/roma/waitlist", operator_roma).Code() == "invalid_request");

  const Answer accepted = api.Post(entry + "/accept", "", {{"X-Waitlist-Token", token}});
  REQUIRE(accepted.status == 200);
  CHECK(accepted.json.at("start") == kThursdayLater.c_str());
  CHECK(accepted.json.at("application_id") == "A-1");
  const std::string booking = "/api/v1/bookings/" + Str(accepted.json.at("code")) + "?token=" +
                              Str(accepted.json.at("manage_token"));
  CHECK(api.Get(booking).status == 200);
  CHECK(api.Get(entry + "?token=" + token).json.at("state") == "accepted");
  const Answer leave = api.Send(boost::beast::http::verb::delete_, entry + "?token=" + token);
  CHECK(leave.status == 200);
  CHECK(leave.json.at("state") == "accepted");
}

TEST_CASE("a type without a waitlist answers waitlist_closed, and leaving is for the token holder", "[api][waitlist]") {
  Api api;
  const Answer closed = api.Post("/api/v1/desks/roma/waitlist", JoinBody("A-1"));
  CHECK(closed.status == 409);
  CHECK(closed.Code() == "waitlist_closed");

  SetTypeFields(api, {{"waitlist_offer_minutes", 15}});
  const Answer joined = api.Post("/api/v1/desks/roma/waitlist", JoinBody("A-1", R"(,"before":"2026-12-01","lang":"en")"));
  REQUIRE(joined.status == 201);
  // Seats are free before 1 December: the first one is offered at once.
  CHECK(joined.json.at("state") == "offered");
  CHECK(joined.json.at("before") == "2026-12-01");
  const std::string entry = "/api/v1/waitlist/" + Str(joined.json.at("id"));
  CHECK(api.Send(boost::beast::http::verb::delete_, entry + "?token=nope").status == 404);
  const Answer left = api.Send(boost::beast::http::verb::delete_, entry + "?token=" + Str(joined.json.at("token")));
  REQUIRE(left.status == 200);
  CHECK(left.json.at("state") == "left");
  CHECK_FALSE(left.json.as_object().contains("position"));
}

TEST_CASE("a booking answers its reconfirmation window, and is confirmed only inside it", "[api][reconfirm]") {
  Api api;
  SetTypeFields(api, {{"reconfirm", json::object{{"from_days", 3}, {"until_days", 1}}}});
  const Answer made = api.Post("/api/v1/desks/roma/bookings", BookingBody("A-1", "2026-12-10T09:00:00+01:00"));
  REQUIRE(made.status == 201);
  CHECK(made.json.at("reconfirm_from") == "2026-12-07T00:00:00+01:00");
  CHECK(made.json.at("reconfirm_until") == "2026-12-10T00:00:00+01:00");
  CHECK(made.json.at("confirmed_at").is_null());
  const std::string code = Str(made.json.at("code"));
  const std::string token = Str(made.json.at("manage_token"));
  const std::string confirm = "/api/v1/bookings/" + code + "/confirm?token=" + token;

  const Answer early = api.Post(confirm, "");
  CHECK(early.status == 409);
  CHECK(early.Code() == "outside_reconfirm_window");
  CHECK(api.Post("/api/v1/bookings/" + code + "/confirm?token=wrong", "").status == 404);
  api.SetNow("2026-12-08T18:00:00+01:00");
  const Answer confirmed = api.Post(confirm, "");
  REQUIRE(confirmed.status == 200);
  CHECK(confirmed.json.at("confirmed_at") == "2026-12-08T18:00:00+01:00");
  CHECK(api.Get("/api/v1/bookings/" + code + "?token=" + token).json.at("confirmed_at") == "2026-12-08T18:00:00+01:00");

  // A type that asks none shows no window.
  const Answer other = api.Post("/api/v1/desks/roma/bookings",
                                BookingBody("A-2", "2026-12-15T11:00:00+01:00", kOtherTaxCode, "lavoro-nulla-osta"));
  REQUIRE(other.status == 201);
  CHECK_FALSE(other.json.as_object().contains("reconfirm_from"));
}
