// The network core through real sockets on 127.0.0.1: keep-alive, workers, limits, hostile input,
// pipelining, graceful stop, metrics and the access log. Time limits here only keep a broken
// server from hanging the suite; no test measures speed.
#include "http/access_log.h"
#include "http/metrics.h"
#include "http/server.h"
#include "tests/http/test_client.h"

#include <catch2/catch.hpp>

#include <boost/beast/http/field.hpp>
#include <boost/json.hpp>

#include <condition_variable>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <sstream>
#include <thread>

namespace sportello::http {
namespace {

using namespace std::chrono_literals;
namespace beast_http = boost::beast::http;
using testing::MakeRequest;
using testing::TestClient;

ServerConfig TestConfig() {
  ServerConfig config;
  config.port = 0;
  config.worker_threads = 2;
  config.read_timeout = 5s;
  config.idle_timeout = 5s;
  config.write_timeout = 5s;
  config.drain_timeout = 5s;
  return config;
}

Response Text(const Request& request, std::string body) {
  Response response{beast_http::status::ok, request.version()};
  response.set(beast_http::field::content_type, "text/plain");
  response.keep_alive(request.keep_alive());
  response.body() = std::move(body);
  return response;
}

// Answers "<target>|<body size>".
Response Echo(const Request& request, const RequestContext&, RouteInfo& route) {
  route.route = "GET /echo";
  return Text(request, std::string(request.target()) + "|" + std::to_string(request.body().size()));
}

// A server on a free port with its metrics and an access log kept in memory.
class TestServer {
 public:
  explicit TestServer(Handler handler, ServerConfig config = TestConfig())
      : server_(std::move(config), std::move(handler), metrics, &access_log) {
    server_.Start();
  }
  std::uint16_t port() const { return server_.port(); }
  void StopAndWait() {
    server_.Stop();
    server_.Wait();
  }
  Server& server() { return server_; }

  Metrics metrics;
  std::ostringstream log_text;
  AccessLog access_log{log_text};

 private:
  Server server_;
};

// A one-shot signal between a test and its handlers. Waiting is time-limited so that a broken
// server fails the test instead of hanging it.
class Gate {
 public:
  void Open() {
    std::lock_guard lock(mutex_);
    open_ = true;
    opened_.notify_all();
  }
  bool Wait(std::chrono::seconds limit = 5s) {
    std::unique_lock lock(mutex_);
    return opened_.wait_for(lock, limit, [this] { return open_; });
  }

