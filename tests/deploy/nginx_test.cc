// The shipped nginx configuration (deploy/nginx/sportello.conf), run for real: Debian's nginx in
// front of two `sportello serve` processes that share one database, as docs/operations.md tells an
// operator to run them. The test changes only what a test must (the nodes' and nginx's ports, the
// log path) and fails when the shipped file no longer has what it changes. Through nginx: requests
// reach both nodes; a booking, its idempotent replay and a staff session work whichever node
// answers; after a node is killed with SIGKILL every request is answered by the other, and with
// both gone nginx answers 502; a node that dies holding a request has its GET answered by the
// other node, while its POST (perhaps committed) fails with 502 and is never sent again; nginx
// applies the per-client limits and the body limit that the nodes can no longer apply themselves.
#include "engine/time.h"
#include "tests/deploy/deploy_processes.h"
#include "tests/http/test_client.h"
#include "tests/support/command.h"
#include "tests/support/postgres.h"
#include "tests/support/server_process.h"

#include <catch2/catch.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/json.hpp>
#include <date/date.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cctype>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <mutex>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace {

namespace json = boost::json;
using sportello::http::Response;
using sportello::http::testing::JsonBody;
using sportello::http::testing::TestClient;
using sportello::testing::DyingNode;
using sportello::testing::Eventually;
using sportello::testing::Nginx;
using sportello::testing::ServerProcess;

const std::string kCalendars = std::string(SPORTELLO_SOURCE_DIR) + "/calendars";
const std::string kTaxCode = "RSSMRA85T10A562S";
const std::string kStaffPassword = "a long enough password";
// Each node's own per-address limits, raised as docs/operations.md says: behind nginx every client
// has nginx's address, and nginx applies the per-client limits. `verification` (per application
// id) keeps its default.
const std::vector<std::string> kNodeLimits = {"--rate-limits", "booking=1000:100000,lookup=1000:100000,login=1000:100000"};

// A temporary directory for one test, removed at the end. Readable by others: nginx's workers run
// as `nobody` when the test runs as root, and use temporary directories inside it.
struct Scratch {
  std::filesystem::path dir;
  Scratch() {
    std::string pattern = (std::filesystem::temp_directory_path() / "sportello-deploy-XXXXXX").string();
    REQUIRE(mkdtemp(pattern.data()) != nullptr);
    dir = pattern;
    std::filesystem::permissions(dir, std::filesystem::perms::owner_all | std::filesystem::perms::group_read |
                                          std::filesystem::perms::group_exec | std::filesystem::perms::others_read |
                                          std::filesystem::perms::others_exec);
  }
  ~Scratch() { std::filesystem::remove_all(dir); }
  std::string operator/(const char* name) const { return (dir / name).string(); }
};

// The one place that says which database the nodes share, as the value of every `--db`: a SQLite
// file today (several processes on one file are supported). The PostgreSQL backend plugs in here
// (a postgresql:// URI to a fresh database).
// The nodes' database: a fresh PostgreSQL database, as a deployment of several nodes has.
std::string SharedDatabase(const Scratch&) { return sportello::testing::FreshTestDatabase(); }

// Runs `sportello arguments` with `input` on stdin; throws with the output unless it exits 0.
std::string Sportello(const std::string& arguments, const std::string& input = "") {
  const auto outcome = sportello::testing::RunCommand(std::string(SPORTELLO_BINARY) + " " + arguments, input);
  if (outcome.exit_code != 0) throw std::runtime_error("sportello " + arguments + " failed:\n" + outcome.output);
  return outcome.output;
}

// A TCP port nobody listens on now (the system's pick).
std::uint16_t FreePort() {
  boost::asio::io_context io_context;
  boost::asio::ip::tcp::acceptor acceptor(io_context, {boost::asio::ip::make_address("127.0.0.1"), 0});
  return acceptor.local_endpoint().port();
}

