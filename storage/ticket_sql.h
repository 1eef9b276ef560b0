// The tickets of the day of the visit, and the ratings of visits, in SQL, written once for both backends (`?N` parameters;
// PostgreSQL runs them through PgPlaceholders), and what a ticket row holds. Internal to storage/.
#pragma once

#include "engine/ticket.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sportello::storage {

// The columns of a ticket, in the order kSelectTickets returns them.
inline constexpr std::string_view kTicketColumns =
    "desk, day, sequence, booking_code, application_id, appointment, urgent, state, counter, calls, checked_in_at, "
    "called_at, finished_at, first_called_at";
// ?1 desk, ?2 first day, ?3 last day (YYYY-MM-DD): their tickets by day, then sequence.
std::string SelectTicketsSql();
// Parameters in kTicketColumns order, then ?15 the ticket's id (engine::Ticket::Id).
std::string InsertTicketSql();
// ?1 desk, ?2 day, ?3 sequence, then ?4 state, ?5 counter, ?6 calls, ?7 called_at, ?8 finished_at, ?9 urgent,
// ?10 first_called_at.
std::string UpdateTicketSql();

// A ticket's columns as text and numbers, read by each backend from its row type.
struct TicketRow {
  std::string desk;
  std::string day;
  std::int64_t sequence = 0;
  std::optional<std::string> booking_code;
  std::string application_id;
  std::optional<std::int64_t> appointment;
  std::int64_t urgent = 0;
  std::string state;
  std::string counter;
  std::int64_t calls = 0;
  std::int64_t checked_in_at = 0;
  std::optional<std::int64_t> called_at;
  std::optional<std::int64_t> finished_at;
  std::optional<std::int64_t> first_called_at;
};

engine::Ticket TicketFromRow(const TicketRow& row);
TicketRow RowOfTicket(const engine::Ticket& ticket);

// ?1 booking code: one row when it has been rated.
inline constexpr std::string_view kFeedbackExists = "SELECT 1 FROM feedback WHERE booking_code = ?1";
// ?1 booking code, ?2 rating, ?3 comment, ?4 at.
inline constexpr std::string_view kInsertFeedback =
    "INSERT INTO feedback (booking_code, rating, comment, created_at) VALUES (?1, ?2, ?3, ?4)";

// ?1 desk, ?2 from, ?3 to (unix seconds): the ratings of bookings starting from <= start < to, as
// booking_code, type, start, rating, comment, created_at, by start then code.
inline constexpr std::string_view kRatingsBetween =
    "SELECT f.booking_code, b.type, b.start, f.rating, f.comment, f.created_at FROM feedback f "
    "JOIN bookings b ON b.code = f.booking_code WHERE b.desk = ?1 AND b.start >= ?2 AND b.start < ?3 "
    "ORDER BY b.start, f.booking_code";

// The audit document of a ticket: its number, state and counter, the booking or application.
std::string TicketAuditJson(const engine::Ticket& ticket);

}  // namespace sportello::storage