 private:
  std::mutex mutex_;
  std::condition_variable opened_;
  bool open_ = false;
};

std::string ProblemCode(const Response& response) {
  return std::string(testing::JsonBody(response).at("code").as_string());
}

TEST_CASE("several requests on one keep-alive connection, each with the security headers") {
  TestServer server([](const Request& request, const RequestContext& context, RouteInfo& route) {
    Response response = Echo(request, context, route);
    if (request.target() == "/own-csp") response.set("Content-Security-Policy", "default-src 'none'");
    return response;
  });
  TestClient client(server.port());
  const Response first = client.Get("/a");
  const Response second = client.Post("/b", R"({"x":1})");
  const Response third = client.Get("/own-csp");
  const Response head = client.Send(MakeRequest(beast_http::verb::head, "/head"));
  const Response after_head = client.Get("/after-head");  // no stray body bytes in between

  CHECK(first.body() == "/a|0");
  CHECK(second.body() == "/b|7");
  CHECK(third.body() == "/own-csp|0");
  for (const Response* response : {&first, &second}) {
    CHECK(response->result() == beast_http::status::ok);
    CHECK(response->version() == 11);
    CHECK(response->keep_alive());
    CHECK((*response)["X-Content-Type-Options"] == "nosniff");
    CHECK((*response)["Referrer-Policy"] == "no-referrer");
    CHECK((*response)["X-Frame-Options"] == "DENY");
    CHECK((*response)["Content-Security-Policy"] == "default-src 'self'; frame-ancestors 'none'");
    CHECK(response->find("Strict-Transport-Security") == response->end());  // not behind https
  }
  CHECK(third["Content-Security-Policy"] == "default-src 'none'");
  CHECK(head[beast_http::field::content_length] == "7");  // the size a GET would have
  CHECK(head.body().empty());
  CHECK(after_head.body() == "/after-head|0");
}

TEST_CASE("with a public https address every answer, refusals too, carries Strict-Transport-Security") {
  ServerConfig config = TestConfig();
  config.strict_transport_security = true;
  TestServer server(Echo, config);
  CHECK(TestClient(server.port()).Get("/a")["Strict-Transport-Security"] == "max-age=31536000");
  TestClient garbage(server.port());
  garbage.WriteRaw("GET /a HTTP/1.1\r\n\r\n");
  const Response refused = garbage.Read();
  CHECK(refused.result() == beast_http::status::bad_request);
  CHECK(refused["Strict-Transport-Security"] == "max-age=31536000");
}

TEST_CASE("an HTTP/1.0 request gets an HTTP/1.0 answer and the connection closes") {
  TestServer server(Echo);
  TestClient client(server.port());
  client.WriteRaw("GET /old HTTP/1.0\r\n\r\n");
  const Response response = client.Read();
  CHECK(response.version() == 10);
  CHECK(response.body() == "/old|0");
  CHECK_FALSE(response.keep_alive());
  CHECK(client.WaitForClose(5s));
}

TEST_CASE("handlers run on worker threads, so a blocked handler does not stop the I/O thread") {
  // One I/O thread. If handlers ran on it, /release could not even be read while /wait blocks.
  Gate released;
  ServerConfig config = TestConfig();
  config.io_threads = 1;
  config.worker_threads = 2;
  TestServer server(
      [&](const Request& request, const RequestContext&, RouteInfo&) {
        if (request.target() == "/release") {
          released.Open();
          return Text(request, "ok");
        }
        return Text(request, released.Wait() ? "released" : "timed out");
      },
      config);
  TestClient waiting(server.port());
  waiting.Write(MakeRequest(beast_http::verb::get, "/wait"));
  TestClient releasing(server.port());
  CHECK(releasing.Get("/release").body() == "ok");
  CHECK(waiting.Read().body() == "released");
}

TEST_CASE("a body over the limit is refused with 413 payload_too_large and the connection closes") {
  TestServer server(Echo);
  SECTION("exactly at the limit is served") {
    TestClient client(server.port());
    CHECK(client.Post("/big", std::string(64 * 1024, 'a')).body() == "/big|65536");
  }
  SECTION("one byte over is refused") {
    TestClient client(server.port());
    const Response response = client.Post("/big", std::string(64 * 1024 + 1, 'a'));
    CHECK(response.result() == beast_http::status::payload_too_large);
    CHECK(response[beast_http::field::content_type] == "application/problem+json");
    CHECK(ProblemCode(response) == "payload_too_large");
    CHECK(testing::JsonBody(response).at("status").as_int64() == 413);
    CHECK(client.WaitForClose(5s));
  }
}

TEST_CASE("headers over the limit are refused with 431 and the connection closes") {
  TestServer server(Echo);
  SECTION("one huge header") {
    TestClient client(server.port());
    client.Write(MakeRequest(beast_http::verb::get, "/", {{"X-Big", std::string(9000, 'a')}}));
    const Response response = client.Read();
    CHECK(response.result() == beast_http::status::request_header_fields_too_large);
    CHECK(ProblemCode(response) == "invalid_request");
    CHECK(testing::JsonBody(response).at("status").as_int64() == 431);
    CHECK(client.WaitForClose(5s));
  }
  SECTION("a very long request target") {
    TestClient client(server.port());
    client.Write(MakeRequest(beast_http::verb::get, "/" + std::string(10000, 'x')));
    CHECK(client.Read().result() == beast_http::status::request_header_fields_too_large);
  }
  SECTION("many small headers: served within the limit, refused beyond it") {
    testing::Headers some;
    testing::Headers too_many;
    for (int i = 0; i < 2000; ++i) (i < 50 ? some : too_many).emplace_back("X-H-" + std::to_string(i), "v");
    TestClient client(server.port());
    CHECK(client.Get("/some", some).result() == beast_http::status::ok);
    CHECK(client.Get("/many", too_many).result() == beast_http::status::request_header_fields_too_large);
  }
}

TEST_CASE("a garbage request gets 400 invalid_request, is closed, and others are still served") {
  const std::string garbage = GENERATE(std::string("HELLO\x01 WORLD\r\n\r\n"), std::string("GET / HTTP/1.1\r\n:\r\n\r\n"),
                                       std::string("GET / HTTP/1.1\r\nContent-Length: -1\r\n\r\n"),
                                       std::string("GET / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n"),
                                       std::string("GET / HTTP/2.0\r\nHost: x\r\n\r\n"));
  TestServer server(Echo);
  TestClient client(server.port());
  client.WriteRaw(garbage);
  const Response response = client.Read();
  CHECK(response.result() == beast_http::status::bad_request);
  CHECK(ProblemCode(response) == "invalid_request");
  CHECK(client.WaitForClose(5s));
  CHECK(TestClient(server.port()).Get("/next").result() == beast_http::status::ok);
}

// A server that records every target its handler runs for.
struct RecordingServer {
  RecordingServer()
      : server([this](const Request& request, const RequestContext& context, RouteInfo& route) {
          {
            std::lock_guard lock(mutex);
            targets.insert(std::string(request.target()));
          }
          return Echo(request, context, route);
        }) {}
  bool Ran(const std::string& target) {
    std::lock_guard lock(mutex);
    return targets.contains(target);
  }
  std::mutex mutex;
  std::set<std::string> targets;
  TestServer server;
};

TEST_CASE("a Transfer-Encoding other than chunked is refused and the rest of its body never runs as a request",
          "[socket][smuggling]") {
  const std::string coding = GENERATE(std::string("Transfer-Encoding: xchunked\r\n"),
                                      std::string("Transfer-Encoding: gzip\r\n"),
                                      std::string("Transfer-Encoding: gzip, chunked\r\n"),
                                      std::string("Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n"));
  RecordingServer recording;
  TestClient client(recording.server.port());
  client.WriteRaw("POST /carrier HTTP/1.1\r\nHost: x\r\n" + coding +
                  "\r\n0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n");
  const Response response = client.Read();
  CHECK(response.result() == beast_http::status::bad_request);
  CHECK(ProblemCode(response) == "invalid_request");
  // Refused by Sportello (which names the field) or already by the parser (two codings at once).
  const boost::json::object problem = testing::JsonBody(response).as_object();
  if (problem.contains("field")) CHECK(problem.at("field").as_string() == "Transfer-Encoding");
  CHECK(client.WaitForClose(5s));
  CHECK_FALSE(recording.Ran("/carrier"));
  CHECK_FALSE(recording.Ran("/smuggled"));
  CHECK(TestClient(recording.server.port()).Get("/next").result() == beast_http::status::ok);
}

TEST_CASE("a request without exactly one Host on HTTP/1.1, or with a target that is not a path, is refused",
          "[socket][smuggling]") {
  const auto [raw, field] = GENERATE(
      std::pair<std::string, std::string>{"GET /a HTTP/1.1\r\n\r\n", "Host"},
      std::pair<std::string, std::string>{"GET /a HTTP/1.1\r\nHost: x\r\nHost: y\r\n\r\n", "Host"},
      std::pair<std::string, std::string>{"GET /a HTTP/1.0\r\nHost: x\r\nHost: y\r\n\r\n", "Host"},
      std::pair<std::string, std::string>{"GET http://other.example/a HTTP/1.1\r\nHost: x\r\n\r\n", "target"},
      std::pair<std::string, std::string>{"OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n", "target"});
  RecordingServer recording;
  TestClient client(recording.server.port());
  client.WriteRaw(raw);
  const Response response = client.Read();
  CHECK(response.result() == beast_http::status::bad_request);
  CHECK(testing::JsonBody(response).at("field").as_string() == field);
  CHECK(client.WaitForClose(5s));
  CHECK(recording.targets.empty());
}

TEST_CASE("chunk extensions are bounded: an endless one and many long ones are refused, not buffered",
          "[socket][hostile]") {
  TestServer server(Echo);
  const std::string head = "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";
  SECTION("one chunk size line that never ends") {
    TestClient client(server.port());
    client.WriteRaw(head + "2;");
    const std::string filler(16 * 1024, 'a');
    std::size_t sent = 0;
    try {
      for (; sent < 4 * 1024 * 1024; sent += filler.size()) client.WriteRaw(filler);
    } catch (const std::runtime_error&) {
      // the server closed the connection while it was being written to: it buffered none of it
    }
    const Response response = client.Read();  // the refusal came before 4 MiB were sent
    CHECK(response.result_int() / 100 == 4);
    CHECK(ProblemCode(response) == "invalid_request");
  }
  SECTION("extensions of several chunks, each short, together over the header limit") {
    TestClient client(server.port());
    std::string body = head;
    for (int i = 0; i < 3; ++i) body += "1;note=" + std::string(4000, 'a') + "\r\nx\r\n";
    client.WriteRaw(body + "0\r\n\r\n");
    const Response response = client.Read();
    CHECK(response.result() == beast_http::status::request_header_fields_too_large);
    CHECK(client.WaitForClose(5s));
  }
  SECTION("a short extension is accepted") {
    TestClient client(server.port());
    client.WriteRaw(head + "2;note=ok\r\nhi\r\n0\r\n\r\n");
    CHECK(client.Read().body() == "/echo|2");
  }
  CHECK(TestClient(server.port()).Get("/next").result() == beast_http::status::ok);
}

TEST_CASE("a slow sender is cut off after read_timeout while another client is served") {
  ServerConfig config = TestConfig();
  config.read_timeout = 1s;
  TestServer server(Echo, config);
  TestClient slow(server.port());
  const std::string request = "GET /slow HTTP/1.1\r\nHost: x\r\n\r\n";
  slow.WriteRaw(request.substr(0, 1));
  CHECK(TestClient(server.port()).Get("/meanwhile").body() == "/meanwhile|0");

  // One byte per second: every read is prompt, only the whole request is late.
  bool cut_off = false;
  for (std::size_t sent = 1; sent < 8 && !cut_off; ++sent) {
    try {
      slow.WriteRaw(request.substr(sent, 1));
    } catch (const std::runtime_error&) {
      cut_off = true;  // the server reset the connection
      break;
    }
    cut_off = slow.WaitForClose(1s);
  }
  CHECK(cut_off);
  CHECK(TestClient(server.port()).Get("/after").body() == "/after|0");
}

TEST_CASE("a pipelining flood is answered in order and the server keeps serving") {
  ServerConfig config = TestConfig();
  config.max_pipelined = 4;
  TestServer server([](const Request& request, const RequestContext&, RouteInfo&) {
    return Text(request, std::string(request.target().substr(1)));
  }, config);
  constexpr int kRequests = 200;
  std::string flood;
  for (int i = 0; i < kRequests; ++i) flood += "GET /" + std::to_string(i) + " HTTP/1.1\r\nHost: x\r\n\r\n";
  TestClient client(server.port());
  client.WriteRaw(flood);
  int in_order = 0;
  for (int i = 0; i < kRequests; ++i) in_order += client.Read().body() == std::to_string(i) ? 1 : 0;
  CHECK(in_order == kRequests);
  CHECK(TestClient(server.port()).Get("/after").body() == "after");
}

TEST_CASE("what the handler answers at once is answered on the I/O thread while every worker is busy") {
  Gate slow_started;
  Gate released;
  ServerConfig config = TestConfig();
  config.worker_threads = 1;
  Handler handler(
      [](const Request& request, const RequestContext&, RouteInfo& route) -> std::optional<Response> {
        if (request.target() != "/fast") return std::nullopt;
        route.route = "GET /fast";
        return Text(request, "at once");
      },
      [&](std::shared_ptr<const Request> request, const RequestContext&, const Reply& reply) {
        slow_started.Open();
        reply(Text(*request, released.Wait() ? "later" : "timed out"), RouteInfo{"GET /slow", nullptr});
      });
  TestServer server(std::move(handler), config);
  TestClient slow(server.port());
  slow.Write(MakeRequest(beast_http::verb::get, "/slow"));
  REQUIRE(slow_started.Wait());
  TestClient fast(server.port());
  CHECK(fast.Get("/fast").body() == "at once");  // the only worker is still blocked
  released.Open();
  CHECK(slow.Read().body() == "later");
}

TEST_CASE("a handler may answer after its worker returned, from another thread, and only its first answer counts") {
  std::mutex parked_mutex;
  std::vector<std::pair<std::shared_ptr<const Request>, Reply>> parked;
  Handler handler(nullptr, [&](std::shared_ptr<const Request> request, const RequestContext&, const Reply& reply) {
    std::lock_guard lock(parked_mutex);
    parked.emplace_back(std::move(request), reply);  // the worker returns without answering
  });
  ServerConfig config = TestConfig();
  config.worker_threads = 1;
  TestServer server(std::move(handler), config);
  TestClient client(server.port());
  // Pipelined in one write, so the server reads both before answering; the one worker takes both.
  client.WriteRaw("GET /a HTTP/1.1\r\nHost: x\r\n\r\nGET /b HTTP/1.1\r\nHost: x\r\n\r\n");
  for (int i = 0; i < 500; ++i) {
    {
      std::lock_guard lock(parked_mutex);
      if (parked.size() == 2) break;
    }
    std::this_thread::sleep_for(10ms);
  }
  std::lock_guard lock(parked_mutex);
  REQUIRE(parked.size() == 2);
  std::thread answering([&] {
    for (int i = 1; i >= 0; --i) {  // answered in the other order: written in request order
      const auto& [request, reply] = parked[static_cast<std::size_t>(i)];
      reply(Text(*request, std::string(request->target())), RouteInfo{"GET /{x}", nullptr});
      reply(Text(*request, "a second answer"), RouteInfo{"GET /{x}", nullptr});
    }
  });
  answering.join();
  parked.clear();
  CHECK(client.Read().body() == "/a");
  CHECK(client.Read().body() == "/b");
}

TEST_CASE("a handler that drops a request without answering gets a 500 in its place") {
  std::mutex dropped_mutex;
  std::optional<Reply> kept;
  Handler handler(nullptr, [&](std::shared_ptr<const Request> request, const RequestContext&, const Reply& reply) {
    if (request->target() == "/kept") {
      std::lock_guard lock(dropped_mutex);
      kept = reply;  // held, then dropped below without an answer
    }
  });
  ServerConfig config = TestConfig();
  config.worker_threads = 1;
  TestServer server(std::move(handler), config);
  TestClient client(server.port());
  CHECK(client.Get("/dropped").result() == beast_http::status::internal_server_error);
  client.Write(MakeRequest(beast_http::verb::get, "/kept"));
  for (int i = 0; i < 500; ++i) {
    {
      std::lock_guard lock(dropped_mutex);
      if (kept) break;
    }
    std::this_thread::sleep_for(10ms);
  }
  {
    std::lock_guard lock(dropped_mutex);
    REQUIRE(kept.has_value());
    kept.reset();
  }
  CHECK(client.Read().result() == beast_http::status::internal_server_error);
  CHECK(client.Get("/after-dropped").result() == beast_http::status::internal_server_error);
}

TEST_CASE("a full worker queue answers 503 unavailable with Retry-After") {
  Gate first_started;
  Gate released;
  ServerConfig config = TestConfig();
  config.worker_threads = 1;
  config.worker_queue_limit = 1;
  TestServer server([&](const Request& request, const RequestContext&, RouteInfo&) {
    first_started.Open();
    return Text(request, released.Wait() ? "done" : "timed out");
  }, config);
  TestClient running(server.port());
  running.Write(MakeRequest(beast_http::verb::get, "/running"));
  REQUIRE(first_started.Wait());
  // The worker is busy and the queue holds one: of the next two requests one waits, one is refused.
  auto read_in_thread = [&](std::string target) {
    return std::async(std::launch::async, [port = server.port(), target] {
      TestClient client(port);
      return client.Get(target);
    });
  };
  auto b = read_in_thread("/b");
  auto c = read_in_thread("/c");
  std::future<Response>* refused = nullptr;
  for (int i = 0; i < 1000 && refused == nullptr; ++i) {
    if (b.wait_for(10ms) == std::future_status::ready) refused = &b;
    else if (c.wait_for(0ms) == std::future_status::ready) refused = &c;
  }
  REQUIRE(refused != nullptr);
  const Response busy = refused->get();
  released.Open();
  CHECK(busy.result() == beast_http::status::service_unavailable);
  CHECK(busy[beast_http::field::retry_after] == "1");
  CHECK(busy.keep_alive());  // the client may try again on the same connection
  CHECK(ProblemCode(busy) == "unavailable");  // nothing went wrong: try again
  CHECK((refused == &b ? c : b).get().body() == "done");
  CHECK(running.Read().body() == "done");
}

TEST_CASE("a handler that throws gets 500 internal and the connection keeps serving") {
  TestServer server([](const Request& request, const RequestContext& context, RouteInfo& route) {
    if (request.target() == "/boom") throw std::runtime_error("bug");
    return Echo(request, context, route);
  });
  TestClient client(server.port());
  const Response failed = client.Get("/boom");
  CHECK(failed.result() == beast_http::status::internal_server_error);
  CHECK(ProblemCode(failed) == "internal");
  CHECK(client.Get("/fine").body() == "/fine|0");
}

TEST_CASE("connections beyond max_connections are closed at once") {
  ServerConfig config = TestConfig();
  config.max_connections = 2;
  TestServer server(Echo, config);
  auto first = std::make_unique<TestClient>(server.port());
  TestClient second(server.port());
  // Both in the middle of a request: neither is idle, neither can make room.
  first->WriteRaw("GET /1 HTTP/1.1\r\nHost: x\r\n");
  second.WriteRaw("GET /2 HTTP/1.1\r\nHost: x\r\n");
  std::this_thread::sleep_for(200ms);
  TestClient third(server.port());
  CHECK(third.WaitForClose(5s));

  first.reset();  // frees a place, once the server has noticed
  bool served = false;
  for (int attempt = 0; attempt < 100 && !served; ++attempt) {
    try {
      served = TestClient(server.port()).Get("/again").result() == beast_http::status::ok;
    } catch (const std::runtime_error&) {
      std::this_thread::sleep_for(50ms);
    }
  }
  CHECK(served);
}

TEST_CASE("near max_connections, connections kept alive with nothing to do make room for new ones") {
  ServerConfig config = TestConfig();
  config.max_connections = 2;
  TestServer server(Echo, config);
  TestClient first(server.port());
  TestClient second(server.port());
  CHECK(first.Get("/1").result() == beast_http::status::ok);
  CHECK(second.Get("/2").result() == beast_http::status::ok);
  std::this_thread::sleep_for(200ms);  // both are waiting for a next request now
  CHECK(TestClient(server.port()).Get("/3").result() == beast_http::status::ok);
  CHECK(first.WaitForClose(5s));
  CHECK(second.WaitForClose(5s));
}

TEST_CASE("one address cannot hold every connection slot, and others are still let in", "[socket][abuse]") {
  ServerConfig config = TestConfig();
  config.max_connections_per_address = 3;
  TestServer server(Echo, config);
  std::vector<std::unique_ptr<TestClient>> held;
  for (int i = 0; i < 3; ++i) {
    held.push_back(std::make_unique<TestClient>(server.port(), "127.0.0.1", "127.0.0.2"));
    CHECK(held.back()->Get("/held").result() == beast_http::status::ok);
  }
  TestClient one_more(server.port(), "127.0.0.1", "127.0.0.2");
  CHECK(one_more.WaitForClose(5s));
  CHECK(TestClient(server.port(), "127.0.0.1", "127.0.0.3").Get("/other").result() == beast_http::status::ok);
  held.pop_back();  // gives its place back, once the server has noticed
  bool served = false;
  for (int attempt = 0; attempt < 100 && !served; ++attempt) {
    try {
      served = TestClient(server.port(), "127.0.0.1", "127.0.0.2").Get("/again").result() == beast_http::status::ok;
    } catch (const std::runtime_error&) {
      std::this_thread::sleep_for(50ms);
    }
  }
  CHECK(served);
}

TEST_CASE("Stop() closes idle connections, lets a slow request finish and deliver its answer") {
  Gate started;
  Gate released;
  TestServer server([&](const Request& request, const RequestContext& context, RouteInfo& route) {
    if (request.target() != "/slow") return Echo(request, context, route);
    started.Open();
    return Text(request, released.Wait() ? "done" : "timed out");
  });
  TestClient idle(server.port());
  CHECK(idle.Get("/fast").result() == beast_http::status::ok);
  TestClient busy(server.port());
  busy.Write(MakeRequest(beast_http::verb::get, "/slow"));
  REQUIRE(started.Wait());

  server.server().Stop();  // returns at once: the handler is still blocked
  server.server().Stop();  // idempotent
  CHECK(idle.WaitForClose(5s));
  released.Open();
  const Response answer = busy.Read();
  CHECK(answer.body() == "done");
  CHECK_FALSE(answer.keep_alive());
  server.server().Wait();
  CHECK_THROWS_AS(TestClient(server.port()), std::runtime_error);
}

Response ItemsHandler(const Request& request, const RequestContext&, RouteInfo& route) {
  const std::string_view target = request.target();
  if (!target.starts_with("/items/")) return Text(request, "?");
  route.route = "GET /items/{id}";
  Response response = Text(request, "item");
  if (target.substr(7, 1) == "x") response.result(beast_http::status::not_found);
  return response;
}

TEST_CASE("metrics count every request by route template and status") {
  TestServer server(ItemsHandler);
  TestClient client(server.port());
  client.Get("/items/1");
  client.Get("/items/2?lang=en");
  client.Get("/items/x");
  client.Get("/elsewhere");
  TestClient(server.port()).Post("/items/3", std::string(70 * 1024, 'a'));  // 413 from the server itself

  const std::string page = server.metrics.Render();
  CHECK_THAT(page, Catch::Contains("# TYPE sportello_http_requests_total counter\n"));
  CHECK_THAT(page, Catch::Contains("sportello_http_requests_total{route=\"GET /items/{id}\",status=\"200\"} 2\n"));
  CHECK_THAT(page, Catch::Contains("sportello_http_requests_total{route=\"GET /items/{id}\",status=\"404\"} 1\n"));
  CHECK_THAT(page, Catch::Contains("sportello_http_requests_total{route=\"unmatched\",status=\"200\"} 1\n"));
  CHECK_THAT(page, Catch::Contains("sportello_http_requests_total{route=\"unmatched\",status=\"413\"} 1\n"));
  CHECK_THAT(page, Catch::Contains("sportello_http_request_duration_seconds_count{route=\"GET /items/{id}\"} 3\n"));
  CHECK_THAT(page, Catch::Contains(
                       "sportello_http_request_duration_seconds_bucket{route=\"GET /items/{id}\",le=\"+Inf\"} 3\n"));
  CHECK_THAT(page, !Catch::Contains("lang=en"));
}

TEST_CASE("the access log names the route template and status, never the path, query or headers") {
  TestServer server(ItemsHandler);
  {
    TestClient client(server.port());
    client.Get("/items/42?tax_code=RSSMRA85T10A562S&token=s3cret",
               {{"X-Booking-Token", "s3cret"}, {"Authorization", "Bearer abc"}});
    client.WriteRaw("BREW /items/7 HTTP/1.1\r\nHost: x\r\n\r\n");
    client.Read();
  }
  server.StopAndWait();
  server.access_log.Flush();
  const std::string log = server.log_text.str();
  CHECK_THAT(log, Catch::Matches(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ GET /items/\{id\} 200 \d+\.\dms\n[\s\S]*)",
                                 Catch::CaseSensitive::Yes));
  CHECK_THAT(log, Catch::Contains(" OTHER GET /items/{id} 200 ") || Catch::Contains(" OTHER /items/{id} 200 "));
  for (const char* secret : {"RSSMRA", "s3cret", "Bearer", "?", "/items/42", "/items/7", "BREW"}) {
    CHECK_THAT(log, !Catch::Contains(secret));
  }
}

TEST_CASE("an access log line has time, method, route, status and duration") {
  AccessLogEntry entry;
  entry.time = std::chrono::sys_days{std::chrono::year{2026} / 11 / 22} + 10h;
  entry.method = "GET";
  entry.route = "GET /api/v1/bookings/{code}";
  entry.status = 201;
  entry.duration = 3200us;
  CHECK(AccessLog::FormatLine(entry) == "2026-11-22T10:00:00Z GET /api/v1/bookings/{code} 201 3.2ms\n");
  entry.method = "POST";
  entry.route = "unmatched\nforged line";
  entry.status = 404;
  CHECK(AccessLog::FormatLine(entry) == "2026-11-22T10:00:00Z POST unmatched?forged line 404 3.2ms\n");
}

TEST_CASE("access log lines written from many threads never interleave") {
  std::ostringstream out;
  AccessLog log(out);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&log] {
      for (int i = 0; i < 500; ++i) log.Write({std::chrono::system_clock::now(), "GET", "GET /x/{id}", 200, 1ms});
    });
  }
  for (std::thread& thread : threads) thread.join();
  log.Flush();
  std::istringstream lines(out.str());
  int well_formed = 0;
  for (std::string line; std::getline(lines, line);) well_formed += line.ends_with("GET /x/{id} 200 1.0ms") ? 1 : 0;
  CHECK(well_formed == 2000);
}

TEST_CASE("Start() fails loudly when the port is taken, and Stop() before Start() is harmless") {
  TestServer first(Echo);
  Metrics metrics;
  ServerConfig config = TestConfig();
  config.port = first.port();
  Server second(config, Echo, metrics);
  CHECK_THROWS_AS(second.Start(), std::runtime_error);
  Server never_started(TestConfig(), Echo, metrics);
  never_started.Stop();
  never_started.Wait();
}

}  // namespace
}  // namespace sportello::http