// How many answers `node` logged for `route` with `status`, e.g. ("GET /healthz", 200).
std::size_t Logged(const ServerProcess& node, const std::string& route, int status) {
  const std::string log = node.Log();
  const std::string line = " " + route + " " + std::to_string(status) + " ";
  std::size_t count = 0;
  for (auto at = log.find(line); at != std::string::npos; at = log.find(line, at + 1)) ++count;
  return count;
}

// Two nodes on one shared database behind the shipped nginx: the database holds roma's calendar,
// applications N-1…N-9 (roma, lavoro-documenti) and an operator of roma, made with the command
// line as an operator would. `in_place_of_b`, when not 0, is the port of a stand-in that nginx
// gets instead of a second real node.
struct Deployment {
  Scratch scratch;
  std::string db = SharedDatabase(scratch);
  std::uint16_t public_port = FreePort();
  std::unique_ptr<ServerProcess> node_a;
  std::unique_ptr<ServerProcess> node_b;
  std::unique_ptr<Nginx> nginx;

  explicit Deployment(std::uint16_t in_place_of_b = 0) {
    {
      std::ofstream csv(scratch / "applications.csv");
      csv << "application_id,desk,tax_code,email,phone,types,status\n";
      for (int i = 1; i <= 9; ++i) csv << "N-" << i << ",roma," << kTaxCode << ",,,lavoro-documenti,In istruttoria\n";
    }
    Sportello("calendar load --db " + db + " " + kCalendars + "/roma.json");
    Sportello("import-applications --db " + db + " --now " + sportello::testing::TestNow() + " " + (scratch / "applications.csv"));
    Sportello("user add --db " + db + " --username op.roma --role operator --desk roma", kStaffPassword + "\n");
    node_a = StartNode();
    if (in_place_of_b == 0) node_b = StartNode();
    nginx = std::make_unique<Nginx>(scratch.dir, public_port,
                                    std::vector{node_a->port(), node_b ? node_b->port() : in_place_of_b});
  }

  // A node as docs/operations.md runs it: the shared database, raised per-address limits, links
  // in e-mails pointing at nginx.
  std::unique_ptr<ServerProcess> StartNode() const {
    std::vector<std::string> options = {"--db", db, "--calendars", kCalendars, "--workers", "8", "--public-url",
                                        "http://127.0.0.1:" + std::to_string(public_port)};
    options.insert(options.end(), kNodeLimits.begin(), kNodeLimits.end());
    return std::make_unique<ServerProcess>(SPORTELLO_BINARY, options);
  }

  // A client of nginx, from `local_address` when given (another "machine" on the loopback).
  TestClient Client(std::string_view local_address = "") const { return TestClient(public_port, "127.0.0.1", local_address); }

  // When a test fails (a REQUIRE throws), what nginx and the nodes logged goes to stderr.
  ~Deployment() {
    if (std::uncaught_exceptions() == 0) return;
    std::string logs = nginx ? nginx->Logs() : std::string("nginx was not running\n");
    if (node_a) logs += "node a:\n" + node_a->Log();
    if (node_b) logs += "node b:\n" + node_b->Log();
    std::fprintf(stderr, "%s", logs.c_str());
  }
  Deployment(const Deployment&) = delete;
  Deployment& operator=(const Deployment&) = delete;

  // Stops nginx, then the nodes still running (SIGTERM: each must exit 0 without a sanitizer report).
  void Stop() {
    nginx.reset();
    if (node_a) node_a->Stop();
    if (node_b) node_b->Stop();
  }
};

// The starts of roma's lavoro-documenti slots with a free online seat in the coming weeks, asked
// through `client`.
std::vector<std::string> FreeStarts(TestClient& client) {
  const auto today = std::chrono::floor<std::chrono::days>(*sportello::engine::ParseInstant(sportello::testing::TestNow()));
  const Response answer = client.Get("/api/v1/desks/roma/availability?type=lavoro-documenti&from=" +
                                     date::format("%F", today) + "&to=" + date::format("%F", today + std::chrono::days{30}));
  REQUIRE(answer.result_int() == 200);
  const json::value body = JsonBody(answer);
  std::vector<std::string> starts;
  for (const auto& day : body.at("days").as_array()) {
    for (const auto& slot : day.at("slots").as_array()) {
      if (slot.at("free").as_int64() > 0) starts.emplace_back(slot.at("start").as_string());
    }
  }
  REQUIRE(starts.size() >= 4);
  return starts;
}

