#include "booking/booking.h"

#include "booking/book_in.h"
#include "booking/idempotency.h"
#include "booking/in_transaction.h"
#include "booking/reconfirmation.h"
#include "booking/waitlist.h"
#include "engine/application.h"
#include "engine/booking_rules.h"
#include "engine/language.h"
#include "engine/release.h"
#include "storage/secrets.h"

#include <future>
#include <memory>

namespace sportello::booking {

namespace {

using engine::BookingStatus;
using storage::BookingTransaction;
using storage::NoticeKind;

// Who may book for `application` at the request's desk, before any seat is looked at: applicants
// by SPEC.md's checks, staff for an application of their desk that allows the type.
Result<void> CheckMayBook(const BookRequest& request, const engine::DeskCalendar& desk,
                          const engine::Application* application) {
  if (request.actor.is_applicant()) {
    return engine::CheckApplicantMayBook(application, desk, request.tax_code, request.type);
  }
  if (application == nullptr || application->desk != request.desk) return Error::not_found;
  if (!application->Allows(request.type)) return Error::type_not_allowed;
  return {};
}

// True when the slot's month was released with a draw whose window has closed but which is not
// drawn yet: its seats wait for the draw (inside the window, engine::CheckSeat refuses them).
bool DrawPendingFor(BookingTransaction& transaction, const engine::DeskCalendar& desk, std::string_view type,
                    const engine::Slot& slot, Instant now) {
  const engine::TypeCalendar* calendar = desk.FindType(type);
  if (calendar == nullptr || !engine::HasDraw(*calendar)) return false;
  const date::year_month month = engine::MonthOf(engine::Date{date::floor<date::days>(slot.local_start)});
  if (now < engine::ReleaseOf(*calendar->release, month, *desk.zone).draw_closes_at) return false;
  return transaction.DrawPending(desk.desk, type, month);
}

// The slot at `start` of the booking's type, if `view` may take a seat in it at `now`.
Result<engine::Slot> FreeSeat(BookingTransaction& transaction, const engine::DeskCalendar& desk, std::string_view type,
                              Instant start, engine::View view, Instant now) {
  const Result<engine::Slot> slot = engine::FindSlot(desk, type, start);
  if (!slot) return slot.error();
  if (view == engine::View::applicant && DrawPendingFor(transaction, desk, type, *slot, now)) {
    return Error::draw_in_progress;
  }
  const engine::SeatUse use = transaction.SeatsTaken(desk.desk, type, slot->start);
  if (auto seat = engine::CheckSeat(desk, *desk.FindType(type), *slot, now, view, use); !seat) return seat.error();
  return slot;
}

// Applicants may change a booking only up to the type's cancel notice before it starts; staff, on
// their behalf, until it starts (never in the past).
Result<void> CheckMayChange(const Actor& actor, const engine::DeskCalendar* desk, const BookingRecord& booking,
                            Instant now) {
  if (!actor.is_applicant()) return booking.start > now ? Result<void>{} : Result<void>{Error::too_late_to_change};
  const engine::TypeCalendar* type = desk ? desk->FindType(booking.type) : nullptr;
  if (type == nullptr) return {};  // the desk no longer offers the type: nothing left to protect
  return engine::CheckChangeAllowed(*type, booking.start, now);
}

}  // namespace

Result<BookOutcome> BookIn(BookingTransaction& transaction, const BookRequest& request) {
  std::optional<IdempotencyKey> key;
  if (request.idempotency_key) {
    key = IdempotencyKey::Of(request);
    if (auto replay = Replay(transaction, *key, *request.idempotency_key)) {
      if (*replay) {
        const std::shared_ptr<const engine::DeskCalendar> desk = transaction.Desk((*replay)->booking.desk);
        if (!desk) return Error::internal;  // a booking's desk always exists (foreign key)
        (*replay)->desk = desk;
      }
      return *replay;
    }
  }
  const std::optional<engine::Language> lang = engine::ParseLanguage(request.lang);
  if (!lang) return Error::invalid_request;
  const std::shared_ptr<const engine::DeskCalendar> desk = transaction.Desk(request.desk);
  if (!desk) return Error::not_found;
  const std::optional<engine::Application> application = transaction.Application(request.application_id);
  if (auto allowed = CheckMayBook(request, *desk, application ? &*application : nullptr); !allowed) {
    return allowed.error();
  }
  const engine::View view = request.seat_view.value_or(request.actor.view());
  const Result<engine::Slot> slot = FreeSeat(transaction, *desk, request.type, request.start, view, request.now);
  if (!slot) return slot.error();
  if (transaction.HasActiveBooking(request.application_id, request.type)) return Error::already_booked;

  BookOutcome outcome{.booking = {.code = transaction.UnusedBookingCode(desk->province),
                                  .desk = request.desk,
                                  .type = request.type,
                                  .start = slot->start,
                                  .end = slot->end,
                                  .status = BookingStatus::booked,
                                  .application_id = request.application_id,
                                  .channel = engine::ChannelOf(view),
                                  .email = request.email.empty() ? application->email : request.email,
                                  .phone = request.phone.empty() ? application->phone : request.phone,
                                  .lang = std::string(engine::LanguageCode(*lang)),
                                  .created_at = request.now,
                                  .created_by = request.actor.who,
                                  .updated_at = request.now,
                                  .confirmed_at = std::nullopt,
                                  .reconfirm_asked_at = std::nullopt,
                                  .reconfirm_reminded_at = std::nullopt},
                      .manage_token = storage::NewManageToken(),
                      .replayed = false,
                      .desk = desk};
  transaction.Insert(outcome.booking, outcome.manage_token);
  RestartReconfirmation(transaction, *desk, outcome.booking, request.now);
  if (key) Remember(transaction, *key, *request.idempotency_key, outcome, request.now);
  transaction.Enqueue(request.actor.is_applicant() ? NoticeKind::confirmation : NoticeKind::convocation,
                      outcome.booking, nullptr, outcome.manage_token, request.now);
  transaction.Audit("booking.create", request.actor, nullptr, outcome.booking, request.now);
  return outcome;
}

namespace {

Result<BookingRecord> CancelIn(BookingTransaction& transaction, std::string_view code, const Actor& actor,
                               Instant now) {
  const std::optional<BookingRecord> booking = transaction.Booking(code);
  if (!booking) return Error::not_found;
  if (booking->status == BookingStatus::cancelled) return *booking;
  if (booking->status != BookingStatus::booked) return Error::invalid_request;
  if (auto allowed = CheckMayChange(actor, transaction.Desk(booking->desk).get(), *booking, now); !allowed) {
    return allowed.error();
  }
  BookingRecord cancelled = *booking;
  cancelled.status = BookingStatus::cancelled;
  cancelled.updated_at = now;
  transaction.SetStatus(*booking, cancelled);
  transaction.Audit("booking.cancel", actor, &*booking, cancelled, now);
  transaction.Enqueue(NoticeKind::cancellation, cancelled, nullptr, "", now);
  if (auto desk = transaction.Desk(booking->desk)) OfferFreedSeat(transaction, *desk, booking->type, booking->start, now);
  return cancelled;
}

}  // namespace

Result<BookingRecord> RescheduleIn(BookingTransaction& transaction, std::string_view code, Instant new_start,
                                   const Actor& actor, Instant now) {
  const std::optional<BookingRecord> booking = transaction.Booking(code);
  if (!booking) return Error::not_found;
  if (booking->status != BookingStatus::booked) return Error::invalid_request;
  const std::shared_ptr<const engine::DeskCalendar> desk = transaction.Desk(booking->desk);
  if (!desk) return Error::internal;  // a booking's desk always exists (foreign key)
  if (actor.is_applicant()) {
    if (auto open = engine::CheckSelfBookingOpen(*desk); !open) return open.error();
  }
  if (auto allowed = CheckMayChange(actor, desk.get(), *booking, now); !allowed) return allowed.error();
  if (new_start == booking->start) return *booking;
  const engine::View view = actor.view();
  const Result<engine::Slot> slot = FreeSeat(transaction, *desk, booking->type, new_start, view, now);
  if (!slot) return slot.error();

  BookingRecord moved = *booking;
  moved.start = slot->start;
  moved.end = slot->end;
  moved.channel = engine::ChannelOf(view);
  moved.updated_at = now;
  transaction.Move(*booking, moved);
  RestartReconfirmation(transaction, *desk, moved, now);
  transaction.Audit("booking.reschedule", actor, &*booking, moved, now);
  transaction.Enqueue(NoticeKind::reschedule, moved, &*booking, "", now);
  OfferFreedSeat(transaction, *desk, booking->type, booking->start, now);
  return moved;
}

void Book(storage::Store& store, BookRequest request, storage::BookDone done) {
  auto shared = std::make_shared<const BookRequest>(std::move(request));
  store.BookTogether([shared](BookingTransaction& transaction) { return BookIn(transaction, *shared); },
                     std::move(done));
}

Result<BookOutcome> Book(storage::Store& store, const BookRequest& request) {
  std::promise<Result<BookOutcome>> committed;
  Book(store, request, [&committed](Result<BookOutcome> outcome) { committed.set_value(std::move(outcome)); });
  return committed.get_future().get();
}

Result<BookingRecord> Cancel(storage::Store& store, std::string_view typed_code, const Actor& actor, Instant now) {
  const std::optional<std::string> code = storage::NormalizeBookingCode(typed_code);
  if (!code) return Error::not_found;
  return store.ChangeBooking([&](BookingTransaction& transaction) { return CancelIn(transaction, *code, actor, now); });
}

namespace {

// The `booked` bookings of an application, after the applicant's proof (engine::VerifyApplicant:
// the same answer for an unknown id and a wrong tax code).
Result<std::vector<BookingRecord>> VerifiedActiveBookings(BookingTransaction& transaction,
                                                          std::string_view application_id, std::string_view tax_code) {
  const std::optional<engine::Application> application = transaction.Application(application_id);
  const engine::Application* found = application ? &*application : nullptr;
  if (auto verified = engine::VerifyApplicant(found, found != nullptr ? found->desk : "", tax_code); !verified) {
    return verified.error();
  }
  return transaction.ActiveBookingsOf(application_id);
}

}  // namespace

Result<std::vector<ManageLink>> RenewManageLinks(storage::Store& store, std::string_view application_id,
                                                 std::string_view tax_code, Instant now) {
  using Links = std::vector<ManageLink>;
  return InTransaction<Links>(store, [&](BookingTransaction& transaction) -> Result<Links> {
    auto bookings = VerifiedActiveBookings(transaction, application_id, tax_code);
    if (!bookings) return bookings.error();
    Links links;
    for (BookingRecord& booking : *bookings) {
      std::string token = storage::NewManageToken();
      transaction.ReplaceManageToken(booking.code, token);
      transaction.Audit("booking.new_link", Actor::Applicant(), &booking, booking, now);
      links.push_back(ManageLink{std::move(booking), std::move(token)});
    }
    return links;
  });
}

namespace {

// A new manage token for `booking`, mailed in a confirmation to its address (which it must have).
void MailNewLink(BookingTransaction& transaction, const BookingRecord& booking, const Actor& actor, Instant now) {
  std::string token = storage::NewManageToken();
  transaction.ReplaceManageToken(booking.code, token);
  transaction.Audit("booking.new_link", actor, &booking, booking, now);
  transaction.Enqueue(NoticeKind::confirmation, booking, nullptr, token, now);
}

}  // namespace

Result<int> ResendLinks(storage::Store& store, std::string_view application_id, std::string_view tax_code,
                        Instant now) {
  return InTransaction<int>(store, [&](BookingTransaction& transaction) -> Result<int> {
    auto bookings = VerifiedActiveBookings(transaction, application_id, tax_code);
    if (!bookings) return bookings.error();
    int queued = 0;
    for (const BookingRecord& booking : *bookings) {
      if (booking.email.empty()) continue;
      MailNewLink(transaction, booking, Actor::Applicant(), now);
      ++queued;
    }
    return queued;
  });
}

Result<bool> ResendLink(storage::Store& store, std::string_view typed_code, const Actor& actor, Instant now) {
  const std::optional<std::string> code = storage::NormalizeBookingCode(typed_code);
  if (!code) return Error::not_found;
  return InTransaction<bool>(store, [&](BookingTransaction& transaction) -> Result<bool> {
    const std::optional<BookingRecord> booking = transaction.Booking(*code);
    if (!booking) return Error::not_found;
    if (booking->status != BookingStatus::booked) return Error::invalid_request;
    if (booking->email.empty()) return false;  // nowhere to send it: nothing changes
    MailNewLink(transaction, *booking, actor, now);
    return true;
  });
}

Result<BookingRecord> Reschedule(storage::Store& store, std::string_view typed_code, Instant new_start,
                                 const Actor& actor, Instant now) {
  const std::optional<std::string> code = storage::NormalizeBookingCode(typed_code);
  if (!code) return Error::not_found;
  return store.ChangeBooking(
      [&](BookingTransaction& transaction) { return RescheduleIn(transaction, *code, new_start, actor, now); });
}

}  // namespace sportello::booking
