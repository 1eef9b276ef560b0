// Who a request comes from: the peer, or the client a trusted reverse proxy reports; and the key a
// client is limited under. Pure functions, then a real server behind a "proxy" on 127.0.0.1.
#include "http/client_address.h"
#include "http/metrics.h"
#include "http/server.h"
#include "tests/http/test_client.h"

#include <catch2/catch.hpp>

namespace sportello::http {
namespace {

namespace ip = boost::asio::ip;
namespace beast_http = boost::beast::http;
using testing::MakeRequest;
using testing::TestClient;

std::vector<Network> Networks(std::initializer_list<const char*> texts) {
  std::vector<Network> networks;
  for (const char* text : texts) {
    std::optional<Network> network = ParseNetwork(text);
    REQUIRE(network.has_value());
    networks.push_back(*network);
  }
  return networks;
}

std::string ClientOf(const testing::Headers& headers, const char* peer, const std::vector<Network>& trusted) {
  return ClientAddress(MakeRequest(beast_http::verb::get, "/", headers), ip::make_address(peer), trusted);
}

TEST_CASE("networks are read from an address or a CIDR block, and hold what they should") {
  const std::vector<Network> networks = Networks({"10.1.0.0/16", "192.0.2.7", "fd00::/8", "0.0.0.0/0"});
  CHECK(networks[0].Contains(ip::make_address("10.1.200.3")));
  CHECK_FALSE(networks[0].Contains(ip::make_address("10.2.0.1")));
  CHECK(networks[1].Contains(ip::make_address("192.0.2.7")));
  CHECK_FALSE(networks[1].Contains(ip::make_address("192.0.2.8")));
  CHECK(networks[2].Contains(ip::make_address("fd12::1")));
  CHECK_FALSE(networks[2].Contains(ip::make_address("2001:db8::1")));
  CHECK(networks[3].Contains(ip::make_address("203.0.113.1")));
  CHECK_FALSE(networks[3].Contains(ip::make_address("::1")));           // an IPv4 block holds no IPv6
  CHECK(networks[1].Contains(ip::make_address("::ffff:192.0.2.7")));  // IPv4 carried in IPv6 is IPv4
  CHECK(ParseNetwork("10.1.2.3/8")->base == ip::make_address("10.0.0.0"));
  for (const char* wrong : {"", "10.0.0.0/33", "fd00::/129", "10.0.0.0/", "10.0.0.0/x", "example.org", "10.0.0/8"}) {
    CAPTURE(wrong);
    CHECK_FALSE(ParseNetwork(wrong).has_value());
  }
}

TEST_CASE("only a trusted proxy names the client, and only by the last hop it wrote") {
  const std::vector<Network> proxy = Networks({"10.0.0.5"});
  const testing::Headers forwarded_for = {{"X-Forwarded-For", "6.6.6.6, 203.0.113.9"}};
  CHECK(ClientOf(forwarded_for, "10.0.0.5", proxy) == "203.0.113.9");
  CHECK(ClientOf(forwarded_for, "10.0.0.6", proxy) == "10.0.0.6");  // not the proxy: its header is the client's
  CHECK(ClientOf(forwarded_for, "10.0.0.5", {}) == "10.0.0.5");      // no proxy trusted at all
  CHECK(ClientOf({{"Forwarded", "for=6.6.6.6, for=\"[2001:db8::7]:4711\";proto=https"}}, "10.0.0.5", proxy) ==
        "2001:db8::7");
  CHECK(ClientOf({{"Forwarded", "proto=https;For=198.51.100.4:8080"}}, "10.0.0.5", proxy) == "198.51.100.4");
  CHECK(ClientOf({{"X-Forwarded-For", "::ffff:198.51.100.4"}}, "10.0.0.5", proxy) == "198.51.100.4");
  // A last hop that is not one address leaves the proxy as the client: never a made-up key.
  for (const char* wrong : {"203.0.113.9, unknown", "", "203.0.113.9, 10.0.0.1 10.0.0.2", "_hidden"}) {
    CAPTURE(wrong);
    CHECK(ClientOf({{"X-Forwarded-For", wrong}}, "10.0.0.5", proxy) == "10.0.0.5");
  }
  CHECK(ClientOf({{"Forwarded", "for=unknown"}}, "10.0.0.5", proxy) == "10.0.0.5");
}

TEST_CASE("IPv6 clients are limited per /64, IPv4 clients per address") {
  CHECK(LimitKey("2001:db8:1:2:aaaa:bbbb:cccc:dddd") == "2001:db8:1:2::/64");
  CHECK(LimitKey("2001:db8:1:2::9") == LimitKey("2001:db8:1:2:ffff::1"));
  CHECK(LimitKey("2001:db8:1:3::9") != LimitKey("2001:db8:1:2::9"));
  CHECK(LimitKey("203.0.113.9") == "203.0.113.9");
  CHECK(LimitKey("::ffff:203.0.113.9") == "203.0.113.9");
}

TEST_CASE("behind a trusted proxy every client gets its own address, others cannot pose as one",
          "[socket]") {
  ServerConfig config;
  config.port = 0;
  config.worker_threads = 2;
  config.trusted_proxies = Networks({"127.0.0.1"});
  Metrics metrics;
  Server server(config, Handler([](const Request& request, const RequestContext& context, RouteInfo& route) {
                  route.route = "GET /who";
                  Response response{beast_http::status::ok, request.version()};
                  response.keep_alive(request.keep_alive());
                  response.body() = context.client_address;
                  return response;
                }),
                metrics);
  server.Start();
  const testing::Headers hops = {{"X-Forwarded-For", "6.6.6.6, 203.0.113.9"}};
  CHECK(TestClient(server.port()).Get("/who", hops).body() == "203.0.113.9");                  // the proxy
  CHECK(TestClient(server.port(), "127.0.0.1", "127.0.0.2").Get("/who", hops).body() == "127.0.0.2");  // not it
  CHECK(TestClient(server.port()).Get("/who").body() == "127.0.0.1");  // the proxy's own request
  server.Stop();
  server.Wait();
}

}  // namespace
}  // namespace sportello::http
