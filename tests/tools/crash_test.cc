// The real `sportello serve` killed with SIGKILL at random moments during a booking surge, many
// times, and restarted, on SQLite and (as "pg crash:") on PostgreSQL: afterwards every acknowledged (201) booking is present and still booked,
// no slot is over capacity, the database passes integrity_check, and the restarted server answers
// at once. Until the planned kill, every answer must be 201 or 409 slot_full and no connection may
// fail; a server that dies on its own or prints a sanitizer report fails the test.
#include "engine/booking_rules.h"
#include "storage/open_store.h"
#include "tests/http/test_client.h"
#include "tests/support/command.h"
#include "tests/support/server_process.h"
#include "tests/support/test_database.h"

#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <random>
#include <sqlite3.h>
#include <string>
#include <thread>
#include <unistd.h>

namespace {

using sportello::http::testing::JsonBody;
using sportello::http::testing::TestClient;
using sportello::testing::ServerProcess;
using sportello::testing::TestNow;
namespace json = boost::json;

constexpr int kApplications = 400;
constexpr int kClients = 12;

// The output of `sportello arguments` (stdout and stderr).
std::string Sportello(const std::string& arguments) {
  return sportello::testing::RunCommand(std::string(SPORTELLO_BINARY) + " " + arguments).output;
}

ServerProcess StartServer(const std::string& db) {
  return ServerProcess(SPORTELLO_BINARY, {"--db", db, "--no-rate-limits", "--calendars",
                                          std::string(SPORTELLO_SOURCE_DIR) + "/calendars", "--workers", "8"});
}

}  // namespace

