// The applicant API of SPEC.md through Route(): each endpoint with its answers and refusals, the
// shape of every problem answer, and a check that every route of the router's table is answered
// here or in the staff API tests (a new route without a sample below fails it).
#include "api_fixture.h"

#include "http/router.h"

#include <set>

using namespace sportello::http::testing;
namespace json = boost::json;

namespace {
const std::string kThursday = "2026-11-26T09:00:00+01:00";
const std::string kThursdayLater = "2026-11-26T09:20:00+01:00";

std::string Str(const json::value& value) { return value.is_string() ? std::string(value.as_string()) : "<not a string>"; }

// The value of header `name` in an answer ("" when absent).
std::string Header(const Answer& answer, const std::string& name) {
  const std::string prefix = name + ": ";
  std::size_t at = 0;
  while (at < answer.headers.size()) {
    const std::size_t end = answer.headers.find('\n', at);
    const std::string line = answer.headers.substr(at, end - at);
    if (line.starts_with(prefix)) return line.substr(prefix.size());
    at = end == std::string::npos ? answer.headers.size() : end + 1;
  }
  return "";
}
}  // namespace

TEST_CASE("desks are listed and described in the chosen language", "[api][desks]") {
  Api api;
  const Answer list = api.Get("/api/v1/desks");
  REQUIRE(list.status == 200);
  const auto& desks = list.json.at("desks").as_array();
  REQUIRE(desks.size() == 2);
  CHECK(desks[0].at("id") == "milano");
  CHECK(desks[0].at("self_booking") == false);
  CHECK(desks[1].at("province") == "RM");
  CHECK(desks[1].at("timezone") == "Europe/Rome");

  const Answer detail = api.Get("/api/v1/desks/roma?lang=en");
  REQUIRE(detail.status == 200);
  CHECK(detail.json.at("address") == "Via di prova 1");
  CHECK(detail.json.at("contact") == json::parse(R"({"phone":"+39 06 0000 0000","email":"","hours":"Mon-Fri 9am-1pm"})"));
  CHECK(desks[1].at("contact").at("hours") == "lun-ven 9-13");  // the list too, in Italian by default
  const auto& type = detail.json.at("types").as_array().at(0);
  CHECK(type.at("id") == "lavoro-documenti");
  CHECK(type.at("slot_minutes") == 20);
  CHECK(type.at("cancel_notice_hours") == 24);
  CHECK(type.at("min_notice_hours") == 24);
  CHECK_FALSE(type.at("documents").as_array().empty());
  const Answer italian = api.Get("/api/v1/desks/roma");
  CHECK(italian.json.at("types").as_array().at(0).at("name") != type.at("name"));
  CHECK(api.Get("/api/v1/desks/torino").status == 404);
  CHECK(api.Get("/api/v1/nowhere").Code() == "not_found");
}

TEST_CASE("availability answers only the applicant window", "[api][availability]") {
  Api api;
  const Answer answer = api.Get("/api/v1/desks/roma/availability?type=lavoro-documenti&from=2026-11-23&to=2026-11-29");
  REQUIRE(answer.status == 200);
  CHECK(answer.json.at("desk") == "roma");
  CHECK(answer.json.at("timezone") == "Europe/Rome");
  const auto& days = answer.json.at("days").as_array();
  REQUIRE(days.size() == 1);  // Tuesday is within 24 hours; Thursday remains
  CHECK(days[0].at("date") == "2026-11-26");
  const auto& slots = days[0].at("slots").as_array();
  REQUIRE(slots.size() == 3);
  CHECK(Str(slots[0].at("start")) == kThursday);
  CHECK(Str(slots[0].at("end")) == kThursdayLater);
  CHECK(slots[0].at("free") == 2);
}

TEST_CASE("availability refuses bad queries with the right codes", "[api][availability]") {
  Api api;
  const std::string base = "/api/v1/desks/roma/availability?type=lavoro-documenti";
  CHECK(api.Get(base + "&from=2026-11-23").status == 400);
  CHECK(api.Get(base + "&from=2026-11-23&to=2026-11-22").Code() == "invalid_request");
  CHECK(api.Get("/api/v1/desks/roma/availability?from=2026-11-23&to=2026-11-24").status == 400);
  const Answer too_long = api.Get(base + "&from=2026-11-23&to=2027-01-24");
  CHECK(too_long.status == 422);
  CHECK(too_long.content_type == "application/problem+json");
  CHECK(too_long.json.at("status") == 422);  // the body says what the status line says
  CHECK(api.Get(base + "&from=2026-11-23&to=2027-01-23").status == 200);  // 61 days apart = 62 days
  CHECK(api.Get("/api/v1/desks/roma/availability?type=nope&from=2026-11-23&to=2026-11-24").status == 404);
  CHECK(api.Get("/api/v1/desks/torino/availability?type=lavoro-documenti&from=2026-11-23&to=2026-11-24").status == 404);
  const Answer closed = api.Get("/api/v1/desks/milano/availability?type=lavoro-documenti&from=2026-11-23&to=2026-11-29");
  CHECK(closed.status == 403);
  CHECK(closed.Code() == "self_booking_disabled");
}

