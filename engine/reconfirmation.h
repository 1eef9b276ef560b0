// Reconfirmation (SPEC.md, "No seat wasted"): a type may ask that its bookings be confirmed again
// between `reconfirm.from_days` and `reconfirm.until_days` days before the appointment's date. A
// booking made before that window opens is asked when it opens, reminded once, and released when
// it closes unconfirmed. Convocations (made by staff or the system) are exempt unless the type
// sets `reconfirm_staff`. Pure rules; booking/reconfirmation.h applies them.
// Thread-safe: plain values, pure functions.
#pragma once

#include "engine/calendar.h"
#include "engine/time.h"

#include <optional>

namespace sportello::engine {

// [from, until): from the local midnight that begins the date `from_days` before the
// appointment's date to the local midnight that ends the date `until_days` before it.
struct ReconfirmWindow {
  Instant from;
  Instant until;
  // When the one reminder is due: two days before the window closes, or halfway through a window
  // shorter than four days.
  Instant RemindAt() const;
};

// The window of a booking of `type` starting at `start`; nullopt when the type asks none.
std::optional<ReconfirmWindow> ReconfirmWindowOf(const TypeCalendar& type, Instant start, const date::time_zone& zone);

// True when a booking made by `created_by_applicant` (false: a convocation by staff or the system)
// must be reconfirmed: the type asks, and for convocations the type sets reconfirm_staff.
bool AsksReconfirmation(const TypeCalendar& type, bool created_by_applicant);

// What an unconfirmed booking needs at `now`, given what was already done: asked once the window
// opens, reminded once at RemindAt(), released once it closes; never released unasked.
enum class ReconfirmStep { none, ask, remind, release };
struct ReconfirmProgress {
  bool asked = false;
  bool reminded = false;
};
ReconfirmStep DueReconfirmStep(const ReconfirmWindow& window, ReconfirmProgress progress, Instant now);

// True when a confirmation at `now` is accepted: inside [from, until).
inline bool InsideWindow(const ReconfirmWindow& window, Instant now) { return window.from <= now && now < window.until; }

}  // namespace sportello::engine
