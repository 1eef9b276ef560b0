// `sportello key add|list|revoke`: the national system's API keys (SPEC.md, "Integration"). A key
// is printed once, when added; the database keeps only its hash.
#include "booking/system_api.h"
#include "storage/open_store.h"
#include "tools/sportello/commands.h"
#include "tools/sportello/wall_clock.h"

#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include <memory>
#include <string>

namespace sportello::tools {
namespace {

constexpr const char* kOverview =
    "  sportello key add --db DB --name N [--desk D]\n"
    "  sportello key list --db DB\n"
    "  sportello key revoke --db DB --name N\n"
    "`sportello key COMMAND --help` explains each.";

constexpr const char* kAddDetails =
    "Issues an API key of the national system (role system) named N, for every desk or only for desk D, and\n"
    "prints it once: keep it in the national system's secrets store. The database keeps only its hash.\n"
    "Requests send it as `Authorization: Bearer <key>`.";

struct KeyOptions {
  std::string db;
  std::string name;
  std::string desk;
};

int Fail(const engine::Problem& problem) {
  const std::string option = problem.field.empty() ? "" : "--" + problem.field + ": ";
  fmt::print(stderr, "sportello key: {}{}\n", option,
             problem.detail.empty() ? std::string(engine::ErrorCode(problem.code)) : problem.detail);
  return 1;
}

std::string Local(engine::Instant instant) { return engine::FormatInstant(instant, *date::locate_zone("Europe/Rome")); }

// The store of --db, or null after saying why it cannot be opened.
std::unique_ptr<storage::Store> Open(const std::string& db) {
  try {
    return storage::OpenStore(db);
  } catch (const std::exception& error) {
    fmt::print(stderr, "sportello key: cannot open {}: {}\n", storage::Printable(db), error.what());
    return nullptr;
  }
}

int Add(const KeyOptions& options) {
  const std::unique_ptr<storage::Store> store = Open(options.db);
  if (!store) return 1;
  auto issued = booking::IssueApiKey(*store, options.name, options.desk, storage::Actor::Cli(), WallClock().Now());
  if (!issued) return Fail(issued.error());
  fmt::print("{}\n", issued->secret);
  fmt::print(stderr, "key {} added ({}); it is shown only this once\n", issued->key.name,
             issued->key.desk.empty() ? "every desk" : "desk " + issued->key.desk);
  return 0;
}

int Revoke(const KeyOptions& options) {
  const std::unique_ptr<storage::Store> store = Open(options.db);
  if (!store) return 1;
  auto revoked = store->RevokeApiKey(options.name, storage::Actor::Cli(), WallClock().Now());
  if (!revoked) {
    return Fail(revoked.error().code == engine::Error::not_found
                    ? engine::Problem(engine::Error::not_found, "name", "no key has this name")
                    : revoked.error());
  }
  fmt::print("key {} revoked at {}\n", revoked->name, Local(*revoked->revoked_at));
  return 0;
}

int List(const KeyOptions& options) {
  const std::unique_ptr<storage::Store> store = Open(options.db);
  if (!store) return 1;
  auto keys = store->ApiKeys();
  if (!keys) return Fail(keys.error());
  for (const storage::ApiKey& key : *keys) {
    fmt::print("{}\t{}\tadded {}\t{}\n", key.name, key.desk.empty() ? "*" : key.desk, Local(key.created_at),
               key.revoked_at ? "revoked " + Local(*key.revoked_at) : "active");
  }
  return 0;
}

}  // namespace

void AddKey(CLI::App& sportello, Action& chosen) {
  CLI::App& key = AddCommand(sportello, "key", "add, list or revoke the national system's API keys", kOverview);
  auto options = std::make_shared<KeyOptions>();
  const auto add_name = [&options](CLI::App& command, const char* what) {
    command.add_option("--name", options->name, what)->required()->type_name("N");
  };

  CLI::App& add = AddCommand(key, "add", "issue a key and print it, once", kAddDetails);
  AddDatabase(add, options->db);
  add_name(add, "the key's name");
  add.add_option("--desk", options->desk, "the one desk the key may touch (default: every desk)")->type_name("D");
  OnChosen(add, chosen, [options] { return Add(*options); });

  CLI::App& list = AddCommand(key, "list", "list the keys: name, desk, when added, when revoked");
  AddDatabase(list, options->db);
  OnChosen(list, chosen, [options] { return List(*options); });

  CLI::App& revoke = AddCommand(key, "revoke", "revoke a key at once: its next request is refused (401)");
  AddDatabase(revoke, options->db);
  add_name(revoke, "the key to revoke");
  OnChosen(revoke, chosen, [options] { return Revoke(*options); });
}

}  // namespace sportello::tools
