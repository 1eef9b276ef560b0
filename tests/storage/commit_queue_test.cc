// CommitQueue: concurrent callers are combined into batches, each gets its own outcome, and
// batches never overlap.
#include "storage/commit_queue.h"

#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <latch>
#include <thread>
#include <vector>

namespace sportello::storage {
namespace {

TEST_CASE("commit queue: a lone caller runs its own batch of one") {
  CommitQueue<int, int> queue(8);
  std::vector<std::size_t> sizes;
  const int outcome = queue.Submit(21, [&](std::span<const int* const> items) {
    sizes.push_back(items.size());
    return std::vector<int>{*items[0] * 2};
  });
  CHECK(outcome == 42);
  CHECK(sizes == std::vector<std::size_t>{1});
}

TEST_CASE("commit queue: callers arriving while a batch runs share the next one, each with its outcome") {
  constexpr int kCallers = 24;
  constexpr std::size_t kMaxBatch = 16;
  CommitQueue<int, int> queue(kMaxBatch);
  std::atomic<int> running{0};
  std::atomic<int> overlaps{0};
  std::atomic<std::size_t> largest{0};
  std::atomic<int> batches{0};
  std::vector<int> outcomes(kCallers, -1);
  std::latch ready(kCallers);
  auto run = [&](std::span<const int* const> items) {
    if (running.fetch_add(1) != 0) overlaps.fetch_add(1);
    batches.fetch_add(1);
    std::size_t seen = largest.load();
    while (items.size() > seen && !largest.compare_exchange_weak(seen, items.size())) {
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));  // a slow fsync: others pile up
    std::vector<int> result;
    for (const int* item : items) result.push_back(*item + 1000);
    running.fetch_sub(1);
    return result;
  };
  std::vector<std::thread> callers;
  for (int i = 0; i < kCallers; ++i) {
    callers.emplace_back([&, i] {
      ready.arrive_and_wait();
      outcomes[static_cast<std::size_t>(i)] = queue.Submit(i, run);
    });
  }
  for (std::thread& caller : callers) caller.join();

  for (int i = 0; i < kCallers; ++i) CHECK(outcomes[static_cast<std::size_t>(i)] == i + 1000);
  CHECK(overlaps.load() == 0);
  CHECK(largest.load() > 1);           // they were combined…
  CHECK(largest.load() <= kMaxBatch);  // …but never beyond the limit
  CHECK(batches.load() < kCallers);
}

}  // namespace
}  // namespace sportello::storage
