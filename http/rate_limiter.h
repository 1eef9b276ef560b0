// Token-bucket rate limits (token_bucket.h) in this process's memory, keyed by (bucket, client
// key), e.g. ("booking", "203.0.113.7"). The "verification" bucket only names the limit of failed
// verifications, whose state every node shares through the store (http/limits.cc).
//
// Each named bucket has a rate (tokens per second) and a burst (bucket size). A key starts full;
// every allowed call takes one token; tokens come back at `per_second`. A denied call says how
// long to wait, in whole seconds for `Retry-After`. The clock is a parameter of each call, and the
// limiter carries the clock its callers read (Now()): the steady clock, or one a test sets, so
// tests are exact whatever the speed of the machine.
// Memory is bounded: each bucket tracks at most `max_keys_per_bucket` keys and forgets the one
// idle the longest when a new key arrives (that key starts full again if it comes back; with the
// default bound an attacker needs that many distinct keys within one refill period to gain from it).
// Thread-safe: all members may be called from any thread; buckets are locked independently.
#pragma once

#include "http/token_bucket.h"

#include <chrono>
#include <cstddef>
#include <functional>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace sportello::http {

class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;
  using ClockSource = std::function<Clock::time_point()>;
  static constexpr std::size_t kDefaultMaxKeysPerBucket = 100'000;

  // `limits` names every bucket; `clock` is what Now() reads (default: the steady clock). Throws
  // std::invalid_argument for a rate <= 0, a burst < 1 or a zero key bound (start-up configuration
  // errors).
  explicit RateLimiter(const std::map<std::string, RateLimit>& limits,
                       std::size_t max_keys_per_bucket = kDefaultMaxKeysPerBucket, ClockSource clock = Clock::now);
  RateLimiter(const RateLimiter&) = delete;
  RateLimiter& operator=(const RateLimiter&) = delete;
  ~RateLimiter();

  // Takes a token from `key` in `bucket` if it has one. Throws std::invalid_argument for a bucket
  // not given to the constructor (a bug).
  RateDecision Acquire(std::string_view bucket, std::string_view key, Clock::time_point now);

  // The limit of `bucket`, or nullopt when the limiter has no such bucket.
  std::optional<RateLimit> Limit(std::string_view bucket) const;

  // The limiter's clock, for the `now` of Acquire.
  Clock::time_point Now() const { return clock_(); }

  // Keys `bucket` remembers now (for tests and metrics).
  std::size_t TrackedKeys(std::string_view bucket) const;

 private:
  class Bucket;
  Bucket& Find(std::string_view bucket) const;

  std::map<std::string, std::unique_ptr<Bucket>, std::less<>> buckets_;
  ClockSource clock_;
};

}  // namespace sportello::http
