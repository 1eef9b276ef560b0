// When a failed message is tried again (mail/retry_policy.h).
#include "mail/retry_policy.h"

#include <catch2/catch.hpp>

namespace sportello::mail {
namespace {

using namespace std::chrono_literals;

const engine::Instant kQueued = *engine::ParseInstant("2026-11-02T09:00:00+01:00");
const engine::Instant kAppointment = *engine::ParseInstant("2026-11-20T09:00:00+01:00");

TEST_CASE("backoff doubles from the first delay up to the maximum") {
  const RetryPolicy policy{.first_delay = 30s, .max_delay = 10min, .give_up_after = 48h};
  const engine::Instant now = kQueued + 1h;
  CHECK(NextAttempt(policy, kQueued, kAppointment, 1, now) == now + 30s);
  CHECK(NextAttempt(policy, kQueued, kAppointment, 2, now) == now + 60s);
  CHECK(NextAttempt(policy, kQueued, kAppointment, 3, now) == now + 120s);
  CHECK(NextAttempt(policy, kQueued, kAppointment, 5, now) == now + 480s);
  CHECK(NextAttempt(policy, kQueued, kAppointment, 6, now) == now + 10min);
  CHECK(NextAttempt(policy, kQueued, kAppointment, 60, now) == now + 10min);  // no overflow
}

TEST_CASE("the last attempt is at the give-up time, and after it there is none") {
  const RetryPolicy policy{.first_delay = 30s, .max_delay = 1h, .give_up_after = 2h};
  CHECK(NextAttempt(policy, kQueued, kAppointment, 8, kQueued + 90min) == kQueued + 2h);
  CHECK_FALSE(NextAttempt(policy, kQueued, kAppointment, 9, kQueued + 2h).has_value());
  CHECK_FALSE(NextAttempt(policy, kQueued, kAppointment, 9, kQueued + 3h).has_value());
}

TEST_CASE("nothing is retried once the appointment has begun") {
  const RetryPolicy policy{.first_delay = 30s, .max_delay = 1h, .give_up_after = 48h};
  const engine::Instant soon = kQueued + 1h;
  CHECK(NextAttempt(policy, kQueued, soon, 3, kQueued + 59min) == soon);
  CHECK_FALSE(NextAttempt(policy, kQueued, soon, 3, soon).has_value());
}

TEST_CASE("a message that names no appointment is retried until the give-up time") {
  const RetryPolicy policy{.first_delay = 30s, .max_delay = 1h, .give_up_after = 48h};
  CHECK(NextAttempt(policy, kQueued, std::nullopt, 1, kQueued) == kQueued + 30s);
  CHECK(NextAttempt(policy, kQueued, std::nullopt, 20, kQueued + 47h + 30min) == kQueued + 48h);
  CHECK_FALSE(NextAttempt(policy, kQueued, std::nullopt, 21, kQueued + 48h).has_value());
}

}  // namespace
}  // namespace sportello::mail
