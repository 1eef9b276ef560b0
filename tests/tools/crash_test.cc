// The real `sportello serve` killed with SIGKILL at random moments during a booking surge, many
// times, and restarted: afterwards every acknowledged (201) booking is present and still booked,
// no slot is over capacity, the database passes integrity_check, and the restarted server answers
// at once.
#include "engine/booking_rules.h"
#include "storage/sqlite_store.h"
#include "tests/http/test_client.h"

#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <random>
#include <sqlite3.h>
#include <fcntl.h>
#include <spawn.h>
#include <string>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

extern char** environ;

namespace {

using sportello::http::testing::JsonBody;
using sportello::http::testing::TestClient;
namespace json = boost::json;

constexpr int kApplications = 400;
constexpr int kClients = 12;

std::string Sh(const std::string& command) {
  std::string output;
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  REQUIRE(pipe != nullptr);
  char buffer[4096];
  while (std::size_t n = fread(buffer, 1, sizeof buffer, pipe)) output.append(buffer, n);
  pclose(pipe);
  return output;
}

// A running `sportello serve`; its port is read from its "listening on" line.
class ServerProcess {
 public:
  explicit ServerProcess(const std::string& db) {
    int pipe_fds[2];
    REQUIRE(pipe(pipe_fds) == 0);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDERR_FILENO);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addclose(&actions, pipe_fds[0]);
    const std::string calendars = std::string(SPORTELLO_SOURCE_DIR) + "/calendars";
    std::vector<std::string> words = {SPORTELLO_BINARY, "serve", "--db", db, "--port", "0", "--no-rate-limits",
                                      "--calendars", calendars, "--workers", "8"};
    std::vector<char*> argv;
    for (std::string& word : words) argv.push_back(word.data());
    argv.push_back(nullptr);
    REQUIRE(posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ) == 0);
    posix_spawn_file_actions_destroy(&actions);
    close(pipe_fds[1]);
    log_ = fdopen(pipe_fds[0], "r");
    char line[1024];
    while (fgets(line, sizeof line, log_) != nullptr) {
      const std::string text(line);
      const auto at = text.find("listening on http://127.0.0.1:");
      if (at != std::string::npos) {
        port_ = static_cast<std::uint16_t>(std::stoi(text.substr(at + 30)));
        break;
      }
    }
    REQUIRE(port_ != 0);
    drain_ = std::thread([this] {
      char ignored[1024];
      while (fgets(ignored, sizeof ignored, log_) != nullptr) {
      }
    });
  }
  ~ServerProcess() { Kill(); }
  void Kill() {
    if (pid_ == 0) return;
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
    pid_ = 0;
    drain_.join();
    fclose(log_);
  }
  std::uint16_t port() const { return port_; }

 private:
  pid_t pid_ = 0;
  std::uint16_t port_ = 0;
  FILE* log_ = nullptr;
  std::thread drain_;
};

}  // namespace

TEST_CASE("SIGKILL during a booking surge loses no acknowledged booking", "[crash][socket]") {
  std::string pattern = (std::filesystem::temp_directory_path() / "sportello-crash-XXXXXX").string();
  REQUIRE(mkdtemp(pattern.data()) != nullptr);
  const std::filesystem::path dir = pattern;
  const std::string db = (dir / "sportello.db").string();
  {
    std::ofstream csv(dir / "applications.csv");
    csv << "application_id,desk,tax_code,email,phone,types,status\n";
    for (int i = 0; i < kApplications; ++i) csv << "C-" << i << ",roma,RSSMRA85T10A562S,,,lavoro-documenti,x\n";
  }
  REQUIRE(Sh(std::string(SPORTELLO_BINARY) + " calendar load --db " + db + " " + SPORTELLO_SOURCE_DIR +
             "/calendars/roma.json").find("loaded") != std::string::npos);
  REQUIRE(Sh(std::string(SPORTELLO_BINARY) + " import-applications --db " + db + " " + (dir / "applications.csv").string())
              .find("imported " + std::to_string(kApplications)) != std::string::npos);

  std::mutex mutex;
  std::map<std::string, std::string> acknowledged;  // code -> manage token
  std::atomic<int> next_application{0};
  std::mt19937 random(20261122);
  for (int round = 0; round < 6 && next_application < kApplications; ++round) {
    CAPTURE(round);
    ServerProcess server(db);
    // The free slots of the coming weeks, from the server itself.
    std::vector<std::string> starts;
    {
      TestClient client(server.port());
      const auto today = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
      const std::string from = date::format("%F", today), to = date::format("%F", today + std::chrono::days{40});
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
    std::atomic<bool> stop{false};
    std::vector<std::thread> clients;
    for (int c = 0; c < kClients; ++c) {
      clients.emplace_back([&, c] {
        try {
          TestClient client(server.port());
          std::size_t slot = static_cast<std::size_t>(c) * 3;
          while (!stop) {
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
            }
          }
        } catch (const std::exception&) {
          // The server died under us: whatever was not acknowledged may or may not be stored.
        }
      });
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50 + random() % 400));
    server.Kill();
    stop = true;
    for (std::thread& client : clients) client.join();
  }
  REQUIRE(acknowledged.size() > 50);

  // Restarted, the server answers at once and has every acknowledged booking.
  ServerProcess server(db);
  TestClient client(server.port());
  CHECK(client.Get("/healthz").result_int() == 200);
  std::size_t present = 0;
  for (const auto& [code, token] : acknowledged) {
    const auto answer = client.Get("/api/v1/bookings/" + code + "?token=" + token);
    if (answer.result_int() == 200 && JsonBody(answer).at("status") == "booked") ++present;
  }
  CHECK(present == acknowledged.size());
  server.Kill();

  // Nothing half-written, no slot over capacity.
  sqlite3* handle = nullptr;
  REQUIRE(sqlite3_open_v2(db.c_str(), &handle, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  sqlite3_stmt* check = nullptr;
  REQUIRE(sqlite3_prepare_v2(handle, "PRAGMA integrity_check", -1, &check, nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_step(check) == SQLITE_ROW);
  CHECK(std::string(reinterpret_cast<const char*>(sqlite3_column_text(check, 0))) == "ok");
  sqlite3_finalize(check);
  sqlite3_close(handle);
  auto store = sportello::storage::SqliteStore::Open(db);
  auto desk = store->FindDesk("roma");
  REQUIRE(desk.has_value());
  const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
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
