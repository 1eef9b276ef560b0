#include "engine/stats.h"

#include "engine/slots.h"

#include <algorithm>
#include <map>
#include <utility>

namespace sportello::engine {

namespace {

double Minutes(std::chrono::seconds duration) { return static_cast<double>(duration.count()) / 60.0; }

}  // namespace

std::optional<double> DayStats::RatingMean() const {
  int count = 0;
  int sum = 0;
  for (std::size_t value = 0; value < ratings.size(); ++value) {
    count += ratings[value];
    sum += ratings[value] * static_cast<int>(value + 1);
  }
  if (count == 0) return std::nullopt;
  return static_cast<double>(sum) / count;
}

std::optional<double> Percentile(std::vector<double> values, int percent) {
  if (values.empty()) return std::nullopt;
  std::sort(values.begin(), values.end());
  // Nearest rank: the smallest value with at least `percent`% of the values at or below it.
  const std::size_t rank = (static_cast<std::size_t>(percent) * values.size() + 99) / 100;
  return values[std::clamp<std::size_t>(rank, 1, values.size()) - 1];
}

Result<std::vector<DayStats>> ComputeStats(const DeskCalendar& calendar, std::span<const BookingFact> bookings,
                                           Date from, Date to, std::span<const VisitFact> visits) {
  const auto span = date::sys_days{to} - date::sys_days{from};
  if (span < date::days{0} || span >= date::days{kMaxStatsDays}) return Error::invalid_request;
  std::map<std::pair<std::string, date::sys_days>, DayStats> rows;
  auto row = [&rows](const std::string& type, Date day) -> DayStats& {
    DayStats& stats = rows[{type, date::sys_days{day}}];
    stats.type = type;
    stats.date = day;
    return stats;
  };
  for (const auto& [type_id, type] : calendar.types) {
    for (const Slot& slot : GenerateSlots(calendar, type, from, to)) {
      row(type_id, Date{date::floor<date::days>(slot.local_start)}).seats_offered += slot.total_seats();
    }
  }
  for (const BookingFact& booking : bookings) {
    const Date day = LocalDate(booking.start, *calendar.zone);
    if (day < from || day > to) continue;
    DayStats& stats = row(booking.type, day);
    ++stats.bookings;
    stats.cancellations += booking.status == BookingStatus::cancelled ? 1 : 0;
    stats.attended += booking.status == BookingStatus::attended ? 1 : 0;
    stats.no_shows += booking.status == BookingStatus::no_show ? 1 : 0;
    stats.seats_used += booking.status == BookingStatus::cancelled ? 0 : 1;
    stats.lead_days_total += std::chrono::duration<double, std::ratio<86400>>(booking.start - booking.created_at).count();
  }
  for (const VisitFact& visit : visits) {
    const Date day = LocalDate(visit.start, *calendar.zone);
    if (day < from || day > to) continue;
    DayStats& stats = row(visit.type, day);
    if (visit.waited) stats.waited_minutes.push_back(Minutes(*visit.waited));
    if (visit.served) stats.served_minutes.push_back(Minutes(*visit.served));
    if (visit.rating && *visit.rating >= 1 && *visit.rating <= 5) ++stats.ratings[static_cast<std::size_t>(*visit.rating - 1)];
  }
  std::vector<DayStats> result;
  result.reserve(rows.size());
  for (auto& [key, stats] : rows) result.push_back(std::move(stats));
  return result;
}

}  // namespace sportello::engine