TEST_CASE("availability is tagged, compressed for who accepts gzip, 304 while unchanged, and kept a second by shared caches",
          "[api][availability]") {
  Api api;
  const std::string week = "/api/v1/desks/roma/availability?type=lavoro-documenti&from=2026-11-23&to=2026-11-29";
  const Answer plain = api.Get(week);
  REQUIRE(plain.status == 200);
  CHECK_THAT(plain.headers, Catch::Contains("Cache-Control: public, max-age=1\n"));
  CHECK_THAT(plain.headers, Catch::Contains("Vary: Accept-Encoding\n"));
  CHECK_THAT(plain.headers, !Catch::Contains("Content-Encoding"));
  const std::string etag = Header(plain, "ETag");
  REQUIRE(etag.size() > 2);

  const Answer compressed = api.Get(week, {{"Accept-Encoding", "br, gzip"}});
  CHECK(Header(compressed, "Content-Encoding") == "gzip");
  CHECK(compressed.body.starts_with("\x1f\x8b"));
  CHECK(compressed.body.size() * 2 < plain.body.size());
  CHECK(Header(compressed, "ETag") == etag.substr(0, etag.size() - 1) + "-gz\"");

  const Answer unchanged = api.Get(week, {{"If-None-Match", etag}});
  CHECK(unchanged.status == 304);
  CHECK(unchanged.body.empty());
  CHECK(Header(unchanged, "ETag") == etag);

  REQUIRE(api.Post("/api/v1/desks/roma/bookings", BookingBody("A-1", kThursday)).status == 201);
  const Answer changed = api.Get(week, {{"If-None-Match", etag}});
  CHECK(changed.status == 200);  // one seat fewer: another version
  CHECK(Header(changed, "ETag") != etag);
  // The staff view is for one signed-in person: never kept by a shared cache.
  const Answer staff = api.Get("/api/v1/staff/desks/roma/availability?type=lavoro-documenti&from=2026-11-23&to=2026-11-29",
                               Api::Bearer(api.Token("op.roma")));
  REQUIRE(staff.status == 200);
  CHECK(Header(staff, "Cache-Control") == "no-store");
}

TEST_CASE("a repeated availability question is answered at once until this process commits a change or a second passes",
          "[api][availability]") {
  Api api;
  const std::string day = "/api/v1/desks/roma/availability?type=lavoro-documenti&from=2026-11-26&to=2026-11-26";
  CHECK_FALSE(api.AtOnce(day).has_value());  // nothing made yet: a worker reads the store
  const std::optional<Answer> refused = api.AtOnce("/api/v1/desks/roma/availability?from=2026-11-26&to=2026-11-26");
  REQUIRE(refused.has_value());  // bad input needs no store
  CHECK(refused->Code() == "invalid_request");

  const Answer built = api.Get(day);
  REQUIRE(built.status == 200);
  const std::optional<Answer> again = api.AtOnce(day);
  REQUIRE(again.has_value());
  CHECK(again->body == built.body);

  REQUIRE(api.Post("/api/v1/desks/roma/bookings", BookingBody("A-1", kThursday)).status == 201);
  CHECK_FALSE(api.AtOnce(day).has_value());  // the booking committed here: read again
  const Answer after = api.Get(day);
  CHECK(after.json.at("days").as_array()[0].at("slots").as_array()[0].at("free") == 1);
  REQUIRE(api.AtOnce(day).has_value());
  CHECK(api.AtOnce(day)->body == after.body);

  api.SetNow("2026-11-23T10:00:01+01:00");  // the window moves with the clock
  CHECK_FALSE(api.AtOnce(day).has_value());
}

TEST_CASE("a booking is made, read with its token, moved, downloaded and cancelled", "[api][bookings]") {
  Api api;
  const Answer made = api.Post("/api/v1/desks/roma/bookings", BookingBody("A-1", kThursday));
  REQUIRE(made.status == 201);
  const std::string code(made.json.at("code").as_string());
  const std::string token(made.json.at("manage_token").as_string());
  CHECK(code.starts_with("RM-"));
  CHECK(made.location == "/api/v1/bookings/" + code);
  CHECK(Str(made.json.at("start")) == kThursday);
  CHECK(made.json.at("status") == "booked");
  CHECK(made.json.at("application_id") == "A-1");

  const Answer seen = api.Get("/api/v1/bookings/" + code + "?token=" + token);
  REQUIRE(seen.status == 200);
  CHECK(Str(seen.json.at("code")) == code);
  CHECK_FALSE(seen.json.as_object().contains("manage_token"));
  CHECK(api.Get("/api/v1/bookings/" + code, {{"X-Booking-Token", token}}).status == 200);

  const Answer availability =
      api.Get("/api/v1/desks/roma/availability?type=lavoro-documenti&from=2026-11-26&to=2026-11-26");
  CHECK(availability.json.at("days").as_array()[0].at("slots").as_array()[0].at("free") == 1);

  const Answer moved = api.Post("/api/v1/bookings/" + code + "/reschedule?token=" + token,
                                json::serialize(json::object{{"start", kThursdayLater}}));
  REQUIRE(moved.status == 200);
  CHECK(Str(moved.json.at("start")) == kThursdayLater);
  CHECK(Str(moved.json.at("code")) == code);

  const Answer ics = api.Get("/api/v1/bookings/" + code + "/ics?token=" + token);
  REQUIRE(ics.status == 200);
  CHECK(ics.content_type.starts_with("text/calendar"));
  CHECK(ics.body.find("BEGIN:VTIMEZONE\r\nTZID:Europe/Rome") != std::string::npos);
  CHECK(ics.body.find("DTSTART;TZID=Europe/Rome:20261126T092000\r\n") != std::string::npos);
  CHECK(ics.body.find("UID:" + code + "@sportello") != std::string::npos);
  // The same SEQUENCE as the reschedule invitation e-mailed (confirmation 0, move 1), so a calendar
  // that imported either keeps one event.
  CHECK(ics.body.find("SEQUENCE:1\r\n") != std::string::npos);

  const Answer cancelled = api.Post("/api/v1/bookings/" + code + "/cancel?token=" + token, "");
  REQUIRE(cancelled.status == 200);
  CHECK(cancelled.json.at("status") == "cancelled");
  const Answer freed = api.Get("/api/v1/desks/roma/availability?type=lavoro-documenti&from=2026-11-26&to=2026-11-26");
  CHECK(freed.json.at("days").as_array()[0].at("slots").as_array()[1].at("free") == 2);
}