std::string BookingBody(const std::string& application, const std::string& start) {
  return json::serialize(json::object{
      {"type", "lavoro-documenti"}, {"start", start}, {"application_id", application}, {"tax_code", kTaxCode}});
}

std::string LookupBody(const std::string& application) {
  return json::serialize(json::object{{"application_id", application}, {"tax_code", kTaxCode}});
}

}  // namespace

TEST_CASE("through nginx, requests reach both nodes and a booking, its replay and a staff session work on either",
          "[deploy][nginx]") {
  Deployment deployment;
  TestClient client = deployment.Client();
  const ServerProcess& a = *deployment.node_a;
  const ServerProcess& b = *deployment.node_b;

  // Round robin over both nodes; the answers are the server's own (its security headers).
  for (int i = 0; i < 8; ++i) {
    const Response health = client.Get("/healthz");
    REQUIRE(health.result_int() == 200);
    REQUIRE(JsonBody(health).at("status") == "ok");
    REQUIRE(health["X-Content-Type-Options"] == "nosniff");
  }
  REQUIRE(Eventually([&] { return Logged(a, "GET /healthz", 200) + Logged(b, "GET /healthz", 200) == 8; }));
  REQUIRE(Logged(a, "GET /healthz", 200) >= 1);
  REQUIRE(Logged(b, "GET /healthz", 200) >= 1);

  // A booking made through nginx, read back through nginx from both nodes.
  const std::vector<std::string> starts = FreeStarts(client);
  const sportello::http::testing::Headers key = {{"Idempotency-Key", "deploy-test-key-1"}};
  const Response booked = client.Post("/api/v1/desks/roma/bookings", BookingBody("N-1", starts[0]), key);
  INFO(booked.body());
  REQUIRE(booked.result_int() == 201);
  const std::string code(JsonBody(booked).at("code").as_string());
  const std::string token(JsonBody(booked).at("manage_token").as_string());
  REQUIRE(booked[boost::beast::http::field::location] == "/api/v1/bookings/" + code);
  for (int i = 0; i < 4; ++i) {
    const Response read = client.Get("/api/v1/bookings/" + code, {{"X-Booking-Token", token}});
    REQUIRE(read.result_int() == 200);
    REQUIRE(JsonBody(read).at("status") == "booked");
    REQUIRE(JsonBody(read).at("start").as_string() == starts[0]);
  }
  REQUIRE(Eventually([&] {
    return Logged(a, "GET /api/v1/bookings/{code}", 200) + Logged(b, "GET /api/v1/bookings/{code}", 200) == 4;
  }));
  REQUIRE(Logged(a, "GET /api/v1/bookings/{code}", 200) >= 1);
  REQUIRE(Logged(b, "GET /api/v1/bookings/{code}", 200) >= 1);

  // What a client does after a 502 on its booking: the same request with the same Idempotency-Key.
  // Whichever node answers, it is the first answer, not a second booking.
  for (int i = 0; i < 3; ++i) {
    const Response again = client.Post("/api/v1/desks/roma/bookings", BookingBody("N-1", starts[0]), key);
    REQUIRE(again.result_int() == 201);
    REQUIRE(JsonBody(again).at("code").as_string() == code);
  }
  REQUIRE(Eventually([&] {
    return Logged(a, "POST /api/v1/desks/{desk}/bookings", 201) + Logged(b, "POST /api/v1/desks/{desk}/bookings", 201) == 4;
  }));
  REQUIRE(Logged(a, "POST /api/v1/desks/{desk}/bookings", 201) >= 1);
  REQUIRE(Logged(b, "POST /api/v1/desks/{desk}/bookings", 201) >= 1);
  const Response lookup = client.Post("/api/v1/applications/lookup", LookupBody("N-1"));
  REQUIRE(lookup.result_int() == 200);
  REQUIRE(JsonBody(lookup).at("bookings").as_array().size() == 1);

  // A staff session made on one node is known to the other (sessions live in the database).
  const Response login = client.Post("/api/v1/staff/login",
                                     json::serialize(json::object{{"username", "op.roma"}, {"password", kStaffPassword}}));
  REQUIRE(login.result_int() == 200);
  const std::string bearer = "Bearer " + std::string(JsonBody(login).at("token").as_string());
  for (int i = 0; i < 4; ++i) {
    const Response me = client.Get("/api/v1/staff/me", {{"Authorization", bearer}});
    REQUIRE(me.result_int() == 200);
  }
  REQUIRE(Eventually([&] { return Logged(a, "GET /api/v1/staff/me", 200) + Logged(b, "GET /api/v1/staff/me", 200) == 4; }));
  REQUIRE(Logged(a, "GET /api/v1/staff/me", 200) >= 1);
  REQUIRE(Logged(b, "GET /api/v1/staff/me", 200) >= 1);

  // Each node's counters are scraped at the node, not published by nginx.
  REQUIRE(client.Get("/metrics").result_int() == 403);
  REQUIRE(client.Get("/metrics/").result_int() == 403);
  REQUIRE(TestClient(a.port()).Get("/metrics").result_int() == 200);
  deployment.Stop();
}

