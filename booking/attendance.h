// The day of the appointment at the desk (SPEC.md, "Staff"): staff mark each booking attended or
// no-show, may undo a mark the same day, and at the end of a day mark everyone still expected as
// no-show. Rules, each in one place here:
// - a mark is accepted only from the appointment's day on, in the desk's time zone (too_early);
// - a mark may be corrected (attended <-> no_show) at any time, and undone (back to booked) only on
//   the local day it was made, while the booking's seat is still its own;
// - closing a day marks the bookings of that day that are still booked and have started.
// - a visit marked attended, by hand or at a counter, invites the applicant to rate it (an e-mail of
//   kind `feedback` through the outbox); no other mark sends anything.
// Every change is audited. Each function returns once its change
// is durably committed, or an error with nothing changed (any may also return Error::internal).
// Thread-safe, like booking.h.
#pragma once

#include "storage/booking_transaction.h"
#include "storage/store.h"

#include <string_view>

namespace sportello::booking {

using engine::Instant;
using engine::Result;
using storage::Actor;
using storage::BookingRecord;

// The attendance mark named `name`: attended or no_show. Error: invalid_request naming "status".
Result<engine::BookingStatus> ParseAttendance(std::string_view name);

// Records attendance: `status` must be attended or no_show (else invalid_request); a mark may be
// corrected. Errors: not_found; invalid_request when cancelled; too_early before the local day of
// the appointment. Audited ("booking.attendance").
Result<BookingRecord> SetAttendance(storage::Store& store, std::string_view code, engine::BookingStatus status,
                                    const Actor& actor, Instant now);

// Takes a mark back: the booking is `booked` again. Errors: not_found; invalid_request when it is
// not marked; too_late_to_change when the mark was made on an earlier local day; slot_full when the
// booking's seat, freed by the mark, has since been given to someone else (its slot has not
// started and no seat of it is left); already_booked when the application has booked that type
// again since. Audited ("booking.attendance_undo").
Result<BookingRecord> UndoAttendance(storage::Store& store, std::string_view code, const Actor& actor, Instant now);

// Marks `booking` attended or no_show inside `transaction` (the one place a mark is written, for
// the day sheet and the counters alike), audited as "booking.attendance"; an attended visit queues
// the invitation to rate it. Returns the booking as marked.
storage::BookingRecord MarkAttendance(storage::BookingTransaction& transaction, const storage::BookingRecord& booking,
                                      engine::BookingStatus status, const Actor& actor, Instant now);

// Marks as no_show every booking of `desk` on local date `day` that is still booked and whose start
// is not after `now`, in one transaction; returns how many. Errors: not_found for an unknown desk;
// too_early when `day` is after today at the desk. Each change is audited ("booking.attendance").
Result<int> CloseDay(storage::Store& store, std::string_view desk, engine::Date day, const Actor& actor, Instant now);

}  // namespace sportello::booking