TEST_CASE("booking endpoints without the right token answer 404 and reveal nothing", "[api][bookings][security]") {
  Api api;
  const Answer made = api.Post("/api/v1/desks/roma/bookings", BookingBody("A-1", kThursday));
  REQUIRE(made.status == 201);
  const std::string code(made.json.at("code").as_string());
  const Answer unknown = api.Get("/api/v1/bookings/RM-0000-0000-0000?token=x");
  for (const std::string& target : {"/api/v1/bookings/" + code, "/api/v1/bookings/" + code + "?token=wrong",
                                    "/api/v1/bookings/" + code + "/ics?token="}) {
    CAPTURE(target);
    const Answer answer = api.Get(target);
    CHECK(answer.status == 404);
    CHECK(answer.body == unknown.body);
  }
  CHECK(api.Post("/api/v1/bookings/" + code + "/cancel", "").status == 404);
  CHECK(api.Post("/api/v1/bookings/" + code + "/reschedule?token=nope", R"({"start":")" + kThursdayLater + "\"}").status == 404);
}

TEST_CASE("every booking refusal of SPEC.md has its status and code", "[api][bookings][errors]") {
  Api api;
  struct Case {
    std::string desk, body;
    unsigned status;
    std::string code;
  };
  REQUIRE(api.Post("/api/v1/desks/roma/bookings", BookingBody("A-1", kThursday)).status == 201);
  REQUIRE(api.Post("/api/v1/desks/roma/bookings", BookingBody("A-3", kThursdayLater)).status == 201);
  REQUIRE(api.Post("/api/v1/desks/roma/bookings", BookingBody("A-4", kThursdayLater)).status == 201);
  const std::vector<Case> cases = {
      {"milano", BookingBody("M-1", kThursday), 403, "self_booking_disabled"},
      {"roma", BookingBody("A-404", kThursday), 403, "application_not_verified"},
      {"roma", BookingBody("A-2", kThursday, kTaxCode), 403, "application_not_verified"},
      {"roma", BookingBody("M-1", kThursday), 403, "application_not_verified"},
      {"roma", BookingBody("A-1", "2026-12-01T11:00:00+01:00", kTaxCode, "lavoro-nulla-osta"), 403, "type_not_allowed"},
      {"roma", BookingBody("A-2", "2026-11-26T09:10:00+01:00", kOtherTaxCode), 422, "not_a_slot"},
      {"roma", BookingBody("A-2", "2026-11-24T09:00:00+01:00", kOtherTaxCode), 422, "outside_booking_window"},
      {"roma", BookingBody("A-2", "2027-02-02T09:00:00+01:00", kOtherTaxCode), 422, "outside_booking_window"},
      {"roma", BookingBody("A-2", kThursdayLater, kOtherTaxCode), 409, "slot_full"},
      {"roma", BookingBody("A-1", "2026-11-26T09:40:00+01:00"), 409, "already_booked"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.body, c.code);
    const Answer answer = api.Post("/api/v1/desks/" + c.desk + "/bookings", c.body);
    CHECK(answer.status == c.status);
    CHECK(answer.Code() == c.code);
    CHECK(answer.content_type == "application/problem+json");
    CHECK(answer.json.at("status") == c.status);
  }
}

TEST_CASE("changes later than cancel_notice_hours are refused as too late", "[api][bookings][errors]") {
  Api api;
  const Answer made = api.Post("/api/v1/desks/roma/bookings", BookingBody("A-1", kThursday));
  REQUIRE(made.status == 201);
  const std::string path = "/api/v1/bookings/" + std::string(made.json.at("code").as_string());
  const std::string token = "?token=" + std::string(made.json.at("manage_token").as_string());
  api.SetNow("2026-11-25T09:01:00+01:00");
  const Answer cancel = api.Post(path + "/cancel" + token, "");
  CHECK(cancel.status == 409);
  CHECK(cancel.Code() == "too_late_to_change");
  const Answer move = api.Post(path + "/reschedule" + token, R"({"start":"2026-12-01T09:00:00+01:00"})");
  CHECK(move.Code() == "too_late_to_change");
  CHECK(api.Get(path + token).json.at("status") == "booked");
}