TEST_CASE("when a node is killed nginx sends everything to the other, and answers 502 when both are gone",
          "[deploy][nginx]") {
  Deployment deployment;
  TestClient client = deployment.Client();
  const std::vector<std::string> starts = FreeStarts(client);
  for (int i = 0; i < 4; ++i) REQUIRE(client.Get("/healthz").result_int() == 200);  // connections to both nodes

  deployment.node_a->Kill();
  const ServerProcess& b = *deployment.node_b;
  const std::string availability = "/api/v1/desks/roma/availability?type=lavoro-documenti&from=" +
                                   starts.front().substr(0, 10) + "&to=" + starts.front().substr(0, 10);
  std::this_thread::sleep_for(std::chrono::milliseconds{300});  // b writes its access log every 100 ms
  const std::size_t before = Logged(b, "GET /api/v1/desks/{desk}/availability", 200);
  for (int i = 0; i < 10; ++i) {
    const Response answer = client.Get(availability);
    REQUIRE(answer.result_int() == 200);
    REQUIRE(JsonBody(answer).at("desk") == "roma");
  }
  // Every one of them was answered by the node still alive.
  REQUIRE(Eventually([&] { return Logged(b, "GET /api/v1/desks/{desk}/availability", 200) == before + 10; }));

  // A POST whose connection the dead node refused was never sent: nginx gives it to the live node.
  const Response booked = client.Post("/api/v1/desks/roma/bookings", BookingBody("N-2", starts[1]),
                                      {{"Idempotency-Key", "deploy-test-key-2"}});
  INFO(booked.body());
  REQUIRE(booked.result_int() == 201);
  const std::string code(JsonBody(booked).at("code").as_string());
  const std::string token(JsonBody(booked).at("manage_token").as_string());
  REQUIRE(client.Get("/api/v1/bookings/" + code, {{"X-Booking-Token", token}}).result_int() == 200);

  // Both nodes gone: nginx answers 502 Bad Gateway (connection refused everywhere, or no live
  // node), to reads and to bookings alike.
  deployment.node_b->Kill();
  REQUIRE(client.Get("/healthz").result_int() == 502);
  REQUIRE(client.Get(availability).result_int() == 502);
  REQUIRE(client.Post("/api/v1/desks/roma/bookings", BookingBody("N-3", starts[2])).result_int() == 502);
  REQUIRE(deployment.Client().Get("/healthz").result_int() == 502);

  // A node restarted on the same database serves at once, with the booking made before.
  deployment.node_a = deployment.StartNode();
  REQUIRE(TestClient(deployment.node_a->port()).Get("/api/v1/bookings/" + code, {{"X-Booking-Token", token}}).result_int() == 200);
  deployment.nginx.reset();
  deployment.node_a->Stop();
}

