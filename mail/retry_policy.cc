#include "mail/retry_policy.h"

#include <algorithm>

namespace sportello::mail {

std::optional<engine::Instant> NextAttempt(const RetryPolicy& policy, engine::Instant queued_at,
                                           std::optional<engine::Instant> appointment_start, int attempts_made,
                                           engine::Instant now) {
  engine::Instant deadline = queued_at + policy.give_up_after;
  if (appointment_start) deadline = std::min(deadline, *appointment_start);
  if (now >= deadline) return std::nullopt;
  std::chrono::seconds delay = policy.first_delay;
  for (int i = 1; i < attempts_made && delay < policy.max_delay; ++i) delay *= 2;
  delay = std::min(delay, policy.max_delay);
  return std::min(now + delay, deadline);
}

}  // namespace sportello::mail
