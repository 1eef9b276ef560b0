#include "booking/visit.h"

#include "booking/attendance.h"
#include "booking/in_transaction.h"
#include "storage/booking_transaction.h"
#include "storage/secrets.h"

#include <algorithm>
#include <tuple>

namespace sportello::booking {

namespace {

using engine::BookingStatus;
using engine::Error;
using engine::Instant;
using engine::Ticket;
using engine::TicketState;
using storage::BookingTransaction;

constexpr std::size_t kMaxCounterLength = 20;

QueuedTicket Queued(const std::vector<Ticket>& day, const Ticket& ticket, Instant now) {
  if (ticket.state != TicketState::waiting) return {ticket, 0, 0};
  int position = 1;
  for (const Ticket& other : day) {
    if (other.state == TicketState::waiting && other.sequence != ticket.sequence && ServedBefore(other, ticket)) {
      ++position;
    }
  }
  return {ticket, position, engine::EstimateWaitMinutes(day, position, now)};
}

int NextSequence(const std::vector<Ticket>& day) { return day.empty() ? 1 : day.back().sequence + 1; }

engine::Date Today(const engine::DeskCalendar& desk, Instant now) { return engine::LocalDate(now, *desk.zone); }

// Ends a called ticket as done or missed, marking its booking attended or no_show.
void Finish(BookingTransaction& transaction, Ticket& ticket, TicketState state, const storage::Actor& actor,
            Instant now) {
  ticket.state = state;
  ticket.finished_at = now;
  if (ticket.walk_in()) return;
  const std::optional<storage::BookingRecord> booking = transaction.Booking(ticket.booking_code);
  if (!booking || booking->status != BookingStatus::booked) return;  // staff marked it by hand meanwhile
  MarkAttendance(transaction, *booking, state == TicketState::done ? BookingStatus::attended : BookingStatus::no_show,
                 actor, now);
}

}  // namespace

engine::Result<CheckInOutcome> CheckIn(storage::Store& store, std::string_view desk_id, std::string_view typed_code,
                                       const storage::Actor& actor, Instant now) {
  const std::optional<std::string> code = storage::NormalizeBookingCode(typed_code);
  if (!code) return Error::not_found;
  return InTransaction<CheckInOutcome>(store, [&](BookingTransaction& transaction) -> engine::Result<CheckInOutcome> {
    const std::optional<storage::BookingRecord> booking = transaction.Booking(*code);
    if (!booking || booking->desk != desk_id) return Error::not_found;
    const std::shared_ptr<const engine::DeskCalendar> desk = transaction.Desk(desk_id);
    if (!desk) return Error::not_found;
    const engine::Date day = engine::LocalDate(booking->start, *desk->zone);
    std::vector<Ticket> tickets = transaction.TicketsOf(desk_id, day);
    const auto mine = std::find_if(tickets.begin(), tickets.end(),
                                   [&](const Ticket& ticket) { return ticket.booking_code == booking->code; });
    if (mine != tickets.end()) return CheckInOutcome{Queued(tickets, *mine, now), false};
    if (day != Today(*desk, now) || booking->status != BookingStatus::booked) return Error::not_checkable;
    if (auto open = engine::CheckCheckinWindow(booking->start, now); !open) return open.error();
    Ticket ticket;
    ticket.desk = std::string(desk_id);
    ticket.day = day;
    ticket.sequence = NextSequence(tickets);
    ticket.booking_code = booking->code;
    ticket.application_id = booking->application_id;
    ticket.appointment = booking->start;
    ticket.checked_in_at = now;
    transaction.InsertTicket(ticket);
    transaction.AuditTicket("ticket.checkin", actor, nullptr, ticket, now);
    tickets.push_back(ticket);
    return CheckInOutcome{Queued(tickets, ticket, now), true};
  });
}

engine::Result<QueuedTicket> AddWalkIn(storage::Store& store, std::string_view desk_id, std::string_view application_id,
                                       bool urgent, const storage::Actor& actor, Instant now) {
  return InTransaction<QueuedTicket>(store, [&](BookingTransaction& transaction) -> engine::Result<QueuedTicket> {
    const std::shared_ptr<const engine::DeskCalendar> desk = transaction.Desk(desk_id);
    if (!desk) return Error::not_found;
    const std::optional<engine::Application> application = transaction.Application(application_id);
    if (!application || application->desk != desk_id) return Error::not_found;
    std::vector<Ticket> tickets = transaction.TicketsOf(desk_id, Today(*desk, now));
    Ticket ticket;
    ticket.desk = std::string(desk_id);
    ticket.day = Today(*desk, now);
    ticket.sequence = NextSequence(tickets);
    ticket.application_id = application->id;
    ticket.urgent = urgent;
    ticket.checked_in_at = now;
    transaction.InsertTicket(ticket);
    transaction.AuditTicket("ticket.walkin", actor, nullptr, ticket, now);
    tickets.push_back(ticket);
    return Queued(tickets, ticket, now);
  });
}

engine::Result<std::vector<Ticket>> TodaysTickets(storage::Store& store, const engine::DeskCalendar& desk,
                                                  Instant now) {
  return store.TicketsOn(desk.desk, Today(desk, now));
}

engine::Result<std::vector<QueuedTicket>> TodaysQueue(storage::Store& store, const engine::DeskCalendar& desk,
                                                      Instant now) {
  const engine::Result<std::vector<Ticket>> tickets = TodaysTickets(store, desk, now);
  if (!tickets) return tickets.error();
  std::vector<QueuedTicket> queue;
  for (const Ticket& ticket : engine::QueueOrder(*tickets)) queue.push_back(Queued(*tickets, ticket, now));
  return queue;
}

engine::Result<VisitOfBooking> VisitOf(storage::Store& store, const engine::DeskCalendar& desk,
                                       const storage::BookingRecord& booking, Instant now) {
  const engine::Result<std::vector<Ticket>> tickets =
      store.TicketsOn(booking.desk, engine::LocalDate(booking.start, *desk.zone));
  if (!tickets) return tickets.error();
  VisitOfBooking visit;
  for (const Ticket& ticket : *tickets) {
    if (ticket.booking_code == booking.code) visit.ticket = Queued(*tickets, ticket, now);
  }
  if (booking.status == BookingStatus::attended) {
    const auto ratings = store.RatingsBetween(booking.desk, booking.start, booking.start + std::chrono::seconds(1));
    if (!ratings) return ratings.error();
    visit.rated = std::any_of(ratings->begin(), ratings->end(),
                              [&](const storage::RatedVisit& rated) { return rated.feedback.booking_code == booking.code; });
  }
  return visit;
}

engine::Result<std::vector<engine::Ticket>> RecentCalls(storage::Store& store, const engine::DeskCalendar& desk,
                                                        Instant now) {
  engine::Result<std::vector<Ticket>> tickets = TodaysTickets(store, desk, now);
  if (!tickets) return tickets.error();
  std::vector<Ticket> called = std::move(*tickets);
  std::erase_if(called, [](const Ticket& ticket) { return !ticket.called_at; });
  std::sort(called.begin(), called.end(), [](const Ticket& a, const Ticket& b) {
    return std::tie(*a.called_at, a.sequence) > std::tie(*b.called_at, b.sequence);
  });
  if (called.size() > kDisplayedCalls) called.resize(kDisplayedCalls);
  return called;
}

engine::Result<std::optional<QueuedTicket>> CallNext(storage::Store& store, std::string_view desk_id,
                                                     std::string_view counter, const storage::Actor& actor,
                                                     Instant now) {
  if (counter.empty() || counter.size() > kMaxCounterLength) {
    return engine::Problem(Error::invalid_request, "counter", "must be 1 to 20 characters");
  }
  using Called = std::optional<QueuedTicket>;
  return InTransaction<Called>(store, [&](BookingTransaction& transaction) -> engine::Result<Called> {
    const std::shared_ptr<const engine::DeskCalendar> desk = transaction.Desk(desk_id);
    if (!desk) return Error::not_found;
    const std::vector<Ticket> tickets = transaction.TicketsOf(desk_id, Today(*desk, now));
    for (const Ticket& next : engine::QueueOrder(tickets)) {
      if (next.state != TicketState::waiting) continue;
      Ticket called = next;
      called.state = TicketState::called;
      called.counter = std::string(counter);
      called.calls = 1;
      called.called_at = now;
      called.first_called_at = now;
      transaction.UpdateTicket(called);
      transaction.AuditTicket("ticket.call", actor, &next, called, now);
      return Called(QueuedTicket{called, 0, 0});
    }
    return Called();
  });
}

engine::Result<QueuedTicket> ActOnTicket(storage::Store& store, std::string_view ticket_id, TicketAction action,
                                         const storage::Actor& actor, Instant now) {
  const std::optional<engine::TicketKey> key = engine::ParseTicketId(ticket_id);
  if (!key) return Error::not_found;
  return InTransaction<QueuedTicket>(store, [&](BookingTransaction& transaction) -> engine::Result<QueuedTicket> {
    const std::vector<Ticket> tickets = transaction.TicketsOf(key->desk, key->day);
    const auto found = std::find_if(tickets.begin(), tickets.end(),
                                    [&](const Ticket& ticket) { return ticket.Id() == ticket_id; });
    if (found == tickets.end()) return Error::not_found;
    if (found->state != TicketState::called) {
      return engine::Problem(Error::invalid_request, "ticket", "is not called: call it first");
    }
    Ticket after = *found;
    if (action == TicketAction::recall && after.calls < engine::kMaxCalls) {
      ++after.calls;
      after.called_at = now;
    } else {
      Finish(transaction, after, action == TicketAction::done ? TicketState::done : TicketState::missed, actor, now);
    }
    transaction.UpdateTicket(after);
    const char* audit = action == TicketAction::recall ? (after.state == TicketState::missed ? "ticket.missed" : "ticket.recall")
                        : action == TicketAction::done ? "ticket.done"
                                                       : "ticket.missed";
    transaction.AuditTicket(audit, actor, &*found, after, now);
    return QueuedTicket{after, 0, 0};
  });
}

namespace {

// Characters (code points) of UTF-8 `text`, and whether it holds a control character other than
// a line break or a tab.
std::size_t CodePoints(std::string_view text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0U) != 0x80U;
  }));
}

