// The `sportello` command as a person uses it: real binary, real files, exit codes and output.
#include "engine/draw.h"
#include "engine/time.h"
#include "tests/http/test_client.h"
#include "tests/support/command.h"
#include "tests/support/server_process.h"
#include "tests/support/test_database.h"

#include <catch2/catch.hpp>

#include <boost/json.hpp>
#include <date/date.h>
#include <fmt/core.h>

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <sqlite3.h>
#include <thread>
#include <vector>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <string>

namespace {

using Outcome = sportello::testing::CommandOutcome;

// Runs `sportello arguments`, with `input` on its standard input.
Outcome Run(const std::string& arguments, const std::string& input = "") {
  return sportello::testing::RunCommand(std::string(SPORTELLO_BINARY) + " " + arguments, input);
}

const std::string kCalendars = std::string(SPORTELLO_SOURCE_DIR) + "/calendars";

}  // namespace

TEST_CASE("calendar check accepts every shipped calendar", "[cli]") {
  for (const char* desk : {"roma", "latina", "milano", "napoli"}) {
    const Outcome outcome = Run("calendar check " + kCalendars + "/" + desk + ".json");
    CAPTURE(outcome.output);
    CHECK(outcome.exit_code == 0);
    CHECK(outcome.output.find(": ok (desk " + std::string(desk)) != std::string::npos);
  }
}

