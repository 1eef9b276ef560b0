// The API through a real socket and the real server: the whole applicant flow on one keep-alive
// connection, many clients racing for the last seats, and hostile bodies that leave the server
// serving.
#include "api_fixture.h"
#include "test_client.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <map>
#include <thread>
#include <variant>
#include <vector>

using namespace sportello::http::testing;
using sportello::http::Request;
using sportello::http::Response;
namespace json = boost::json;

namespace {
const std::string kThursday = "2026-11-26T09:00:00+01:00";
const std::string kThursdayLater = "2026-11-26T09:20:00+01:00";

std::string Str(const json::value& value) { return std::string(value.as_string()); }
}  // namespace

TEST_CASE("the whole applicant flow through a socket", "[socket][api]") {
  Api api;
  TestClient client(api.Serve());
  CHECK(JsonBody(client.Get("/api/v1/desks")).at("desks").as_array().size() == 2);
  const auto availability = JsonBody(client.Get("/api/v1/desks/roma/availability?type=lavoro-documenti&from=2026-11-26&to=2026-11-26"));
  const std::string start = Str(availability.at("days").as_array()[0].at("slots").as_array()[0].at("start"));
  CHECK(start == kThursday);

  const Response made = client.Post("/api/v1/desks/roma/bookings", BookingBody("A-1", start),
                                    {{"Content-Type", "application/json"}, {"Idempotency-Key", "k-1"}});
  REQUIRE(made.result_int() == 201);
  const auto booking = JsonBody(made);
  const std::string code = Str(booking.at("code"));
  const std::string token = "?token=" + Str(booking.at("manage_token"));
  CHECK(made[boost::beast::http::field::location] == "/api/v1/bookings/" + code);
  CHECK(made["X-Content-Type-Options"] == "nosniff");

  CHECK(client.Get("/api/v1/bookings/" + code + token).result_int() == 200);
  const Response moved = client.Post("/api/v1/bookings/" + code + "/reschedule" + token,
                                     json::serialize(json::object{{"start", kThursdayLater}}));
  REQUIRE(moved.result_int() == 200);
  CHECK(Str(JsonBody(moved).at("start")) == kThursdayLater);
  const Response ics = client.Get("/api/v1/bookings/" + code + "/ics" + token);
  CHECK(ics.result_int() == 200);
  CHECK(ics.body().find("DTSTART;TZID=Europe/Rome:20261126T092000") != std::string::npos);
  const Response cancelled = client.Post("/api/v1/bookings/" + code + "/cancel" + token, "");
  CHECK(Str(JsonBody(cancelled).at("status")) == "cancelled");
  CHECK(client.Get("/healthz").result_int() == 200);
}

TEST_CASE("many clients racing for the last seats: exactly capacity 201s, the rest slot_full", "[socket][race]") {
  Api api;
  constexpr int kClients = 24;
  std::vector<sportello::engine::Application> applications;
  for (int i = 0; i < kClients; ++i) {
    applications.push_back({"R-" + std::to_string(i), "roma", kTaxCode, "", "", {"lavoro-documenti"}, ""});
  }
  REQUIRE(sportello::booking::ImportApplications(api.store(), applications, sportello::storage::Actor::Cli(),
                                                 *sportello::engine::ParseInstant("2026-11-23T10:00:00+01:00"))
              .has_value());
  const std::uint16_t port = api.Serve(8);
  std::atomic<int> created{0}, full{0}, other{0};
  std::atomic<bool> go{false};
  std::vector<std::thread> threads;
  for (int i = 0; i < kClients; ++i) {
    threads.emplace_back([&, i] {
      TestClient client(port);
      while (!go) std::this_thread::yield();
      const Response answer = client.Post("/api/v1/desks/roma/bookings", BookingBody("R-" + std::to_string(i), kThursday));
      if (answer.result_int() == 201) ++created;
      else if (answer.result_int() == 409 && answer.body().find("slot_full") != std::string::npos) ++full;
      else ++other;
    });
  }
  go = true;
  for (std::thread& thread : threads) thread.join();
  CHECK(created == 2);
  CHECK(full == kClients - 2);
  CHECK(other == 0);
  TestClient check(port);
  const auto availability = JsonBody(check.Get("/api/v1/desks/roma/availability?type=lavoro-documenti&from=2026-11-26&to=2026-11-26"));
  CHECK(availability.at("days").as_array()[0].at("slots").as_array()[0].at("free") == 0);
}

