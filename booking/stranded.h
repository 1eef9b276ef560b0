// Bookings a calendar change strands (SPEC.md, "Calendar file": a staff calendar PUT with
// `?stranded=move` or `?stranded=cancel`): after the new calendar is stored, each booking whose
// start is no longer a slot is moved to the nearest free seat of its type, or cancelled, each
// through the booking use cases (booking.h), so every rule of a move or a cancellation applies, the
// person is e-mailed and the change audited with the staff member as actor.
//
// The nearest seat is the free seat (staff seats allowed) whose start is closest to the booking's,
// at least the type's `min_notice_hours` from now (so the person has the notice anyone booking
// online would), within kMaxRangeDays around the old start; on a tie the later one. A booking
// that cannot be moved (no free seat, the type no longer offered) stays booked and is reported
// "kept" for staff to handle. Each booking is its own transaction: a failure part-way leaves the
// rest booked and reported, never half changed. Thread-safe, like booking.h.
#pragma once

#include "storage/store.h"

#include <optional>
#include <string>
#include <vector>

namespace sportello::booking {

enum class StrandedAction { keep, move, cancel };

// "keep", "move", "cancel" (the `stranded` query values); nullopt for anything else.
std::optional<StrandedAction> ParseStrandedAction(std::string_view name);

struct StrandedOutcome {
  enum class Kind { kept, moved, cancelled };
  Kind kind = Kind::kept;
  storage::BookingRecord booking;                 // as it is now
  std::optional<engine::Instant> previous_start;  // moved: where it was
};

// "kept", "moved", "cancelled".
std::string_view OutcomeName(StrandedOutcome::Kind kind);

// Applies `action` to each of `stranded` (as CalendarChange lists them), in order. keep changes
// nothing. Errors: only Error::internal / unavailable from the database, when a booking could not
// even be read; a booking that changed meanwhile (cancelled by its applicant) is reported kept.
engine::Result<std::vector<StrandedOutcome>> ResolveStranded(storage::Store& store,
                                                              const std::vector<storage::BookingRecord>& stranded,
                                                              StrandedAction action, const storage::Actor& actor,
                                                              engine::Instant now);

}  // namespace sportello::booking
