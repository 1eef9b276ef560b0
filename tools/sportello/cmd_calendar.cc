// `sportello calendar check | slots | load`: validate a desk calendar file, preview the slots it
// generates in the shape of the availability answer, or load it into a database on purpose.
#include "booking/desks.h"
#include "engine/availability.h"
#include "engine/availability_json.h"
#include "tools/sportello/calendar_files.h"
#include "tools/sportello/commands.h"
#include "storage/open_store.h"

#include <CLI/CLI.hpp>
#include <boost/json.hpp>
#include <fmt/core.h>

#include <chrono>

namespace sportello::tools {

namespace {

constexpr const char* kOverview =
    "  sportello calendar check FILE [--types TYPES]\n"
    "  sportello calendar slots FILE --type T --from D --to D [--now INSTANT] [--staff] [--types TYPES]\n"
    "  sportello calendar load --db DB FILE [--force] [--types TYPES]\n"
    "TYPES is the national appointment-type catalogue; by default types.json beside FILE.\n"
    "`sportello calendar COMMAND --help` explains each.";

constexpr const char* kCheckDetails = "Exit status 0 when the file is valid, 1 when not.";

constexpr const char* kSlotsDetails =
    "Prints, as JSON in the shape of the availability answer, the slots FILE generates for type T on dates\n"
    "D..D (YYYY-MM-DD, both included, at most 62 days), with free = capacity as if nothing were booked.\n"
    "--now fixes the clock for the booking window (RFC 3339, default: now); --staff shows the staff view\n"
    "(staff seats included, no booking window, never the past).";

constexpr const char* kLoadDetails =
    "Replaces the stored calendar of FILE's desk with FILE, flags included (staff edits are overwritten;\n"
    "the desk is created if missing). Refused when booked appointments would no longer fall on a slot,\n"
    "listing them, unless --force (they stay booked: tell the people).";

// The options of the calendar commands; each command uses its own.
struct CalendarOptions {
  std::string file;
  std::optional<std::string> types;
  std::string type;
  std::string from;
  std::string to;
  std::optional<std::string> now;
  bool staff = false;
  std::string db;
  bool force = false;
};

std::optional<engine::DeskCalendar> LoadWithCatalogue(const CalendarOptions& options) {
  const std::string& file = options.file;
  const std::string types = options.types.value_or(CatalogueBeside(file));
  std::optional<engine::Catalogue> catalogue = LoadCatalogue(types);
  if (!catalogue) return std::nullopt;
  return LoadCalendar(file, *catalogue);
}

int Check(const CalendarOptions& options) {
  std::optional<engine::DeskCalendar> calendar = LoadWithCatalogue(options);
  if (!calendar) return 1;
  fmt::print("{}: ok (desk {}, {} appointment types)\n", options.file, calendar->desk, calendar->types.size());
  return 0;
}

int Slots(const CalendarOptions& options, const CLI::App& command) {
  const std::string& type = options.type;
  const auto from = engine::ParseDate(options.from);
  const auto to = engine::ParseDate(options.to);
  if (!from || !to) return UsageError(command, "--from and --to are dates, as YYYY-MM-DD");
  engine::Instant now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  if (options.now) {
    auto parsed = engine::ParseInstant(*options.now);
    if (!parsed) return UsageError(command, "--now must be an RFC 3339 instant, e.g. 2026-12-01T08:00:00+01:00");
    now = *parsed;
  }
  std::optional<engine::DeskCalendar> calendar = LoadWithCatalogue(options);
  if (!calendar) return 1;
  const engine::View view = options.staff ? engine::View::staff : engine::View::applicant;
  auto days = engine::Availability(*calendar, type, *from, *to, now, view, engine::SeatLedger{});
  if (!days) {
    if (days.error() == engine::Error::not_found) {
      fmt::print(stderr, "sportello calendar: desk {} does not offer type {}\n", calendar->desk, type);
    } else {
      fmt::print(stderr, "sportello calendar: --to must not precede --from, and the range is at most {} days\n",
                 engine::kMaxRangeDays);
    }
    return 1;
  }
  fmt::print("{}\n", engine::AvailabilityJson(*calendar, type, *days));
  return 0;
}

int Load(const CalendarOptions& options) {
  const std::string& db = options.db;
  std::optional<engine::DeskCalendar> calendar = LoadWithCatalogue(options);
  if (!calendar) return 1;
  std::unique_ptr<storage::Store> store;
  try {
    store = storage::OpenStore(db);
  } catch (const std::exception& error) {
    fmt::print(stderr, "sportello calendar: {}\n", error.what());
    return 1;
  }
  const engine::Instant now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  auto change =
      booking::ReplaceCalendar(*store, *calendar, options.force, /*apply_flags=*/true, storage::Actor::Cli(), now);
  if (!change) {
    fmt::print(stderr, "sportello calendar: the calendar was refused: {}\n", change.error().ToString());
    return 1;
  }
  for (const storage::BookingRecord& booking : change->stranded) {
    fmt::print(stderr, "{} {} {} {}\n", change->applied ? "kept, no longer a slot:" : "would be stranded:", booking.code,
               booking.type, engine::FormatInstant(booking.start, *calendar->zone));
  }
  if (!change->applied) {
    fmt::print(stderr, "sportello calendar: not loaded: {} booked appointments would no longer fall on a slot "
                       "(use --force to load anyway)\n", change->stranded.size());
    return 1;
  }
  fmt::print("{}: loaded into {} (desk {})\n", options.file, storage::Printable(db), calendar->desk);
  return 0;
}

}  // namespace

void AddCalendar(CLI::App& sportello, Action& chosen) {
  CLI::App& calendar =
      AddCommand(sportello, "calendar", "check, preview (slots) or load a desk calendar file", kOverview);
  auto options = std::make_shared<CalendarOptions>();
  const auto add_file_and_types = [&options](CLI::App& command) {
    command.add_option("FILE", options->file, "the desk calendar file")->required()->type_name("");
    command.add_option("--types", options->types, "the national catalogue of types (default: types.json beside FILE)")
        ->type_name("TYPES");
  };

  CLI::App& check = AddCommand(calendar, "check", "validate a desk calendar file, naming every error by its field path",
                               kCheckDetails);
  add_file_and_types(check);
  OnChosen(check, chosen, [options] { return Check(*options); });

  CLI::App& slots = AddCommand(calendar, "slots", "print the slots a calendar file generates, as JSON", kSlotsDetails);
  add_file_and_types(slots);
  slots.add_option("--type", options->type, "the appointment type")->required()->type_name("T");
  slots.add_option("--from", options->from, "the first date, YYYY-MM-DD")->required()->type_name("D");
  slots.add_option("--to", options->to, "the last date, YYYY-MM-DD")->required()->type_name("D");
  slots.add_option("--now", options->now, "the clock for the booking window (RFC 3339; default: now)")
      ->type_name("INSTANT");
  slots.add_flag("--staff", options->staff, "the staff view");
  OnChosen(slots, chosen, [options, &slots] { return Slots(*options, slots); });

  CLI::App& load =
      AddCommand(calendar, "load", "replace a desk's stored calendar with a file, on purpose", kLoadDetails);
  add_file_and_types(load);
  AddDatabase(load, options->db);
  load.add_flag("--force", options->force, "load even when booked appointments would no longer fall on a slot");
  OnChosen(load, chosen, [options] { return Load(*options); });
}

}  // namespace sportello::tools
