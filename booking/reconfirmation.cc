#include "booking/reconfirmation.h"

#include "booking/in_transaction.h"
#include "booking/waitlist.h"
#include "storage/secrets.h"

namespace sportello::booking {

namespace {

using engine::BookingStatus;
using engine::ReconfirmStep;
using storage::Actor;
using storage::BookingTransaction;
using storage::NoticeKind;

bool SameReconfirmation(const BookingRecord& a, const BookingRecord& b) {
  return a.confirmed_at == b.confirmed_at && a.reconfirm_asked_at == b.reconfirm_asked_at &&
         a.reconfirm_reminded_at == b.reconfirm_reminded_at;
}

// The step due for `booking` at `now`, or none when it asks no reconfirmation or is settled.
ReconfirmStep DueStep(const engine::DeskCalendar& desk, const BookingRecord& booking, Instant now) {
  if (booking.status != BookingStatus::booked || booking.confirmed_at) return ReconfirmStep::none;
  const std::optional<engine::ReconfirmWindow> window = ReconfirmWindowOf(desk, booking);
  if (!window) return ReconfirmStep::none;
  return engine::DueReconfirmStep(
      *window, {booking.reconfirm_asked_at.has_value(), booking.reconfirm_reminded_at.has_value()}, now);
}

// Takes the step due for booking `code`, read again inside the transaction; false when none is due
// any more (another node took it, the applicant confirmed or cancelled).
bool TakeStep(BookingTransaction& transaction, std::string_view code, Instant now, ReconfirmStep& taken) {
  const std::optional<BookingRecord> booking = transaction.Booking(code);
  if (!booking) return false;
  const std::shared_ptr<const engine::DeskCalendar> desk = transaction.Desk(booking->desk);
  if (!desk) return false;
  taken = DueStep(*desk, *booking, now);
  BookingRecord after = *booking;
  switch (taken) {
    case ReconfirmStep::none: return false;
    case ReconfirmStep::ask:
    case ReconfirmStep::remind:
      (taken == ReconfirmStep::ask ? after.reconfirm_asked_at : after.reconfirm_reminded_at) = now;
      transaction.SetReconfirmation(*booking, after);
      transaction.Enqueue(taken == ReconfirmStep::ask ? NoticeKind::reconfirm : NoticeKind::reconfirm_reminder, after,
                          nullptr, transaction.ManageToken(code), now);
      return true;
    case ReconfirmStep::release:
      after.status = BookingStatus::released;
      after.updated_at = now;
      transaction.SetStatus(*booking, after);
      transaction.Audit("booking.release", Actor::System(), &*booking, after, now);
      transaction.Enqueue(NoticeKind::released, after, nullptr, transaction.ManageToken(code), now);
      OfferFreedSeat(transaction, *desk, booking->type, booking->start, now);
      return true;
  }
  return false;
}

}  // namespace

std::optional<engine::ReconfirmWindow> ReconfirmWindowOf(const engine::DeskCalendar& desk, const BookingRecord& booking) {
  const engine::TypeCalendar* type = desk.FindType(booking.type);
  if (type == nullptr || !engine::AsksReconfirmation(*type, booking.created_by == Actor::Applicant().who)) {
    return std::nullopt;
  }
  return engine::ReconfirmWindowOf(*type, booking.start, *desk.zone);
}

void RestartReconfirmation(BookingTransaction& transaction, const engine::DeskCalendar& desk, BookingRecord& placed,
                           Instant now) {
  const BookingRecord before = placed;
  placed.confirmed_at.reset();
  placed.reconfirm_asked_at.reset();
  placed.reconfirm_reminded_at.reset();
  const std::optional<engine::ReconfirmWindow> window = ReconfirmWindowOf(desk, placed);
  if (window && now >= window->from) placed.confirmed_at = now;
  if (!SameReconfirmation(before, placed)) transaction.SetReconfirmation(before, placed);
}

Result<BookingRecord> ConfirmBooking(storage::Store& store, std::string_view typed_code, Instant now) {
  const std::optional<std::string> code = storage::NormalizeBookingCode(typed_code);
  if (!code) return engine::Error::not_found;
  return store.ChangeBooking([&](BookingTransaction& transaction) -> Result<BookingRecord> {
    const std::optional<BookingRecord> booking = transaction.Booking(*code);
    if (!booking) return engine::Error::not_found;
    const std::shared_ptr<const engine::DeskCalendar> desk = transaction.Desk(booking->desk);
    const std::optional<engine::ReconfirmWindow> window = desk ? ReconfirmWindowOf(*desk, *booking) : std::nullopt;
    if (booking->status != BookingStatus::booked || !window) return engine::Error::outside_reconfirm_window;
    if (booking->confirmed_at) return *booking;
    if (!engine::InsideWindow(*window, now)) return engine::Error::outside_reconfirm_window;
    BookingRecord confirmed = *booking;
    confirmed.confirmed_at = now;
    transaction.SetReconfirmation(*booking, confirmed);
    transaction.Audit("booking.confirm", Actor::Applicant(), &*booking, confirmed, now);
    return confirmed;
  });
}

Result<ReconfirmPass> RunReconfirmations(storage::Store& store, Instant now) {
  auto desks = store.LoadDesks();
  if (!desks) return desks.error();
  ReconfirmPass pass;
  for (const engine::DeskCalendar& desk : *desks) {
    int longest = 0;  // the earliest a window opens, in days before the appointment
    for (const auto& [id, type] : desk.types) {
      if (type.reconfirm) longest = std::max(longest, type.reconfirm->from_days);
    }
    if (longest == 0) continue;
    auto bookings = store.BookingsBetween(desk.desk, now, now + std::chrono::days{longest + 2});
    if (!bookings) return bookings.error();
    for (const BookingRecord& booking : *bookings) {
      if (DueStep(desk, booking, now) == ReconfirmStep::none) continue;
      ReconfirmStep taken = ReconfirmStep::none;
      auto done = InTransaction<bool>(store, [&](BookingTransaction& transaction) -> Result<bool> {
        return TakeStep(transaction, booking.code, now, taken);
      });
      if (!done) return done.error();
      if (!*done) continue;
      pass.asked += taken == ReconfirmStep::ask ? 1 : 0;
      pass.reminded += taken == ReconfirmStep::remind ? 1 : 0;
      pass.released += taken == ReconfirmStep::release ? 1 : 0;
    }
  }
  return pass;
}

}  // namespace sportello::booking
