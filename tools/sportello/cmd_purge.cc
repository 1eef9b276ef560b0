// `sportello purge --db DB [--dry-run] [--retention SPEC]`: applies the retention policy
// (booking/retention.h, docs/privacy.md) once and prints what it erased and deleted.
#include "booking/retention.h"
#include "storage/open_store.h"
#include "tools/sportello/args.h"
#include "tools/sportello/commands.h"
#include "tools/sportello/wall_clock.h"

#include <fmt/core.h>

namespace sportello::tools {
namespace {

constexpr std::string_view kUsage = R"(usage:
  sportello purge --db DB [--dry-run] [--retention SPEC]
      Applies the retention policy to DB (a SQLite file or a PostgreSQL URI) now, and prints how
      many rows of each kind it erased or deleted; with --dry-run it changes nothing and prints how
      many it would. `sportello serve` does the same once a day. --retention overrides periods in
      days, e.g. contacts=180,unbooked=365,messages=30,idempotency=1,failures=1,audit=730,questions=365 (the
      defaults; docs/privacy.md explains each).
)";

int Usage(const std::string& error) {
  if (!error.empty()) fmt::print(stderr, "sportello purge: {}\n\n", error);
  fmt::print(error.empty() ? stdout : stderr, "{}", kUsage);
  return error.empty() ? 0 : 2;
}

}  // namespace

int RunPurge(const Words& words) {
  const Args args(words, {"db", "retention", "now", "clock-speed"}, {"dry-run"});
  if (args.help()) return Usage("");
  if (!args.error().empty()) return Usage(args.error());
  if (!args.positional().empty()) return Usage("purge takes no file arguments");
  const auto db = args.Value("db");
  if (!db) return Usage("--db is required");
  auto policy = booking::ParseRetention(args.Value("retention").value_or(""));
  if (!policy) return Usage("--retention: " + policy.error().detail);
  std::string wrong_clock;
  const std::optional<WallClock> clock = WallClockFrom(args, wrong_clock);
  if (!clock) return Usage(wrong_clock);
  if (!storage::IsPostgresUri(*db) && !std::filesystem::exists(*db)) {
    fmt::print(stderr, "sportello purge: {} does not exist\n", storage::Printable(*db));
    return 1;
  }

  std::unique_ptr<storage::Store> store;
  try {
    store = storage::OpenStore(*db);
  } catch (const std::exception& error) {
    fmt::print(stderr, "sportello purge: cannot open {}: {}\n", storage::Printable(*db), error.what());
    return 1;
  }
  const bool dry_run = args.Flag("dry-run");
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

}  // namespace sportello::tools
