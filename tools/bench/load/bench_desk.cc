#include "tools/bench/load/bench_desk.h"

#include "engine/slots.h"

#include <chrono>
#include <fstream>
#include <sstream>

namespace sportello::bench {

std::optional<BenchDesk> LoadBenchDesk(const std::filesystem::path& file, std::string_view type, std::string& problem) {
  std::ifstream stream(file);
  if (!stream) {
    problem = "cannot read " + file.string();
    return std::nullopt;
  }
  std::ostringstream text;
  text << stream.rdbuf();
  engine::Parsed<engine::DeskCalendar> parsed = engine::ParseCalendar(text.str(), nullptr);
  if (!parsed.ok()) {
    problem = file.string() + ": " + parsed.errors.front().ToString();
    return std::nullopt;
  }
  if (parsed.value->FindType(type) == nullptr) {
    problem = file.string() + ": the desk does not offer " + std::string(type);
    return std::nullopt;
  }
  return BenchDesk{std::move(*parsed.value), std::string(type)};
}

engine::Date DeskToday(const BenchDesk& desk) {
  const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  return engine::LocalDate(now, *desk.calendar.zone);
}

std::map<std::int64_t, int> SlotCapacities(const BenchDesk& desk, engine::Date from, engine::Date to) {
  std::map<std::int64_t, int> capacities;
  for (const engine::Slot& slot : engine::GenerateSlots(desk.calendar, *desk.calendar.FindType(desk.type), from, to)) {
    capacities[slot.start.time_since_epoch().count()] = slot.capacity;
  }
  return capacities;
}

std::optional<std::int64_t> UnixSeconds(std::string_view rfc3339) {
  const std::optional<engine::Instant> instant = engine::ParseInstant(rfc3339);
  if (!instant) return std::nullopt;
  return instant->time_since_epoch().count();
}

}  // namespace sportello::bench
