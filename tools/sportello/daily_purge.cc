#include "tools/sportello/daily_purge.h"

#include <fmt/core.h>

#include <chrono>
#include <string>
#include <utility>

namespace sportello::tools {
namespace {

inline constexpr std::chrono::hours kPurgeEvery{24};

void PurgeOnce(storage::Retention& store, const booking::RetentionPolicy& policy, engine::Instant now) {
  auto counts = booking::Purge(store, policy, now, false);
  if (!counts) {
    fmt::print(stderr, "sportello serve: retention purge stopped by a database error{}{}; it runs again in {} hours\n",
               counts.error().detail.empty() ? "" : ": ", counts.error().detail, kPurgeEvery.count());
    return;
  }
  std::string done;
  for (const booking::PurgeCount& count : *counts) {
    if (count.rows == 0) continue;
    done += fmt::format("{}{} {}", done.empty() ? "" : "; ", count.rows, booking::DescribePurge(count.kind));
  }
  if (!done.empty()) fmt::print(stderr, "sportello serve: retention purge: {}\n", done);
}

}  // namespace

DailyPurge::DailyPurge(storage::Retention& store, booking::RetentionPolicy policy,
                       std::function<engine::Instant()> now)
    : store_(store), policy_(policy), now_(std::move(now)), thread_([this] { Loop(); }) {}

DailyPurge::~DailyPurge() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void DailyPurge::Loop() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    lock.unlock();
    PurgeOnce(store_, policy_, now_());
    lock.lock();
    wake_.wait_for(lock, kPurgeEvery, [this] { return stopping_; });
  }
}

}  // namespace sportello::tools
