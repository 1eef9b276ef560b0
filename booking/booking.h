// The booking use cases of SPEC.md: book (an applicant, or a convocation by staff or the command
// line), cancel, reschedule and new manage links; attendance is in attendance.h. Each is a plain
// function that owns every rule of its write: the order of the checks, the state changes, idempotency, which change sends the
// applicant a message, and the audit entry. It reads what it needs through a
// storage::BookingTransaction and writes through it, inside the one transaction the store runs it
// in, so what it counted is what exists when its writes commit.
//
// Every function returns once its change is durably committed, or an error with nothing changed.
// Besides the errors listed, any may return Error::internal when the database fails.
// Thread-safe: call from any number of threads; the store serialises the transactions.
#pragma once

#include "storage/booking_transaction.h"
#include "storage/store.h"

#include <optional>
#include <string>
#include <string_view>

namespace sportello::booking {

using engine::Error;
using engine::Instant;
using engine::Result;
using storage::Actor;
using storage::BookingRecord;
using storage::BookOutcome;

struct BookRequest {
  std::string desk;
  std::string type;
  Instant start;
  std::string application_id;
  std::string tax_code;  // as typed by the applicant; ignored for staff
  Actor actor = Actor::Applicant();
  std::string email;     // empty = the application's e-mail
  std::string phone;     // empty = the application's phone
  std::string lang = "it";
  // Whose seats to take when not the actor's own view: a convocation by the system takes an online
  // seat, inside the applicant window, when one is free.
  std::optional<engine::View> seat_view;
  // Optional Idempotency-Key and a hash (any stable digest) of the request body. The same key with
  // the same desk, actor and body hash returns the booking it made again (`replayed`); with another
  // one, invalid_request. Only bookings made are remembered: a refused request may be retried with
  // its key (docs/decisions.md).
  std::optional<std::string> idempotency_key;
  std::string body_hash;
  Instant now;
};

// Books a seat. Checks, in order: idempotency key (replay, or invalid_request when reused with
// another body); lang (invalid_request); desk exists (not_found). Applicants:
// engine::CheckApplicantMayBook (self_booking_disabled, application_not_verified,
// type_not_allowed). Staff and the command line (a convocation): the application must exist at
// this desk (not_found) and allow the type (type_not_allowed); self_booking and the applicant
// window do not apply. Then engine::FindSlot (not_found when the desk does not offer the type,
// not_a_slot), for applicants a month whose draw is not over (draw_in_progress, booking/draw.h),
// engine::CheckSeat with the actor's view (outside_booking_window, slot_full; staff take staff
// seats first and never book in the past), and one active booking per application
// and type (already_booked). Queues a confirmation (applicants) or convocation (staff) and audits
// "booking.create". Bookings made at the same time share one commit (Store::BookTogether).
// Calls `done` once committed, from the committing thread, maybe before returning (see
// Store::BookTogether: `done` must be quick and must not block).
void Book(storage::Store& store, BookRequest request, storage::BookDone done);
// The same, returning once committed.
Result<BookOutcome> Book(storage::Store& store, const BookRequest& request);

// Cancels a booked booking and frees its seat; cancelling a cancelled one returns it unchanged.
// Errors: not_found; invalid_request when it was attended or a no-show; too_late_to_change for
// applicants later than cancel_notice_hours before the start, for staff (acting for the applicant)
// once it started. Queues a cancellation; audited.
Result<BookingRecord> Cancel(storage::Store& store, std::string_view code, const Actor& actor, Instant now);

// Moves a booked booking to the slot of the same desk and type starting at `new_start`, keeping its
// code and manage token; the booking takes the new seat through the actor's channel. Atomic: on any
// error the old seat is kept. Moving to its own start changes nothing. Errors: not_found;
// invalid_request when it is not booked; for applicants self_booking_disabled; too_late_to_change
// (for the old start: applicants within the cancel notice, staff once it started); then not_a_slot,
// outside_booking_window, slot_full as for Book. Queues a reschedule message; audited.
Result<BookingRecord> Reschedule(storage::Store& store, std::string_view code, Instant new_start, const Actor& actor,
                                 Instant now);

// A booking with the manage token that now opens it.
struct ManageLink {
  BookingRecord booking;
  std::string manage_token;
};

// Fresh manage links for an applicant who lost theirs (SPEC.md: POST /applications/manage): after
// the same proof as for booking, the application id and its tax code (engine::VerifyApplicant), a
// new token for each of the application's `booked` bookings, by start; each one's earlier token
// stops working. Audited ("booking.new_link", by the applicant); atomic. No booked booking: an
// empty list. Error: application_not_verified, the same for an unknown id and a wrong tax code.
Result<std::vector<ManageLink>> RenewManageLinks(storage::Store& store, std::string_view application_id,
                                                 std::string_view tax_code, Instant now);

// Sends a booked booking's manage link again (staff, for an applicant who lost it): a new token
// replaces the old one and a confirmation carrying it is queued to the booking's e-mail address;
// audited ("booking.new_link"). True when queued; false (and nothing changed) when the booking has
// no e-mail address. Errors: not_found; invalid_request when it is not booked.
Result<bool> ResendLink(storage::Store& store, std::string_view code, const Actor& actor, Instant now);

// The same for an applicant who lost their link, with the proof of RenewManageLinks: a new link
// mailed for each of the application's `booked` bookings that has an e-mail address (the earlier
// link of each stops working). Returns how many were queued (0: none has an address, nothing
// changed). Error: application_not_verified, as for RenewManageLinks.
Result<int> ResendLinks(storage::Store& store, std::string_view application_id, std::string_view tax_code,
                        Instant now);

}  // namespace sportello::booking
