// Fuzzes the HTTP router and the JSON bodies of every endpoint through Route(), against a real
// SQLite store in a temporary directory. Input: a first line "METHOD TARGET", optional header
// lines "Name: value", an empty line, then the body. Any answer is fine except a crash, a
// sanitizer report or a 5xx.
#include "engine/catalogue.h"
#include "http/router.h"
#include "storage/sqlite_store.h"

#include <boost/beast/http/verb.hpp>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <unistd.h>

namespace {

using namespace sportello;

struct World {
  std::filesystem::path dir;
  engine::Catalogue catalogue;
  std::unique_ptr<storage::SqliteStore> store;

  World() {
    std::string pattern = (std::filesystem::temp_directory_path() / "sportello-fuzz-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) std::abort();
    dir = pattern;
    catalogue = *engine::ParseCatalogue(Slurp(std::string(SPORTELLO_SOURCE_DIR) + "/calendars/types.json")).value;
    store = storage::SqliteStore::Open(dir / "fuzz.db");
    const engine::Instant now = *engine::ParseInstant("2026-11-23T10:00:00+01:00");
    for (const char* desk : {"roma", "milano"}) {
      auto calendar = engine::ParseCalendar(Slurp(std::string(SPORTELLO_SOURCE_DIR) + "/calendars/" + desk + ".json"), &catalogue);
      store->SeedDesk(*calendar.value, now);
    }
    store->UpsertApplications(
        std::vector<engine::Application>{{"A-1", "roma", "RSSMRA85T10A562S", "", "", {"lavoro-documenti"}, "x"}},
        storage::Actor::Cli(), now);
    store->AddUser({"admin", storage::Role::admin, ""}, "fuzzing password", storage::Actor::Cli(), now);
  }

  static std::string Slurp(const std::string& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static World world;
  const std::string input(reinterpret_cast<const char*>(data), size);
  const std::size_t line_end = input.find('\n');
  const std::string first = input.substr(0, line_end);
  const std::size_t space = first.find(' ');
  if (space == std::string::npos) return 0;
  const auto method = boost::beast::http::string_to_verb(first.substr(0, space));
  if (method == boost::beast::http::verb::unknown) return 0;
  http::Request request{method, first.substr(space + 1), 11};
  std::size_t position = line_end == std::string::npos ? input.size() : line_end + 1;
  while (position < input.size()) {
    const std::size_t end = input.find('\n', position);
    const std::string line = input.substr(position, end == std::string::npos ? std::string::npos : end - position);
    position = end == std::string::npos ? input.size() : end + 1;
    if (line.empty()) break;
    const std::size_t colon = line.find(':');
    if (colon == std::string::npos || colon == 0) continue;
    try {
      request.set(line.substr(0, colon), line.substr(colon + 1));
    } catch (const std::exception&) {
      return 0;  // Beast refuses the header itself, as the real parser would
    }
  }
  request.body() = input.substr(std::min(position, input.size()));
  request.prepare_payload();
  http::Services services{*world.store, world.catalogue,
                          [] { return *engine::ParseInstant("2026-11-23T10:00:00+01:00"); }};
  http::RouteInfo route;
  const http::Response response = http::Route(request, http::RequestContext{"127.0.0.1", {}}, services, route);
  if (response.result_int() >= 500 && response.result_int() != 503) std::abort();
  return 0;
}
