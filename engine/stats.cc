#include "engine/stats.h"

#include "engine/slots.h"

#include <map>
#include <utility>

namespace sportello::engine {

Result<std::vector<DayStats>> ComputeStats(const DeskCalendar& calendar, std::span<const BookingFact> bookings,
                                           Date from, Date to) {
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
  std::vector<DayStats> result;
  result.reserve(rows.size());
  for (auto& [key, stats] : rows) result.push_back(std::move(stats));
  return result;
}

}  // namespace sportello::engine
