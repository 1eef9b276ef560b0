// Two real `sportello serve` nodes on one PostgreSQL database, as a national deployment runs them
// behind a load balancer. Clients send their requests to both nodes at once and every rule of
// SPEC.md must hold across them: a slot never gives more seats than it has, one Idempotency-Key
// makes one booking, a calendar change on one node and bookings on the other never strand a
// booking, a node killed mid-surge loses no acknowledged booking while the other keeps serving,
// and a proof-of-work solution is accepted once whichever node it is sent to.
// Each race is repeated over several slots.
#include "tests/http/proof_solver.h"
#include "tests/http/test_client.h"
#include "tests/support/command.h"
#include "tests/support/postgres.h"
#include "tests/support/server_process.h"

#include <catch2/catch.hpp>

#include "engine/time.h"

#include <boost/json.hpp>
#include <date/date.h>
#include <date/tz.h>
#include <fmt/core.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace {

using sportello::http::testing::JsonBody;
using sportello::http::testing::Solve;
using sportello::http::testing::TestClient;
using sportello::testing::ServerProcess;
using sportello::testing::TestNow;
namespace json = boost::json;

constexpr int kApplications = 600;
constexpr const char* kTaxCode = "RSSMRA85T10A562S";
constexpr const char* kPassword = "a long enough password";

std::string Sportello(const std::string& arguments, const std::string& input = "") {
  return sportello::testing::RunCommand(std::string(SPORTELLO_BINARY) + " " + arguments, input).output;
}

// A node on `db`; without the per-address rate limits unless `rate_limits` (the clients here all
// come from one address).
std::unique_ptr<ServerProcess> StartNode(const std::string& db, bool rate_limits = false) {
  std::vector<std::string> options{"--db", db, "--calendars", std::string(SPORTELLO_SOURCE_DIR) + "/calendars",
                                   "--workers", "8"};
  if (!rate_limits) options.push_back("--no-rate-limits");
  return std::make_unique<ServerProcess>(SPORTELLO_BINARY, options);
}

// Online seats held by `booked` bookings per slot start (unix seconds), read from the database.
std::map<std::int64_t, std::int64_t> OnlineSeatsTaken(const std::string& db) {
  const sportello::testing::PgResult result = sportello::testing::RunSql(
      db, "SELECT start, count(*) FROM bookings WHERE status = 'booked' AND channel = 'online' GROUP BY start");
  std::map<std::int64_t, std::int64_t> taken;
  for (int row = 0; row < PQntuples(result.get()); ++row) {
    taken[std::stoll(PQgetvalue(result.get(), row, 0))] = std::stoll(PQgetvalue(result.get(), row, 1));
  }
  return taken;
}

std::int64_t UnixSeconds(const std::string& rfc3339) {
  return sportello::engine::ParseInstant(rfc3339)->time_since_epoch().count();
}

std::string BookingBody(const std::string& start, int application) {
  return json::serialize(json::object{{"type", "lavoro-documenti"}, {"start", start},
                                      {"application_id", "N-" + std::to_string(application)}, {"tax_code", kTaxCode}});
}

// A fresh database with desk roma, applications N-0 … N-599 and a manager of roma; and the two
// nodes on it.
struct TwoNodes {
  explicit TwoNodes(bool rate_limits = false) {
    std::string pattern = (std::filesystem::temp_directory_path() / "sportello-nodes-XXXXXX").string();
    REQUIRE(mkdtemp(pattern.data()) != nullptr);
    dir = pattern;
    std::ofstream csv(dir / "applications.csv");
    csv << "application_id,desk,tax_code,email,phone,types,status\n";
    for (int i = 0; i < kApplications; ++i) csv << "N-" << i << ",roma," << kTaxCode << ",,,lavoro-documenti,x\n";
    csv.close();
    REQUIRE(Sportello("calendar load --db " + db + " " + SPORTELLO_SOURCE_DIR + "/calendars/roma.json")
                .find("loaded") != std::string::npos);
    REQUIRE(Sportello("import-applications --db " + db + " --now " + TestNow() + " " + (dir / "applications.csv").string())
                .find("imported " + std::to_string(kApplications)) != std::string::npos);
    REQUIRE(Sportello("user add --db " + db + " --username mgr.roma --role manager --desk roma",
                      std::string(kPassword) + "\n")
                .find("added") != std::string::npos);
    nodes.push_back(StartNode(db, rate_limits));
    nodes.push_back(StartNode(db, rate_limits));
  }
  ~TwoNodes() {
    std::error_code ignored;
    std::filesystem::remove_all(dir, ignored);
  }

