// Fair release (SPEC.md, "Fair release"): a type whose calendar has a `release` rule opens its
// seats one calendar month at a time, at an announced instant, instead of day by day with the
// rolling horizon (which still applies). With draw_minutes > 0 the first minutes after an opening
// are the draw window: the month's seats are requested then, not booked, and drawn when it closes
// (booking/draw.h). Thread-safe: plain values, pure functions.
#pragma once

#include "engine/calendar.h"
#include "engine/time.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sportello::engine {

// One opening: the seats of calendar month `month` become bookable (or requestable, with a draw)
// at `opens_at`; the draw window is [opens_at, draw_closes_at), empty without a draw.
struct Release {
  date::year_month month;
  Instant opens_at;
  Instant draw_closes_at;
  bool has_draw() const { return draw_closes_at > opens_at; }
  friend bool operator==(const Release&, const Release&) = default;
};

// The opening of `month` under `rule` in `zone`. A local time that a daylight-saving change skips
// opens at the first minute after the gap.
Release ReleaseOf(const ReleaseRule& rule, date::year_month month, const date::time_zone& zone);

// The calendar month of a local date.
inline date::year_month MonthOf(Date day) { return day.year() / day.month(); }

// "lavoro-documenti.2027-01": the release's id in the API. ParseReleaseId gives back the type and
// month; nullopt for anything else.
std::string ReleaseId(std::string_view type, date::year_month month);
struct ReleaseKey {
  std::string type;
  date::year_month month;
};
std::optional<ReleaseKey> ParseReleaseId(std::string_view id);
std::string FormatMonth(date::year_month month);  // "2027-01"
std::optional<date::year_month> ParseMonth(std::string_view text);

// True when `type` releases its months with a draw window.
inline bool HasDraw(const TypeCalendar& type) { return type.release && type.release->draw_minutes > 0; }

// True when the seats of local date `day` have been released at `now` (always, without a rule).
bool Released(const TypeCalendar& type, Date day, Instant now, const date::time_zone& zone);

// True when `now` is inside the draw window of the month of `day`.
bool InDrawWindow(const TypeCalendar& type, Date day, Instant now, const date::time_zone& zone);

// The releases applicants are shown at `now`, oldest first: those opened in the last two months and
// the next one still to come. Empty without a rule.
std::vector<Release> ReleasesAround(const TypeCalendar& type, Instant now, const date::time_zone& zone);

}  // namespace sportello::engine
