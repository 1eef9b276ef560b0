#include "http/rate_limiter.h"

#include <stdexcept>
#include <utility>

namespace sportello::http {

// One bucket's keys, most recently used first, so the key idle the longest is at the back.
class RateLimiter::Bucket {
 public:
  Bucket(RateLimit limit, std::size_t max_keys) : limit_(limit), max_keys_(max_keys) {}

  RateDecision Use(std::string_view key, Clock::time_point now) {
    std::lock_guard lock(mutex_);
    const auto found = index_.find(std::string(key));
    if (found == index_.end()) {
      Insert(key, Taken(Refilled<Clock::time_point>(std::nullopt, limit_, now)));
      return RateDecision{};  // an unknown key is full
    }
    Entry& entry = *found->second;
    entry.bucket = Refilled(std::optional(entry.bucket), limit_, now);
    keys_.splice(keys_.begin(), keys_, found->second);  // now the most recently used
    const RateDecision decision = Decide(entry.bucket, limit_);
    if (decision.allowed) entry.bucket = Taken(entry.bucket);
    return decision;
  }

  RateLimit limit() const { return limit_; }

  std::size_t size() const {
    std::lock_guard lock(mutex_);
    return index_.size();
  }

 private:
  struct Entry {
    std::string key;
    TokenBucket<Clock::time_point> bucket;
  };

  void Insert(std::string_view key, TokenBucket<Clock::time_point> bucket) {
    if (index_.size() >= max_keys_) {
      index_.erase(keys_.back().key);
      keys_.pop_back();
    }
    keys_.push_front(Entry{std::string(key), bucket});
    index_.emplace(keys_.front().key, keys_.begin());
  }

  const RateLimit limit_;
  const std::size_t max_keys_;
  mutable std::mutex mutex_;
  std::list<Entry> keys_;
  std::unordered_map<std::string, std::list<Entry>::iterator> index_;
};

RateLimiter::RateLimiter(const std::map<std::string, RateLimit>& limits, std::size_t max_keys_per_bucket,
                         ClockSource clock)
    : clock_(std::move(clock)) {
  if (max_keys_per_bucket == 0) throw std::invalid_argument("rate limiter: the key bound must be positive");
  for (const auto& [name, limit] : limits) {
    if (!(limit.per_second > 0) || !(limit.burst >= 1)) {
      throw std::invalid_argument("rate limit " + name + ": rate must be > 0 and burst >= 1");
    }
    buckets_.emplace(name, std::make_unique<Bucket>(limit, max_keys_per_bucket));
  }
}

RateLimiter::~RateLimiter() = default;

RateDecision RateLimiter::Acquire(std::string_view bucket, std::string_view key, Clock::time_point now) {
  return Find(bucket).Use(key, now);
}

std::optional<RateLimit> RateLimiter::Limit(std::string_view bucket) const {
  const auto found = buckets_.find(bucket);
  if (found == buckets_.end()) return std::nullopt;
  return found->second->limit();
}

std::size_t RateLimiter::TrackedKeys(std::string_view bucket) const { return Find(bucket).size(); }

RateLimiter::Bucket& RateLimiter::Find(std::string_view bucket) const {
  const auto found = buckets_.find(bucket);
  if (found == buckets_.end()) throw std::invalid_argument("unknown rate limit bucket: " + std::string(bucket));
  return *found->second;
}

}  // namespace sportello::http
