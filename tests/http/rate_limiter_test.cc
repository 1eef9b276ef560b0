// Token buckets with an injected clock: every number here is exact.
#include "http/rate_limiter.h"

#include <catch2/catch.hpp>

#include <atomic>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace sportello::http {
namespace {

using namespace std::chrono_literals;
using Clock = RateLimiter::Clock;

const Clock::time_point kStart = Clock::time_point{} + 1000h;

TEST_CASE("a key gets its burst, then is denied with the wait until the next token") {
  RateLimiter limiter({{"booking", RateLimit{0.5, 3}}});
  for (int i = 0; i < 3; ++i) CHECK(limiter.Acquire("booking", "10.0.0.1", kStart).allowed);
  const RateDecision denied = limiter.Acquire("booking", "10.0.0.1", kStart);
  CHECK_FALSE(denied.allowed);
  CHECK(denied.retry_after == 2s);  // one token at 0.5 per second

  CHECK_FALSE(limiter.Acquire("booking", "10.0.0.1", kStart + 1s).allowed);
  CHECK(limiter.Acquire("booking", "10.0.0.1", kStart + 1s).retry_after == 1s);
}

TEST_CASE("tokens come back over time, never beyond the burst") {
  RateLimiter limiter({{"lookup", RateLimit{1, 2}}});
  CHECK(limiter.Acquire("lookup", "k", kStart).allowed);
  CHECK(limiter.Acquire("lookup", "k", kStart).allowed);
  CHECK_FALSE(limiter.Acquire("lookup", "k", kStart).allowed);
  CHECK(limiter.Acquire("lookup", "k", kStart + 1s).allowed);
  CHECK_FALSE(limiter.Acquire("lookup", "k", kStart + 1s).allowed);

  const Clock::time_point much_later = kStart + 1h;
  CHECK(limiter.Acquire("lookup", "k", much_later).allowed);
  CHECK(limiter.Acquire("lookup", "k", much_later).allowed);
  CHECK_FALSE(limiter.Acquire("lookup", "k", much_later).allowed);
}

TEST_CASE("a wait shorter than a second is announced as one second") {
  RateLimiter limiter({{"login", RateLimit{3, 1}}});
  CHECK(limiter.Acquire("login", "k", kStart).allowed);
  const RateDecision denied = limiter.Acquire("login", "k", kStart + 100ms);
  CHECK_FALSE(denied.allowed);
  CHECK(denied.retry_after == 1s);
}

TEST_CASE("keys and buckets are independent") {
  RateLimiter limiter({{"booking", RateLimit{1, 1}}, {"login", RateLimit{1, 1}}});
  CHECK(limiter.Acquire("booking", "10.0.0.1", kStart).allowed);
  CHECK_FALSE(limiter.Acquire("booking", "10.0.0.1", kStart).allowed);
  CHECK(limiter.Acquire("booking", "10.0.0.2", kStart).allowed);
  CHECK(limiter.Acquire("login", "10.0.0.1", kStart).allowed);
}

TEST_CASE("a token bucket checked first and charged only on failure (failed-verification limit)") {
  using Bucket = sportello::http::TokenBucket<RateLimiter::Clock::time_point>;
  const RateLimit limit{0.25, 2};
  const auto check = [&](const std::optional<Bucket>& bucket, RateLimiter::Clock::time_point now) {
    return sportello::http::Decide(sportello::http::Refilled(bucket, limit, now), limit);
  };
  const auto charge = [&](const std::optional<Bucket>& bucket, RateLimiter::Clock::time_point now) {
    return sportello::http::Taken(sportello::http::Refilled(bucket, limit, now));
  };
  std::optional<Bucket> bucket;
  CHECK(check(bucket, kStart).allowed);  // never charged: full
  bucket = charge(bucket, kStart);       // first failure
  CHECK(check(bucket, kStart).allowed);
  bucket = charge(bucket, kStart);       // second failure
  const RateDecision blocked = check(bucket, kStart);
  CHECK_FALSE(blocked.allowed);
  CHECK(blocked.retry_after == 4s);
  CHECK_FALSE(check(bucket, kStart + 3s).allowed);
  CHECK(check(bucket, kStart + 4s).allowed);
  CHECK(charge(bucket, kStart).tokens == 0);  // nothing left to take: never below zero
}

TEST_CASE("memory is bounded: the key idle the longest is forgotten first") {
  RateLimiter limiter({{"booking", RateLimit{0.001, 1}}}, 100);
  CHECK(limiter.Acquire("booking", "oldest", kStart).allowed);
  CHECK(limiter.Acquire("booking", "busy", kStart).allowed);
  for (int i = 0; i < 1000; ++i) {
    limiter.Acquire("booking", "key-" + std::to_string(i), kStart + 1s);
    CHECK_FALSE(limiter.Acquire("booking", "busy", kStart + 1s).allowed);  // used all along: remembered
  }
  CHECK(limiter.TrackedKeys("booking") == 100);
  CHECK(limiter.Acquire("booking", "oldest", kStart + 1s).allowed);  // forgotten: starts full again
}

TEST_CASE("concurrent callers never get more than the burst") {
  RateLimiter limiter({{"booking", RateLimit{0.001, 100}}});
  std::atomic<int> allowed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 100; ++i) allowed += limiter.Acquire("booking", "shared", kStart).allowed ? 1 : 0;
    });
  }
  for (std::thread& thread : threads) thread.join();
  CHECK(allowed == 100);
}

TEST_CASE("configuration mistakes and unknown buckets are refused") {
  CHECK_THROWS_AS(RateLimiter({{"x", RateLimit{0, 1}}}), std::invalid_argument);
  CHECK_THROWS_AS(RateLimiter({{"x", RateLimit{1, 0.5}}}), std::invalid_argument);
  CHECK_THROWS_AS(RateLimiter({{"x", RateLimit{1, 1}}}, 0), std::invalid_argument);
  RateLimiter limiter({{"booking", RateLimit{1, 1}}});
  CHECK_THROWS_AS(limiter.Acquire("nope", "k", kStart), std::invalid_argument);
}

}  // namespace
}  // namespace sportello::http