TEST_CASE("malformed bodies are invalid_request and change nothing", "[api][bookings][errors]") {
  Api api;
  const std::vector<std::pair<std::string, std::string>> bodies = {
      {"{", ""},
      {"[]", ""},
      {R"({"type":"lavoro-documenti","start":"2026-11-26T09:00:00+01:00","application_id":"A-1"})", "tax_code: is required"},
      {R"({"type":7,"start":"2026-11-26T09:00:00+01:00","application_id":"A-1","tax_code":"x"})", "type: must be a string"},
      {R"({"type":"lavoro-documenti","start":"tomorrow","application_id":"A-1","tax_code":"x"})", "start: must be an RFC 3339"},
      {R"({"type":"lavoro-documenti","start":"2026-11-26T09:00:00+01:00","application_id":"A-1","tax_code":"x","colour":"red"})", "colour: unknown field"},
      {R"({"type":"lavoro-documenti","start":"2026-11-26T09:00:00+01:00","application_id":"A-1","tax_code":"x","lang":"de"})", "lang: must be one of"},
      {"{\"type\":\"lavoro-documenti\",\"start\":\"2026-11-26T09:00:00+01:00\",\"application_id\":\"A-\xff\",\"tax_code\":\"x\"}", ""},
      {std::string(5000, '[') + std::string(5000, ']'), ""},
      {R"({"type":"lavoro-documenti","start":"2026-11-26T09:00:00+01:00","application_id":"A-1","tax_code":"x",)"
       R"("email":"victim@example.it\r\nBcc: all@example.it"})", "email: must be an e-mail address"},
      {R"({"type":"lavoro-documenti","start":"2026-11-26T09:00:00+01:00","application_id":"A-1","tax_code":"x",)"
       R"("email":"victim@example.it?cc=all@example.it"})", "email: must be an e-mail address"},
      {R"({"type":"lavoro-documenti","start":"2026-11-26T09:00:00+01:00","application_id":"A-1","tax_code":"x",)"
       R"("phone":"x?bcc=all@example.it&body=hi"})", "phone: must be a phone number"},
      {R"({"type":"lavoro-documenti","start":"2026-11-26T09:00:00+01:00","application_id":"A-1","tax_code":"x",)"
       R"("type":"ricongiungimento"})", "type: appears twice"},
  };
  for (const auto& [body, detail] : bodies) {
    CAPTURE(body.substr(0, 80));
    const Answer answer = api.Post("/api/v1/desks/roma/bookings", body);
    CHECK(answer.status == 400);
    CHECK(answer.Code() == "invalid_request");
    CHECK(std::string(answer.json.at("detail").as_string()).find(detail) != std::string::npos);
  }
  const Answer availability = api.Get("/api/v1/desks/roma/availability?type=lavoro-documenti&from=2026-11-26&to=2026-11-26");
  CHECK(availability.json.at("days").as_array()[0].at("slots").as_array()[0].at("free") == 2);
}

TEST_CASE("the same Idempotency-Key returns the first booking, another body is refused", "[api][bookings]") {
  Api api;
  const std::map<std::string, std::string> key{{"Idempotency-Key", "retry-7"}};
  const Answer first = api.Post("/api/v1/desks/roma/bookings", BookingBody("A-1", kThursday), key);
  const Answer again = api.Post("/api/v1/desks/roma/bookings", BookingBody("A-1", kThursday), key);
  REQUIRE(first.status == 201);
  CHECK(again.status == 201);
  CHECK(again.json.at("code") == first.json.at("code"));
  CHECK(again.json.at("manage_token") == first.json.at("manage_token"));
  const Answer other = api.Post("/api/v1/desks/roma/bookings", BookingBody("A-1", kThursdayLater), key);
  CHECK(other.status == 400);
  CHECK(other.Code() == "invalid_request");
  const Answer availability = api.Get("/api/v1/desks/roma/availability?type=lavoro-documenti&from=2026-11-26&to=2026-11-26");
  CHECK(availability.json.at("days").as_array()[0].at("slots").as_array()[0].at("free") == 1);
}

TEST_CASE("application look-up tells the status and bookings to its holder only", "[api][applications]") {
  Api api;
  REQUIRE(api.Post("/api/v1/desks/roma/bookings", BookingBody("A-1", kThursday)).status == 201);
  const Answer found = api.Post("/api/v1/applications/lookup?lang=en",
                                R"({"application_id":"A-1","tax_code":"rssmra85t10a562s"})");
  REQUIRE(found.status == 200);
  CHECK(found.json.at("desk") == "roma");
  CHECK(found.json.at("status") == "In istruttoria");
  CHECK(found.json.at("types").as_array().at(0).at("id") == "lavoro-documenti");
  REQUIRE(found.json.at("bookings").as_array().size() == 1);
  CHECK(Str(found.json.at("bookings").as_array()[0].at("start")) == kThursday);
  CHECK_FALSE(found.json.at("bookings").as_array()[0].as_object().contains("manage_token"));
  const Answer wrong = api.Post("/api/v1/applications/lookup", R"({"application_id":"A-1","tax_code":"00743110157"})");
  const Answer unknown = api.Post("/api/v1/applications/lookup", R"({"application_id":"Z-9","tax_code":"00743110157"})");
  CHECK(wrong.status == 403);
  CHECK(wrong.Code() == "application_not_verified");
  CHECK(unknown.body == wrong.body);
}

