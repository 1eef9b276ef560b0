// CommitQueue: concurrent callers are combined into batches, each gets its own outcome, and
// batches never overlap.
#include "storage/commit_queue.h"

#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>
#include <vector>

namespace sportello::storage {
namespace {

TEST_CASE("commit queue: a lone caller runs its own batch of one", "[sqlite]") {
  CommitQueue<int, int> queue(8);
  std::vector<std::size_t> sizes;
  const int outcome = queue.Submit(21, [&](std::span<const int* const> items) {
    sizes.push_back(items.size());
    return std::vector<int>{*items[0] * 2};
  });
  CHECK(outcome == 42);
  CHECK(sizes == std::vector<std::size_t>{1});
}

TEST_CASE("commit queue: callers arriving while a batch runs share the next ones, up to the limit, each with its outcome", "[sqlite]") {
  constexpr int kCallers = 24;
  constexpr std::size_t kMaxBatch = 16;
  CommitQueue<int, int> queue(kMaxBatch);
  std::atomic<int> running{0};
  std::atomic<int> overlaps{0};
  std::mutex sizes_mutex;
  std::vector<std::size_t> sizes;  // of each batch, in the order they ran
  std::atomic<bool> first_batch_running{false};
  auto run = [&](std::span<const int* const> items) {
    if (running.fetch_add(1) != 0) overlaps.fetch_add(1);
    bool first = false;
    {
      std::lock_guard lock(sizes_mutex);
      sizes.push_back(items.size());
      first = sizes.size() == 1;
    }
    if (first) {
      // The first batch (a slow fsync) holds until every other caller has queued behind it.
      first_batch_running = true;
      while (queue.Waiting() < static_cast<std::size_t>(kCallers - 1)) std::this_thread::yield();
    }
    std::vector<int> result;
    for (const int* item : items) result.push_back(*item + 1000);
    running.fetch_sub(1);
    return result;
  };
  std::vector<int> outcomes(kCallers, -1);
  std::vector<std::thread> callers;
  callers.emplace_back([&] { outcomes[0] = queue.Submit(0, run); });
  while (!first_batch_running) std::this_thread::yield();
  for (int i = 1; i < kCallers; ++i) {
    callers.emplace_back([&, i] { outcomes[static_cast<std::size_t>(i)] = queue.Submit(i, run); });
  }
  for (std::thread& caller : callers) caller.join();

  for (int i = 0; i < kCallers; ++i) CHECK(outcomes[static_cast<std::size_t>(i)] == i + 1000);
  CHECK(overlaps.load() == 0);
  // The 23 who waited were combined into as few batches as the limit allows: 16, then 7.
  CHECK(sizes == std::vector<std::size_t>{1, kMaxBatch, kCallers - 1 - kMaxBatch});
}

}  // namespace
}  // namespace sportello::storage
