// `sportello calendar check | slots`: validate a desk calendar file, or preview the slots it
// generates in the shape of the availability answer.
#include "engine/availability.h"
#include "engine/availability_json.h"
#include "tools/sportello/args.h"
#include "tools/sportello/calendar_files.h"
#include "tools/sportello/commands.h"

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
)"
#ifdef SPORTELLO_HAS_STORAGE
R"(  sportello calendar load --db DB FILE [--types TYPES]
      Replaces the stored calendar of FILE's desk with FILE (staff edits are overwritten).
)"
#endif
R"(
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
  fmt::print("{}\n", boost::json::serialize(engine::AvailabilityToJson(*calendar, *type, *days)));
  return 0;
}

}  // namespace

int RunCalendar(const Words& words) {
  const Args args(words, {"types", "type", "from", "to", "now", "db"}, {"staff"});
  if (args.help()) return Usage("");
  if (!args.error().empty()) return Usage(args.error());
  if (args.positional().empty()) return Usage("which calendar command? check or slots");
  const std::string& command = args.positional()[0];
  if (command == "check") return Check(args);
  if (command == "slots") return Slots(args);
  return Usage("unknown calendar command '" + command + "'");
}

}  // namespace sportello::tools