  std::uint16_t port(std::size_t node) const { return nodes[node % nodes.size()]->port(); }

  // Slot starts of the coming weeks with their free seats, as node 0 sees them.
  std::vector<std::pair<std::string, std::int64_t>> FreeSlots() const {
    const auto now = *sportello::engine::ParseInstant(TestNow());
    const auto today = std::chrono::floor<std::chrono::days>(now);
    TestClient client(port(0));
    const json::value days = JsonBody(client.Get("/api/v1/desks/roma/availability?type=lavoro-documenti&from=" +
                                                 date::format("%F", today) + "&to=" +
                                                 date::format("%F", today + std::chrono::days{40})))
                                 .at("days");
    std::vector<std::pair<std::string, std::int64_t>> slots;
    for (const auto& day : days.as_array()) {
      for (const auto& slot : day.at("slots").as_array()) {
        if (slot.at("free").as_int64() > 0) slots.emplace_back(slot.at("start").as_string(), slot.at("free").as_int64());
      }
    }
    return slots;
  }

  std::filesystem::path dir;
  std::string db = sportello::testing::FreshTestDatabase();
  std::vector<std::unique_ptr<ServerProcess>> nodes;
};

// Sends `body` from `clients` threads at once, alternating between the nodes; each answer's
// status and body.
std::vector<std::pair<unsigned, std::string>> Race(const TwoNodes& nodes, int clients,
                                                   const std::function<std::string(int)>& body,
                                                   const sportello::http::testing::Headers& headers = {}) {
  std::vector<std::pair<unsigned, std::string>> answers(static_cast<std::size_t>(clients));
  std::atomic<int> ready{0};
  std::vector<std::thread> threads;
  for (int c = 0; c < clients; ++c) {
    threads.emplace_back([&, c] {
      TestClient client(nodes.port(static_cast<std::size_t>(c)));
      ++ready;
      while (ready < clients) std::this_thread::yield();
      const auto answer = client.Post("/api/v1/desks/roma/bookings", body(c), headers);
      answers[static_cast<std::size_t>(c)] = {answer.result_int(), answer.body()};
    });
  }
  for (std::thread& thread : threads) thread.join();
  return answers;
}

std::string Code(const std::string& body) {
  const json::value value = json::parse(body);
  return value.is_object() && value.as_object().contains("code") ? std::string(value.at("code").as_string()) : "";
}

}  // namespace

TEST_CASE("two nodes: clients racing for the last seats of a slot through both get exactly its seats",
          "[nodes][postgres]") {
  TwoNodes nodes;
  const auto slots = nodes.FreeSlots();
  REQUIRE(slots.size() > 10);
  constexpr int kClients = 12;
  int next_application = 0;
  for (std::size_t round = 0; round < 10; ++round) {
    const std::string start = slots[round * 3].first;  // named, not a structured binding: the lambda captures it
    const std::int64_t seats = slots[round * 3].second;
    CAPTURE(round, start, seats);
    const int first = next_application;
    next_application += kClients;
    const auto answers = Race(nodes, kClients, [&](int c) { return BookingBody(start, first + c); });
    int created = 0;
    for (const auto& [status, body] : answers) {
      CAPTURE(status, body);
      if (status == 201) {
        ++created;
      } else {
        CHECK(status == 409);
        CHECK(Code(body) == "slot_full");
      }
    }
    CHECK(created == seats);
    CHECK(OnlineSeatsTaken(nodes.db)[UnixSeconds(start)] == seats);
  }
  // Both nodes now show every raced slot as full.
  for (std::size_t node = 0; node < 2; ++node) {
    TestClient client(nodes.port(node));
    const auto answer = client.Post("/api/v1/desks/roma/bookings", BookingBody(slots[0].first, next_application));
    CHECK(answer.result_int() == 409);
  }
}

TEST_CASE("two nodes: one Idempotency-Key sent to both at once makes one booking", "[nodes][postgres]") {
  TwoNodes nodes;
  const auto slots = nodes.FreeSlots();
  REQUIRE(slots.size() > 10);
  for (int round = 0; round < 10; ++round) {
    CAPTURE(round);
    const std::string body = BookingBody(slots[static_cast<std::size_t>(round)].first, round);
    const auto answers = Race(nodes, 8, [&](int) { return body; }, {{"Idempotency-Key", fmt::format("key-{}", round)}});
    std::set<std::string> codes;
    for (const auto& [status, answer] : answers) {
      CAPTURE(status, answer);
      REQUIRE(status == 201);
      codes.insert(std::string(json::parse(answer).at("code").as_string()));
    }
    CHECK(codes.size() == 1);
  }
  // One booking per key: a second booking of the type for those applications is refused.
  TestClient client(nodes.port(1));
  const auto again = client.Post("/api/v1/desks/roma/bookings", BookingBody(slots[20].first, 3));
  CHECK(again.result_int() == 409);
  CHECK(Code(again.body()) == "already_booked");
}