TEST_CASE("a lost link is replaced with the application id and tax code, and the old one stops working",
          "[api][applications]") {
  Api api;
  const Answer made = api.Post("/api/v1/desks/roma/bookings", BookingBody("A-1", kThursday));
  REQUIRE(made.status == 201);
  const std::string code(made.json.at("code").as_string());
  const std::string old_token(made.json.at("manage_token").as_string());
  const Answer wrong = api.Post("/api/v1/applications/manage", R"({"application_id":"A-1","tax_code":"00743110157"})");
  const Answer unknown = api.Post("/api/v1/applications/manage", R"({"application_id":"Z-9","tax_code":"00743110157"})");
  CHECK(wrong.status == 403);
  CHECK(wrong.Code() == "application_not_verified");
  CHECK(unknown.body == wrong.body);
  CHECK(api.Get("/api/v1/bookings/" + code, {{"X-Booking-Token", old_token}}).status == 200);  // refusals change nothing

  const Answer renewed = api.Post("/api/v1/applications/manage", R"({"application_id":"A-1","tax_code":"rssmra85t10a562s"})");
  REQUIRE(renewed.status == 200);
  const json::array& bookings = renewed.json.at("bookings").as_array();
  REQUIRE(bookings.size() == 1);
  CHECK(bookings[0].at("code") == json::value(code));
  const std::string new_token(bookings[0].at("manage_token").as_string());
  CHECK(new_token != old_token);
  CHECK(api.Get("/api/v1/bookings/" + code, {{"X-Booking-Token", new_token}}).status == 200);
  CHECK(api.Get("/api/v1/bookings/" + code, {{"X-Booking-Token", old_token}}).status == 404);
  CHECK(api.Post("/api/v1/bookings/" + code + "/reschedule?token=" + new_token,
                 R"({"start":"2026-11-26T09:40:00+01:00"})").status == 200);
  const Answer none = api.Post("/api/v1/applications/manage", R"({"application_id":"A-2","tax_code":"00743110157"})");
  CHECK(none.status == 200);
  CHECK(none.json.at("bookings").as_array().empty());
}

TEST_CASE("a lost link is mailed again to the address on file, and the old one stops working", "[api][applications]") {
  Api api;
  const Answer made = api.Post("/api/v1/desks/roma/bookings", BookingBody("A-1", kThursday));  // a1@example.org
  REQUIRE(made.status == 201);
  const std::string code(made.json.at("code").as_string());
  const std::string old_token(made.json.at("manage_token").as_string());
  const Answer wrong = api.Post("/api/v1/applications/resend-link", R"({"application_id":"A-1","tax_code":"00743110157"})");
  CHECK(wrong.Code() == "application_not_verified");
  CHECK(api.Get("/api/v1/bookings/" + code, {{"X-Booking-Token", old_token}}).status == 200);

  const Answer resent = api.Post("/api/v1/applications/resend-link", R"({"application_id":"A-1","tax_code":"RSSMRA85T10A562S"})");
  CHECK(resent.status == 202);
  CHECK(resent.body.empty());
  CHECK(api.Get("/api/v1/bookings/" + code, {{"X-Booking-Token", old_token}}).status == 404);
  const Answer deliveries = api.Get("/api/v1/staff/bookings/" + code + "/deliveries", Api::Bearer(api.Token("op.roma")));
  REQUIRE(deliveries.json.at("deliveries").as_array().size() == 2);
  CHECK(deliveries.json.at("deliveries").as_array()[1].at("kind") == "confirmation");
  CHECK(deliveries.json.at("deliveries").as_array()[1].at("recipient") == "a1@example.org");

  // No address on file: 204, nothing changes.
  const Answer other = api.Post("/api/v1/desks/roma/bookings", BookingBody("A-2", kThursday, kOtherTaxCode));
  REQUIRE(other.status == 201);
  const std::string other_token(other.json.at("manage_token").as_string());
  const Answer none = api.Post("/api/v1/applications/resend-link", R"({"application_id":"A-2","tax_code":"00743110157"})");
  CHECK(none.status == 204);
  CHECK(api.Get("/api/v1/bookings/" + std::string(other.json.at("code").as_string()), {{"X-Booking-Token", other_token}})
            .status == 200);
}

TEST_CASE("problems speak the chosen language", "[api][language]") {
  Api api;
  const Answer italian = api.Post("/api/v1/desks/milano/bookings", BookingBody("M-1", kThursday));
  const Answer english = api.Post("/api/v1/desks/milano/bookings?lang=en", BookingBody("M-1", kThursday));
  const Answer french = api.Post("/api/v1/desks/milano/bookings", BookingBody("M-1", kThursday),
                                 {{"Accept-Language", "fr-FR,fr;q=0.9,en;q=0.5"}});
  CHECK(std::string(italian.json.at("title").as_string()).find("sportello") != std::string::npos);
  CHECK(std::string(english.json.at("title").as_string()).find("desk") != std::string::npos);
  CHECK(std::string(french.json.at("title").as_string()).find("guichet") != std::string::npos);
  CHECK(english.Code() == "self_booking_disabled");
}

TEST_CASE("routes are named by template, methods checked, health reported", "[api]") {
  Api api;
  api.Get("/api/v1/bookings/RM-AAAA-BBBB-CCCC?token=secret");
  CHECK(api.last_route() == "GET /api/v1/bookings/{code}");
  const Answer wrong_method = api.Send(boost::beast::http::verb::delete_, "/api/v1/desks");
  CHECK(wrong_method.status == 405);
  CHECK(wrong_method.json.at("status") == 405);
  const Answer health = api.Get("/healthz");
  CHECK(health.status == 200);
  CHECK(health.json.at("status") == "ok");
}

