// SpentChallenges: the proof-of-work challenges already used (store.h, ChallengeLedger), kept in
// this process's memory: a SQLite database has one serving node, so no other process needs to
// see them. Each is remembered until it has been expired for kForgetAfter; a restart forgets them
// all, which at worst accepts again a solution of the last five minutes (a challenge's life).
// Memory is bounded by the solutions sent within one life of a challenge, each of which cost its
// sender the work. Thread-safe: every member may be called from any thread.
#pragma once

#include "engine/time.h"

#include <chrono>
#include <cstddef>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace sportello::storage {

class SpentChallenges {
 public:
  // How long after its expiry a challenge is still remembered: more than any clock difference
  // between the check of its expiry and this record.
  static constexpr std::chrono::minutes kForgetAfter{5};

  // True the first time `signature` is spent, false on every later call while it is remembered.
  bool Spend(std::string_view signature, engine::Instant expires_at, engine::Instant now);

  // Challenges remembered now (for tests).
  std::size_t size() const;

 private:
  // Forgets the challenges expired before now - kForgetAfter, at most once a minute.
  void Prune(engine::Instant now);

  mutable std::mutex mutex_;
  std::unordered_map<std::string, engine::Instant> expiry_;  // by signature
  engine::Instant pruned_at_{};
};

}  // namespace sportello::storage
