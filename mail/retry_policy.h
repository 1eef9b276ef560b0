// When to try a message again after a failed attempt: exponential backoff from
// `first_delay`, doubling per attempt up to `max_delay`, until `give_up_after` has passed since
// the message was queued or the appointment it reports (if any) has begun, whichever comes first.
// Thread-safe: pure function.
#pragma once

#include "engine/time.h"

#include <chrono>
#include <optional>

namespace sportello::mail {

struct RetryPolicy {
  std::chrono::seconds first_delay{30};
  std::chrono::seconds max_delay{std::chrono::minutes{30}};
  std::chrono::seconds give_up_after{std::chrono::hours{48}};
};

// The time of the next attempt after `attempts_made` (>= 1) failed attempts of a message queued
// at `queued_at` about an appointment starting at `appointment_start` (nullopt: a message that names
// none, engine::IsAboutAnAppointment); nullopt when it is time to give up. The next attempt is never
// later than the give-up deadline, so the last attempt happens at it.
std::optional<engine::Instant> NextAttempt(const RetryPolicy& policy, engine::Instant queued_at,
                                           std::optional<engine::Instant> appointment_start, int attempts_made,
                                           engine::Instant now);

}  // namespace sportello::mail
