// The national system's API (SPEC.md, "Integration") through the real server: batches and events
// at the volume of a national push, the applicant's history in four languages, the feed of booking
// changes read exactly once across cursors, and who may call it.
#include "api_fixture.h"
#include "test_client.h"

#include "booking/system_api.h"

#include <set>

using namespace sportello::http::testing;
using sportello::http::Response;
namespace json = boost::json;

namespace {

std::string Str(const json::value& value) { return std::string(value.as_string()); }

// A key of the national system for the Api's store (every desk, or only `desk`).
std::string IssueKey(Api& api, std::string_view name, std::string_view desk = "") {
  auto issued = sportello::booking::IssueApiKey(api.store(), name, desk, sportello::storage::Actor::Cli(),
                                                *sportello::engine::ParseInstant("2026-11-23T10:00:00+01:00"));
  REQUIRE(issued.has_value());
  return issued->secret;
}

Headers System(const std::string& key) {
  return {{"Authorization", "Bearer " + key}, {"Content-Type", "application/json"}};
}

std::string Batch(int first, int count) {
  json::array applications;
  for (int i = first; i < first + count; ++i) {
    applications.push_back(json::object{{"application_id", fmt::format("SPI-{:06}", i)},
                                        {"desk", "roma"},
                                        {"tax_code", kTaxCode},
                                        {"email", ""},
                                        {"phone", ""},
                                        {"types", json::array{"lavoro-documenti"}},
                                        {"status", "In istruttoria"}});
  }
  return json::serialize(json::object{{"applications", std::move(applications)}});
}

}  // namespace

TEST_CASE("the national system pushes 10,000 applications and 10,000 status events, and applicants read them",
          "[socket][system]") {
  Api api;
  const std::string key = IssueKey(api, "spi");
  TestClient client(api.Serve());
  constexpr int kApplications = 10'000;
  constexpr int kBatch = 1000;
  for (int first = 0; first < kApplications; first += kBatch) {
    const Response answer = client.Put("/api/v1/system/applications", Batch(first, kBatch), System(key));
    REQUIRE(answer.result_int() == 200);
    const json::value body = JsonBody(answer);
    CHECK(body.at("imported").as_int64() == kBatch);
    CHECK(body.at("errors").as_array().empty());
  }
  int created = 0;
  for (int i = 0; i < kApplications; ++i) {
    const Response answer =
        client.Post(fmt::format("/api/v1/system/applications/SPI-{:06}/events", i),
                    R"({"code":"nulla_osta_issued","at":"2026-11-23T09:00:00+01:00"})", System(key));
    created += answer.result_int() == 201 ? 1 : 0;
  }
  CHECK(created == kApplications);

  // The applicant sees the history, oldest first, in the language asked for.
  const std::map<std::string, std::string> expected = {
      {"it", "Nulla osta rilasciato: prenoti l'appuntamento per il ritiro"},
      {"en", "Nulla osta issued: book your appointment to collect it"},
      {"fr", "Nulla osta délivré : prenez rendez-vous pour le retirer"},
      {"es", "Nulla osta expedido: reserve su cita para recogerlo"}};
  for (const auto& [language, text] : expected) {
    const Response lookup = client.Post("/api/v1/applications/lookup",
                                        R"({"application_id":"SPI-004321","tax_code":")" + std::string(kTaxCode) + "\"}",
                                        {{"Content-Type", "application/json"}, {"Accept-Language", language}});
    REQUIRE(lookup.result_int() == 200);
    const json::value body = JsonBody(lookup);
    const json::array& events = body.at("events").as_array();
    REQUIRE(events.size() == 2);
    CHECK(Str(events[0].at("code")) == "nulla_osta_issued");
    CHECK(Str(events[0].at("text")) == text);
    CHECK(Str(events[0].at("at")) == "2026-11-23T09:00:00+01:00");
    CHECK(Str(events[1].at("code")) == "status");  // the import's status text, recorded when it arrived
    CHECK(Str(events[1].at("text")) == "In istruttoria");
  }
}

