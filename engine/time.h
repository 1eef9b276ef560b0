// Dates, wall-clock times and instants as Sportello writes them on the wire.
//
// `Instant` is a UTC time point with second precision. Dates are `YYYY-MM-DD` in a desk's time
// zone; instants are RFC 3339 with the desk's UTC offset (`2026-12-01T09:20:00+01:00`). Time-zone
// arithmetic is left to Howard Hinnant's date library; nothing here hand-rolls DST rules.
// Thread-safe: pure functions (the tz database is loaded once, lazily, by the date library).
#pragma once

#include <date/date.h>
#include <date/tz.h>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace sportello::engine {

using Instant = date::sys_seconds;
using Date = date::year_month_day;

// Strict `YYYY-MM-DD` with a real calendar date; nullopt otherwise.
std::optional<Date> ParseDate(std::string_view text);
std::string FormatDate(Date date);

// Strict `HH:MM` (00:00 to 23:59) as minutes after midnight; nullopt otherwise.
std::optional<std::chrono::minutes> ParseClockTime(std::string_view text);
std::string FormatClockTime(std::chrono::minutes since_midnight);

// RFC 3339 `YYYY-MM-DDTHH:MM:SS` followed by `Z` or `+HH:MM`/`-HH:MM` (no fraction); nullopt otherwise.
std::optional<Instant> ParseInstant(std::string_view text);
// `instant` as RFC 3339 in `zone`, with the UTC offset in force there at that instant.
std::string FormatInstant(Instant instant, const date::time_zone& zone);
// The same, appended to `out`.
void AppendInstant(std::string& out, Instant instant, const date::time_zone& zone);
// `instant` as RFC 3339 in UTC: `YYYY-MM-DDTHH:MM:SSZ`.
std::string FormatUtc(Instant instant);

// The time zone named `name` in the system tz database, or nullptr if there is none.
const date::time_zone* FindTimeZone(std::string_view name);

// The local calendar date of `instant` in `zone`.
Date LocalDate(Instant instant, const date::time_zone& zone);

// The first instant of local date `day` in `zone` (local midnight, or the first existing minute
// after it where a DST change skips midnight).
Instant StartOfLocalDay(Date day, const date::time_zone& zone);

// The instant of local wall time `local` in `zone`: nullopt when that wall time does not exist
// (spring-forward gap); the first occurrence when it is ambiguous (fall-back hour).
std::optional<Instant> ToInstant(date::local_seconds local, const date::time_zone& zone);

}  // namespace sportello::engine