TEST_CASE("hostile bodies get 4xx problem+json and the server keeps serving", "[socket][hostile]") {
  Api api;
  const std::uint16_t port = api.Serve();
  const std::vector<std::string> bodies = {
      "{", "null", R"({"type":1})", "{\"type\":\"\xc3\x28\"}", std::string(3000, '[') + std::string(3000, ']'),
      R"({"type":"lavoro-documenti","start":"2026-11-26T09:00:00+01:00","application_id":"A-1","tax_code":"x","extra":{}})"};
  for (const std::string& body : bodies) {
    CAPTURE(body.substr(0, 40));
    TestClient client(port);
    const Response answer = client.Post("/api/v1/desks/roma/bookings", body);
    CHECK(answer.result_int() == 400);
    CHECK(answer[boost::beast::http::field::content_type] == "application/problem+json");
    CHECK(Str(JsonBody(answer).at("code")) == "invalid_request");
  }
  TestClient after(port);
  CHECK(after.Get("/healthz").result_int() == 200);
}

namespace {
// Every header field of `response` as "Name: value", in alphabetical order (the order on the wire
// means nothing).
std::vector<std::string> Fields(const Response& response) {
  std::vector<std::string> fields;
  for (const auto& field : response) {
    fields.push_back(std::string(field.name_string()) + ": " + std::string(field.value()));
  }
  std::sort(fields.begin(), fields.end());
  return fields;
}
}  // namespace

TEST_CASE("an availability answer given again from memory is the same answer, and HTTP/1.0 and close get it too",
          "[socket][availability]") {
  namespace beast_http = boost::beast::http;
  Api api;
  const std::uint16_t port = api.Serve();
  const std::string week = "/api/v1/desks/roma/availability?type=lavoro-documenti&from=2026-11-23&to=2026-11-29";
  for (const Headers& headers : {Headers{}, Headers{{"Accept-Encoding", "gzip"}}}) {
    TestClient client(port);
    const Response made = client.Get(week, headers);  // read and built by a worker
    REQUIRE(made.result_int() == 200);
    CHECK(made["X-Content-Type-Options"] == "nosniff");
    const std::map<std::string, std::string> asked(headers.begin(), headers.end());
    const auto at_once = api.AtOnceAnswered(week, asked);
    REQUIRE(at_once.has_value());
    REQUIRE(std::holds_alternative<sportello::http::PreparedAnswer>(*at_once));  // written as prepared bytes

    const Response again = client.Get(week, headers);
    CHECK(again.result_int() == 200);
    CHECK(Fields(again) == Fields(made));
    CHECK(again.body() == made.body());
    const Response third = client.Get(week, headers);  // the connection goes on after prepared bytes
    CHECK(third.body() == made.body());


    TestClient old(port);
    Request http10 = MakeRequest(beast_http::verb::get, week, headers);
    http10.version(10);
    const Response answered10 = old.Send(http10);
    CHECK(answered10.version() == 10);
    CHECK(answered10.body() == made.body());
    CHECK(old.WaitForClose(std::chrono::seconds{5}));

    TestClient closing(port);
    Headers with_close = headers;
    with_close.emplace_back("Connection", "close");
    const Response closed = closing.Get(week, with_close);
    CHECK(closed.body() == made.body());
    CHECK(closed[beast_http::field::connection] == "close");
    CHECK(closing.WaitForClose(std::chrono::seconds{5}));
  }
}
