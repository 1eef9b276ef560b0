#include "booking/attendance.h"

#include "booking/in_transaction.h"
#include "engine/booking_rules.h"
#include "engine/seats.h"
#include "storage/booking_transaction.h"
#include "storage/secrets.h"

namespace sportello::booking {

namespace {

using engine::BookingStatus;
using engine::Error;
using storage::BookingTransaction;

engine::Problem NotAnAttendanceMark() {
  return engine::Problem(Error::invalid_request, "status", "must be attended or no_show");
}

bool IsAttendanceMark(BookingStatus status) {
  return status == BookingStatus::attended || status == BookingStatus::no_show;
}

// The desk's time zone, for the local day of an appointment or a mark.
Result<const date::time_zone*> ZoneOf(BookingTransaction& transaction, std::string_view desk) {
  const std::shared_ptr<const engine::DeskCalendar> calendar = transaction.Desk(desk);
  if (!calendar) return Error::internal;  // a booking's desk always exists (foreign key)
  return calendar->zone;
}

BookingRecord Mark(BookingTransaction& transaction, const BookingRecord& booking, BookingStatus status,
                   std::string_view action, const Actor& actor, Instant now) {
  BookingRecord marked = booking;
  marked.status = status;
  marked.updated_at = now;
  transaction.SetStatus(booking, marked);
  transaction.Audit(action, actor, &booking, marked, now);
  return marked;
}

}  // namespace

BookingRecord MarkAttendance(BookingTransaction& transaction, const BookingRecord& booking, BookingStatus status,
                             const Actor& actor, Instant now) {
  BookingRecord marked = Mark(transaction, booking, status, "booking.attendance", actor, now);
  if (status == BookingStatus::attended) transaction.Enqueue(engine::NoticeKind::feedback, marked, nullptr, "", now);
  return marked;
}

namespace {

Result<BookingRecord> SetAttendanceIn(BookingTransaction& transaction, std::string_view code, BookingStatus status,
                                      const Actor& actor, Instant now) {
  const std::optional<BookingRecord> booking = transaction.Booking(code);
  if (!booking) return Error::not_found;
  if (booking->status == BookingStatus::cancelled) return Error::invalid_request;
  const Result<const date::time_zone*> zone = ZoneOf(transaction, booking->desk);
  if (!zone) return zone.error();
  if (engine::LocalDate(now, **zone) < engine::LocalDate(booking->start, **zone)) return Error::too_early;
  if (booking->status == status) return *booking;
  return MarkAttendance(transaction, *booking, status, actor, now);
}

// True when `booking`, unmarked, would find its seat again: its slot has started (nobody can
// have booked it since), or a seat of its channel is still free in it.
bool SeatStillItsOwn(BookingTransaction& transaction, const engine::DeskCalendar& desk, const BookingRecord& booking,
                     Instant now) {
  if (booking.start <= now) return true;
  const Result<engine::Slot> slot = engine::FindSlot(desk, booking.type, booking.start);
  if (!slot) return true;  // no longer a slot: nobody else can take a seat in it
  const engine::SeatUse use = transaction.SeatsTaken(booking.desk, booking.type, booking.start);
  const engine::View view = booking.channel == engine::Channel::staff ? engine::View::staff : engine::View::applicant;
  return engine::FreeSeats(*slot, use, view) > 0;
}

Result<BookingRecord> UndoAttendanceIn(BookingTransaction& transaction, std::string_view code, const Actor& actor,
                                       Instant now) {
  const std::optional<BookingRecord> booking = transaction.Booking(code);
  if (!booking) return Error::not_found;
  if (!IsAttendanceMark(booking->status)) return Error::invalid_request;
  const std::shared_ptr<const engine::DeskCalendar> desk = transaction.Desk(booking->desk);
  if (!desk) return Error::internal;
  if (engine::LocalDate(now, *desk->zone) != engine::LocalDate(booking->updated_at, *desk->zone)) {
    return Error::too_late_to_change;
  }
  if (!SeatStillItsOwn(transaction, *desk, *booking, now)) return Error::slot_full;
  if (transaction.HasActiveBooking(booking->application_id, booking->type)) return Error::already_booked;
  return Mark(transaction, *booking, BookingStatus::booked, "booking.attendance_undo", actor, now);
}

}  // namespace

Result<BookingStatus> ParseAttendance(std::string_view name) {
  const std::optional<BookingStatus> status = engine::ParseStatus(name);
  if (!status || !IsAttendanceMark(*status)) return NotAnAttendanceMark();
  return *status;
}

Result<BookingRecord> SetAttendance(storage::Store& store, std::string_view typed_code, BookingStatus status,
                                    const Actor& actor, Instant now) {
  if (!IsAttendanceMark(status)) return NotAnAttendanceMark();
  const std::optional<std::string> code = storage::NormalizeBookingCode(typed_code);
  if (!code) return Error::not_found;
  return store.ChangeBooking(
      [&](BookingTransaction& transaction) { return SetAttendanceIn(transaction, *code, status, actor, now); });
}

Result<BookingRecord> UndoAttendance(storage::Store& store, std::string_view typed_code, const Actor& actor,
                                     Instant now) {
  const std::optional<std::string> code = storage::NormalizeBookingCode(typed_code);
  if (!code) return Error::not_found;
  return store.ChangeBooking(
      [&](BookingTransaction& transaction) { return UndoAttendanceIn(transaction, *code, actor, now); });
}

Result<int> CloseDay(storage::Store& store, std::string_view desk, engine::Date day, const Actor& actor, Instant now) {
  const Result<engine::DeskCalendar> calendar = store.FindDesk(desk);
  if (!calendar) return calendar.error();
  if (day > engine::LocalDate(now, *calendar->zone)) return Error::too_early;
  // The day sheet names the candidates; each is read again inside the transaction, which decides.
  const Result<std::vector<BookingRecord>> sheet = store.BookingsOn(desk, day);
  if (!sheet) return sheet.error();
  return InTransaction<int>(store, [&](BookingTransaction& transaction) -> Result<int> {
    int marked = 0;
    for (const BookingRecord& listed : *sheet) {
      const std::optional<BookingRecord> booking = transaction.Booking(listed.code);
      if (!booking || booking->status != BookingStatus::booked || booking->start > now) continue;
      MarkAttendance(transaction, *booking, BookingStatus::no_show, actor, now);
      ++marked;
    }
    return marked;
  });
}

}  // namespace sportello::booking