TEST_CASE("two nodes: a calendar change on one node while the other books never strands a booking",
          "[nodes][postgres]") {
  TwoNodes nodes;
  const auto slots = nodes.FreeSlots();
  REQUIRE(slots.size() > 10);
  TestClient staff(nodes.port(0));
  const auto login = staff.Post("/api/v1/staff/login",
                                json::serialize(json::object{{"username", "mgr.roma"}, {"password", kPassword}}));
  REQUIRE(login.result_int() == 200);
  const sportello::http::testing::Headers bearer = {
      {"Authorization", "Bearer " + std::string(JsonBody(login).at("token").as_string())}};

  // How long the applicants start after the manager, round by round: from well after (the change
  // wins: their slot is gone) to together (their bookings win: the change is refused).
  const std::vector<std::chrono::microseconds> applicants_after = {std::chrono::milliseconds(30), std::chrono::microseconds(0),
                                                                  std::chrono::milliseconds(3), std::chrono::milliseconds(1),
                                                                  std::chrono::milliseconds(10)};
  int next_application = 0;
  std::set<std::string> weekdays_tried;
  std::map<unsigned, int> outcomes;  // PUT status -> rounds
  for (std::size_t index = 0; index < slots.size() && weekdays_tried.size() < applicants_after.size(); ++index) {
    // A slot on a weekday not tried yet.
    const std::string start = slots[index].first;
    const auto instant = *sportello::engine::ParseInstant(start);
    const std::string weekday = date::format("%a", date::make_zoned("Europe/Rome", instant).get_local_time());
    std::string day = weekday;
    for (char& c : day) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (weekdays_tried.count(day) != 0) continue;
    const auto delay = applicants_after[weekdays_tried.size()];
    CAPTURE(start, day, delay.count());

    // The calendar without that weekday for the type.
    json::value calendar = JsonBody(staff.Get("/api/v1/staff/desks/roma/calendar", bearer));
    json::array rules;
    for (auto& rule : calendar.at("types").at("lavoro-documenti").at("weekly").as_array()) {
      json::array kept;
      for (const auto& d : rule.at("days").as_array()) {
        if (d.as_string() != day) kept.push_back(d);
      }
      rule.as_object()["days"] = kept;
      if (!kept.empty()) rules.push_back(rule);
    }
    calendar.at("types").at("lavoro-documenti").as_object()["weekly"] = rules;

    // Applicants book that slot on node 1 while the manager replaces the calendar on node 0.
    const int first = next_application;
    next_application += 8;
    std::atomic<bool> go{false};
    unsigned put_status = 0;
    std::thread manager([&] {
      TestClient client(nodes.port(0));
      while (!go) std::this_thread::yield();
      put_status = client.Put("/api/v1/staff/desks/roma/calendar", json::serialize(calendar), bearer).result_int();
    });
    std::vector<std::thread> applicants;
    std::vector<unsigned> statuses(8);
    for (int c = 0; c < 8; ++c) {
      applicants.emplace_back([&, c] {
        TestClient client(nodes.port(1));
        while (!go) std::this_thread::yield();
        std::this_thread::sleep_for(delay + std::chrono::microseconds(200 * c));
        statuses[static_cast<std::size_t>(c)] =
            client.Post("/api/v1/desks/roma/bookings", BookingBody(start, first + c)).result_int();
      });
    }
    go = true;
    manager.join();
    for (std::thread& thread : applicants) thread.join();
    CAPTURE(put_status);
    REQUIRE((put_status == 200 || put_status == 409));

    // Whatever the order, the stored calendar and the bookings agree.
    const int booked = static_cast<int>(std::count(statuses.begin(), statuses.end(), 201u));
    const json::value stored = JsonBody(staff.Get("/api/v1/staff/desks/roma/calendar", bearer));
    bool day_open = false;
    for (const auto& rule : stored.at("types").at("lavoro-documenti").at("weekly").as_array()) {
      for (const auto& d : rule.at("days").as_array()) day_open = day_open || d.as_string() == day;
    }
    if (put_status == 200) {
      CHECK_FALSE(day_open);
      CHECK(booked == 0);  // every booking came after the change: not a slot any more
    } else {
      CHECK(day_open);
      CHECK(booked > 0);   // refused because a booking held a seat on that day
      CHECK(booked <= slots[index].second);
    }
    for (unsigned status : statuses) CHECK((status == 201 || status == 409 || status == 422));
    weekdays_tried.insert(day);
    ++outcomes[put_status];
  }
  // Which order won how often depends on the machine; both are checked above whenever they occur.
  WARN("calendar changes applied: " << outcomes[200] << ", refused: " << outcomes[409]);
}

