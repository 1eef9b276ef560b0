// `sportello purge --db DB [--dry-run] [--retention SPEC]`: applies the retention policy
// (booking/retention.h, docs/privacy.md) once and prints what it erased and deleted.
#include "booking/retention.h"
#include "storage/open_store.h"
#include "tools/sportello/commands.h"
#include "tools/sportello/wall_clock.h"

#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include <filesystem>

namespace sportello::tools {
namespace {

constexpr const char* kDetails =
    "Applies the retention policy to DB (a SQLite file or a PostgreSQL URI) now, and prints how many rows of\n"
    "each kind it erased or deleted; with --dry-run it changes nothing and prints how many it would.\n"
    "`sportello serve` does the same once a day. --retention overrides periods in days, e.g.\n"
    "contacts=180,unbooked=365,messages=30,idempotency=1,failures=1,audit=730,questions=365 (the defaults;\n"
    "docs/privacy.md explains each).";

struct PurgeOptions {
  std::string db;
  bool dry_run = false;
  std::optional<std::string> retention;
  ClockOptions clock;
};

int RunPurge(const PurgeOptions& options, const CLI::App& command) {
  const std::string& db = options.db;
  auto policy = booking::ParseRetention(options.retention.value_or(""));
  if (!policy) return UsageError(command, "--retention: " + policy.error().detail);
  std::string wrong_clock;
  const std::optional<WallClock> clock = WallClockFrom(options.clock, wrong_clock);
  if (!clock) return UsageError(command, wrong_clock);
  if (!storage::IsPostgresUri(db) && !std::filesystem::exists(db)) {
    fmt::print(stderr, "sportello purge: {} does not exist\n", storage::Printable(db));
    return 1;
  }

  std::unique_ptr<storage::Store> store;
  try {
    store = storage::OpenStore(db);
  } catch (const std::exception& error) {
    fmt::print(stderr, "sportello purge: cannot open {}: {}\n", storage::Printable(db), error.what());
    return 1;
  }
  const bool dry_run = options.dry_run;
  auto counts = booking::Purge(*store, *policy, clock->Now(), dry_run);
  if (!counts) {
    fmt::print(stderr, "sportello purge: stopped by a database error{}{}; run it again\n",
               counts.error().detail.empty() ? "" : ": ", counts.error().detail);
    return 1;
  }
  if (dry_run) fmt::print("dry run: nothing was changed; what a purge now would do:\n");
  for (const booking::PurgeCount& count : *counts) {
    fmt::print("{:>8}  {}\n", count.rows, booking::DescribePurge(count.kind));
  }
  return 0;
}

}  // namespace

void AddPurge(CLI::App& sportello, Action& chosen) {
  CLI::App& purge = AddCommand(sportello, "purge",
                               "apply the retention policy: erase and delete what is kept no longer", kDetails);
  auto options = std::make_shared<PurgeOptions>();
  AddDatabase(purge, options->db);
  purge.add_flag("--dry-run", options->dry_run, "change nothing; print how many rows of each kind it would");
  purge.add_option("--retention", options->retention, "periods in days, e.g. contacts=180,unbooked=365")
      ->type_name("SPEC");
  AddClockOptions(purge, options->clock);
  OnChosen(purge, chosen, [options, &purge] { return RunPurge(*options, purge); });
}

}  // namespace sportello::tools
