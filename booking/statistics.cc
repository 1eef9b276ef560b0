#include "booking/statistics.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <string>

namespace sportello::booking {

namespace {

using engine::Instant;

bool ValidPeriod(engine::Date from, engine::Date to) {
  return from <= to && date::sys_days{to} - date::sys_days{from} < date::days{engine::kMaxStatsDays};
}

engine::Date NextDay(engine::Date day) { return engine::Date{date::sys_days{day} + date::days{1}}; }

std::chrono::seconds Between(Instant from, Instant to) {
  return std::chrono::duration_cast<std::chrono::seconds>(to - from);
}

// One fact per ticket of a booking (walk-ins have no type) and one per rating.
std::vector<engine::VisitFact> VisitFacts(const std::vector<storage::BookingRecord>& bookings,
                                          const std::vector<engine::Ticket>& tickets,
                                          const std::vector<storage::RatedVisit>& ratings) {
  std::map<std::string, const storage::BookingRecord*, std::less<>> by_code;
  for (const storage::BookingRecord& booking : bookings) by_code.emplace(booking.code, &booking);
  std::vector<engine::VisitFact> facts;
  for (const engine::Ticket& ticket : tickets) {
    const auto booking = by_code.find(ticket.booking_code);
    if (ticket.walk_in() || booking == by_code.end()) continue;
    engine::VisitFact fact{booking->second->type, booking->second->start, std::nullopt, std::nullopt, std::nullopt};
    if (ticket.first_called_at) fact.waited = Between(ticket.checked_in_at, *ticket.first_called_at);
    if (ticket.state == engine::TicketState::done && ticket.first_called_at && ticket.finished_at) {
      fact.served = Between(*ticket.first_called_at, *ticket.finished_at);
    }
    facts.push_back(std::move(fact));
  }
  for (const storage::RatedVisit& rated : ratings) {
    facts.push_back(engine::VisitFact{rated.type, rated.start, std::nullopt, std::nullopt, rated.feedback.rating});
  }
  return facts;
}

}  // namespace

engine::Result<std::vector<engine::DayStats>> DeskStatistics(storage::Store& store, std::string_view desk_id,
                                                            engine::Date from, engine::Date to) {
  const engine::Result<engine::DeskCalendar> desk = store.FindDesk(desk_id);
  if (!desk) return desk.error();
  if (!ValidPeriod(from, to)) return engine::Error::invalid_request;
  const Instant begin = engine::StartOfLocalDay(from, *desk->zone);
  const Instant end = engine::StartOfLocalDay(NextDay(to), *desk->zone);
  const auto bookings = store.BookingsBetween(desk_id, begin, end);
  if (!bookings) return bookings.error();
  const auto tickets = store.TicketsBetween(desk_id, from, to);
  if (!tickets) return tickets.error();
  const auto ratings = store.RatingsBetween(desk_id, begin, end);
  if (!ratings) return ratings.error();
  std::vector<engine::BookingFact> facts;
  facts.reserve(bookings->size());
  for (const storage::BookingRecord& booking : *bookings) {
    facts.push_back({booking.type, booking.start, booking.created_at, booking.status});
  }
  const std::vector<engine::VisitFact> visits = VisitFacts(*bookings, *tickets, *ratings);
  return engine::ComputeStats(*desk, facts, from, to, visits);
}

engine::Result<std::vector<storage::RatedVisit>> DeskRatings(storage::Store& store, const engine::DeskCalendar& desk,
                                                            engine::Date from, engine::Date to) {
  if (!ValidPeriod(from, to)) return engine::Error::invalid_request;
  auto ratings = store.RatingsBetween(desk.desk, engine::StartOfLocalDay(from, *desk.zone),
                                      engine::StartOfLocalDay(NextDay(to), *desk.zone));
  if (!ratings) return ratings.error();
  std::reverse(ratings->begin(), ratings->end());
  return ratings;
}

}  // namespace sportello::booking
