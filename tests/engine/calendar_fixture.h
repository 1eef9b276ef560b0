// A small desk calendar for engine tests, written inline so tests do not depend on the shipped
// calendars/ data. Mirrors the SPEC.md example.
#pragma once

#include "engine/calendar.h"
#include "tests/support/result_printer.h"

#include <catch2/catch.hpp>

#include <string>

namespace sportello::engine::testing {

inline constexpr const char* kSpecCalendar = R"({
  "desk": "roma",
  "name": "Sportello Unico per l'Immigrazione – Prefettura di Roma",
  "province": "RM",
  "timezone": "Europe/Rome",
  "patron": "06-29",
  "flags": { "self_booking": true },
  "closures": ["2026-12-24", "2026-12-31"],
  "types": {
    "lavoro-documenti": {
      "slot_minutes": 20,
      "horizon_days": 60,
      "min_notice_hours": 24,
      "cancel_notice_hours": 24,
      "weekly": [
        { "days": ["mon", "tue", "wed", "thu"], "from": "09:00", "to": "13:00", "capacity": 4, "staff_capacity": 1 },
        { "days": ["tue", "thu"], "from": "14:30", "to": "16:30", "capacity": 2 }
      ],
      "extra": [ { "date": "2026-12-19", "from": "09:00", "to": "12:00", "capacity": 2 } ]
    }
  }
})";

// Parses `json` (no catalogue check) and fails the test if it is not valid.
inline DeskCalendar MustParse(const std::string& json) {
  Parsed<DeskCalendar> parsed = ParseCalendar(json, nullptr);
  INFO((parsed.errors.empty() ? std::string("") : parsed.errors.front().ToString()));
  REQUIRE(parsed.ok());
  return *parsed.value;
}

inline Instant At(const char* rfc3339) {
  auto instant = ParseInstant(rfc3339);
  REQUIRE(instant.has_value());
  return *instant;
}

inline Date Day(const char* text) {
  auto day = ParseDate(text);
  REQUIRE(day.has_value());
  return *day;
}

}  // namespace sportello::engine::testing
