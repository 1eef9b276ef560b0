// The waiting-room display's event stream through a real socket and the real server: the stream's
// framing, a call made on this node, a call made by another node (straight into the database),
// queue changes, and the end of the stream when the server stops.
#include "api_fixture.h"
#include "booking/visit.h"
#include "test_client.h"

#include <poll.h>

#include <thread>

using namespace sportello::http::testing;
using namespace std::chrono_literals;
namespace json = boost::json;

namespace {

// Reads what the server sends on `client` into `seen` until it holds `expected` after `from`;
// false when `timeout` passes first or the connection closes.
bool ReadUntil(TestClient& client, std::string& seen, std::size_t from, std::string_view expected,
               std::chrono::milliseconds timeout = 5s) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  auto& socket = client.stream().socket();
  while (seen.find(expected, from) == std::string::npos) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left <= 0ms) return false;
    pollfd ready{socket.native_handle(), POLLIN, 0};
    if (::poll(&ready, 1, static_cast<int>(left.count())) <= 0) return false;
    std::array<char, 4096> bytes{};
    boost::system::error_code error;
    const std::size_t read = socket.read_some(boost::asio::buffer(bytes), error);
    if (error) return false;
    seen.append(bytes.data(), read);
  }
  return true;
}

Headers Bearer(const std::string& token) { return {{"Authorization", "Bearer " + token}}; }

}  // namespace

TEST_CASE("the display's event stream pushes each call and each change of the queue, from any node",
          "[socket][visit]") {
  Api api;
  api.SetNow("2026-11-26T08:45:00+01:00");
  const std::string staff = api.Token("op.roma");
  api.serve_config.read_timeout = 1s;  // a stream outlives every time limit of a request
  api.serve_config.idle_timeout = 1s;
  api.serve_config.write_timeout = 1s;
  const std::uint16_t port = api.Serve(4, 100ms);

  TestClient display(port);
  display.WriteRaw("GET /api/v1/desks/roma/display/events HTTP/1.1\r\nHost: sportello\r\n\r\n");
  std::string seen;
  REQUIRE(ReadUntil(display, seen, 0, "retry: 2000\n\n"));
  const std::string header = seen.substr(0, seen.find("\r\n\r\n"));
  CHECK(header.starts_with("HTTP/1.1 200"));
  CHECK(header.find("Content-Type: text/event-stream") != std::string::npos);
  CHECK(header.find("Cache-Control: no-store") != std::string::npos);
  CHECK(header.find("Connection: close") != std::string::npos);
  CHECK(header.find("Content-Length") == std::string::npos);  // the stream ends when the connection does

  std::this_thread::sleep_for(1500ms);  // each request below on a connection of its own
  REQUIRE(TestClient(port).Post("/api/v1/staff/desks/roma/walkins", R"({"application_id":"A-1"})", Bearer(staff))
              .result_int() == 201);
  std::size_t from = seen.size();
  CHECK(ReadUntil(display, seen, from, "event: queue\ndata: {\"waiting\":1}\n\n"));

  from = seen.size();
  REQUIRE(TestClient(port).Post("/api/v1/staff/desks/roma/queue/next", R"({"counter":"3"})", Bearer(staff)).result_int() == 200);
  CHECK(ReadUntil(display, seen, from,
                  "event: call\ndata: {\"number\":\"W001\",\"counter\":\"3\",\"called_at\":\"2026-11-26T08:45:00+01:00\"}\n\n"));
  CHECK(seen.find("A-1", from) == std::string::npos);  // no application numbers on a public screen

  // Another node calls (straight into the shared database, without telling this one): the
  // display learns of it from its next look.
  sportello::storage::Store& store = api.store();
  REQUIRE(sportello::booking::AddWalkIn(store, "roma", "A-3", false, sportello::storage::Actor::Staff("op.roma"),
                                        *sportello::engine::ParseInstant("2026-11-26T08:45:00+01:00"))
              .has_value());
  REQUIRE(sportello::booking::CallNext(store, "roma", "5", sportello::storage::Actor::Staff("op.roma"),
                                       *sportello::engine::ParseInstant("2026-11-26T08:45:00+01:00"))
              .has_value());
  from = seen.size();
  CHECK(ReadUntil(display, seen, from, "event: call\ndata: {\"number\":\"W002\",\"counter\":\"5\""));

  // Another desk's display hears nothing of Roma's calls.
  TestClient milano(port);
  milano.WriteRaw("GET /api/v1/desks/milano/display/events HTTP/1.1\r\nHost: sportello\r\n\r\n");
  std::string milano_seen;
  REQUIRE(ReadUntil(milano, milano_seen, 0, "retry: 2000\n\n"));
  // The server's first look at a desk tells its displays to read again: a call made between their
  // read and that look is not taken as old.
  CHECK(ReadUntil(milano, milano_seen, 0, "event: queue\ndata: {\"waiting\":0}\n\n"));
  REQUIRE(TestClient(port).Post("/api/v1/staff/tickets/roma-20261126-W002/recall", "", Bearer(staff)).result_int() == 200);
  from = seen.size();
  CHECK(ReadUntil(display, seen, from, "event: call\ndata: {\"number\":\"W002\",\"counter\":\"5\""));  // a recall is a call
  const std::size_t milano_from = milano_seen.size();
  CHECK_FALSE(ReadUntil(milano, milano_seen, milano_from, "event:", 500ms));

  CHECK(TestClient(port).Get("/api/v1/desks/nowhere/display/events").result_int() == 404);

  // The server stops: the stream ends at once, and the display reconnects to a node still running.
  api.StopServing();
  CHECK(display.WaitForClose(2s));
}
