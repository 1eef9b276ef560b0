// Reading the body of a booking request (applicant booking or staff convocation) into a
// booking::BookRequest, or of a reschedule; and the 201 answer for a booking made. Internal to http/.
#pragma once

#include "booking/booking.h"
#include "http/call.h"
#include "storage/store.h"

#include <optional>

namespace sportello::http {

// Fills `request` from the body {"type","start","application_id","tax_code"?,"email"?,"phone"?,
// "lang"?} and the Idempotency-Key header; `tax_code` is required when `applicant`, refused as
// unknown otherwise. The desk, actor and clock come from the caller. On a bad body: the 400.
std::optional<Response> ReadBookRequest(Call& call, bool applicant, booking::BookRequest& request);

// The new start of a reschedule, from the body {"start"}; on a bad body, the 400 in `refused`.
std::optional<engine::Instant> ReadNewStart(Call& call, std::optional<Response>& refused);

// 201 with Location and the booking including its manage token. Reads nothing from the store, so it
// may run on the thread that committed the booking.
Response BookingCreated(Call& call, const storage::BookOutcome& outcome);

}  // namespace sportello::http