TEST_CASE("the feed of booking changes returns every change exactly once across cursors", "[socket][system]") {
  Api api;
  const std::string key = IssueKey(api, "spi");
  TestClient client(api.Serve());
  std::vector<std::string> codes;
  for (const char* id : {"A-1", "A-3", "A-4"}) {
    const Response made = client.Post("/api/v1/desks/roma/bookings", BookingBody(id, "2026-11-26T09:00:00+01:00"),
                                      {{"Content-Type", "application/json"}});
    REQUIRE(made.result_int() == 201);
    const json::value booking = JsonBody(made);
    codes.push_back(Str(booking.at("code")));
    if (codes.size() == 2) {
      const std::string token = "?token=" + Str(booking.at("manage_token"));
      REQUIRE(client.Post("/api/v1/bookings/" + codes.back() + "/cancel" + token, "").result_int() == 200);
    }
  }
  std::vector<std::pair<std::string, std::string>> seen;  // code, change
  std::set<std::string> cursors;
  std::string after;
  for (int page = 0; page < 10; ++page) {
    const Response answer = client.Get("/api/v1/system/bookings/changes?limit=1&after=" + after, System(key));
    REQUIRE(answer.result_int() == 200);
    const json::value body = JsonBody(answer);
    const json::array& changes = body.at("changes").as_array();
    if (changes.empty()) {
      CHECK(Str(body.at("next")) == after);
      break;
    }
    for (const json::value& change : changes) {
      seen.emplace_back(Str(change.at("booking").at("code")), Str(change.at("change")));
      cursors.insert(Str(change.at("cursor")));
    }
    after = Str(body.at("next"));
  }
  const std::vector<std::pair<std::string, std::string>> expected = {
      {codes[0], "created"}, {codes[1], "created"}, {codes[1], "cancelled"}, {codes[2], "created"}};
  CHECK(seen == expected);
  CHECK(cursors.size() == expected.size());

  const Response bookings = client.Get("/api/v1/system/applications/A-3/bookings", System(key));
  REQUIRE(bookings.result_int() == 200);
  REQUIRE(JsonBody(bookings).at("bookings").as_array().size() == 1);
  CHECK(Str(JsonBody(bookings).at("bookings").as_array()[0].at("status")) == "cancelled");
}

TEST_CASE("only a live key of the national system passes, and a desk's key sees only its desk", "[socket][system]") {
  Api api;
  const std::string key = IssueKey(api, "spi");
  const std::string milano = IssueKey(api, "spi-milano", "milano");
  TestClient client(api.Serve());
  const std::string feed = "/api/v1/system/bookings/changes";
  CHECK(client.Get(feed).result_int() == 401);
  CHECK(client.Get(feed, System("spk_not-a-key")).result_int() == 401);
  CHECK(client.Get(feed, System(api.Token("admin"))).result_int() == 401);  // a staff session is not a key
  CHECK(client.Get("/api/v1/staff/me", System(key)).result_int() == 401);  // nor a key a staff session

  const Response bad_limit = client.Get(feed + "?limit=lots", System(key));
  CHECK(bad_limit.result_int() == 400);
  CHECK(Str(JsonBody(bad_limit).at("field")) == "limit");
  CHECK(Str(JsonBody(client.Get(feed + "?after=x", System(key))).at("field")) == "after");

  CHECK(client.Get("/api/v1/system/applications/A-1/bookings", System(milano)).result_int() == 404);
  CHECK(client.Get("/api/v1/system/applications/M-1/bookings", System(milano)).result_int() == 200);
  const Response other_desk = client.Put("/api/v1/system/applications", Batch(0, 1), System(milano));
  REQUIRE(other_desk.result_int() == 200);
  CHECK(JsonBody(other_desk).at("imported").as_int64() == 0);
  CHECK(Str(JsonBody(other_desk).at("errors").as_array()[0].at("field")) == "desk");

  const Response unknown = client.Post("/api/v1/system/applications/A-1/events", R"({"code":"custom"})", System(key));
  CHECK(unknown.result_int() == 400);
  CHECK(Str(JsonBody(unknown).at("field")) == "text");

  REQUIRE(api.store().RevokeApiKey("spi", sportello::storage::Actor::Cli(),
                                   *sportello::engine::ParseInstant("2026-11-23T10:00:00+01:00"))
              .has_value());
  CHECK(client.Get(feed, System(key)).result_int() == 401);
}