TEST_CASE("two nodes: SIGKILL of one node mid-surge loses no acknowledged booking, the other keeps serving",
          "[nodes][postgres]") {
  TwoNodes nodes;
  const auto slots = nodes.FreeSlots();
  REQUIRE(slots.size() > 20);
  std::mutex mutex;
  std::map<std::string, std::string> acknowledged;  // code -> manage token
  std::vector<std::string> unexpected;              // on the node that stays
  std::atomic<int> next_application{0};
  std::atomic<bool> killed{false};
  std::vector<std::thread> clients;
  for (int c = 0; c < 8; ++c) {
    clients.emplace_back([&, c] {
      const std::size_t node = static_cast<std::size_t>(c) % 2;
      try {
        TestClient client(nodes.port(node));
        std::size_t slot = static_cast<std::size_t>(c) * 3;
        for (;;) {
          const int application = next_application++;
          if (application >= 400) return;
          for (int attempt = 0; attempt < 8; ++attempt, ++slot) {
            const auto answer =
                client.Post("/api/v1/desks/roma/bookings", BookingBody(slots[slot % slots.size()].first, application));
            if (answer.result_int() == 201) {
              const json::value body = JsonBody(answer);
              std::lock_guard lock(mutex);
              acknowledged[std::string(body.at("code").as_string())] = std::string(body.at("manage_token").as_string());
              break;
            }
            if (answer.result_int() != 409) {
              std::lock_guard lock(mutex);
              unexpected.push_back(fmt::format("node {}: {} {}", node, answer.result_int(), answer.body()));
              break;
            }
          }
        }
      } catch (const std::exception& error) {
        if (node == 0 && killed) return;  // the killed node's connections end with it
        std::lock_guard lock(mutex);
        unexpected.push_back(fmt::format("node {}: {}", node, error.what()));
      }
    });
  }
  while (next_application < 60) std::this_thread::yield();
  killed = true;
  nodes.nodes[0]->Kill();
  for (std::thread& client : clients) client.join();
  INFO("unexpected: " << unexpected.size() << (unexpected.empty() ? "" : ", first: " + unexpected.front()));
  CHECK(unexpected.empty());
  REQUIRE(acknowledged.size() > 100);

  // Every acknowledged booking is there, through the node that stayed and through a new one.
  nodes.nodes[0] = StartNode(nodes.db);
  for (std::size_t node = 0; node < 2; ++node) {
    TestClient client(nodes.port(node));
    std::size_t present = 0;
    for (const auto& [code, token] : acknowledged) {
      const auto answer = client.Get("/api/v1/bookings/" + code + "?token=" + token);
      if (answer.result_int() == 200 && JsonBody(answer).at("status") == "booked") ++present;
    }
    CHECK(present == acknowledged.size());
  }
  // And no slot gave more seats than it had (every slot was free before the surge).
  const auto taken = OnlineSeatsTaken(nodes.db);
  std::size_t checked = 0;
  for (const auto& [start, seats] : slots) {
    const auto found = taken.find(UnixSeconds(start));
    if (found == taken.end()) continue;
    CAPTURE(start);
    CHECK(found->second <= seats);
    ++checked;
  }
  CHECK(checked == taken.size());
  for (auto& node : nodes.nodes) node->Stop();
}

TEST_CASE("two nodes: while the database is away requests fail with 503 and change nothing, then the nodes reconnect",
          "[nodes][postgres]") {
  TwoNodes nodes;
  const auto slots = nodes.FreeSlots();
  REQUIRE(slots.size() > 3);
  const std::string database = nodes.db.substr(nodes.db.rfind('/') + 1);
  const auto admin = [](const std::string& sql) { sportello::testing::RunSql(sportello::testing::TestClusterUri(), sql); };
  // The database goes away: no new connection is accepted and the open ones are cut.
  admin("ALTER DATABASE " + database + " ALLOW_CONNECTIONS false");
  admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + database + "'");
  for (std::size_t node = 0; node < 2; ++node) {
    TestClient client(nodes.port(node));
    const auto health = client.Get("/healthz");
    CHECK(health.result_int() == 503);
    const auto booked = client.Post("/api/v1/desks/roma/bookings", BookingBody(slots[0].first, static_cast<int>(node)));
    CHECK(booked.result_int() == 503);
    CHECK(Code(booked.body()) == "unavailable");
  }
  // It comes back: both nodes serve again on new connections, and nothing was written meanwhile.
  admin("ALTER DATABASE " + database + " ALLOW_CONNECTIONS true");
  CHECK(OnlineSeatsTaken(nodes.db).empty());
  for (std::size_t node = 0; node < 2; ++node) {
    TestClient client(nodes.port(node));
    CHECK(client.Get("/healthz").result_int() == 200);
    CHECK(client.Post("/api/v1/desks/roma/bookings", BookingBody(slots[1].first, static_cast<int>(node))).result_int() ==
          201);
  }
  for (auto& node : nodes.nodes) node->Stop();
}

