// Stress through the real server: many concurrent clients at the last seats of slots, at
// reschedules into and out of the same slots, and at cancel + book of the same seat. Every run
// must end with no slot over capacity, no application with two active bookings of one type, and
// every 201 stored.
#include "api_fixture.h"
#include "test_client.h"

#include <atomic>
#include <mutex>
#include <random>
#include <set>
#include <thread>

using namespace sportello::http::testing;
using sportello::http::Response;
namespace json = boost::json;

namespace {

// Thursdays 2026-11-26 and 2026-12-03, 09:00/09:20/09:40: 2 online seats each.
const std::vector<std::string> kSlots = {"2026-11-26T09:00:00+01:00", "2026-11-26T09:20:00+01:00",
                                         "2026-11-26T09:40:00+01:00", "2026-12-03T09:00:00+01:00",
                                         "2026-12-03T09:20:00+01:00", "2026-12-03T09:40:00+01:00"};

struct Acknowledged {
  std::mutex mutex;
  std::map<std::string, std::string> token_by_code;  // every 201
};

void CheckInvariants(Api& api, const Acknowledged& acknowledged) {
  // Seats: from the store's own ledger, against the calendar's online capacity (2 per slot).
  auto ledger = api.store().Seats("roma", "lavoro-documenti", *sportello::engine::ParseInstant(kSlots.front()),
                                  *sportello::engine::ParseInstant("2026-12-04T00:00:00+01:00"));
  REQUIRE(ledger.has_value());
  for (const std::string& slot : kSlots) {
    CAPTURE(slot);
    const auto use = ledger->Use(*sportello::engine::ParseInstant(slot));
    CHECK(use.online + use.staff <= 2);
  }
  // One active booking per application and type; every acknowledged code is stored.
  std::map<std::string, int> active_by_application;
  for (const auto& [code, token] : acknowledged.token_by_code) {
    auto booking = api.store().VerifyManageToken(code, token);
    REQUIRE(booking.has_value());
    if (booking->status == sportello::storage::BookingStatus::booked) ++active_by_application[booking->application_id];
  }
  for (const auto& [application, active] : active_by_application) {
    CAPTURE(application);
    CHECK(active == 1);
  }
}

}  // namespace

TEST_CASE("concurrent booking, moving and cancelling never overbook nor lose a 201", "[socket][race][stress]") {
  for (int round = 0; round < 3; ++round) {
    CAPTURE(round);
    Api api;
    constexpr int kApplicants = 30;
    std::vector<sportello::engine::Application> applications;
    for (int i = 0; i < kApplicants; ++i) {
      applications.push_back({"S-" + std::to_string(i), "roma", kTaxCode, "", "", {"lavoro-documenti"}, ""});
    }
    REQUIRE(sportello::booking::ImportApplications(api.store(), applications, sportello::storage::Actor::Cli(),
                                                   *sportello::engine::ParseInstant("2026-11-23T10:00:00+01:00"))
                .has_value());
    const std::uint16_t port = api.Serve(8);
    Acknowledged acknowledged;
    std::atomic<int> unexpected{0};
    std::atomic<bool> go{false};
    std::vector<std::thread> threads;
    for (int i = 0; i < kApplicants; ++i) {
      threads.emplace_back([&, i] {
        std::mt19937 random(static_cast<unsigned>(round * 1000 + i));
        TestClient client(port);
        std::string code, token;
        while (!go) std::this_thread::yield();
        for (int step = 0; step < 12; ++step) {
          const std::string& slot = kSlots[random() % kSlots.size()];
          if (code.empty()) {
            const Response answer = client.Post("/api/v1/desks/roma/bookings", BookingBody("S-" + std::to_string(i), slot));
            if (answer.result_int() == 201) {
              const json::value body = JsonBody(answer);
              code = std::string(body.at("code").as_string());
              token = std::string(body.at("manage_token").as_string());
              std::lock_guard lock(acknowledged.mutex);
              acknowledged.token_by_code[code] = token;
            } else if (answer.result_int() != 409) {
              ++unexpected;
            }
          } else if (random() % 3 == 0) {
            const Response answer = client.Post("/api/v1/bookings/" + code + "/cancel?token=" + token, "");
            if (answer.result_int() == 200) code.clear();
            else ++unexpected;
          } else {
            const Response answer = client.Post("/api/v1/bookings/" + code + "/reschedule?token=" + token,
                                                json::serialize(json::object{{"start", slot}}));
            if (answer.result_int() != 200 && answer.result_int() != 409) ++unexpected;
          }
        }
      });
    }
    go = true;
    for (std::thread& thread : threads) thread.join();
    CHECK(unexpected == 0);
    CHECK_FALSE(acknowledged.token_by_code.empty());
    CheckInvariants(api, acknowledged);
  }
}

TEST_CASE("a flood from one address is limited while another address is served", "[socket][abuse]") {
  Api api;
  api.UseRateLimits({{"booking", {.per_second = 0.01, .burst = 5}},
                     {"lookup", {.per_second = 0.01, .burst = 5}},
                     {"login", {.per_second = 0.01, .burst = 5}},
                     {"verification", {.per_second = 0.01, .burst = 50}}});
  const std::uint16_t port = api.Serve();
  std::atomic<int> limited{0};
  std::vector<std::thread> bots;
  for (int bot = 0; bot < 4; ++bot) {
    bots.emplace_back([&] {
      TestClient client(port, "127.0.0.1", "127.0.0.2");
      for (int i = 0; i < 10; ++i) {
        const Response answer = client.Post("/api/v1/applications/lookup", R"({"application_id":"A-9","tax_code":"00743110157"})");
        if (answer.result_int() == 429) ++limited;
      }
    });
  }
  for (std::thread& bot : bots) bot.join();
  CHECK(limited == 40 - 5);
  TestClient honest(port, "127.0.0.1", "127.0.0.3");
  const Response answer = honest.Post("/api/v1/applications/lookup", R"({"application_id":"A-1","tax_code":"RSSMRA85T10A562S"})");
  CHECK(answer.result_int() == 200);
}
