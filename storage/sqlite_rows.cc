#include "storage/sqlite_rows.h"

#include <date/date.h>

namespace sportello::storage {
namespace {

inline constexpr std::string_view kSelectApplication = R"(
SELECT id, desk, tax_code, email, phone, types, status FROM applications WHERE id = ?1)";

inline constexpr std::string_view kDeskExists = "SELECT 1 FROM desks WHERE id = ?1";

inline constexpr std::string_view kInsertAudit = R"(
INSERT INTO audit (at, actor, desk, action, subject, before, after) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7))";

std::string SelectBookingSql(bool with_token) {
  return fmt::format("SELECT {}{} FROM bookings WHERE code = ?1", kBookingColumns, with_token ? ", token_hash" : "");
}

}  // namespace

BookingRecord ReadBooking(const sqlite::Statement& row) {
  BookingRecord booking;
  booking.code = row.Text(0);
  booking.desk = row.Text(1);
  booking.type = row.Text(2);
  booking.start = FromUnix(row.Int(3));
  booking.end = FromUnix(row.Int(4));
  booking.status = ParseStatus(row.Text(5)).value_or(BookingStatus::booked);  // CHECK constraint holds
  booking.channel = row.Text(6) == "staff" ? engine::Channel::staff : engine::Channel::online;
  booking.application_id = row.Text(7);
  booking.email = row.Text(8);
  booking.phone = row.Text(9);
  booking.lang = row.Text(10);
  booking.created_at = FromUnix(row.Int(11));
  booking.created_by = row.Text(12);
  booking.updated_at = FromUnix(row.Int(13));
  booking.confirmed_at = OptionalInstant(row, 14);
  booking.reconfirm_asked_at = OptionalInstant(row, 15);
  booking.reconfirm_reminded_at = OptionalInstant(row, 16);
  return booking;
}

std::optional<Instant> OptionalInstant(const sqlite::Statement& row, int column) {
  if (row.IsNull(column)) return std::nullopt;
  return FromUnix(row.Int(column));
}

void BindOptional(sqlite::Statement& statement, int index, const std::optional<Instant>& value) {
  if (value) {
    statement.Bind(index, ToUnix(*value));
  } else {
    statement.BindNull(index);
  }
}

std::span<const unsigned char> Bytes(std::string_view text) {
  return {reinterpret_cast<const unsigned char*>(text.data()), text.size()};
}

std::optional<BookingRecord> SelectBooking(sqlite::Connection& connection, std::string_view code,
                                           std::string* token_hash) {
  // Two fixed texts, so both stay in the statement cache.
  static const std::string kPlain = SelectBookingSql(false);
  static const std::string kWithToken = SelectBookingSql(true);
  sqlite::Statement select = connection.Prepare(token_hash != nullptr ? kWithToken : kPlain);
  select.Bind(1, code);
  if (!select.Step()) return std::nullopt;
  if (token_hash != nullptr) *token_hash = select.Blob(kBookingColumnCount);
  return ReadBooking(select);
}

std::optional<engine::Application> SelectApplication(sqlite::Connection& connection, std::string_view id) {
  sqlite::Statement select = connection.Prepare(kSelectApplication);
  select.Bind(1, id);
  if (!select.Step()) return std::nullopt;
  engine::Application application;
  application.id = select.Text(0);
  application.desk = select.Text(1);
  application.tax_code = select.Text(2);
  application.email = select.Text(3);
  application.phone = select.Text(4);
  application.types = SplitTypes(select.Text(5));
  application.status = select.Text(6);
  return application;
}

bool DeskExists(sqlite::Connection& connection, std::string_view desk) {
  sqlite::Statement select = connection.Prepare(kDeskExists);
  select.Bind(1, desk);
  return select.Step();
}

void AppendAudit(sqlite::Connection& connection, Instant at, std::string_view actor, std::string_view desk,
                 std::string_view action, std::string_view subject, std::string_view before,
                 std::string_view after) {
  sqlite::Statement insert = connection.Prepare(kInsertAudit);
  insert.Bind(1, ToUnix(at)).Bind(2, actor).Bind(3, desk).Bind(4, action).Bind(5, subject).Bind(6, before).Bind(7, after);
  insert.Run();
}

}  // namespace sportello::storage
