#include "engine/overview.h"

#include "engine/slots.h"
#include "engine/stats.h"

#include <algorithm>
#include <map>

namespace sportello::engine {

namespace {

std::optional<double> DaysPercentile(const std::vector<int>& days, int percent) {
  return Percentile(std::vector<double>(days.begin(), days.end()), percent);
}

void Add(OverviewFigures& sum, const OverviewFigures& part) {
  sum.self_booked += part.self_booked;
  sum.convened += part.convened;
  sum.auto_convened += part.auto_convened;
  sum.attended += part.attended;
  sum.no_shows += part.no_shows;
  sum.days_to_appointment.insert(sum.days_to_appointment.end(), part.days_to_appointment.begin(),
                                 part.days_to_appointment.end());
  sum.seats_offered += part.seats_offered;
  sum.seats_used += part.seats_used;
}

void Count(OverviewFigures& figures, const AppointmentFact& appointment, const date::time_zone& zone) {
  const bool holds_seat = appointment.status == BookingStatus::booked ||
                          appointment.status == BookingStatus::attended ||
                          appointment.status == BookingStatus::no_show;
  if (!holds_seat) return;
  ++figures.seats_used;
  if (appointment.made_by == MadeBy::applicant) {
    ++figures.self_booked;
  } else {
    ++figures.convened;
    figures.auto_convened += appointment.made_by == MadeBy::system ? 1 : 0;
  }
  figures.attended += appointment.status == BookingStatus::attended ? 1 : 0;
  figures.no_shows += appointment.status == BookingStatus::no_show ? 1 : 0;
  if (appointment.bookable_since) {
    const date::sys_days since{LocalDate(*appointment.bookable_since, zone)};
    const date::sys_days day{LocalDate(appointment.start, zone)};
    figures.days_to_appointment.push_back(static_cast<int>((day - since).count()));
  }
}

// The seats of every slot `desk` offers in `month`, online and staff.
int SeatsOffered(const DeskCalendar& desk, date::year_month month) {
  const Date last{date::sys_days{FirstDayAfter(month)} - date::days{1}};
  int seats = 0;
  for (const auto& [type_id, type] : desk.types) {
    for (const Slot& slot : GenerateSlots(desk, type, FirstDay(month), last)) seats += slot.total_seats();
  }
  return seats;
}

// The desks in the overview's order: pilot desks first, then by id.
std::vector<const DeskCalendar*> Ordered(std::span<const DeskCalendar> desks) {
  std::vector<const DeskCalendar*> ordered;
  for (const DeskCalendar& desk : desks) ordered.push_back(&desk);
  std::sort(ordered.begin(), ordered.end(), [](const DeskCalendar* a, const DeskCalendar* b) {
    if (a->flags.self_booking != b->flags.self_booking) return a->flags.self_booking;
    return a->desk < b->desk;
  });
  return ordered;
}

// Per month, the pilot desks' figures summed, then the others'; a group without desks is left out.
std::vector<OverviewGroupRow> Groups(const std::vector<const DeskCalendar*>& ordered,
                                     const std::vector<std::vector<OverviewFigures>>& figures,
                                     const std::vector<date::year_month>& months) {
  std::vector<OverviewGroupRow> groups;
  for (std::size_t m = 0; m < months.size(); ++m) {
    for (const bool pilot : {true, false}) {
      OverviewGroupRow group{pilot, months[m], 0, {}};
      for (std::size_t d = 0; d < ordered.size(); ++d) {
        if (ordered[d]->flags.self_booking != pilot) continue;
        ++group.desks;
        Add(group.figures, figures[d][m]);
      }
      if (group.desks > 0) groups.push_back(std::move(group));
    }
  }
  return groups;
}

}  // namespace

std::optional<double> OverviewFigures::NoShowRate() const {
  const int visits = attended + no_shows;
  if (visits == 0) return std::nullopt;
  return static_cast<double>(no_shows) / visits;
}

std::optional<double> OverviewFigures::DaysMedian() const { return DaysPercentile(days_to_appointment, 50); }
std::optional<double> OverviewFigures::DaysP90() const { return DaysPercentile(days_to_appointment, 90); }

int MonthsSpanned(date::year_month from, date::year_month to) { return (to - from).count() + 1; }

Date FirstDay(date::year_month month) { return month / date::day{1}; }
Date FirstDayAfter(date::year_month month) { return (month + date::months{1}) / date::day{1}; }

Result<void> CheckOverviewMonths(date::year_month from, date::year_month to) {
  const int months = MonthsSpanned(from, to);
  if (months < 1) return Problem(Error::invalid_request, "to", "must not be before from");
  if (months > kMaxOverviewMonths) {
    return Problem(Error::invalid_request, "to",
                   "the overview spans at most " + std::to_string(kMaxOverviewMonths) + " months");
  }
  return {};
}

Result<Overview> ComputeOverview(std::span<const DeskCalendar> desks, std::span<const AppointmentFact> appointments,
                                 date::year_month from, date::year_month to) {
  if (auto months = CheckOverviewMonths(from, to); !months) return months.error();
  Overview overview;
  for (date::year_month month = from; month <= to; month += date::months{1}) overview.months.push_back(month);
  const std::vector<const DeskCalendar*> ordered = Ordered(desks);
  // figures[position of the desk in `ordered`][month's index]
  std::vector<std::vector<OverviewFigures>> figures(ordered.size());
  std::map<std::string_view, std::size_t> position;
  for (std::size_t d = 0; d < ordered.size(); ++d) {
    position.emplace(ordered[d]->desk, d);
    figures[d].resize(overview.months.size());
    for (std::size_t m = 0; m < overview.months.size(); ++m) {
      figures[d][m].seats_offered = SeatsOffered(*ordered[d], overview.months[m]);
    }
  }
  for (const AppointmentFact& appointment : appointments) {
    const auto desk = position.find(appointment.desk);
    if (desk == position.end()) continue;
    const date::time_zone& zone = *ordered[desk->second]->zone;
    const Date day = LocalDate(appointment.start, zone);
    const date::year_month month = day.year() / day.month();
    if (month < from || month > to) continue;
    Count(figures[desk->second][static_cast<std::size_t>((month - from).count())], appointment, zone);
  }
  for (std::size_t d = 0; d < ordered.size(); ++d) {
    for (std::size_t m = 0; m < overview.months.size(); ++m) {
      overview.desks.push_back({ordered[d]->desk, ordered[d]->flags.self_booking, overview.months[m], figures[d][m]});
    }
  }
  overview.groups = Groups(ordered, figures, overview.months);
  return overview;
}

}  // namespace sportello::engine
