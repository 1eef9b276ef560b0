#include "storage/pg_rows.h"

#include <fmt/core.h>

namespace sportello::storage {
namespace {

inline constexpr std::string_view kSelectApplication = R"(
SELECT id, desk, tax_code, email, phone, types, status FROM applications WHERE id = $1)";
inline constexpr std::string_view kDeskExists = "SELECT 1 FROM desks WHERE id = $1";
inline constexpr std::string_view kInsertAudit = R"(
INSERT INTO audit (at, actor, desk, action, subject, before, after) VALUES ($1, $2, $3, $4, $5, $6, $7))";

std::string SelectBookingSql(bool with_token, bool for_update) {
  return fmt::format("SELECT {}{} FROM bookings WHERE code = $1{}", kPgBookingColumns,
                     with_token ? ", token_hash" : "", for_update ? " FOR UPDATE" : "");
}
constexpr int kTokenHashColumn = 17;  // after kPgBookingColumns

}  // namespace

BookingRecord ReadPgBooking(const pg::Rows& rows, int row) {
  BookingRecord booking;
  booking.code = rows.Text(row, 0);
  booking.desk = rows.Text(row, 1);
  booking.type = rows.Text(row, 2);
  booking.start = FromUnix(rows.Int(row, 3));
  booking.end = FromUnix(rows.Int(row, 4));
  booking.status = ParseStatus(rows.Text(row, 5)).value_or(BookingStatus::booked);  // CHECK constraint holds
  booking.channel = rows.Text(row, 6) == "staff" ? engine::Channel::staff : engine::Channel::online;
  booking.application_id = rows.Text(row, 7);
  booking.email = rows.Text(row, 8);
  booking.phone = rows.Text(row, 9);
  booking.lang = rows.Text(row, 10);
  booking.created_at = FromUnix(rows.Int(row, 11));
  booking.created_by = rows.Text(row, 12);
  booking.updated_at = FromUnix(rows.Int(row, 13));
  booking.confirmed_at = OptionalPgInstant(rows, row, 14);
  booking.reconfirm_asked_at = OptionalPgInstant(rows, row, 15);
  booking.reconfirm_reminded_at = OptionalPgInstant(rows, row, 16);
  return booking;
}

std::string SelectPgBookingsSql(std::string_view rest) {
  return fmt::format("SELECT {} FROM bookings {}", kPgBookingColumns, rest);
}

std::vector<BookingRecord> ReadPgBookings(const pg::Rows& rows) {
  std::vector<BookingRecord> bookings;
  for (int row = 0; row < rows.size(); ++row) bookings.push_back(ReadPgBooking(rows, row));
  return bookings;
}

std::optional<Instant> OptionalPgInstant(const pg::Rows& rows, int row, int column) {
  if (rows.IsNull(row, column)) return std::nullopt;
  return FromUnix(rows.Int(row, column));
}

std::optional<BookingRecord> SelectPgBooking(pg::Connection& connection, std::string_view code,
                                             std::string* token_hash, bool for_update) {
  static const std::string kSql[2][2] = {{SelectBookingSql(false, false), SelectBookingSql(false, true)},
                                         {SelectBookingSql(true, false), SelectBookingSql(true, true)}};
  pg::Rows rows = connection.Run(kSql[token_hash != nullptr][for_update], pg::Params().Add(code));
  if (rows.empty()) return std::nullopt;
  if (token_hash != nullptr) *token_hash = rows.Bytes(0, kTokenHashColumn);
  return ReadPgBooking(rows, 0);
}

std::optional<engine::Application> SelectPgApplication(pg::Connection& connection, std::string_view id) {
  pg::Rows rows = connection.Run(kSelectApplication, pg::Params().Add(id));
  if (rows.empty()) return std::nullopt;
  engine::Application application;
  application.id = rows.Text(0, 0);
  application.desk = rows.Text(0, 1);
  application.tax_code = rows.Text(0, 2);
  application.email = rows.Text(0, 3);
  application.phone = rows.Text(0, 4);
  application.types = SplitTypes(rows.Text(0, 5));
  application.status = rows.Text(0, 6);
  return application;
}

bool PgDeskExists(pg::Connection& connection, std::string_view desk) {
  return !connection.Run(kDeskExists, pg::Params().Add(desk)).empty();
}

void AppendPgAudit(pg::Connection& connection, Instant at, std::string_view actor, std::string_view desk,
                   std::string_view action, std::string_view subject, std::string_view before,
                   std::string_view after) {
  connection.Defer(kInsertAudit,
                   pg::Params().Add(ToUnix(at)).Add(actor).Add(desk).Add(action).Add(subject).Add(before).Add(after));
}

void LockPg(pg::Connection& connection, std::string_view key, bool shared) {
  connection.Defer(shared ? "SELECT pg_advisory_xact_lock_shared(hashtextextended($1, 0))"
                          : "SELECT pg_advisory_xact_lock(hashtextextended($1, 0))",
                   pg::Params().Add(key));
}

}  // namespace sportello::storage
