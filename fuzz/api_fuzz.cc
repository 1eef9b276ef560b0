// Fuzzes the HTTP router and the JSON bodies of every endpoint through Route(), against a real
// SQLite store in a temporary directory. Input: a first line "METHOD TARGET", optional header
// lines "Name: value", an empty line, then the body. The input becomes HTTP/1.1 bytes that Beast's
// request parser reads with the server's limits, exactly as a connection would deliver them; what
// that parser refuses never reaches Route() in the server, so it is skipped here too. Any answer
// is fine except a crash, a sanitizer report or a 5xx.
#include "booking/accounts.h"
#include "booking/applications.h"
#include "booking/desks.h"
#include "engine/catalogue.h"
#include "http/router.h"
#include "http/server.h"
#include "storage/sqlite_store.h"

#include <boost/asio/buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/verb.hpp>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <unistd.h>

namespace {

using namespace sportello;
namespace beast_http = boost::beast::http;

// Stops the fuzzer when its fixed world cannot be built: a run against a half-seeded store would
// fuzz nothing of what it claims.
template <typename Value>
void Require(const Value& result, const char* what) {
  if (result) return;
  std::fprintf(stderr, "api_fuzz: could not %s\n", what);
  std::abort();
}

struct World {
  std::filesystem::path dir;
  engine::Catalogue catalogue;
  std::unique_ptr<storage::SqliteStore> store;

  World() {
    std::string pattern = (std::filesystem::temp_directory_path() / "sportello-fuzz-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) std::abort();
    dir = pattern;
    auto parsed_catalogue = engine::ParseCatalogue(Slurp(std::string(SPORTELLO_SOURCE_DIR) + "/calendars/types.json"));
    Require(parsed_catalogue.value, "read calendars/types.json");
    catalogue = *parsed_catalogue.value;
    store = storage::SqliteStore::Open(dir / "fuzz.db");
    const engine::Instant now = *engine::ParseInstant("2026-11-23T10:00:00+01:00");
    for (const char* desk : {"roma", "milano"}) {
      auto calendar = engine::ParseCalendar(Slurp(std::string(SPORTELLO_SOURCE_DIR) + "/calendars/" + desk + ".json"), &catalogue);
      Require(calendar.value, "read a shipped calendar");
      Require(booking::SeedDesk(*store, *calendar.value, now), "create a desk");
    }
    Require(booking::ImportApplications(*store, 
                std::vector<engine::Application>{{"A-1", "roma", "RSSMRA85T10A562S", "", "", {"lavoro-documenti"}, "x"}},
                storage::Actor::Cli(), now),
            "import the application");
    Require(booking::AddUser(*store, {"admin", storage::Role::admin, ""}, "fuzzing password", storage::Actor::Cli(), now),
            "add the admin account");
  }

  static std::string Slurp(const std::string& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }
};

// The input as the bytes of an HTTP/1.1 request with a Content-Length for its body.
std::string WireRequest(std::string_view input) {
  const std::size_t line_end = input.find('\n');
  std::string wire(input.substr(0, line_end));
  wire += " HTTP/1.1\r\n";
  std::size_t position = line_end == std::string_view::npos ? input.size() : line_end + 1;
  while (position < input.size()) {
    const std::size_t end = input.find('\n', position);
    const std::string_view line = input.substr(position, end == std::string_view::npos ? std::string_view::npos : end - position);
    position = end == std::string_view::npos ? input.size() : end + 1;
    if (line.empty()) break;
    wire.append(line).append("\r\n");
  }
  const std::string_view body = input.substr(std::min(position, input.size()));
  wire += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n";
  wire.append(body);
  return wire;
}

// The request the server's parser reads from `wire`, or nullopt where it refuses it.
std::optional<http::Request> ParseAsTheServerDoes(std::string_view wire) {
  const http::ServerConfig limits;
  beast_http::request_parser<beast_http::string_body> parser;
  parser.eager(true);
  parser.header_limit(static_cast<std::uint32_t>(limits.header_limit));
  parser.body_limit(limits.body_limit);
  boost::system::error_code error;
  while (!wire.empty() && !parser.is_done()) {
    const std::size_t used = parser.put(boost::asio::buffer(wire.data(), wire.size()), error);
    if (error) return std::nullopt;
    wire.remove_prefix(used);
  }
  if (!parser.is_done()) return std::nullopt;
  return parser.release();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static World world;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  std::optional<http::Request> request = ParseAsTheServerDoes(WireRequest(input));
  if (!request) return 0;
  http::Services services{*world.store, world.catalogue,
                          [] { return *engine::ParseInstant("2026-11-23T10:00:00+01:00"); }};
  http::RouteInfo route;
  const http::Response response = http::Route(*request, http::RequestContext{"127.0.0.1", {}}, services, route);
  if (response.result_int() >= 500 && response.result_int() != 503) std::abort();
  return 0;
}
