// `sportello calendar check | slots | load`: validate a desk calendar file, preview the slots it
// generates in the shape of the availability answer, or load it into a database on purpose.
#include "booking/desks.h"
#include "engine/availability.h"
#include "engine/availability_json.h"
#include "tools/sportello/args.h"
#include "tools/sportello/calendar_files.h"
#include "tools/sportello/commands.h"
#include "storage/open_store.h"

#include <boost/json.hpp>
#include <fmt/core.h>

#include <chrono>

namespace sportello::tools {

namespace {

constexpr std::string_view kUsage = R"(usage:
  sportello calendar check FILE [--types TYPES]
      Validates a desk calendar file and names every error by its field path.
      Exit status 0 when valid, 1 when not.
  sportello calendar slots FILE --type T --from D --to D [--now INSTANT] [--staff] [--types TYPES]
      Prints, as JSON in the shape of the availability answer, the slots FILE generates for type T
      on dates D..D (YYYY-MM-DD, both included, at most 62 days), with free = capacity as if nothing
      were booked. --now fixes the clock for the booking window (RFC 3339, default: now);
      --staff shows the staff view (staff seats included, no booking window, never the past).
  sportello calendar load --db DB FILE [--force] [--types TYPES]
      Replaces the stored calendar of FILE's desk with FILE, flags included (staff edits are
      overwritten; the desk is created if missing). Refused when booked appointments would no
      longer fall on a slot, listing them, unless --force (they stay booked: tell the people).

TYPES is the national appointment-type catalogue; by default types.json beside FILE.
)";

int Usage(const std::string& error) {
  if (!error.empty()) fmt::print(stderr, "sportello calendar: {}\n\n", error);
  fmt::print(error.empty() ? stdout : stderr, "{}", kUsage);
  return error.empty() ? 0 : 2;
}

std::optional<engine::DeskCalendar> LoadWithCatalogue(const Args& args, const std::string& file) {
  const std::string types = args.Value("types").value_or(CatalogueBeside(file));
  std::optional<engine::Catalogue> catalogue = LoadCatalogue(types);
  if (!catalogue) return std::nullopt;
  return LoadCalendar(file, *catalogue);
}

int Check(const Args& args) {
  if (args.positional().size() != 2) return Usage("calendar check takes one FILE");
  const std::string& file = args.positional()[1];
  std::optional<engine::DeskCalendar> calendar = LoadWithCatalogue(args, file);
  if (!calendar) return 1;
  fmt::print("{}: ok (desk {}, {} appointment types)\n", file, calendar->desk, calendar->types.size());
  return 0;
}

int Slots(const Args& args) {
  if (args.positional().size() != 2) return Usage("calendar slots takes one FILE");
  const auto type = args.Value("type");
  const auto from = engine::ParseDate(args.Value("from").value_or(""));
  const auto to = engine::ParseDate(args.Value("to").value_or(""));
  if (!type) return Usage("--type is required");
  if (!from || !to) return Usage("--from and --to are required, as YYYY-MM-DD");
  engine::Instant now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  if (auto text = args.Value("now")) {
    auto parsed = engine::ParseInstant(*text);
    if (!parsed) return Usage("--now must be an RFC 3339 instant, e.g. 2026-12-01T08:00:00+01:00");
    now = *parsed;
  }
  std::optional<engine::DeskCalendar> calendar = LoadWithCatalogue(args, args.positional()[1]);
  if (!calendar) return 1;
  const engine::View view = args.Flag("staff") ? engine::View::staff : engine::View::applicant;
  auto days = engine::Availability(*calendar, *type, *from, *to, now, view, engine::SeatLedger{});
  if (!days) {
    if (days.error() == engine::Error::not_found) {
      fmt::print(stderr, "sportello calendar: desk {} does not offer type {}\n", calendar->desk, *type);
    } else {
      fmt::print(stderr, "sportello calendar: --to must not precede --from, and the range is at most {} days\n",
                 engine::kMaxRangeDays);
    }
    return 1;
  }
  fmt::print("{}\n", engine::AvailabilityJson(*calendar, *type, *days));
  return 0;
}

int Load(const Args& args) {
  if (args.positional().size() != 2) return Usage("calendar load takes one FILE");
  const auto db = args.Value("db");
  if (!db) return Usage("--db is required");
  std::optional<engine::DeskCalendar> calendar = LoadWithCatalogue(args, args.positional()[1]);
  if (!calendar) return 1;
  std::unique_ptr<storage::Store> store;
  try {
    store = storage::OpenStore(*db);
  } catch (const std::exception& error) {
    fmt::print(stderr, "sportello calendar: {}\n", error.what());
    return 1;
  }
  const engine::Instant now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  auto change =
      booking::ReplaceCalendar(*store, *calendar, args.Flag("force"), /*apply_flags=*/true, storage::Actor::Cli(), now);
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
  fmt::print("{}: loaded into {} (desk {})\n", args.positional()[1], storage::Printable(*db), calendar->desk);
  return 0;
}

}  // namespace

int RunCalendar(const Words& words) {
  const Args args(words, {"types", "type", "from", "to", "now", "db"}, {"staff", "force"});
  if (args.help()) return Usage("");
  if (!args.error().empty()) return Usage(args.error());
  if (args.positional().empty()) return Usage("which calendar command? check, slots or load");
  const std::string& command = args.positional()[0];
  if (command == "check") return Check(args);
  if (command == "slots") return Slots(args);
  if (command == "load") return Load(args);
  return Usage("unknown calendar command '" + command + "'");
}

}  // namespace sportello::tools
