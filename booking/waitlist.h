// The waitlist of SPEC.md, "No seat wasted": an applicant, with the same proof as for booking,
// waits for an earlier seat of one type at one desk (any seat when they have no booking of it,
// only on dates before `before` when they give one). A seat that frees up is offered to the first
// entry in line it fits (engine/waitlist.h) and held for that entry alone: it counts as taken for
// everyone else until the offer is accepted, declined or expires, and then goes to the next entry.
// Rules, each in one place here:
// - a seat freed by a cancellation, a move, a release or a declined or expired offer is offered in
//   the transaction that frees it, so no one else can take it in between (OfferFreedSeat);
// - seats that appear otherwise (a calendar with more capacity or a new opening, the horizon
//   moving on) are offered by MatchWaitlists, which the server runs every minute;
// - accepting books the seat, moving the applicant's booking of that type there if they have one,
//   in one transaction; the seat freed by that move is offered on in the same transaction;
// - only seats an applicant could book now are offered (booking window, online seats, the desk
//   open to self-booking); an offer never outlasts the type's minimum notice before the seat.
// Every change is audited ("waitlist.join", "waitlist.offer", "waitlist.accept", "waitlist.leave",
// "waitlist.expire"); offers are e-mailed. Each function returns once its change is durably
// committed, or an error with nothing changed (any may also return Error::internal).
// Thread-safe, like booking.h; every rule holds across nodes sharing one database.
#pragma once

#include "storage/booking_transaction.h"
#include "storage/store.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sportello::booking {

using engine::Instant;
using engine::Result;
using storage::BookOutcome;
using storage::WaitlistEntry;

struct JoinRequest {
  std::string desk;
  std::string type;
  std::string application_id;
  std::string tax_code;  // as typed
  std::optional<engine::Date> before;
  std::string email;     // empty: the application's
  std::string lang = "it";
  Instant now;
};

// An entry with its place in line (1 = next; 0 once it is no longer in line).
struct PlacedEntry {
  WaitlistEntry entry;
  int position = 0;
};

struct JoinedWaitlist {
  PlacedEntry placed;
  std::string token;  // opens the entry (GET, DELETE, accept); shown once and e-mailed with offers
};

// Puts an application in line. Checks, in order: lang (invalid_request); desk (not_found);
// engine::CheckApplicantMayBook (self_booking_disabled, application_not_verified,
// type_not_allowed); the type keeps a waitlist (waitlist_closed); `before` later than tomorrow
// at the desk (invalid_request naming "before"); no active entry of the application for the type
// (already_waiting). When a seat that fits is free already, it is offered at once.
Result<JoinedWaitlist> JoinWaitlist(storage::Store& store, const JoinRequest& request);

// The entry `id` opened with `token`, with its place in line. Error: not_found (also for a wrong token).
Result<PlacedEntry> FindEntry(storage::Store& store, std::string_view id, std::string_view token);

// Leaves the line; an offer held is declined and goes to the next entry. Leaving an entry no longer
// in line returns it unchanged. Error: not_found.
Result<WaitlistEntry> LeaveWaitlist(storage::Store& store, std::string_view id, std::string_view token, Instant now);

// Takes the seat offered to entry `id`: a new booking, or the application's booking of the type
// moved there (same code; its manage token is returned when the store keeps it). Errors:
// not_found; no_offer when the entry holds no offer; offer_expired; self_booking_disabled;
// outside_booking_window when the seat can no longer be booked by an applicant.
Result<BookOutcome> AcceptOffer(storage::Store& store, std::string_view id, std::string_view token, Instant now);

// What the periodic pass did.
struct WaitlistPass {
  int expired = 0;  // offers that ran out
  int offered = 0;  // offers made (to the next in line or from seats found free)
};

// Ends the offers expired at `now` (each seat is offered to the next entry it fits), then offers
// the free seats of every line with someone waiting, in line order.
Result<WaitlistPass> MatchWaitlists(storage::Store& store, Instant now);

// The active entries of application `id`, each with its place and its token, newest first: for an
// applicant who proved who they are (tax code, or a manage token of the application's booking).
Result<std::vector<JoinedWaitlist>> ActiveEntriesOf(storage::Store& store, std::string_view application_id);

// The entries of `desk` and `type` in line, for staff. Error: not_found for an unknown desk.
Result<std::vector<PlacedEntry>> WaitlistForStaff(storage::Store& store, std::string_view desk, std::string_view type);

// Inside a transaction that just freed a seat of `desk`'s `type` at `start` (a cancellation, a
// move, a release, an offer declined or expired): offers it to the first waiting entry it fits,
// when an applicant could book it now. Returns true when an offer was made.
bool OfferFreedSeat(storage::BookingTransaction& transaction, const engine::DeskCalendar& desk,
                    std::string_view type, Instant start, Instant now);

}  // namespace sportello::booking