TEST_CASE("wrong tax codes hold up the guesser, not the holder, and a botnet only up to a bound", "[api][abuse]") {
  Api api;
  std::map<std::string, sportello::http::RateLimit> limits = sportello::http::DefaultRateLimits();
  limits["verification"] = {.per_second = 0.001, .burst = 10};
  limits["verification_total"] = {.per_second = 0.001, .burst = 30};
  api.UseRateLimits(limits);
  const std::string wrong = R"({"application_id":"A-1","tax_code":"00743110157"})";
  const std::string right = R"({"application_id":"A-1","tax_code":"RSSMRA85T10A562S"})";
  api.SetClientAddress("203.0.113.66");  // one guesser
  for (int attempt = 0; attempt < 10; ++attempt) {
    CHECK(api.Post("/api/v1/applications/lookup", wrong).Code() == "application_not_verified");
  }
  const Answer blocked = api.Post("/api/v1/applications/lookup", right);
  CHECK(blocked.status == 429);  // even the right code, from the guesser's address: it learns nothing
  CHECK(blocked.Code() == "rate_limited");
  CHECK(std::stoi(blocked.retry_after) >= 1);
  CHECK(api.Post("/api/v1/desks/roma/bookings", BookingBody("A-1", kThursday)).Code() == "rate_limited");

  api.SetClientAddress("198.51.100.7");  // the holder, at home
  CHECK(api.Post("/api/v1/applications/lookup", right).status == 200);
  CHECK(api.Post("/api/v1/desks/roma/bookings", BookingBody("A-1", kThursday)).status == 201);

  // A botnet: every guess from another address. After the total bound, everyone waits.
  for (int attempt = 0; attempt < 20; ++attempt) {
    api.SetClientAddress("10.0.0." + std::to_string(attempt));
    CHECK(api.Post("/api/v1/applications/lookup", wrong).Code() == "application_not_verified");
  }
  api.SetClientAddress("10.0.1.1");
  CHECK(api.Post("/api/v1/applications/lookup", wrong).Code() == "rate_limited");
  api.SetClientAddress("198.51.100.7");
  CHECK(api.Post("/api/v1/applications/lookup", right).Code() == "rate_limited");
  // An unknown id is counted as a known one: being held up tells nothing about which ids exist.
  api.SetClientAddress("203.0.113.67");
  for (int attempt = 0; attempt < 10; ++attempt) {
    CHECK(api.Post("/api/v1/applications/lookup", R"({"application_id":"A-404","tax_code":"00743110157"})").Code() ==
          "application_not_verified");
  }
  CHECK(api.Post("/api/v1/applications/lookup", R"({"application_id":"A-404","tax_code":"00743110157"})").Code() ==
        "rate_limited");
  CHECK(api.Post("/api/v1/applications/lookup", R"({"application_id":"A-3","tax_code":"RSSMRA85T10A562S"})").status ==
        200);
}

TEST_CASE("/metrics on the serving port answers this machine only", "[api][security]") {
  Api api;
  const Answer local = api.Get("/metrics");
  CHECK(local.status == 200);
  CHECK(local.body.find("sportello_") != std::string::npos);
  for (const char* address : {"203.0.113.5", "2001:db8::5", "10.0.0.1"}) {
    CAPTURE(address);
    api.SetClientAddress(address);
    const Answer remote = api.Get("/metrics");
    CHECK(remote.status == 404);
    CHECK(remote.Code() == "not_found");
  }
}

TEST_CASE("booking requests are limited per client address", "[api][abuse]") {
  Api api;
  api.UseRateLimits({{"booking", {.per_second = 0.001, .burst = 2}},
                     {"lookup", {.per_second = 1, .burst = 1}},
                     {"login", {.per_second = 1, .burst = 1}},
                     {"verification", {.per_second = 1, .burst = 10}}});
  api.SetClientAddress("127.0.0.2");
  CHECK(api.Post("/api/v1/desks/roma/bookings", BookingBody("A-1", kThursday)).status == 201);
  CHECK(api.Post("/api/v1/desks/roma/bookings", BookingBody("A-3", kThursday)).status == 201);
  const Answer third = api.Post("/api/v1/desks/roma/bookings", BookingBody("A-4", kThursdayLater));
  CHECK(third.status == 429);
  CHECK_FALSE(third.retry_after.empty());
  api.SetClientAddress("127.0.0.3");  // an honest applicant elsewhere
  CHECK(api.Post("/api/v1/desks/roma/bookings", BookingBody("A-4", kThursdayLater)).status == 201);
}

TEST_CASE("values from the request are never echoed into response headers", "[api][security]") {
  Api api;
  const Answer made = api.Post("/api/v1/desks/roma/bookings", BookingBody("A-1", kThursday));
  REQUIRE(made.status == 201);
  const std::string token = std::string(made.json.at("manage_token").as_string());
  for (const std::string& target :
       {"/api/v1/bookings/RM-AAAA%0D%0ASet-Cookie:%20x=1/ics?token=" + token,
        "/api/v1/bookings/" + std::string(made.json.at("code").as_string()) + "/ics?token=" + token + "&lang=it%0D%0AX-Evil:%201"}) {
    CAPTURE(target);
    const Answer answer = api.Get(target);
    CHECK(answer.headers.find("Set-Cookie") == std::string::npos);
    CHECK(answer.headers.find("X-Evil") == std::string::npos);
    CHECK(answer.headers.find('\r') == std::string::npos);
  }
  CHECK(made.headers.find("Location: /api/v1/bookings/RM-") != std::string::npos);
}

