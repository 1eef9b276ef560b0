// SqliteStore: reading bookings (lookups, day sheets, seat ledgers) and applications.
#include "storage/sqlite_store.h"

#include "storage/seat_transaction.h"
#include "storage/secrets.h"
#include "storage/sqlite_rows.h"

#include <limits>

namespace sportello::storage {
namespace {

const std::string kBookingsBetween = fmt::format(
    "SELECT {} FROM bookings WHERE desk = ?1 AND start >= ?2 AND start < ?3 ORDER BY start, code", kBookingColumns);
inline constexpr std::string_view kOverviewBookings = R"(
SELECT start, status, created_by, bookable_since FROM bookings WHERE desk = ?1 AND start >= ?2 AND start < ?3
ORDER BY start)";
const std::string kBookingsOfApplication = fmt::format(
    "SELECT {} FROM bookings WHERE application_id = ?1 ORDER BY start DESC, code", kBookingColumns);
// The booked seats per start and channel, then the seats held by offers (online).
inline constexpr std::string_view kSeats = R"(
SELECT start, channel, count(*) FROM bookings
WHERE desk = ?1 AND type = ?2 AND status = 'booked' AND start >= ?3 AND start < ?4
GROUP BY start, channel
UNION ALL
SELECT offer_start, 'online', count(*) FROM waitlist
WHERE desk = ?1 AND type = ?2 AND state = 'offered' AND offer_start >= ?3 AND offer_start < ?4
GROUP BY offer_start)";

// The instant local midnight starts `day` in `zone` (the first instant of the day, should
// midnight itself not exist).
Instant StartOfDay(const date::time_zone& zone, engine::Date day) {
  return zone.to_sys(date::local_days{day}, date::choose::earliest);
}

// Seats of `desk` and `type` taken per slot start with from <= start < to (unix seconds): booked,
// and held by offers.
SeatCounts QuerySeatCounts(sqlite::Connection& connection, std::string_view desk, std::string_view type,
                           std::int64_t from, std::int64_t to) {
  sqlite::Statement select = connection.Prepare(kSeats);
  select.Bind(1, desk).Bind(2, type).Bind(3, from).Bind(4, to);
  SeatCounts counts;
  while (select.Step()) {
    engine::SeatUse& use = counts[select.Int(0)];
    (select.Text(1) == "staff" ? use.staff : use.online) += static_cast<int>(select.Int(2));
  }
  return counts;
}

std::vector<BookingRecord> ReadAll(sqlite::Statement& select) {
  std::vector<BookingRecord> bookings;
  while (select.Step()) bookings.push_back(ReadBooking(select));
  return bookings;
}

}  // namespace

Result<BookingRecord> SqliteStore::FindBooking(std::string_view typed_code) {
  const std::optional<std::string> code = NormalizeBookingCode(typed_code);
  if (!code) return Error::not_found;
  return Read([&](sqlite::Connection& connection) -> Result<BookingRecord> {
    std::optional<BookingRecord> booking = SelectBooking(connection, *code);
    if (!booking) return Error::not_found;
    return std::move(*booking);
  });
}

Result<BookingRecord> SqliteStore::VerifyManageToken(std::string_view typed_code, std::string_view token) {
  const std::optional<std::string> code = NormalizeBookingCode(typed_code);
  return Read([&](sqlite::Connection& connection) -> Result<BookingRecord> {
    std::string stored;
    std::optional<BookingRecord> booking;
    if (code) booking = SelectBooking(connection, *code, &stored);
    // Hash and compare whatever happens, so an unknown code costs the same as a wrong token.
    if (!booking) stored.assign(kHashBytes, '\0');
    const Hash presented = ManageTokenHash(token);
    const bool match = ConstantTimeEqual(AsChars(presented), stored);
    if (!booking || !match || token.empty()) return Error::not_found;
    return std::move(*booking);
  });
}

Result<std::vector<BookingRecord>> SqliteStore::BookingsOn(std::string_view desk, engine::Date day) {
  if (!day.ok()) return Error::invalid_request;
  return Read([&](sqlite::Connection& connection) -> Result<std::vector<BookingRecord>> {
    const auto calendar = Calendar(connection, desk);
    if (!calendar) return Error::not_found;
    const Instant from = StartOfDay(*calendar->zone, day);
    const Instant to = StartOfDay(*calendar->zone, engine::Date{date::sys_days{day} + date::days{1}});
    sqlite::Statement select = connection.Prepare(kBookingsBetween);
    select.Bind(1, desk).Bind(2, ToUnix(from)).Bind(3, ToUnix(to));
    return ReadAll(select);
  });
}

Result<std::vector<BookingRecord>> SqliteStore::BookingsBetween(std::string_view desk, Instant from, Instant to) {
  return Read([&](sqlite::Connection& connection) -> Result<std::vector<BookingRecord>> {
    sqlite::Transaction snapshot(connection, sqlite::Transaction::Kind::read);
    if (!DeskExists(connection, desk)) return Error::not_found;
    sqlite::Statement select = connection.Prepare(kBookingsBetween);
    select.Bind(1, desk).Bind(2, ToUnix(from)).Bind(3, ToUnix(to));
    return ReadAll(select);
  });
}

Result<std::vector<BookingRecord>> SqliteStore::BookingsOfApplication(std::string_view id) {
  return Read([&](sqlite::Connection& connection) -> Result<std::vector<BookingRecord>> {
    sqlite::Statement select = connection.Prepare(kBookingsOfApplication);
    select.Bind(1, id);
    return ReadAll(select);
  });
}

Result<std::vector<OverviewBooking>> SqliteStore::OverviewBookingsBetween(std::string_view desk, Instant from,
                                                                          Instant to) {
  return Read([&](sqlite::Connection& connection) -> Result<std::vector<OverviewBooking>> {
    sqlite::Transaction snapshot(connection, sqlite::Transaction::Kind::read);
    if (!DeskExists(connection, desk)) return Error::not_found;
    sqlite::Statement select = connection.Prepare(kOverviewBookings);
    select.Bind(1, desk).Bind(2, ToUnix(from)).Bind(3, ToUnix(to));
    std::vector<OverviewBooking> bookings;
    while (select.Step()) {
      bookings.push_back({FromUnix(select.Int(0)), ParseStatus(select.Text(1)).value_or(BookingStatus::booked),
                          select.Text(2), OptionalInstant(select, 3)});
    }
    return bookings;
  });
}

Result<engine::SeatLedger> SqliteStore::Seats(std::string_view desk, std::string_view type, Instant from,
                                              Instant to) {
  return Read([&](sqlite::Connection& connection) -> Result<engine::SeatLedger> {
    sqlite::Transaction snapshot(connection, sqlite::Transaction::Kind::read);
    if (!DeskExists(connection, desk)) return Error::not_found;
    return seat_cache_.Read(desk, type, from, to, SeatVersion(connection), [&](std::int64_t first, std::int64_t last) {
      return QuerySeatCounts(connection, desk, type, first, last);
    });
  });
}

Result<engine::Application> SqliteStore::FindApplication(std::string_view id) {
  return Read([&](sqlite::Connection& connection) -> Result<engine::Application> {
    std::optional<engine::Application> application = SelectApplication(connection, id);
    if (!application) return Error::not_found;
    return std::move(*application);
  });
}

}  // namespace sportello::storage
