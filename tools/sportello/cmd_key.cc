// `sportello key add|list|revoke`: the national system's API keys (SPEC.md, "Integration"). A key
// is printed once, when added; the database keeps only its hash.
#include "booking/system_api.h"
#include "storage/open_store.h"
#include "tools/sportello/args.h"
#include "tools/sportello/commands.h"
#include "tools/sportello/wall_clock.h"

#include <fmt/core.h>

#include <memory>
#include <string>

namespace sportello::tools {
namespace {

constexpr std::string_view kUsage = R"(usage:
  sportello key add --db DB --name N [--desk D]
      Issues an API key of the national system (role system) named N, for every desk or only for
      desk D, and prints it once: keep it in the national system's secrets store. The database
      keeps only its hash. Requests send it as `Authorization: Bearer <key>`.
  sportello key list --db DB
      Lists the keys: name, desk, when added, when revoked.
  sportello key revoke --db DB --name N
      Revokes key N at once: its next request is refused (401).
)";

int Usage(const std::string& error) {
  if (!error.empty()) fmt::print(stderr, "sportello key: {}\n\n", error);
  fmt::print(error.empty() ? stdout : stderr, "{}", kUsage);
  return error.empty() ? 0 : 2;
}

int Fail(const engine::Problem& problem) {
  const std::string option = problem.field.empty() ? "" : "--" + problem.field + ": ";
  fmt::print(stderr, "sportello key: {}{}\n", option,
             problem.detail.empty() ? std::string(engine::ErrorCode(problem.code)) : problem.detail);
  return 1;
}

std::string Local(engine::Instant instant) { return engine::FormatInstant(instant, *date::locate_zone("Europe/Rome")); }

}  // namespace

int RunKey(const Words& words) {
  const Args args(words, {"db", "name", "desk"}, {});
  if (args.help()) return Usage("");
  if (!args.error().empty()) return Usage(args.error());
  if (args.positional().size() != 1) return Usage("give one of add, list, revoke");
  const std::string& action = args.positional()[0];
  if (action != "add" && action != "list" && action != "revoke") return Usage("unknown subcommand '" + action + "'");
  const auto db = args.Value("db");
  if (!db) return Usage("--db is required");
  const auto name = args.Value("name");
  if (action != "list" && !name) return Usage("--name is required");

  std::unique_ptr<storage::Store> store;
  try {
    store = storage::OpenStore(*db);
  } catch (const std::exception& error) {
    fmt::print(stderr, "sportello key: cannot open {}: {}\n", storage::Printable(*db), error.what());
    return 1;
  }
  const engine::Instant now = WallClock().Now();
  if (action == "add") {
    auto issued = booking::IssueApiKey(*store, *name, args.Value("desk").value_or(""), storage::Actor::Cli(), now);
    if (!issued) return Fail(issued.error());
    fmt::print("{}\n", issued->secret);
    fmt::print(stderr, "key {} added ({}); it is shown only this once\n", issued->key.name,
               issued->key.desk.empty() ? "every desk" : "desk " + issued->key.desk);
    return 0;
  }
  if (action == "revoke") {
    auto revoked = store->RevokeApiKey(*name, storage::Actor::Cli(), now);
    if (!revoked) return Fail(revoked.error().code == engine::Error::not_found
                                  ? engine::Problem(engine::Error::not_found, "name", "no key has this name")
                                  : revoked.error());
    fmt::print("key {} revoked at {}\n", revoked->name, Local(*revoked->revoked_at));
    return 0;
  }
  auto keys = store->ApiKeys();
  if (!keys) return Fail(keys.error());
  for (const storage::ApiKey& key : *keys) {
    fmt::print("{}\t{}\tadded {}\t{}\n", key.name, key.desk.empty() ? "*" : key.desk, Local(key.created_at),
               key.revoked_at ? "revoked " + Local(*key.revoked_at) : "active");
  }
  return 0;
}

}  // namespace sportello::tools