TEST_CASE("every problem answer is problem+json with type, title, status, detail and code", "[api][errors]") {
  Api api;
  const std::vector<std::pair<std::string, Answer>> problems = {
      {"not_found", api.Get("/api/v1/desks/torino")},
      {"invalid_request", api.Post("/api/v1/desks/roma/bookings", "{")},
      {"self_booking_disabled", api.Get("/api/v1/desks/milano/availability?type=lavoro-documenti&from=2026-11-26&to=2026-11-26")},
      {"application_not_verified", api.Post("/api/v1/applications/lookup", R"({"application_id":"A-1","tax_code":"00743110157"})")},
      {"not_a_slot", api.Post("/api/v1/desks/roma/bookings", BookingBody("A-1", "2026-11-26T09:05:00+01:00"))},
      {"unauthorized", api.Get("/api/v1/staff/me")},
  };
  for (const auto& [code, answer] : problems) {
    CAPTURE(code, answer.body);
    CHECK(answer.content_type == "application/problem+json");
    CHECK(answer.Code() == code);
    CHECK(Str(answer.json.at("type")) == "/problems/" + code);
    CHECK(answer.json.at("status").to_number<unsigned>() == answer.status);
    CHECK_FALSE(answer.json.at("title").as_string().empty());
    CHECK_FALSE(answer.json.at("detail").as_string().empty());
  }
}

