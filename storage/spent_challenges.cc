#include "storage/spent_challenges.h"

#include <iterator>

namespace sportello::storage {

bool SpentChallenges::Spend(std::string_view signature, engine::Instant expires_at, engine::Instant now) {
  std::lock_guard lock(mutex_);
  Prune(now);
  return expiry_.emplace(std::string(signature), expires_at).second;
}

std::size_t SpentChallenges::size() const {
  std::lock_guard lock(mutex_);
  return expiry_.size();
}

void SpentChallenges::Prune(engine::Instant now) {
  if (now - pruned_at_ < std::chrono::minutes{1}) return;
  pruned_at_ = now;
  for (auto it = expiry_.begin(); it != expiry_.end();) {
    it = it->second + kForgetAfter < now ? expiry_.erase(it) : std::next(it);
  }
}

}  // namespace sportello::storage
