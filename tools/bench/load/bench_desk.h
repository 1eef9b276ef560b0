// The desk a benchmark runs against, read from the same calendar file the server was given, so
// the load generator knows each slot's capacity without asking the server (verification must not
// trust the system it verifies). Thread-safe after loading: const data and pure functions.
#pragma once

#include "engine/calendar.h"
#include "engine/time.h"

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace sportello::bench {

struct BenchDesk {
  engine::DeskCalendar calendar;
  std::string type;  // the appointment type the load books and queries
};

// Reads and validates the calendar file; nullopt (and `problem`) when it cannot be read, is
// invalid, or does not offer `type`.
std::optional<BenchDesk> LoadBenchDesk(const std::filesystem::path& file, std::string_view type, std::string& problem);

// Today's date in the desk's time zone.
engine::Date DeskToday(const BenchDesk& desk);

// Online capacity of every slot of the desk's type on local dates from..to (inclusive), by start
// in unix seconds, as the calendar generates them (holidays and closures left out).
std::map<std::int64_t, int> SlotCapacities(const BenchDesk& desk, engine::Date from, engine::Date to);

// An RFC 3339 instant as unix seconds, or nullopt when it is not one.
std::optional<std::int64_t> UnixSeconds(std::string_view rfc3339);

}  // namespace sportello::bench
