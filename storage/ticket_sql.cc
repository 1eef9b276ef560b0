#include "storage/ticket_sql.h"

#include "storage/record_text.h"

#include <boost/json.hpp>
#include <fmt/core.h>

#include <stdexcept>

namespace sportello::storage {

namespace {

std::optional<Instant> OptionalInstant(const std::optional<std::int64_t>& seconds) {
  if (!seconds) return std::nullopt;
  return FromUnix(*seconds);
}

std::optional<std::int64_t> OptionalUnix(const std::optional<Instant>& instant) {
  if (!instant) return std::nullopt;
  return ToUnix(*instant);
}

}  // namespace

std::string SelectTicketsSql() {
  return fmt::format("SELECT {} FROM tickets WHERE desk = ?1 AND day >= ?2 AND day <= ?3 ORDER BY day, sequence", kTicketColumns);
}

std::string InsertTicketSql() {
  return fmt::format("INSERT INTO tickets ({}, id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
                     kTicketColumns);
}

std::string UpdateTicketSql() {
  return "UPDATE tickets SET state = ?4, counter = ?5, calls = ?6, called_at = ?7, finished_at = ?8, urgent = ?9, "
         "first_called_at = ?10 "
         "WHERE desk = ?1 AND day = ?2 AND sequence = ?3";
}

engine::Ticket TicketFromRow(const TicketRow& row) {
  const std::optional<engine::Date> day = engine::ParseDate(row.day);
  const std::optional<engine::TicketState> state = engine::ParseTicketState(row.state);
  if (!day || !state) throw std::runtime_error("tickets: a row holds a bad day or state");
  return engine::Ticket{.desk = row.desk,
                        .day = *day,
                        .sequence = static_cast<int>(row.sequence),
                        .booking_code = row.booking_code.value_or(""),
                        .application_id = row.application_id,
                        .appointment = OptionalInstant(row.appointment),
                        .urgent = row.urgent != 0,
                        .state = *state,
                        .counter = row.counter,
                        .calls = static_cast<int>(row.calls),
                        .checked_in_at = FromUnix(row.checked_in_at),
                        .called_at = OptionalInstant(row.called_at),
                        .finished_at = OptionalInstant(row.finished_at),
                        .first_called_at = OptionalInstant(row.first_called_at)};
}

TicketRow RowOfTicket(const engine::Ticket& ticket) {
  return TicketRow{.desk = ticket.desk,
                   .day = engine::FormatDate(ticket.day),
                   .sequence = ticket.sequence,
                   .booking_code = ticket.walk_in() ? std::nullopt : std::optional<std::string>(ticket.booking_code),
                   .application_id = ticket.application_id,
                   .appointment = OptionalUnix(ticket.appointment),
                   .urgent = ticket.urgent ? 1 : 0,
                   .state = std::string(engine::TicketStateName(ticket.state)),
                   .counter = ticket.counter,
                   .calls = ticket.calls,
                   .checked_in_at = ToUnix(ticket.checked_in_at),
                   .called_at = OptionalUnix(ticket.called_at),
                   .finished_at = OptionalUnix(ticket.finished_at),
                   .first_called_at = OptionalUnix(ticket.first_called_at)};
}

std::string TicketAuditJson(const engine::Ticket& ticket) {
  boost::json::object object{{"ticket", ticket.Id()},
                             {"number", ticket.Number()},
                             {"state", engine::TicketStateName(ticket.state)},
                             {"calls", ticket.calls},
                             {"urgent", ticket.urgent}};
  if (!ticket.counter.empty()) object["counter"] = ticket.counter;
  if (ticket.walk_in()) {
    object["application_id"] = ticket.application_id;
  } else {
    object["booking_code"] = ticket.booking_code;
  }
  return boost::json::serialize(object);
}

}  // namespace sportello::storage