bool HasControlCharacter(std::string_view text) {
  return std::any_of(text.begin(), text.end(), [](char c) {
    const auto byte = static_cast<unsigned char>(c);
    return (byte < 0x20U && c != '\n' && c != '\t' && c != '\r') || byte == 0x7FU;
  });
}

}  // namespace

engine::Result<storage::Feedback> GiveFeedback(storage::Store& store, std::string_view typed_code, int rating,
                                               std::string comment, Instant now) {
  if (rating < 1 || rating > 5) return engine::Problem(Error::invalid_request, "rating", "must be from 1 to 5");
  if (CodePoints(comment) > kMaxFeedbackComment) {
    return engine::Problem(Error::invalid_request, "comment", "must be at most 500 characters");
  }
  if (HasControlCharacter(comment)) {
    return engine::Problem(Error::invalid_request, "comment", "must be plain text");
  }
  const std::optional<std::string> code = storage::NormalizeBookingCode(typed_code);
  if (!code) return Error::not_found;
  using storage::Feedback;
  return InTransaction<Feedback>(store, [&](BookingTransaction& transaction) -> engine::Result<Feedback> {
    const std::optional<storage::BookingRecord> booking = transaction.Booking(*code);
    if (!booking) return Error::not_found;
    if (booking->status != BookingStatus::attended) return Error::not_attended;
    if (transaction.HasFeedback(booking->code)) return Error::already_rated;
    Feedback feedback{booking->code, rating, comment, now};
    transaction.InsertFeedback(feedback);
    transaction.Audit("booking.feedback", storage::Actor::Applicant(), &*booking, *booking, now);
    return feedback;
  });
}

}  // namespace sportello::booking
