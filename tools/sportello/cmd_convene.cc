// `sportello convene-due --db DB [--dry-run] [--now INSTANT]`: convenes now the applications due
// for an automatic convocation (booking/convocation.h), as `sportello serve` does every hour, and
// prints each one.
#include "booking/convocation.h"
#include "storage/open_store.h"
#include "tools/sportello/commands.h"
#include "tools/sportello/wall_clock.h"

#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include <filesystem>

namespace sportello::tools {
namespace {

constexpr const char* kDetails =
    "Convenes every application that may book a type whose calendar sets auto_convene_after_days and has\n"
    "had no booking of it for that many days: each gets the earliest seat inside the booking window (online\n"
    "when one is free, else a staff seat) and an e-mail with its manage link. Prints one line per\n"
    "application; with --dry-run it changes nothing and prints the seat each would get. `sportello serve`\n"
    "does the same every hour.";

struct ConveneOptions {
  std::string db;
  bool dry_run = false;
  ClockOptions clock;
};

int RunConveneDue(const ConveneOptions& options, const CLI::App& command) {
  const std::string& db = options.db;
  std::string wrong_clock;
  const std::optional<WallClock> clock = WallClockFrom(options.clock, wrong_clock);
  if (!clock) return UsageError(command, wrong_clock);
  if (!storage::IsPostgresUri(db) && !std::filesystem::exists(db)) {
    fmt::print(stderr, "sportello convene-due: {} does not exist\n", storage::Printable(db));
    return 1;
  }
  std::unique_ptr<storage::Store> store;
  try {
    store = storage::OpenStore(db);
  } catch (const std::exception& error) {
    fmt::print(stderr, "sportello convene-due: cannot open {}: {}\n", storage::Printable(db), error.what());
    return 1;
  }
  const bool dry_run = options.dry_run;
  auto convened = booking::ConveneDue(*store, clock->Now(), dry_run);
  if (!convened) {
    fmt::print(stderr, "sportello convene-due: stopped by a database error: {}; run it again\n",
               convened.error().ToString());
    return 1;
  }
  if (dry_run) fmt::print("dry run: nothing was changed; what convene-due now would do:\n");
  for (const booking::Convocation& convocation : *convened) {
    auto desk = store->SharedDesk(convocation.desk);
    if (!convocation.booking || !desk) {
      fmt::print("{}  {}  {}  no free seat inside the booking window\n", convocation.application_id,
                 convocation.desk, convocation.type);
      continue;
    }
    fmt::print("{}  {}  {}  {}  {} seat{}\n", convocation.application_id, convocation.desk, convocation.type,
               engine::FormatInstant(convocation.booking->start, *(*desk)->zone),
               engine::ChannelName(convocation.booking->channel),
               dry_run ? "" : "  " + convocation.booking->code);
  }
  if (convened->empty()) fmt::print("no application is due\n");
  return 0;
}

}  // namespace

void AddConveneDue(CLI::App& sportello, Action& chosen) {
  CLI::App& convene = AddCommand(sportello, "convene-due",
                                 "convene the applications that never booked, as serve does every hour", kDetails);
  auto options = std::make_shared<ConveneOptions>();
  AddDatabase(convene, options->db);
  convene.add_flag("--dry-run", options->dry_run, "change nothing; print the seat each application would get");
  AddClockOptions(convene, options->clock);
  OnChosen(convene, chosen, [options, &convene] { return RunConveneDue(*options, convene); });
}

}  // namespace sportello::tools
