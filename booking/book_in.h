// The booking decisions of booking.cc that other use cases run inside transactions of their own:
// accepting a waitlist offer books or moves like an applicant, and a convocation by the system
// books like staff. Internal to booking/. Thread-safety: one transaction, one thread.
#pragma once

#include "booking/booking.h"

namespace sportello::booking {

// Book's decision (booking.h) inside `transaction`.
Result<BookOutcome> BookIn(storage::BookingTransaction& transaction, const BookRequest& request);

// Reschedule's decision (booking.h) inside `transaction`; `code` is canonical. The seat it frees is
// offered to the waitlist (waitlist.h).
Result<BookingRecord> RescheduleIn(storage::BookingTransaction& transaction, std::string_view code,
                                   Instant new_start, const Actor& actor, Instant now);

}  // namespace sportello::booking
