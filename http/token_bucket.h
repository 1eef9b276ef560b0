// Token-bucket arithmetic, the one place of it: a bucket holds at most `burst` tokens and gets
// `per_second` back; a key never seen is full. Used by RateLimiter (per-address limits, in one
// process's memory, on the steady clock) and by the failed-verification limit (per application,
// kept in the database so every node counts the same failures, on the server clock).
// Thread-safety: pure functions of their arguments.
#pragma once

#include <algorithm>
#include <chrono>
#include <cmath>
#include <optional>

namespace sportello::http {

struct RateLimit {
  double per_second = 1;  // refill rate, > 0
  double burst = 1;       // bucket size, >= 1
};

struct RateDecision {
  bool allowed = true;
  std::chrono::seconds retry_after{0};  // when denied: at least 1 s, the wait until a token is back
};

template <class TimePoint>
struct TokenBucket {
  double tokens = 0;
  TimePoint updated{};
};

// `bucket` refilled up to `now` (a `now` earlier than its last update adds nothing); a key never
// seen (nullopt) is a full bucket.
template <class TimePoint>
TokenBucket<TimePoint> Refilled(const std::optional<TokenBucket<TimePoint>>& bucket, RateLimit limit, TimePoint now) {
  if (!bucket) return {limit.burst, now};
  if (now <= bucket->updated) return *bucket;
  const double elapsed = std::chrono::duration<double>(now - bucket->updated).count();
  return {std::min(limit.burst, bucket->tokens + elapsed * limit.per_second), now};
}

// Whether a call may take a token from `bucket` (already refilled), and if not how long to wait.
template <class TimePoint>
RateDecision Decide(const TokenBucket<TimePoint>& bucket, RateLimit limit) {
  if (bucket.tokens >= 1) return {};
  const double wait_seconds = (1 - bucket.tokens) / limit.per_second;
  const auto whole_seconds = static_cast<long>(std::ceil(wait_seconds));
  return {false, std::chrono::seconds(std::max(whole_seconds, 1L))};
}

// `bucket` (already refilled) after one call that was allowed took its token; unchanged when none
// was left.
template <class TimePoint>
TokenBucket<TimePoint> Taken(TokenBucket<TimePoint> bucket) {
  if (bucket.tokens >= 1) bucket.tokens -= 1;
  return bucket;
}

}  // namespace sportello::http
