#include "booking/pilot_overview.h"

#include <vector>

namespace sportello::booking {

engine::MadeBy MadeByActor(std::string_view who) {
  if (who == storage::Actor::Applicant().who) return engine::MadeBy::applicant;
  if (who == storage::Actor::System().who) return engine::MadeBy::system;
  return engine::MadeBy::staff;
}

engine::Result<engine::Overview> PilotOverview(storage::Store& store, date::year_month from, date::year_month to) {
  if (auto months = engine::CheckOverviewMonths(from, to); !months) return months.error();
  auto desks = store.LoadDesks();
  if (!desks) return desks.error();
  std::vector<engine::AppointmentFact> facts;
  for (const engine::DeskCalendar& desk : *desks) {
    const engine::Instant begin = engine::StartOfLocalDay(engine::FirstDay(from), *desk.zone);
    const engine::Instant end = engine::StartOfLocalDay(engine::FirstDayAfter(to), *desk.zone);
    auto bookings = store.OverviewBookingsBetween(desk.desk, begin, end);
    if (!bookings) return bookings.error();
    for (storage::OverviewBooking& booking : *bookings) {
      facts.push_back({desk.desk, booking.start, booking.status, MadeByActor(booking.created_by),
                       booking.bookable_since});
    }
  }
  return engine::ComputeOverview(*desks, facts, from, to);
}

}  // namespace sportello::booking