TEST_CASE("calendar check names the broken field and exits non-zero", "[cli]") {
  const auto dir = std::filesystem::temp_directory_path() / ("sportello-cli-test-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  std::filesystem::copy_file(kCalendars + "/types.json", dir / "types.json",
                             std::filesystem::copy_options::overwrite_existing);
  std::ifstream in(kCalendars + "/roma.json");
  boost::json::value roma = boost::json::parse(std::string(std::istreambuf_iterator<char>(in), {}));
  auto& weekly = roma.at("types").at("lavoro-documenti").at("weekly").as_array();
  weekly[0].as_object()["to"] = "08:00";
  std::ofstream(dir / "roma.json") << boost::json::serialize(roma);

  const Outcome outcome = Run("calendar check " + (dir / "roma.json").string());
  CAPTURE(outcome.output);
  CHECK(outcome.exit_code == 1);
  CHECK(outcome.output.find("types.lavoro-documenti.weekly[0].to: must be after from") != std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST_CASE("calendar slots prints the availability shape with offsets", "[cli]") {
  const Outcome outcome = Run("calendar slots " + kCalendars +
                              "/roma.json --type lavoro-documenti --from 2026-12-14 --to 2026-12-20 "
                              "--now 2026-12-01T08:00:00+01:00");
  CAPTURE(outcome.output);
  REQUIRE(outcome.exit_code == 0);
  const boost::json::value answer = boost::json::parse(outcome.output);
  CHECK(answer.at("desk") == "roma");
  CHECK(answer.at("timezone") == "Europe/Rome");
  const auto& days = answer.at("days").as_array();
  REQUIRE_FALSE(days.empty());
  CHECK(days[0].at("date") == "2026-12-14");
  const auto& first = days[0].at("slots").as_array().at(0);
  CHECK(std::string(first.at("start").as_string()).starts_with("2026-12-14T"));
  CHECK(std::string(first.at("start").as_string()).ends_with("+01:00"));
  CHECK(first.at("start") == "2026-12-14T09:00:00+01:00");
  CHECK(first.at("free") == 6);  // roma.json: 6 online seats on weekday mornings
  // The staff view adds the 2 staff seats of the same slot.
  const Outcome staff = Run("calendar slots " + kCalendars +
                            "/roma.json --type lavoro-documenti --from 2026-12-14 --to 2026-12-14 --staff "
                            "--now 2026-12-01T08:00:00+01:00");
  REQUIRE(staff.exit_code == 0);
  const auto staff_first = boost::json::parse(staff.output).at("days").as_array().at(0).at("slots").as_array().at(0);
  CHECK(staff_first.at("start") == first.at("start"));
  CHECK(staff_first.at("free") == 8);
}

TEST_CASE("calendar commands explain wrong command lines", "[cli]") {
  CHECK(Run("calendar slots " + kCalendars + "/roma.json --type lavoro-documenti").exit_code == 2);
  CHECK(Run("calendar frobnicate").exit_code == 2);
  CHECK(Run("calendar check --bogus x").exit_code == 2);
  const Outcome help = Run("calendar --help");
  CHECK(help.exit_code == 0);
  CHECK(help.output.find("calendar slots FILE --type T") != std::string::npos);
  CHECK(Run("no-such-command").exit_code == 2);
}

namespace {

// A temporary directory for one test, removed at the end.
struct Scratch {
  std::filesystem::path dir;
  Scratch() {
    std::string pattern = (std::filesystem::temp_directory_path() / "sportello-cli-XXXXXX").string();
    REQUIRE(mkdtemp(pattern.data()) != nullptr);
    dir = pattern;
  }
  ~Scratch() { std::filesystem::remove_all(dir); }
  std::string operator/(const char* name) const { return (dir / name).string(); }
};

using sportello::http::testing::JsonBody;
using sportello::http::testing::TestClient;
using sportello::testing::ServerProcess;

// The first column of the first row `sql` gives in the SQLite file at `path` ("" when no row).
std::string QueryText(const std::string& path, const char* sql) {
  sqlite3* handle = nullptr;
  REQUIRE(sqlite3_open_v2(path.c_str(), &handle, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  sqlite3_stmt* statement = nullptr;
  REQUIRE(sqlite3_prepare_v2(handle, sql, -1, &statement, nullptr) == SQLITE_OK);
  std::string text;
  if (sqlite3_step(statement) == SQLITE_ROW && sqlite3_column_text(statement, 0) != nullptr) {
    text = reinterpret_cast<const char*>(sqlite3_column_text(statement, 0));
  }
  sqlite3_finalize(statement);
  sqlite3_close(handle);
  return text;
}

// Starts of roma's lavoro-documenti slots with a free online seat, over `days` days from the test clock.
std::vector<std::string> FreeStarts(std::uint16_t port, int days) {
  const auto today = std::chrono::floor<std::chrono::days>(*sportello::engine::ParseInstant(sportello::testing::TestNow()));
  TestClient client(port);
  const auto answer = JsonBody(client.Get("/api/v1/desks/roma/availability?type=lavoro-documenti&from=" +
                                          date::format("%F", today) + "&to=" + date::format("%F", today + std::chrono::days{days})));
  std::vector<std::string> starts;
  for (const auto& day : answer.at("days").as_array()) {
    for (const auto& slot : day.at("slots").as_array()) {
      if (slot.at("free").as_int64() > 0) starts.emplace_back(slot.at("start").as_string());
    }
  }
  return starts;
}

}  // namespace

TEST_CASE("import-applications reports bad rows by line, imports the good ones, and is idempotent", "[cli][import]") {
  Scratch scratch;
  const std::string db = sportello::testing::NewDatabase(scratch.dir, "s.db");  // a file or a URI
  REQUIRE(Run("calendar load --db " + db + " " + kCalendars + "/roma.json").exit_code == 0);
  std::ofstream(scratch / "apps.csv") << "application_id,desk,tax_code,email,phone,types,status\r\n"
                                         "A-1,roma,RSSMRA85T10A562S,a@example.org,,lavoro-documenti,In istruttoria\r\n"
                                         "A-2,roma,RSSMRA85T10A562X,,,lavoro-documenti,In istruttoria\r\n"
                                         "A-3,torino,RSSMRA85T10A562S,,,lavoro-documenti,In istruttoria\r\n"
                                         "A-4,roma,00743110157,,,\"lavoro-documenti|lavoro-nulla-osta\",\"Pronto, con virgola\"\r\n";
  const Outcome first = Run("import-applications --db " + db + " --now " + sportello::testing::TestNow() + " " + (scratch / "apps.csv"));
  CAPTURE(first.output);
  CHECK(first.exit_code == 1);  // some rows were rejected
  CHECK(first.output.find("line 3:") != std::string::npos);
  CHECK(first.output.find("line 4:") != std::string::npos);
  CHECK(first.output.find("imported 2, updated 0, rejected 2") != std::string::npos);
  const Outcome again = Run("import-applications --db " + db + " --now " + sportello::testing::TestNow() + " " + (scratch / "apps.csv"));
  CHECK(again.output.find("imported 0, updated 2, rejected 2") != std::string::npos);
}

TEST_CASE("user add reads the password from stdin", "[cli][users]") {
  Scratch scratch;
  const std::string db = sportello::testing::NewDatabase(scratch.dir, "s.db");  // a file or a URI
  REQUIRE(Run("calendar load --db " + db + " " + kCalendars + "/roma.json").exit_code == 0);
  const Outcome added = Run("user add --db " + db + " --username mgr.roma --role manager --desk roma", "a long enough password\n");
  CAPTURE(added.output);
  CHECK(added.exit_code == 0);
  // Each refusal says which option is wrong and why, as the API does.
  const std::vector<std::pair<std::string, std::string>> refusals = {
      {"--username short --role operator --desk roma", "password: must be at least 12 characters"},
      {"--username nodesk --role operator", "--desk: is required for an operator, manager or kiosk"},
      {"--username mgr.roma --role operator --desk roma", "--username: is taken"},
      {"--username Mario --role operator --desk roma", "--username: must be 3 to 40 characters"},
      {"--username altrove --role operator --desk atlantide", "--desk: is not a known desk"},
  };
  for (const auto& [options, says] : refusals) {
    const Outcome refused = Run("user add --db " + db + " " + options, options.find("short") != std::string::npos
                                                                            ? "short\n" : "a long enough password\n");
    CAPTURE(options, refused.output);
    CHECK(refused.exit_code == 1);
    CHECK_THAT(refused.output, Catch::Contains("sportello user: not added: " + says));
  }
}

TEST_CASE("backup copies a database while the server books into it, and /metrics counts the bookings",
          "[cli][backup][metrics]") {
  Scratch scratch;
  const std::string db = scratch / "s.db";
  constexpr int kApplications = 60;
  {
    std::ofstream csv(scratch / "apps.csv");
    csv << "application_id,desk,tax_code,email,phone,types,status\n";
    for (int i = 0; i < kApplications; ++i) csv << "B-" << i << ",roma,RSSMRA85T10A562S,,,lavoro-documenti,x\n";
  }
  REQUIRE(Run("calendar load --db " + db + " " + kCalendars + "/roma.json").exit_code == 0);
  REQUIRE(Run("import-applications --db " + db + " --now " + sportello::testing::TestNow() + " " + (scratch / "apps.csv")).exit_code == 0);
  ServerProcess server(SPORTELLO_BINARY, {"--db", db, "--no-rate-limits", "--calendars", kCalendars});
  const std::vector<std::string> starts = FreeStarts(server.port(), 40);
  REQUIRE(starts.size() >= kApplications);

  // A writer books one application after another while the backup runs.
  std::atomic<int> made{0};
  std::atomic<int> refused{0};
  std::atomic<int> acknowledged_before_backup{-1};
  std::thread writer([&] {
    TestClient client(server.port());
    for (int i = 0; i < kApplications; ++i) {
      const auto answer = client.Post("/api/v1/desks/roma/bookings",
                                      boost::json::serialize(boost::json::object{
                                          {"type", "lavoro-documenti"}, {"start", starts[static_cast<std::size_t>(i)]},
                                          {"application_id", "B-" + std::to_string(i)}, {"tax_code", "RSSMRA85T10A562S"}}));
      (answer.result_int() == 201 ? made : refused)++;
    }
  });
  while (made < kApplications / 3 && refused == 0) std::this_thread::yield();
  acknowledged_before_backup = made.load();
  const Outcome backup = Run("backup --db " + db + " " + (scratch / "copy.db"));
  const int acknowledged_after_backup = made.load();
  writer.join();
  CAPTURE(backup.output);
  REQUIRE(refused == 0);
  CHECK(backup.exit_code == 0);
  INFO("bookings acknowledged before the backup: " << acknowledged_before_backup << ", after: " << acknowledged_after_backup);
  CHECK(acknowledged_after_backup > acknowledged_before_backup);  // the server was writing during the copy

  // The copy is whole and consistent: it holds every booking acknowledged before the backup began,
  // none beyond those acknowledged by its end and the one the writer may have had in flight (a
  // booking commits before its answer reaches the client), and passes SQLite's own checks.
  CHECK(QueryText(scratch / "copy.db", "PRAGMA integrity_check") == "ok");
  CHECK(QueryText(scratch / "copy.db", "PRAGMA foreign_key_check") == "");
  const int copied = std::stoi(QueryText(scratch / "copy.db", "SELECT count(*) FROM bookings"));
  CHECK(copied >= acknowledged_before_backup);
  CHECK(copied <= acknowledged_after_backup + 1);

  // The server counted each booking, by desk and by route and status.
  TestClient client(server.port());
  const std::string metrics = client.Get("/metrics").body();
  CHECK_THAT(metrics, Catch::Contains("sportello_bookings_made_total{desk=\"roma\"} " + std::to_string(kApplications)));
  CHECK_THAT(metrics, Catch::Contains("sportello_http_requests_total{route=\"POST /api/v1/desks/{desk}/bookings\",status=\"201\"} " +
                                      std::to_string(kApplications)));
  server.Stop();
  // The copy is a database Sportello opens: loading a calendar into it works.
  CHECK(Run("calendar load --db " + (scratch / "copy.db") + " " + kCalendars + "/latina.json").exit_code == 0);
}

TEST_CASE("with --metrics-bind, /metrics is served there and only there", "[cli][metrics]") {
  Scratch scratch;
  ServerProcess server(SPORTELLO_BINARY, {"--calendars", kCalendars, "--db", scratch / "s.db", "--metrics-bind",
                                          "127.0.0.1:0"});
  CHECK(TestClient(server.port()).Get("/metrics").result_int() == 404);
  const std::string log = server.Log();
  const std::string marker = "metrics on http://127.0.0.1:";
  const std::size_t at = log.find(marker);
  REQUIRE(at != std::string::npos);
  const auto port = static_cast<std::uint16_t>(std::stoi(log.substr(at + marker.size())));
  TestClient metrics(port);
  const auto answer = metrics.Get("/metrics");
  CHECK(answer.result_int() == 200);
  CHECK_THAT(answer.body(), Catch::Contains("sportello_bookings_made_total"));
  CHECK(metrics.Get("/api/v1/desks").result_int() == 404);  // nothing else is served there
  CHECK(Run("serve --metrics-bind 9464").exit_code == 2);  // no address
}

TEST_CASE("serve answers its OpenAPI document at /api/v1/openapi.yaml, the file shipped in docs/", "[cli][openapi]") {
  Scratch scratch;
  ServerProcess server(SPORTELLO_BINARY, {"--calendars", kCalendars, "--db", scratch / "s.db"});
  const auto answer = TestClient(server.port()).Get("/api/v1/openapi.yaml");
  CHECK(answer.result_int() == 200);
  CHECK(answer[boost::beast::http::field::content_type] == "application/yaml");
  std::ifstream shipped(std::string(SPORTELLO_SOURCE_DIR) + "/docs/openapi.yaml", std::ios::binary);
  CHECK(answer.body() == std::string(std::istreambuf_iterator<char>(shipped), std::istreambuf_iterator<char>{}));
  server.Stop();
}

TEST_CASE("/metrics passes promtool check metrics after traffic of every kind", "[cli][metrics]") {
  Scratch scratch;
  const std::string db = scratch / "s.db";
  REQUIRE(Run("calendar load --db " + db + " " + kCalendars + "/roma.json").exit_code == 0);
  {
    std::ofstream csv(scratch / "apps.csv");
    csv << "application_id,desk,tax_code,email,phone,types,status\n"
        << "P-1,roma,RSSMRA85T10A562S,,,lavoro-documenti,x\n";
  }
  const std::string now = sportello::testing::TestNow();
  REQUIRE(Run("import-applications --db " + db + " --now " + now + " " + (scratch / "apps.csv")).exit_code == 0);
  ServerProcess server(SPORTELLO_BINARY, {"--db", db, "--no-rate-limits", "--calendars", kCalendars});
  const std::vector<std::string> starts = FreeStarts(server.port(), 14);
  REQUIRE_FALSE(starts.empty());
  TestClient client(server.port());
  // Answers of every family: a booking made and one refused, a sign-in refused, an unknown path, a
  // method not allowed, a bad query, a page, the health check.
  const std::string booking = boost::json::serialize(boost::json::object{{"type", "lavoro-documenti"},
                                                                         {"start", starts.front()},
                                                                         {"application_id", "P-1"},
                                                                         {"tax_code", "RSSMRA85T10A562S"}});
  CHECK(client.Post("/api/v1/desks/roma/bookings", booking).result_int() == 201);
  CHECK(client.Post("/api/v1/desks/roma/bookings", booking).result_int() == 409);  // already booked
  CHECK(client.Post("/api/v1/staff/login", R"({"username":"nobody","password":"wrong password"})").result_int() == 401);
  CHECK(client.Get("/api/v1/nothing-here").result_int() == 404);
  CHECK(client.Put("/api/v1/desks", "{}").result_int() == 405);
  CHECK(client.Get("/api/v1/desks/roma/availability?type=lavoro-documenti").result_int() == 400);
  CHECK(client.Get("/healthz").result_int() == 200);
  client.Get("/staff");
  const std::string page = client.Get("/metrics").body();
  REQUIRE_THAT(page, Catch::Contains("sportello_bookings_made_total{desk=\"roma\"} 1"));
  REQUIRE_THAT(page, Catch::Contains("sportello_http_request_duration_seconds_bucket"));
  REQUIRE_THAT(page, Catch::Contains("sportello_seats_free_today{"));

  // promtool (Debian's prometheus package) parses the page and lints it: HELP and TYPE of every
  // family, counters ending in _total, base units in names. Exit 0: nothing to say.
  const Outcome checked = sportello::testing::RunCommand("/usr/bin/promtool check metrics", page);
  CAPTURE(checked.output);
  CHECK(checked.exit_code == 0);
  // The same check refuses a counter without _total and with an abbreviated unit, so it does look.
  const std::string unlinted = "# HELP x_ms x\n# TYPE x_ms counter\nx_ms 1\n";
  CHECK(sportello::testing::RunCommand("/usr/bin/promtool check metrics", unlinted).exit_code != 0);
  server.Stop();
}

TEST_CASE("the database, its WAL, its secret file and every backup are readable and writable by their owner only",
          "[cli][privacy]") {
  Scratch scratch;
  const std::string db = scratch / "s.db";
  const auto mode = [](const std::string& file) {
    return std::filesystem::status(file).permissions() & std::filesystem::perms::all;
  };
  constexpr auto kOwnerOnly = std::filesystem::perms::owner_read | std::filesystem::perms::owner_write;
  REQUIRE(Run("calendar load --db " + db + " " + kCalendars + "/roma.json").exit_code == 0);
  CHECK(mode(db) == kOwnerOnly);
  {
    ServerProcess server(SPORTELLO_BINARY, {"--db", db, "--no-rate-limits", "--calendars", kCalendars});
    for (const std::string& file : {db, db + "-wal", db + "-shm", db + ".secret"}) {
      CAPTURE(file);
      REQUIRE(std::filesystem::exists(file));
      CHECK(mode(file) == kOwnerOnly);
    }
  }
  REQUIRE(Run("backup --db " + db + " " + (scratch / "copy.db")).exit_code == 0);
  CHECK(mode(scratch / "copy.db") == kOwnerOnly);
  CHECK_FALSE(std::filesystem::exists(scratch / "copy.db.secret"));  // the secret is never in a backup
  REQUIRE(Run("migrate --from " + db + " --to " + (scratch / "moved.db")).exit_code == 0);
  CHECK(mode(scratch / "moved.db") == kOwnerOnly);
}

TEST_CASE("migrate copies a database into an empty one, prints each table, and refuses to copy again",
          "[cli][migrate]") {
  Scratch scratch;
  const std::string from = scratch / "desk.db";
  const std::string to = sportello::testing::NewDatabase(scratch.dir, "moved.db");  // a file or a URI
  REQUIRE(Run("calendar load --db " + from + " " + kCalendars + "/roma.json").exit_code == 0);
  REQUIRE(Run("user add --db " + from + " --username admin --role admin", "a long enough password\n").exit_code == 0);

  const Outcome copied = Run("migrate --from " + from + " --to " + to);
  CAPTURE(copied.output);
  REQUIRE(copied.exit_code == 0);
  // One line per table: its name, then the rows copied, right-aligned.
  const auto line = [](const std::string& table, const std::string& rows) {
    return table + std::string(18 - table.size(), ' ') + std::string(10 - rows.size(), ' ') + rows + "\n";
  };
  CHECK_THAT(copied.output,
             Catch::StartsWith(line("desks", "1") + line("applications", "0") + line("application_types", "0") +
                               line("bookings", "0") + line("idempotency_keys", "0") + line("audit", "2") +
                               line("users", "1") + line("sessions", "0") + line("waitlist", "0")));
  // Messages come last: they may be about a draw request or a ticket.
  CHECK_THAT(copied.output, Catch::Contains(line("releases", "0") + line("draw_requests", "0") + line("questions", "0") +
                                            line("question_messages", "0") + line("faq_entries", "0") +
                                            line("faq_use", "0") + line("api_keys", "0") +
                                            line("application_events", "0") + line("notifications", "0") + "copied "));
  CHECK_THAT(copied.output, Catch::EndsWith("copied 4 rows from " + from + " to " + to + "\n"));
  // The copy is the database: the account is there.
  CHECK_THAT(Run("user add --db " + to + " --username admin --role admin", "a long enough password\n").output,
             Catch::Contains("--username: is taken"));

  const Outcome again = Run("migrate --from " + from + " --to " + to);
  CHECK(again.exit_code == 1);
  CHECK_THAT(again.output,
             Catch::Contains("sportello migrate: nothing copied: --to: is not empty (desks 1, audit 2, users 1)"));
  const Outcome missing = Run("migrate --from " + (scratch / "missing.db") + " --to " + (scratch / "other.db"));
  CHECK(missing.exit_code == 1);
  CHECK_THAT(missing.output, Catch::Contains("--from: does not exist"));

  const std::vector<std::pair<std::string, std::string>> wrong = {
      {"--from " + from, "--to is required"},
      {"--to " + to, "--from is required"},
      {"--from " + from + " --to " + from, "--from and --to must be different databases"},
      {"--from " + from + " --to postgresql://sportello:secret@127.0.0.1/x", "--to: put no password in the URI"},
      {"--from " + from + " --to " + to + " extra", "unexpected argument extra"},
  };
  for (const auto& [options, says] : wrong) {
    const Outcome refused = Run("migrate " + options);
    CAPTURE(options, refused.output);
    CHECK(refused.exit_code == 2);
    CHECK_THAT(refused.output, Catch::Contains("sportello migrate: " + says));
  }
  CHECK(Run("migrate --help").exit_code == 0);
}

TEST_CASE("convene-due convenes the applications that never booked, a dry run first, and serve does it at start",
          "[cli]") {
  Scratch scratch;
  const std::string db = sportello::testing::NewDatabase(scratch.dir, "s.db");  // a file or a URI
  REQUIRE(Run("calendar load --db " + db + " " + kCalendars + "/roma.json").exit_code == 0);  // convenes after 90 days
  const auto test_now = sportello::engine::ParseInstant(sportello::testing::TestNow());
  REQUIRE(test_now.has_value());
  const auto import_at = [&](const char* file, std::chrono::days before) {
    const std::string at = sportello::engine::FormatUtc(*test_now - before);
    REQUIRE(Run("import-applications --db " + db + " --now " + at + " " + (scratch / file)).exit_code == 0);
  };
  std::ofstream(scratch / "old.csv") << "application_id,desk,tax_code,email,phone,types,status\n"
                                        "C-1,roma,RSSMRA85T10A562S,c1@example.org,,lavoro-documenti,x\n";
  std::ofstream(scratch / "new.csv") << "application_id,desk,tax_code,email,phone,types,status\n"
                                        "C-2,roma,RSSMRA85T10A562S,,,lavoro-documenti,x\n";
  import_at("old.csv", std::chrono::days{91});
  import_at("new.csv", std::chrono::days{10});
  const std::string at_test_now = " --now " + sportello::testing::TestNow();

  const Outcome dry = Run("convene-due --db " + db + at_test_now + " --dry-run");
  CAPTURE(dry.output);
  CHECK(dry.exit_code == 0);
  CHECK_THAT(dry.output, Catch::Contains("dry run: nothing was changed"));
  CHECK_THAT(dry.output, Catch::Contains("C-1  roma  lavoro-documenti  "));
  CHECK_THAT(dry.output, Catch::Contains("online seat"));
  CHECK_THAT(dry.output, !Catch::Contains("C-2"));
  const Outcome done = Run("convene-due --db " + db + at_test_now);
  CAPTURE(done.output);
  CHECK(done.exit_code == 0);
  CHECK_THAT(done.output, Catch::Contains("online seat  RM-"));
  CHECK_THAT(Run("convene-due --db " + db + at_test_now).output, Catch::Contains("no application is due"));
  const Outcome wrong = Run("convene-due --db " + db + " --everyone");
  CHECK(wrong.exit_code == 2);
  CHECK_THAT(wrong.output, Catch::Contains("usage:"));

  // serve convenes at start.
  std::ofstream(scratch / "more.csv") << "application_id,desk,tax_code,email,phone,types,status\n"
                                         "C-3,roma,RSSMRA85T10A562S,,,lavoro-documenti,x\n";
  import_at("more.csv", std::chrono::days{100});
  ServerProcess server(SPORTELLO_BINARY, {"--db", db, "--calendars", kCalendars});
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds{10};
  while (server.Log().find("applications convened") == std::string::npos && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds{20});
  }
  CHECK_THAT(server.Log(), Catch::Contains("applications convened: 1"));
  server.Stop();
}

TEST_CASE("purge applies the retention policy, a dry run changes nothing, and serve purges at start",
          "[cli][privacy]") {
  Scratch scratch;
  const std::string db = sportello::testing::NewDatabase(scratch.dir, "s.db");  // a file or a URI
  REQUIRE(Run("calendar load --db " + db + " " + kCalendars + "/roma.json").exit_code == 0);
  std::ofstream(scratch / "apps.csv") << "application_id,desk,tax_code,email,phone,types,status\n"
                                         "P-1,roma,RSSMRA85T10A562S,p1@example.org,,lavoro-documenti,x\n"
                                         "P-2,roma,RSSMRA85T10A562S,,,lavoro-documenti,x\n";
  const auto test_now = sportello::engine::ParseInstant(sportello::testing::TestNow());
  REQUIRE(test_now.has_value());
  const std::string two_days_before = sportello::engine::FormatUtc(*test_now - std::chrono::hours{48});
  REQUIRE(Run("import-applications --db " + db + " --now " + two_days_before + " " + (scratch / "apps.csv")).exit_code ==
          0);
  const std::string at_test_now = " --now " + sportello::testing::TestNow();

  // Never booked, imported two days ago: due under unbooked=1, not under the default 365 days.
  const Outcome by_default = Run("purge --db " + db + at_test_now + " --dry-run");
  CAPTURE(by_default.output);
  CHECK(by_default.exit_code == 0);
  CHECK_THAT(by_default.output, Catch::Contains("       0  applications: tax code, e-mail and phone erased"));
  for (int run = 0; run < 2; ++run) {  // twice: the first changed nothing
    const Outcome dry = Run("purge --db " + db + at_test_now + " --dry-run --retention unbooked=1");
    CAPTURE(dry.output);
    CHECK_THAT(dry.output, Catch::Contains("dry run: nothing was changed"));
    CHECK_THAT(dry.output, Catch::Contains("       2  applications: tax code, e-mail and phone erased"));
  }
  const Outcome wrong = Run("purge --db " + db + " --retention unbooked=0");
  CHECK(wrong.exit_code == 2);
  CHECK_THAT(wrong.output, Catch::Contains("--retention: \"unbooked=0\" is not name=days"));

  // serve purges at start; afterwards nothing is due.
  {
    ServerProcess server(SPORTELLO_BINARY, {"--db", db, "--calendars", kCalendars, "--retention", "unbooked=1"});
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds{10};
    while (server.Log().find("retention purge") == std::string::npos && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds{20});
    }
    CHECK_THAT(server.Log(), Catch::Contains("retention purge: 2 applications: tax code, e-mail and phone erased"));
    server.Stop();
  }
  const Outcome after = Run("purge --db " + db + at_test_now + " --retention unbooked=1");
  CAPTURE(after.output);
  CHECK(after.exit_code == 0);
  CHECK_THAT(after.output, Catch::Contains("       0  applications: tax code, e-mail and phone erased"));
}

TEST_CASE("serve needs a secret file of at least 32 characters, and the same one on every PostgreSQL node",
          "[cli][privacy]") {
  Scratch scratch;
  const Outcome postgres = Run("serve --db postgresql://sportello@127.0.0.1:1/none --port 0");
  CHECK(postgres.exit_code == 2);
  CHECK_THAT(postgres.output, Catch::Contains("--secret-file is required with a PostgreSQL database"));
  std::ofstream(scratch / "short.secret") << "too short\n";
  const Outcome short_secret = Run("serve --db " + (scratch / "s.db") + " --port 0 --secret-file " +
                                   (scratch / "short.secret"));
  CHECK(short_secret.exit_code == 2);
  CHECK_THAT(short_secret.output, Catch::Contains("holds fewer than 32 characters"));
  const Outcome missing = Run("serve --db " + (scratch / "s.db") + " --port 0 --secret-file " +
                              (scratch / "none.secret"));
  CHECK(missing.exit_code == 2);
  CHECK_THAT(missing.output, Catch::Contains("cannot be read"));
}

TEST_CASE("draw verify prints the seed hash and the draw order of the ids in a file or on stdin", "[cli][draw]") {
  Scratch scratch;
  const std::string seed = "2027-03-roma-8f14e45fceea167a5a36dedd4bea2543";
  std::vector<std::string> ids;
  for (int i = 1; i <= 40; ++i) ids.push_back(fmt::format("req-{:02}", i));
  std::vector<std::string> shuffled = ids;
  std::reverse(shuffled.begin(), shuffled.end());
  std::rotate(shuffled.begin(), shuffled.begin() + 17, shuffled.end());
  std::string expected = "seed_hash " + sportello::engine::SeedHash(seed) + "\n";
  int position = 0;
  for (const std::string& id : sportello::engine::DrawOrder(seed, shuffled)) {
    expected += std::to_string(++position) + " " + id + "\n";
  }
  {
    std::ofstream file(scratch / "requests.txt");
    file << "\n";
    for (const std::string& id : ids) file << "  " << id << "\r\n\n";
  }
  const Outcome outcome = Run("draw verify --seed " + seed + " --requests " + (scratch / "requests.txt"));
  CAPTURE(outcome.output);
  CHECK(outcome.exit_code == 0);
  CHECK(outcome.output == expected);

  // The known answer, computed with hashlib by the Python script of docs/draw.md, "Verifying", for
  // this seed and the ids req-01 … req-07 (given here in reverse, on stdin).
  std::string seven;
  for (int i = 7; i >= 1; --i) seven += fmt::format("req-{:02}\n", i);
  const Outcome from_stdin = Run("draw verify --requests - --seed " + seed, seven);
  CAPTURE(from_stdin.output);
  CHECK(from_stdin.exit_code == 0);
  CHECK(from_stdin.output ==
        "seed_hash 7c5c8328ed6a1188140c122cc58d3a4bd2b1e36946e4998426ea37b1a33d931a\n"
        "1 req-01\n2 req-02\n3 req-05\n4 req-06\n5 req-03\n6 req-04\n7 req-07\n");
}

TEST_CASE("draw verify explains a missing seed, a missing file and a wrong command line", "[cli][draw]") {
  Scratch scratch;
  const Outcome no_seed = Run("draw verify --requests " + (scratch / "requests.txt"));
  CHECK(no_seed.exit_code == 2);
  CHECK_THAT(no_seed.output, Catch::Contains("--seed is required"));
  const Outcome no_file = Run("draw verify --seed s --requests " + (scratch / "none.txt"));
  CHECK(no_file.exit_code == 1);
  CHECK_THAT(no_file.output, Catch::Contains("none.txt: cannot be read"));
  CHECK(Run("draw verify --seed s").exit_code == 2);
  CHECK(Run("draw shuffle --seed s --requests -").exit_code == 2);
  const Outcome help = Run("draw --help");
  CHECK(help.exit_code == 0);
  CHECK_THAT(help.output, Catch::Contains("sportello draw verify --seed S --requests FILE"));
  CHECK_THAT(Run("--help").output, Catch::Contains("draw"));
}

TEST_CASE("serve --challenge-difficulty sets how hard proof-of-work challenges are, and refuses a cap below the base",
          "[cli][proof_of_work]") {
  Scratch scratch;
  ServerProcess server(SPORTELLO_BINARY, {"--calendars", kCalendars, "--db", scratch / "s.db", "--challenge-difficulty",
                                          "300:2000"});
  const auto answer = TestClient(server.port()).Get("/api/v1/challenge");
  CHECK(answer.result_int() == 200);
  CHECK(sportello::http::testing::JsonBody(answer).at("maxnumber") == 300);
  const Outcome refused = Run("serve --db " + (scratch / "t.db") + " --port 0 --challenge-difficulty 5000:100");
  CHECK(refused.exit_code == 2);
  CHECK_THAT(refused.output, Catch::Contains("--challenge-difficulty looks like 50000:5000000"));
  CHECK(Run("serve --db " + (scratch / "t.db") + " --port 0 --challenge-difficulty many").exit_code == 2);
}

TEST_CASE("serve --log-format json writes each line on stderr as one JSON object, with no personal data",
          "[cli][log]") {
  Scratch scratch;
  const std::string db = scratch / "s.db";
  const std::string tax_code = "RSSMRA85T10A562S";
  const std::string email = "mario.rossi@example.org";
  REQUIRE(Run("calendar load --db " + db + " " + kCalendars + "/roma.json").exit_code == 0);
  std::ofstream(scratch / "apps.csv") << "application_id,desk,tax_code,email,phone,types,status\n"
                                         "L-1,roma," + tax_code + "," + email + ",,lavoro-documenti,x\n";
  REQUIRE(Run("import-applications --db " + db + " --now " + sportello::testing::TestNow() + " " +
              (scratch / "apps.csv")).exit_code == 0);
  ServerProcess server(SPORTELLO_BINARY, {"--db", db, "--calendars", kCalendars, "--log-format", "json",
                                          "--no-rate-limits"});
  const std::vector<std::string> starts = FreeStarts(server.port(), 14);
  REQUIRE_FALSE(starts.empty());
  TestClient client(server.port());
  const auto booked = client.Post("/api/v1/desks/roma/bookings",
                                  boost::json::serialize(boost::json::object{{"type", "lavoro-documenti"},
                                                                             {"start", starts.front()},
                                                                             {"application_id", "L-1"},
                                                                             {"tax_code", tax_code}}));
  REQUIRE(booked.result_int() == 201);
  const std::string token(JsonBody(booked).at("manage_token").as_string());
  CHECK(client.Get("/api/v1/bookings/" + std::string(JsonBody(booked).at("code").as_string()) + "?token=" + token)
            .result_int() == 200);
  server.Stop();

  const std::string log = server.Log();
  CAPTURE(log);
  const std::regex utc(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z)");
  std::map<std::string, boost::json::object> last_of_event;
  std::istringstream lines(log);
  for (std::string line; std::getline(lines, line);) {
    CAPTURE(line);
    boost::system::error_code error;
    const boost::json::value value = boost::json::parse(line, error);
    REQUIRE_FALSE(error);
    REQUIRE(value.is_object());
    const boost::json::object& object = value.as_object();
    REQUIRE(object.contains("time"));
    CHECK(std::regex_match(std::string(object.at("time").as_string()), utc));
    const std::string level(object.at("level").as_string());
    CHECK((level == "info" || level == "warning" || level == "error"));
    CHECK_FALSE(object.at("component").as_string().empty());
    CHECK_FALSE(object.at("event").as_string().empty());
    CHECK(object.at("message").is_string());
    last_of_event[std::string(object.at("component").as_string()) + " " + std::string(object.at("event").as_string()) +
                  (object.contains("route") ? " " + std::string(object.at("route").as_string()) : "")] = object;
  }
  const boost::json::object& listening = last_of_event.at("serve listening");
  CHECK(std::string(listening.at("address").as_string()) == "http://127.0.0.1:" + std::to_string(server.port()));
  CHECK(std::string(listening.at("database").as_string()) == db);
  const boost::json::object& booking = last_of_event.at("http request POST /api/v1/desks/{desk}/bookings");
  CHECK(booking.at("method") == "POST");
  CHECK(booking.at("status") == 201);
  CHECK(booking.at("duration_ms").is_number());
  CHECK(last_of_event.contains("http request GET /api/v1/bookings/{code}"));
  CHECK(last_of_event.contains("serve stopped"));
  // As in the text lines: never a tax code, an e-mail address or a token, nor the booking's path.
  CHECK_THAT(log, !Catch::Contains(tax_code));
  CHECK_THAT(log, !Catch::Contains(email));
  CHECK_THAT(log, !Catch::Contains(token));
  CHECK(Run("serve --log-format xml").exit_code == 2);
}

TEST_CASE("serve --demo prints the pages to open and the exact command that makes the first administrator",
          "[cli][demo]") {
  Scratch scratch;
  const std::string db = scratch / "demo.db";
  ServerProcess server(SPORTELLO_BINARY, {"--db", db, "--calendars", kCalendars, "--demo"});
  const std::string url = "http://127.0.0.1:" + std::to_string(server.port());
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds{10};
  while (server.Log().find("then sign in at") == std::string::npos && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds{20});
  }
  const std::string log = server.Log();
  CAPTURE(log);
  for (const char* page : {"/ ", "/manage ", "/status ", "/questions ", "/staff "}) {
    CHECK_THAT(log, Catch::Contains("  " + url + page));
  }
  CHECK_THAT(log, Catch::Contains("DEMO-RM-0001  tax code RSSMRA85T10A562S"));
  CHECK_THAT(log, Catch::Contains("curl -s -X POST " + url + "/api/v1/desks/roma/bookings"));

  // The command as printed, run as a person pastes it, makes an administrator who can sign in.
  const std::string ending = " user add --db " + db + " --username admin --role admin";
  const std::size_t at = log.find(ending);
  REQUIRE(at != std::string::npos);
  const std::size_t begin = log.rfind('\n', at) + 1;
  const std::string command = log.substr(begin, at + ending.size() - begin);
  CHECK_THAT(command, Catch::StartsWith("  /"));  // the program by its absolute path
  const Outcome made = sportello::testing::RunCommand(command, "a long enough password\n");
  CAPTURE(command, made.output);
  CHECK(made.exit_code == 0);
  TestClient client(server.port());
  const auto login = client.Post("/api/v1/staff/login",
                                 R"({"username":"admin","password":"a long enough password"})");
  CHECK(login.result_int() == 200);
  CHECK(client.Get("/staff").result_int() == 200);
  server.Stop();
}

namespace {

// What `sportello ARGUMENTS` writes on stdout alone (stderr dropped), and its exit code.
Outcome StdoutOf(const std::string& arguments) {
  return sportello::testing::RunCommand("{ " + std::string(SPORTELLO_BINARY) + " " + arguments + " 2>/dev/null; }");
}

// What `sportello ARGUMENTS` writes on stderr alone (stdout dropped), and its exit code.
Outcome StderrOf(const std::string& arguments) {
  return sportello::testing::RunCommand("{ " + std::string(SPORTELLO_BINARY) + " " + arguments +
                                        " 2>&1 >/dev/null; }");
}

// The names a help text lists under "Commands:".
std::vector<std::string> CommandsIn(const std::string& help) {
  std::vector<std::string> names;
  const std::size_t at = help.find("\nCommands:\n");
  if (at == std::string::npos) return names;
  std::istringstream lines(help.substr(at + 11));
  static const std::regex kEntry(R"(^  (\S+)\s.*)");
  std::smatch match;
  for (std::string line; std::getline(lines, line) && std::regex_match(line, match, kEntry);) names.push_back(match[1]);
  return names;
}

// The options and arguments a help text marks REQUIRED, e.g. "--db" or "FILE".
std::vector<std::string> RequiredIn(const std::string& help) {
  std::vector<std::string> names;
  static const std::regex kRequired(R"(^  (\S+)(?: \S+)? REQUIRED\b.*)");
  std::istringstream lines(help);
  std::smatch match;
  for (std::string line; std::getline(lines, line);) {
    if (std::regex_match(line, match, kRequired)) names.push_back(match[1]);
  }
  return names;
}

// Every command path, from the one list `sportello --help` gives and each command's own list:
// "serve", "calendar", "calendar check", …
std::vector<std::string> AllCommands() {
  std::vector<std::string> paths;
  std::vector<std::string> pending = CommandsIn(StdoutOf("--help").output);
  while (!pending.empty()) {
    const std::string path = pending.front();
    pending.erase(pending.begin());
    paths.push_back(path);
    for (const std::string& name : CommandsIn(StdoutOf(path + " --help").output)) pending.push_back(path + " " + name);
  }
  return paths;
}

}  // namespace

TEST_CASE("every command and subcommand answers --help with its usage, on stdout, exit 0", "[cli][help]") {
  const std::vector<std::string> commands = AllCommands();
  // The commands of SPEC.md, "Command line", and the README are all there (and so the list was read).
  for (const char* documented : {"serve", "calendar", "calendar check", "calendar slots", "calendar load",
                                 "import-applications", "backup", "user", "user add", "key", "key add",
                                 "key list", "key revoke", "migrate", "purge",
                                 "convene-due", "draw", "draw verify"}) {
    CHECK(std::find(commands.begin(), commands.end(), documented) != commands.end());
  }
  for (const std::string& command : commands) {
    for (const char* flag : {"--help", "-h"}) {
      const Outcome help = StdoutOf(command + " " + flag);
      CAPTURE(command, flag, help.output);
      CHECK(help.exit_code == 0);
      CHECK_THAT(help.output, Catch::Contains("usage: sportello " + command + " [OPTIONS]"));
    }
  }
  const Outcome top = StdoutOf("--help");
  CHECK(top.exit_code == 0);
  CHECK_THAT(top.output, Catch::Contains("usage: sportello [OPTIONS] COMMAND"));
  CHECK(StdoutOf("help").output == top.output);
  const Outcome version = StdoutOf("--version");
  CHECK(version.exit_code == 0);
  CHECK_THAT(version.output, Catch::Matches(R"(sportello \d+\.\d+\.\d+\n)"));
}

TEST_CASE("every command and subcommand refuses an unknown option by its name, on stderr, exit 2", "[cli][help]") {
  std::vector<std::string> commands = AllCommands();
  REQUIRE(commands.size() >= 14);
  commands.emplace_back("");  // `sportello` itself
  for (const std::string& command : commands) {
    for (const char* option : {"--frobnicate", "--frobnicate=3", "-q"}) {
      const Outcome refused = StderrOf(command + " " + option);
      CAPTURE(command, option, refused.output);
      CHECK(refused.exit_code == 2);
      const std::string name = std::string(option).substr(0, std::string(option).find('='));
      CHECK_THAT(refused.output, Catch::Contains("unknown option " + name));
      CHECK_THAT(refused.output, Catch::Contains("usage: sportello"));
    }
  }
}

TEST_CASE("a command missing a required option or argument names it, and a missing or unknown command lists them",
          "[cli][help]") {
  int checked = 0;
  for (const std::string& command : AllCommands()) {
    const std::string help = StdoutOf(command + " --help").output;
    const std::vector<std::string> subcommands = CommandsIn(help);
    const std::vector<std::string> required = RequiredIn(help);
    if (!subcommands.empty()) {
      const Outcome bare = StderrOf(command);
      CAPTURE(command, bare.output);
      CHECK(bare.exit_code == 2);
      for (const std::string& name : subcommands) CHECK_THAT(bare.output, Catch::Contains(name));
      const Outcome unknown = StderrOf(command + " frobnicate");
      CHECK(unknown.exit_code == 2);
      CHECK_THAT(unknown.output, Catch::Contains("unknown " + command + " command 'frobnicate'"));
    } else if (!required.empty()) {
      const Outcome bare = StderrOf(command);
      CAPTURE(command, bare.output, required);
      CHECK(bare.exit_code == 2);
      CHECK(std::any_of(required.begin(), required.end(), [&bare](const std::string& name) {
        return bare.output.find(name + " is required") != std::string::npos;
      }));
      ++checked;
    }
  }
  CHECK(checked >= 8);  // every command but serve needs something
  const Outcome unknown = StderrOf("frobnicate");
  CHECK(unknown.exit_code == 2);
  CHECK_THAT(unknown.output, Catch::Contains("sportello: unknown command 'frobnicate'"));
  const Outcome none = StderrOf("");
  CHECK(none.exit_code == 2);
  CHECK_THAT(none.output, Catch::Contains("serve"));
  // Each required option by name, when the others are given.
  CHECK_THAT(StderrOf("migrate --from a.db").output, Catch::Contains("--to is required"));
  CHECK_THAT(StderrOf("user add --db a.db --role admin").output, Catch::Contains("--username is required"));
  CHECK_THAT(StderrOf("user add --db a.db --username u").output, Catch::Contains("--role is required"));
  CHECK_THAT(StderrOf("calendar slots f.json --type t --from 2026-12-01").output, Catch::Contains("--to is required"));
  CHECK_THAT(StderrOf("backup --db a.db").output, Catch::Contains("OUT is required"));
  CHECK_THAT(StderrOf("calendar load --db a.db").output, Catch::Contains("FILE is required"));
}
