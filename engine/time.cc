#include "engine/time.h"

#include <iterator>

#include <fmt/core.h>

#include <charconv>
#include <stdexcept>

namespace sportello::engine {

namespace {

// Parses exactly `width` decimal digits at `text[pos]`.
std::optional<int> Digits(std::string_view text, std::size_t pos, std::size_t width) {
  if (pos + width > text.size()) return std::nullopt;
  int value = 0;
  for (std::size_t i = pos; i < pos + width; ++i) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

}  // namespace

std::optional<Date> ParseDate(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  auto y = Digits(text, 0, 4);
  auto m = Digits(text, 5, 2);
  auto d = Digits(text, 8, 2);
  if (!y || !m || !d) return std::nullopt;
  Date date{date::year{*y}, date::month{static_cast<unsigned>(*m)}, date::day{static_cast<unsigned>(*d)}};
  if (!date.ok()) return std::nullopt;
  return date;
}

std::string FormatDate(Date date) {
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(date.year()), static_cast<unsigned>(date.month()),
                     static_cast<unsigned>(date.day()));
}

std::optional<std::chrono::minutes> ParseClockTime(std::string_view text) {
  if (text.size() != 5 || text[2] != ':') return std::nullopt;
  auto h = Digits(text, 0, 2);
  auto m = Digits(text, 3, 2);
  if (!h || !m || *h > 23 || *m > 59) return std::nullopt;
  return std::chrono::hours{*h} + std::chrono::minutes{*m};
}

std::string FormatClockTime(std::chrono::minutes since_midnight) {
  const auto count = since_midnight.count();
  return fmt::format("{:02}:{:02}", count / 60, count % 60);
}

std::optional<Instant> ParseInstant(std::string_view text) {
  // YYYY-MM-DDTHH:MM:SS then Z or ±HH:MM
  if (text.size() < 20) return std::nullopt;
  auto day = ParseDate(text.substr(0, 10));
  if (!day || (text[10] != 'T' && text[10] != 't') || text[13] != ':' || text[16] != ':') return std::nullopt;
  auto h = Digits(text, 11, 2);
  auto m = Digits(text, 14, 2);
  auto s = Digits(text, 17, 2);
  if (!h || !m || !s || *h > 23 || *m > 59 || *s > 59) return std::nullopt;
  std::chrono::seconds offset{0};
  const std::string_view zone = text.substr(19);
  if (zone == "Z" || zone == "z") {
    offset = std::chrono::seconds{0};
  } else if (zone.size() == 6 && (zone[0] == '+' || zone[0] == '-') && zone[3] == ':') {
    auto oh = Digits(zone, 1, 2);
    auto om = Digits(zone, 4, 2);
    if (!oh || !om || *oh > 23 || *om > 59) return std::nullopt;
    offset = std::chrono::hours{*oh} + std::chrono::minutes{*om};
    if (zone[0] == '-') offset = -offset;
  } else {
    return std::nullopt;
  }
  const date::sys_days days{*day};
  return Instant{days} + std::chrono::hours{*h} + std::chrono::minutes{*m} + std::chrono::seconds{*s} - offset;
}

namespace {

// Writes `value` (below 10^width) as `width` decimal digits at `out`.
void PutDigits(char* out, long long value, int width) {
  for (int i = width - 1; i >= 0; --i, value /= 10) out[i] = static_cast<char>('0' + value % 10);
}

// Appends `YYYY-MM-DDTHH:MM:SS` of a wall-clock time, digit by digit (date::format goes through
// iostreams and locales, and fmt's parsing of the pattern was most of an availability answer's
// cost: it formats hundreds of instants).
void AppendWallClock(std::string& out, date::local_seconds local) {
  const auto day = date::floor<date::days>(local);
  const date::year_month_day ymd{day};
  const date::hh_mm_ss<std::chrono::seconds> time{local - day};
  const int year = static_cast<int>(ymd.year());
  if (year < 0 || year > 9999) {  // never in a calendar; written as fmt would
    fmt::format_to(std::back_inserter(out), "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}", year,
                   static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()), time.hours().count(),
                   time.minutes().count(), time.seconds().count());
    return;
  }
  char text[] = "YYYY-MM-DDTHH:MM:SS";
  PutDigits(text, year, 4);
  PutDigits(text + 5, static_cast<unsigned>(ymd.month()), 2);
  PutDigits(text + 8, static_cast<unsigned>(ymd.day()), 2);
  PutDigits(text + 11, time.hours().count(), 2);
  PutDigits(text + 14, time.minutes().count(), 2);
  PutDigits(text + 17, time.seconds().count(), 2);
  out.append(text, sizeof text - 1);
}

}  // namespace

void AppendInstant(std::string& out, Instant instant, const date::time_zone& zone) {
  const date::sys_info info = zone.get_info(instant);
  AppendWallClock(out, date::local_seconds{instant.time_since_epoch() + info.offset});
  const auto offset_minutes = std::chrono::duration_cast<std::chrono::minutes>(info.offset).count();
  const auto magnitude = offset_minutes < 0 ? -offset_minutes : offset_minutes;
  char text[] = "+HH:MM";  // UTC offsets stay within ±14 hours
  text[0] = offset_minutes < 0 ? '-' : '+';
  PutDigits(text + 1, magnitude / 60, 2);
  PutDigits(text + 4, magnitude % 60, 2);
  out.append(text, sizeof text - 1);
}

std::string FormatInstant(Instant instant, const date::time_zone& zone) {
  std::string out;
  AppendInstant(out, instant, zone);
  return out;
}

std::string FormatUtc(Instant instant) {
  std::string out;
  AppendWallClock(out, date::local_seconds{instant.time_since_epoch()});
  out += 'Z';
  return out;
}

const date::time_zone* FindTimeZone(std::string_view name) {
  try {
    return date::locate_zone(name);
  } catch (const std::runtime_error&) {
    return nullptr;
  }
}

Date LocalDate(Instant instant, const date::time_zone& zone) {
  const date::local_seconds local = zone.to_local(instant);
  return Date{date::floor<date::days>(local)};
}

std::optional<Instant> ToInstant(date::local_seconds local, const date::time_zone& zone) {
  const date::local_info info = zone.get_info(local);
  switch (info.result) {
    case date::local_info::unique:
      return Instant{local.time_since_epoch() - info.first.offset};
    case date::local_info::ambiguous:
      return Instant{local.time_since_epoch() - info.first.offset};
    case date::local_info::nonexistent:
      return std::nullopt;
  }
  return std::nullopt;
}

Instant StartOfLocalDay(Date day, const date::time_zone& zone) {
  const date::local_seconds midnight{date::local_days{date::sys_days{day}.time_since_epoch()}};
  for (std::chrono::minutes later{0}; later <= std::chrono::hours{2}; later += std::chrono::minutes{1}) {
    if (auto instant = ToInstant(midnight + later, zone)) return *instant;
  }
  return Instant{midnight.time_since_epoch()};
}

}  // namespace sportello::engine