TEST_CASE("every route of the router's table answers, by its own template, without a server error", "[api][routes]") {
  Api api;
  const std::string admin = api.Token("admin");
  const Answer made = api.Post("/api/v1/desks/roma/bookings", BookingBody("A-1", kThursday));
  REQUIRE(made.status == 201);
  const std::string code = Str(made.json.at("code"));
  const std::string token = "token=" + Str(made.json.at("manage_token"));
  const std::map<std::string, std::string> bearer = Api::Bearer(admin);
  const std::string calendar = api.Get("/api/v1/staff/desks/roma/calendar", bearer).body;
  using boost::beast::http::verb;
  struct Sample {
    verb method;
    std::string target;
    std::string body;
  };
  // One request per route; the tests named in the comments check what each answers.
  const std::vector<Sample> samples = {
      {verb::get, "/api/v1/desks", ""},                                        // desks are listed…
      {verb::get, "/api/v1/desks/roma", ""},
      {verb::get, "/api/v1/desks/roma/availability?type=lavoro-documenti&from=2026-11-23&to=2026-11-29", ""},
      {verb::post, "/api/v1/desks/roma/bookings", BookingBody("A-3", kThursday)},  // a booking is made…
      {verb::post, "/api/v1/applications/lookup", R"({"application_id":"A-1","tax_code":"RSSMRA85T10A562S"})"},
      {verb::post, "/api/v1/applications/manage", R"({"application_id":"A-2","tax_code":"00743110157"})"},
      {verb::post, "/api/v1/applications/resend-link", R"({"application_id":"A-2","tax_code":"00743110157"})"},
      {verb::get, "/api/v1/challenge", ""},  // proof_of_work_api_test
      {verb::get, "/api/v1/bookings/" + code + "?" + token, ""},
      {verb::get, "/api/v1/bookings/" + code + "/ics?" + token, ""},
      {verb::post, "/api/v1/bookings/" + code + "/feedback?" + token, R"({"rating":5})"},  // staff_api_test: the visit
      {verb::post, "/api/v1/bookings/" + code + "/reschedule?" + token, R"({"start":"2026-11-26T09:40:00+01:00"})"},
      {verb::post, "/api/v1/bookings/" + code + "/confirm?" + token, ""},  // no_seat_wasted_api_test
      {verb::post, "/api/v1/desks/roma/waitlist", R"({"type":"lavoro-documenti","application_id":"A-4","tax_code":"RSSMRA85T10A562S"})"},
      {verb::get, "/api/v1/waitlist/W-0000-0000-0000?token=x", ""},
      {verb::post, "/api/v1/waitlist/W-0000-0000-0000/accept?token=x", ""},
      {verb::delete_, "/api/v1/waitlist/W-0000-0000-0000?token=x", ""},
      {verb::get, "/api/v1/staff/desks/roma/waitlist?type=lavoro-documenti", ""},
      {verb::get, "/api/v1/desks/roma/releases?type=lavoro-documenti", ""},  // fair_release_api_test
      {verb::post, "/api/v1/desks/roma/releases/lavoro-documenti.2026-12/requests",
       R"({"type":"lavoro-documenti","application_id":"A-1","tax_code":"RSSMRA85T10A562S","preferences":["any"]})"},
      {verb::get, "/api/v1/desks/roma/releases/lavoro-documenti.2026-12/draw", ""},
      {verb::get, "/api/v1/releases/requests/D-0000-0000-0000?token=x", ""},
      {verb::get, "/api/v1/staff/desks/roma/releases?type=lavoro-documenti", ""},
      {verb::post, "/api/v1/bookings/" + code + "/cancel?" + token, ""},
      {verb::post, "/api/v1/staff/login", R"({"username":"admin","password":"wrong"})"},  // staff_api_test
      {verb::get, "/api/v1/staff/me", ""},
      {verb::get, "/api/v1/staff/desks/roma/bookings?date=2026-11-26", ""},
      {verb::post, "/api/v1/staff/desks/roma/bookings", R"({"type":"lavoro-documenti","start":"2026-11-26T09:00:00+01:00","application_id":"A-1"})"},
      {verb::get, "/api/v1/staff/desks/roma/availability?type=lavoro-documenti&from=2026-11-23&to=2026-11-29", ""},
      {verb::post, "/api/v1/staff/bookings/" + code + "/attendance", R"({"status":"attended"})"},
      {verb::delete_, "/api/v1/staff/bookings/" + code + "/attendance", ""},  // staff_api_test
      {verb::post, "/api/v1/staff/desks/roma/days/2026-11-23/close", ""},
      {verb::post, "/api/v1/desks/roma/checkin", R"({"code":"RM-0000-0000-0000"})"},  // staff_api_test: the day of the visit
      {verb::post, "/api/v1/staff/desks/roma/walkins", R"({"application_id":"A-1"})"},
      {verb::get, "/api/v1/desks/roma/display", ""},
      {verb::get, "/api/v1/desks/roma/display/events", ""},  // visit_events_test: a real connection
      {verb::get, "/api/v1/staff/desks/roma/feedback?from=2026-11-23&to=2026-11-29", ""},
      {verb::get, "/api/v1/staff/desks/roma/queue", ""},
      {verb::post, "/api/v1/staff/desks/roma/queue/next", R"({"counter":"1"})"},
      {verb::post, "/api/v1/staff/tickets/roma-20261123-W001/recall", ""},
      {verb::post, "/api/v1/staff/tickets/roma-20261123-W001/done", ""},
      {verb::post, "/api/v1/staff/tickets/roma-20261123-W001/missed", ""},
      {verb::get, "/api/v1/staff/bookings/" + code + "/deliveries", ""},  // deliveries_api_test
      {verb::get, "/api/v1/staff/bookings/" + code, ""},                   // walk-in
      {verb::post, "/api/v1/staff/bookings/" + code + "/reschedule", R"({"start":"2026-11-26T09:40:00+01:00"})"},  // staff_api_test
      {verb::post, "/api/v1/staff/bookings/" + code + "/resend-link", ""},
      {verb::post, "/api/v1/staff/bookings/" + code + "/cancel", ""},
      {verb::get, "/api/v1/staff/applications/A-1", ""},
      {verb::get, "/api/v1/staff/applications/A-1/export", ""},  // staff_api_test
      {verb::get, "/api/v1/staff/desks/roma/calendar", ""},
      {verb::put, "/api/v1/staff/desks/roma/calendar", calendar},
      {verb::post, "/api/v1/staff/desks/roma/calendar/preview?from=2026-11-23&to=2026-11-29", calendar},
      {verb::get, "/api/v1/staff/desks/roma/stats?from=2026-11-23&to=2026-11-29", ""},
      {verb::put, "/api/v1/admin/desks/roma/flags", R"({"self_booking":true})"},
      {verb::get, "/api/v1/admin/audit?desk=roma", ""},
      {verb::get, "/api/v1/admin/overview?from=2026-11&to=2026-12", ""},  // overview_api_test
      {verb::get, "/api/v1/admin/users", ""},                                // admin_users_test
      {verb::post, "/api/v1/admin/users", R"({"username":"nuovo","password":"a long enough password","role":"admin"})"},
      {verb::post, "/api/v1/admin/users/nuovo/disable", ""},
      {verb::get, "/api/v1/topics", ""},  // questions_api_test
      {verb::post, "/api/v1/questions", R"({"application_id":"A-1","tax_code":"RSSMRA85T10A562S","topic":"altro","text":"?"})"},
      {verb::get, "/api/v1/questions/Q-0000-0000-0000?token=x", ""},
      {verb::post, "/api/v1/questions/Q-0000-0000-0000/messages?token=x", R"({"text":"ancora"})"},
      {verb::get, "/api/v1/faq?q=passaporto", ""},
      {verb::get, "/api/v1/staff/faq", ""},
      {verb::post, "/api/v1/staff/faq", R"({"topic":"altro"})"},
      {verb::put, "/api/v1/staff/faq/F-0000-0000-0000", R"({"topic":"altro"})"},
      {verb::delete_, "/api/v1/staff/faq/F-0000-0000-0000", ""},
      {verb::get, "/api/v1/staff/questions/stats?from=2026-11-23&to=2026-11-29", ""},
      {verb::get, "/api/v1/staff/questions", ""},
      {verb::get, "/api/v1/staff/questions/Q-0000-0000-0000", ""},
      {verb::post, "/api/v1/staff/questions/Q-0000-0000-0000/claim", ""},
      {verb::get, "/api/v1/openapi.yaml", ""},  // api_document_test
      {verb::put, "/api/v1/system/applications", R"({"applications":[]})"},  // system_api_test, with a key
      {verb::post, "/api/v1/system/applications/A-1/events", R"({"code":"closed"})"},
      {verb::get, "/api/v1/system/applications/A-1/bookings", ""},
      {verb::get, "/api/v1/system/bookings/changes", ""},
      {verb::get, "/healthz", ""},
      {verb::get, "/metrics", ""},                                           // cli_test: /metrics counts…
      {verb::post, "/api/v1/staff/logout", ""},
  };
  std::set<std::string> answered;
  for (const Sample& sample : samples) {
    CAPTURE(sample.target);
    const Answer answer = api.Send(sample.method, sample.target, sample.body, bearer);
    CHECK(answer.status < 500);
    answered.insert(api.last_route());
  }
  for (const std::string& route : sportello::http::RouteTemplates()) {
    CAPTURE(route);
    CHECK(answered.count(route) == 1);
  }
}