TEST_CASE("two nodes: wrong tax codes are counted together, so a guesser gets no more tries from two nodes",
          "[nodes][postgres]") {
  TwoNodes nodes(/*rate_limits=*/true);
  const auto slots = nodes.FreeSlots();
  REQUIRE_FALSE(slots.empty());
  // The default limit: ten failures per application, then one try every six minutes.
  const std::string guess = json::serialize(json::object{{"type", "lavoro-documenti"}, {"start", slots[0].first},
                                                         {"application_id", "N-7"}, {"tax_code", "00743110157"}});
  for (int attempt = 0; attempt < 10; ++attempt) {
    CAPTURE(attempt);
    TestClient client(nodes.port(static_cast<std::size_t>(attempt)));
    const auto answer = client.Post("/api/v1/desks/roma/bookings", guess);
    CHECK(answer.result_int() == 403);
    CHECK(Code(answer.body()) == "application_not_verified");
  }
  for (std::size_t node = 0; node < 2; ++node) {
    TestClient client(nodes.port(node));
    const auto refused = client.Post("/api/v1/desks/roma/bookings", BookingBody(slots[0].first, 7));
    CHECK(refused.result_int() == 429);
    CHECK(Code(refused.body()) == "rate_limited");
    // Another application is not affected.
    CHECK(client.Post("/api/v1/desks/roma/bookings", BookingBody(slots[0].first, 8 + static_cast<int>(node)))
              .result_int() == 201);
  }
  for (auto& node : nodes.nodes) node->Stop();
}

TEST_CASE("two nodes: a proof-of-work solution spent on one node is refused on the other", "[nodes][postgres]") {
  TwoNodes nodes;
  const auto slots = nodes.FreeSlots();
  REQUIRE(slots.size() > 2);
  // Roma asks proof of work from now on: its calendar file with the flag, loaded by the command line.
  std::ifstream shipped(std::string(SPORTELLO_SOURCE_DIR) + "/calendars/roma.json");
  json::value calendar = json::parse(std::string(std::istreambuf_iterator<char>(shipped), {}));
  calendar.as_object()["flags"].as_object()["proof_of_work"] = true;
  std::filesystem::create_directory(nodes.dir / "calendars");
  std::filesystem::copy_file(std::string(SPORTELLO_SOURCE_DIR) + "/calendars/types.json",
                             nodes.dir / "calendars/types.json");  // the catalogue beside the file
  const std::filesystem::path file = nodes.dir / "calendars/roma.json";
  std::ofstream(file) << json::serialize(calendar);
  REQUIRE(Sportello("calendar load --db " + nodes.db + " " + file.string()).find("loaded") != std::string::npos);

  // A challenge of node 0 (the nodes share the secret, so either checks the other's), solved once.
  TestClient first(nodes.port(0));
  TestClient second(nodes.port(1));
  const sportello::http::testing::Headers solved{{"Altcha", Solve(JsonBody(first.Get("/api/v1/challenge")))}};
  CHECK(second.Post("/api/v1/desks/roma/bookings", BookingBody(slots[0].first, 1)).result_int() == 403);
  const auto booked = first.Post("/api/v1/desks/roma/bookings", BookingBody(slots[0].first, 1), solved);
  CHECK(booked.result_int() == 201);
  const auto replayed = second.Post("/api/v1/desks/roma/bookings", BookingBody(slots[1].first, 2), solved);
  CHECK(replayed.result_int() == 403);
  CHECK(Code(replayed.body()) == "proof_of_work_required");
  CHECK(std::string(json::parse(replayed.body()).at("detail").as_string()).starts_with("already used"));
  const sportello::http::testing::Headers fresh{{"Altcha", Solve(JsonBody(second.Get("/api/v1/challenge")))}};
  CHECK(first.Post("/api/v1/desks/roma/bookings", BookingBody(slots[1].first, 2), fresh).result_int() == 201);
  for (auto& node : nodes.nodes) node->Stop();
}