TEST_CASE("a node that dies holding a request: nginx sends a GET again to the other node, never a POST",
          "[deploy][nginx]") {
  DyingNode dying;
  Deployment deployment(dying.port());
  TestClient client = deployment.Client();
  const ServerProcess& a = *deployment.node_a;

  SECTION("a POST (it may have been committed) fails with 502 and is not sent to the other node") {
    int answered = 0;
    int bad_gateway = 0;
    for (int i = 0; i < 4 && dying.Requests().empty(); ++i) {
      const Response answer = client.Post("/api/v1/applications/lookup", LookupBody("N-5"));
      REQUIRE((answer.result_int() == 200 || answer.result_int() == 502));
      ++(answer.result_int() == 200 ? answered : bad_gateway);
    }
    REQUIRE(dying.Requests() == std::vector<std::string>{"POST /api/v1/applications/lookup HTTP/1.1"});
    REQUIRE(bad_gateway == 1);
    // Node a got only the look-ups nginx gave it first, never the one the dying node held: a
    // request after the 502 shows the log is complete up to it.
    REQUIRE(client.Get("/healthz").result_int() == 200);
    REQUIRE(Eventually([&] { return Logged(a, "GET /healthz", 200) == 1; }));
    REQUIRE(Logged(a, "POST /api/v1/applications/lookup", 200) == static_cast<std::size_t>(answered));
  }
  SECTION("a GET is answered by the other node") {
    int sent = 0;
    for (; sent < 4 && dying.Requests().empty(); ++sent) {
      const Response answer = client.Get("/api/v1/desks/roma");
      REQUIRE(answer.result_int() == 200);
      REQUIRE(JsonBody(answer).at("id") == "roma");
    }
    REQUIRE(dying.Requests() == std::vector<std::string>{"GET /api/v1/desks/roma HTTP/1.1"});
    REQUIRE(Eventually([&] { return Logged(a, "GET /api/v1/desks/{desk}", 200) == static_cast<std::size_t>(sent); }));
  }
  deployment.Stop();
}

TEST_CASE("nginx applies the per-client limits and the body limit of the server", "[deploy][nginx]") {
  Deployment deployment;

  // One client sends look-ups until nginx refuses one: at least the burst (20) goes through first,
  // and the refusal is the server's problem+json shape with Retry-After.
  TestClient eager = deployment.Client("127.0.0.2");
  int answered = 0;
  Response refused;
  for (int i = 0; i < 200 && refused.result_int() != 429; ++i) {
    Response answer = eager.Post("/api/v1/applications/lookup", LookupBody("N-4"));
    if (answer.result_int() == 200) {
      ++answered;
    } else {
      refused = std::move(answer);
    }
  }
  INFO(refused.body());
  REQUIRE(refused.result_int() == 429);
  REQUIRE(answered >= 20);
  REQUIRE(refused[boost::beast::http::field::content_type] == "application/problem+json");
  REQUIRE(refused[boost::beast::http::field::retry_after] == "1");
  REQUIRE(JsonBody(refused).at("code") == "rate_limited");
  // Reads are not limited, and another client is not affected.
  REQUIRE(eager.Get("/healthz").result_int() == 200);
  TestClient other = deployment.Client("127.0.0.3");
  REQUIRE(other.Post("/api/v1/applications/lookup", LookupBody("N-4")).result_int() == 200);

  // The server's body limit (64 KiB), applied by nginx: one byte more is refused before a node
  // sees it; exactly the limit goes through (the node answers it, here as a bad request).
  const std::string kLimit(64 * 1024, ' ');
  REQUIRE(deployment.Client().Post("/api/v1/bookings/RM-0000-0000-0000/cancel", kLimit + " ").result_int() == 413);
  const Response at_limit = deployment.Client().Post("/api/v1/bookings/RM-0000-0000-0000/cancel", kLimit);
  REQUIRE(at_limit.result_int() != 413);
  REQUIRE(at_limit[boost::beast::http::field::content_type] == "application/problem+json");
  deployment.Stop();
}
