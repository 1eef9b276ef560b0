#include "engine/reconfirmation.h"

#include <algorithm>

namespace sportello::engine {

Instant ReconfirmWindow::RemindAt() const {
  constexpr std::chrono::hours kBeforeClose{48};
  return std::max(from + (until - from) / 2, until - kBeforeClose);
}

std::optional<ReconfirmWindow> ReconfirmWindowOf(const TypeCalendar& type, Instant start, const date::time_zone& zone) {
  if (!type.reconfirm) return std::nullopt;
  const date::sys_days day{LocalDate(start, zone)};
  return ReconfirmWindow{
      .from = StartOfLocalDay(Date{day - date::days{type.reconfirm->from_days}}, zone),
      .until = StartOfLocalDay(Date{day - date::days{type.reconfirm->until_days - 1}}, zone),
  };
}

bool AsksReconfirmation(const TypeCalendar& type, bool created_by_applicant) {
  return type.reconfirm.has_value() && (created_by_applicant || type.reconfirm_staff);
}

ReconfirmStep DueReconfirmStep(const ReconfirmWindow& window, ReconfirmProgress progress, Instant now) {
  // Never released without having been asked (e.g. the type began to ask after the window opened).
  if (now >= window.until) return progress.asked ? ReconfirmStep::release : ReconfirmStep::none;
  if (now < window.from) return ReconfirmStep::none;
  if (!progress.asked) return ReconfirmStep::ask;
  if (!progress.reminded && now >= window.RemindAt()) return ReconfirmStep::remind;
  return ReconfirmStep::none;
}

}  // namespace sportello::engine
