// Automatic convocation (SPEC.md, "No seat wasted"): an application that may book a type whose
// calendar sets `auto_convene_after_days`, and still has no booking of it that many days after it
// became bookable, is convened by the system (actor `system`), once per application and type:
// - into the earliest seat inside the applicant booking window, an online seat when one is free,
//   else a staff seat;
// - announced like a convocation by staff (e-mail with the manage link, so the person can move or
//   cancel), audited as "booking.create".
// An application that cancels afterwards is not convened again, nor one whose booking was released
// for want of a reconfirmation (it may book again itself): staff decide then. The server runs
// it every hour; `sportello convene-due` on demand. Thread-safe, like booking.h; two nodes running
// it at once convene each application once.
#pragma once

#include "storage/store.h"

#include <optional>
#include <string>
#include <vector>

namespace sportello::booking {

using engine::Instant;
using engine::Result;

// One application convened (or, in a dry run, to be convened).
struct Convocation {
  std::string application_id;
  std::string desk;
  std::string type;
  std::optional<storage::BookingRecord> booking;  // the booking made; in a dry run, the seat chosen
  bool no_seat = false;  // nothing free inside the window: tried again at the next pass
};

// Convenes every application due at `now` (at most `limit` per desk and type per pass). With
// `dry_run`, changes nothing and reports what it would do.
Result<std::vector<Convocation>> ConveneDue(storage::Store& store, Instant now, bool dry_run, int limit = 500);

}  // namespace sportello::booking
