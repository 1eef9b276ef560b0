#include "engine/release.h"

#include <charconv>

namespace sportello::engine {

Release ReleaseOf(const ReleaseRule& rule, date::year_month month, const date::time_zone& zone) {
  const date::year_month opening_month = month - date::months{rule.months_ahead};
  const date::local_days day{opening_month / rule.day_of_month};
  const date::local_seconds wall = day + rule.at;
  Instant opens_at{};
  // A skipped wall time (spring forward) opens at the first existing minute after it.
  for (std::chrono::minutes later{0}; later <= std::chrono::hours{3}; later += std::chrono::minutes{1}) {
    if (auto instant = ToInstant(wall + later, zone)) {
      opens_at = *instant;
      break;
    }
  }
  return Release{month, opens_at, opens_at + std::chrono::minutes{rule.draw_minutes}};
}

std::string FormatMonth(date::year_month month) {
  return date::format("%Y-%m", date::year_month_day{month / 1});
}

std::string ReleaseId(std::string_view type, date::year_month month) {
  return std::string(type) + "." + FormatMonth(month);
}

std::optional<date::year_month> ParseMonth(std::string_view text) {
  if (text.size() != 7 || text[4] != '-') return std::nullopt;
  int year = 0;
  unsigned month = 0;
  const char* end = text.data() + text.size();
  if (std::from_chars(text.data(), text.data() + 4, year).ptr != text.data() + 4 ||
      std::from_chars(text.data() + 5, end, month).ptr != end || year < 2000 || year > 2999 || month < 1 ||
      month > 12) {
    return std::nullopt;
  }
  return date::year{year} / date::month{month};
}

std::optional<ReleaseKey> ParseReleaseId(std::string_view id) {
  const std::size_t dot = id.rfind('.');
  if (dot == std::string_view::npos || dot == 0) return std::nullopt;
  const std::optional<date::year_month> month = ParseMonth(id.substr(dot + 1));
  if (!month) return std::nullopt;
  return ReleaseKey{std::string(id.substr(0, dot)), *month};
}

bool Released(const TypeCalendar& type, Date day, Instant now, const date::time_zone& zone) {
  return !type.release || now >= ReleaseOf(*type.release, MonthOf(day), zone).opens_at;
}

bool InDrawWindow(const TypeCalendar& type, Date day, Instant now, const date::time_zone& zone) {
  if (!HasDraw(type)) return false;
  const Release release = ReleaseOf(*type.release, MonthOf(day), zone);
  return release.opens_at <= now && now < release.draw_closes_at;
}

std::vector<Release> ReleasesAround(const TypeCalendar& type, Instant now, const date::time_zone& zone) {
  std::vector<Release> releases;
  if (!type.release) return releases;
  // Opening months run in step with the months they open, so the month opened now is about
  // months_ahead after today's; start two before that and stop after the first still to come.
  const date::year_month today = MonthOf(LocalDate(now, zone));
  date::year_month month = today + date::months{type.release->months_ahead} - date::months{3};
  for (int i = 0; i < 8; ++i, month += date::months{1}) {
    const Release release = ReleaseOf(*type.release, month, zone);
    if (release.opens_at + date::days{62} < now) continue;
    releases.push_back(release);
    if (release.opens_at > now) break;
  }
  return releases;
}

}  // namespace sportello::engine