TEST_CASE("SIGKILL during a booking surge loses no acknowledged booking", "[crash][socket]") {
  std::string pattern = (std::filesystem::temp_directory_path() / "sportello-crash-XXXXXX").string();
  REQUIRE(mkdtemp(pattern.data()) != nullptr);
  const std::filesystem::path dir = pattern;
  const std::string db = sportello::testing::NewDatabase(dir, "sportello.db");  // a file or a URI
  {
    std::ofstream csv(dir / "applications.csv");
    csv << "application_id,desk,tax_code,email,phone,types,status\n";
    for (int i = 0; i < kApplications; ++i) csv << "C-" << i << ",roma,RSSMRA85T10A562S,,,lavoro-documenti,x\n";
  }
  REQUIRE(Sportello("calendar load --db " + db + " " + SPORTELLO_SOURCE_DIR +
             "/calendars/roma.json").find("loaded") != std::string::npos);
  REQUIRE(Sportello("import-applications --db " + db + " --now " + TestNow() + " " + (dir / "applications.csv").string())
              .find("imported " + std::to_string(kApplications)) != std::string::npos);

  const auto now = *sportello::engine::ParseInstant(TestNow());
  const auto today = std::chrono::floor<std::chrono::days>(now);
  const std::string from = date::format("%F", today), to = date::format("%F", today + std::chrono::days{40});
  std::mutex mutex;
  std::map<std::string, std::string> acknowledged;  // code -> manage token
  std::vector<std::string> unexpected;              // answers and failures before the planned kill
  std::atomic<int> next_application{0};
  const unsigned seed = 20261122;
  std::mt19937 random(seed);
  INFO("seed " << seed);
  for (int round = 0; round < 6 && next_application < kApplications; ++round) {
    CAPTURE(round);
    ServerProcess server = StartServer(db);
    // The free slots of the coming weeks, from the server itself.
    std::vector<std::string> starts;
    {
      TestClient client(server.port());
      const json::value days =
          JsonBody(client.Get("/api/v1/desks/roma/availability?type=lavoro-documenti&from=" + from + "&to=" + to))
              .at("days");
      for (const auto& day : days.as_array()) {
        for (const auto& slot : day.at("slots").as_array()) {
          if (slot.at("free").as_int64() > 0) starts.emplace_back(slot.at("start").as_string());
        }
      }
    }
    REQUIRE(starts.size() > 20);
    std::atomic<bool> killing{false};
    std::vector<std::thread> clients;
    for (int c = 0; c < kClients; ++c) {
      clients.emplace_back([&, c] {
        const auto note = [&](const std::string& what) {
          if (killing) return;  // the kill may cut any request short
          std::lock_guard lock(mutex);
          unexpected.push_back(what);
        };
        try {
          TestClient client(server.port());
          std::size_t slot = static_cast<std::size_t>(c) * 3;
          while (!killing) {
            const int application = next_application++;
            if (application >= kApplications) return;
            for (int attempt = 0; attempt < 6; ++attempt, ++slot) {
              const auto answer = client.Post(
                  "/api/v1/desks/roma/bookings",
                  json::serialize(json::object{{"type", "lavoro-documenti"}, {"start", starts[slot % starts.size()]},
                                               {"application_id", "C-" + std::to_string(application)},
                                               {"tax_code", "RSSMRA85T10A562S"}}));
              if (answer.result_int() == 201) {
                const json::value body = JsonBody(answer);
                std::lock_guard lock(mutex);
                acknowledged[std::string(body.at("code").as_string())] = std::string(body.at("manage_token").as_string());
                break;
              }
              if (answer.result_int() != 409 || JsonBody(answer).at("code") != "slot_full") {
                note("C-" + std::to_string(application) + ": " + std::to_string(answer.result_int()) + " " + answer.body());
                break;
              }
            }
          }
        } catch (const std::exception& error) {
          note(error.what());  // after the kill: whatever was not acknowledged may or may not be stored
        }
      });
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50 + random() % 400));
    killing = true;
    server.Kill();
    for (std::thread& client : clients) client.join();
    INFO("unexpected answers: " << unexpected.size() << (unexpected.empty() ? "" : ", first: " + unexpected.front()));
    REQUIRE(unexpected.empty());
  }
  REQUIRE(acknowledged.size() > 50);

  // Restarted, the server answers at once and has every acknowledged booking.
  ServerProcess server = StartServer(db);
  TestClient client(server.port());
  CHECK(client.Get("/healthz").result_int() == 200);
  std::size_t present = 0;
  for (const auto& [code, token] : acknowledged) {
    const auto answer = client.Get("/api/v1/bookings/" + code + "?token=" + token);
    if (answer.result_int() == 200 && JsonBody(answer).at("status") == "booked") ++present;
  }
  CHECK(present == acknowledged.size());
  server.Stop();

  // Nothing half-written, no slot over capacity.
  if (!sportello::storage::IsPostgresUri(db)) {
    sqlite3* handle = nullptr;
    REQUIRE(sqlite3_open_v2(db.c_str(), &handle, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
    sqlite3_stmt* check = nullptr;
    REQUIRE(sqlite3_prepare_v2(handle, "PRAGMA integrity_check", -1, &check, nullptr) == SQLITE_OK);
    REQUIRE(sqlite3_step(check) == SQLITE_ROW);
    CHECK(std::string(reinterpret_cast<const char*>(sqlite3_column_text(check, 0))) == "ok");
    sqlite3_finalize(check);
    sqlite3_close(handle);
  }
  auto store = sportello::storage::OpenStore(db);
  auto desk = store->FindDesk("roma");
  REQUIRE(desk.has_value());
  auto ledger = store->Seats("roma", "lavoro-documenti", now - std::chrono::hours{24}, now + std::chrono::days{70});
  REQUIRE(ledger.has_value());
  std::size_t slots_checked = 0;
  for (const auto& [code, token] : acknowledged) {
    auto booking = store->FindBooking(code);
    REQUIRE(booking.has_value());
    auto slot = sportello::engine::FindSlot(*desk, "lavoro-documenti", booking->start);
    REQUIRE(slot.has_value());
    const auto use = ledger->Use(booking->start);
    CHECK(use.online + use.staff <= slot->total_seats());
    CHECK(use.online <= slot->capacity);
    ++slots_checked;
  }
  CHECK(slots_checked == acknowledged.size());
  store.reset();
  std::filesystem::remove_all(dir);
}
