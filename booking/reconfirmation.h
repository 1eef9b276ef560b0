// Reconfirmation (SPEC.md, "No seat wasted"; the window and the steps are engine/reconfirmation.h's):
// a booking made before its window opens is asked to confirm when it opens (an e-mail with its
// manage link), reminded once, and released when the window closes unconfirmed: the seat is freed
// and offered to the waitlist first, the applicant is told and may book again. A booking made or
// moved inside its window counts as confirmed then. Convocations are exempt unless the type sets
// `reconfirm_staff`. Releases are audited ("booking.release", actor system), confirmations too
// ("booking.confirm"). Each function returns once its change is durably committed, or an error with
// nothing changed (any may also return Error::internal). Thread-safe, like booking.h; a release
// and a late confirmation racing each other end in exactly one of the two.
#pragma once

#include "engine/reconfirmation.h"
#include "storage/booking_transaction.h"
#include "storage/store.h"

#include <optional>
#include <string_view>

namespace sportello::booking {

using engine::Instant;
using engine::Result;
using storage::BookingRecord;

// The applicant confirms booking `code` (canonical or as typed). Inside the window: confirmed_at
// is set (confirming again changes nothing). Errors: not_found; outside_reconfirm_window before or
// after the window, for a type or booking that asks none, and for a booking no longer booked.
Result<BookingRecord> ConfirmBooking(storage::Store& store, std::string_view code, Instant now);

// The reconfirmation window of `booking` as its desk asks it now; nullopt when it asks none.
std::optional<engine::ReconfirmWindow> ReconfirmWindowOf(const engine::DeskCalendar& desk, const BookingRecord& booking);

// What one pass did.
struct ReconfirmPass {
  int asked = 0;
  int reminded = 0;
  int released = 0;
};

// Asks, reminds and releases what is due at `now` across every desk.
Result<ReconfirmPass> RunReconfirmations(storage::Store& store, Instant now);

// `placed` (a booking just made or moved, as stored in this transaction) with its reconfirmation
// restarted: confirmed at `now` when its window is already open, else to be asked when it opens.
// Writes the change when there is one.
void RestartReconfirmation(storage::BookingTransaction& transaction, const engine::DeskCalendar& desk,
                           BookingRecord& placed, Instant now);

}  // namespace sportello::booking
