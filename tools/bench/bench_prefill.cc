// bench_prefill: fills a Sportello database with many bookings fast, as if the desk had been
// running for years, so availability and memory can be measured with 10,000 or 1,000,000
// bookings stored. Rows go in with plain INSERTs (so any trigger the schema has still fires) in
// transactions of 100,000 rows; each booking gets its own application (one active booking per
// application and type).
//
//   build/release/tools/bench/bench_prefill --db DB --calendar FILE --type T --bookings N
//       [--history-days 730]
//
// The database must exist with the desk of FILE (e.g. `sportello calendar load --db DB FILE`).
// Bookings are spread evenly over every slot of the type from --history-days ago to the end of
// the booking horizon: past ones attended (80%), no-show (10%) or cancelled (10%); coming ones
// booked (90%) or cancelled (10%). Refuses when the booked ones would not fit the capacity.
#include "engine/slots.h"
#include "tools/bench/fixtures/prefill_rows.h"
#include "tools/bench/load/bench_desk.h"

#include <fmt/core.h>

#include <chrono>
#include <cstdlib>
#include <string>

namespace {

using namespace sportello;
using namespace sportello::bench;

struct PrefillOptions {
  std::string db;
  std::string calendar;
  std::string type;
  std::uint64_t bookings = 0;
  int history_days = 730;
};

bool Parse(int argc, char** argv, PrefillOptions& options) {
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    const std::string value = argv[i + 1];
    if (flag == "--db") options.db = value;
    else if (flag == "--calendar") options.calendar = value;
    else if (flag == "--type") options.type = value;
    else if (flag == "--bookings") options.bookings = std::strtoull(value.c_str(), nullptr, 10);
    else if (flag == "--history-days") options.history_days = std::atoi(value.c_str());
    else return false;
  }
  return argc % 2 == 1 && !options.db.empty() && !options.calendar.empty() && !options.type.empty() &&
         options.bookings > 0 && options.history_days >= 0;
}

}  // namespace

int main(int argc, char** argv) {
  PrefillOptions options;
  if (!Parse(argc, argv, options)) {
    fmt::print(stderr, "usage: bench_prefill --db DB --calendar FILE --type T --bookings N [--history-days 730]\n");
    return 2;
  }
  std::string problem;
  const auto desk = LoadBenchDesk(options.calendar, options.type, problem);
  if (!desk) {
    fmt::print(stderr, "bench_prefill: {}\n", problem);
    return 2;
  }
  const engine::TypeCalendar& type = *desk->calendar.FindType(options.type);
  const engine::Date today = DeskToday(*desk);
  const engine::Date first{date::sys_days{today} - date::days{options.history_days}};
  const engine::Date last{date::sys_days{today} + date::days{type.horizon_days - 1}};
  const std::vector<engine::Slot> slots = engine::GenerateSlots(desk->calendar, type, first, last);
  const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  const auto started = std::chrono::steady_clock::now();
  try {
    PrefillWriter writer(options.db, desk->calendar, options.type);
    const PrefillCounts counts = writer.Write(slots, options.bookings, now);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    fmt::print("prefill_bookings {}\nprefill_booked {}\nprefill_slots {}\nprefill_seconds {:.3f}\n", counts.bookings,
               counts.booked, slots.size(), seconds);
  } catch (const std::exception& error) {
    fmt::print(stderr, "bench_prefill: {}\n", error.what());
    return 1;
  }
  return 0;
}
