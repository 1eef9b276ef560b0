// CommitQueue: items submitted while a batch runs are combined into the next batches, each gets
// its own outcome, batches never overlap, and nobody but the leader waits for a commit; a batch that
// follows another gathers the items arriving while it waits.
#include "storage/commit_queue.h"

#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>
#include <vector>

namespace sportello::storage {
namespace {

TEST_CASE("commit queue: a lone caller runs its own batch of one and gets its outcome before returning", "[sqlite]") {
  CommitQueue<int, int> queue(8);
  std::vector<std::size_t> sizes;
  int outcome = -1;
  queue.Submit(21, [&](int value) { outcome = value; }, [&](std::span<const int* const> items) {
    sizes.push_back(items.size());
    return std::vector<int>{*items[0] * 2};
  });
  CHECK(outcome == 42);
  CHECK(sizes == std::vector<std::size_t>{1});
}

TEST_CASE("commit queue: items arriving while a batch runs share the next ones, up to the limit, each with its outcome", "[sqlite]") {
  constexpr int kItems = 24;
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
      // The first batch (a slow fsync) holds until every other item has queued behind it.
      first_batch_running = true;
      while (queue.Waiting() < static_cast<std::size_t>(kItems - 1)) std::this_thread::yield();
    }
    std::vector<int> result;
    for (const int* item : items) result.push_back(*item + 1000);
    running.fetch_sub(1);
    return result;
  };
  std::vector<std::atomic<int>> outcomes(kItems);
  for (auto& outcome : outcomes) outcome = -1;
  std::thread leader([&] { queue.Submit(0, [&](int value) { outcomes[0] = value; }, run); });
  while (!first_batch_running) std::this_thread::yield();
  // The others submit from this one thread: each returns at once, before its item has run.
  for (int i = 1; i < kItems; ++i) {
    queue.Submit(i, [&outcomes, i](int value) { outcomes[static_cast<std::size_t>(i)] = value; }, run);
    CHECK(outcomes[static_cast<std::size_t>(i)] == -1);
  }
  leader.join();  // the leader ran every batch

  for (int i = 0; i < kItems; ++i) CHECK(outcomes[static_cast<std::size_t>(i)] == i + 1000);
  CHECK(overlaps.load() == 0);
  // The 23 who arrived during the first batch were combined into as few batches as the limit
  // allows: 16, then 7.
  CHECK(sizes == std::vector<std::size_t>{1, kMaxBatch, kItems - 1 - kMaxBatch});
  CHECK(queue.Waiting() == 0);
}

// Long enough that a test waiting for it would never end: gathering is proved by the batch it
// makes, not by a timing.
constexpr std::chrono::hours kForever{1};

TEST_CASE("commit queue: items submitted one after another do not wait to gather others, however long they would", "[sqlite]") {
  CommitQueue<int, int> queue(8, kForever);
  std::vector<std::size_t> sizes;
  auto run = [&](std::span<const int* const> items) {
    sizes.push_back(items.size());
    return std::vector<int>(items.size(), 0);
  };
  for (int item = 0; item < 3; ++item) queue.Submit(item, [](int) {}, run);
  CHECK(sizes == std::vector<std::size_t>{1, 1, 1});
}

TEST_CASE("commit queue: a batch that follows another waits for more items and starts when it is full", "[sqlite]") {
  constexpr std::size_t kMaxBatch = 3;
  CommitQueue<int, int> queue(kMaxBatch, kForever);
  std::mutex batches_mutex;
  std::vector<std::vector<int>> batches;  // the items of each batch, in the order they ran
  std::atomic<bool> first_running{false};
  auto run = [&](std::span<const int* const> items) {
    std::vector<int> batch;
    for (const int* item : items) batch.push_back(*item);
    const bool first = [&] {
      std::lock_guard lock(batches_mutex);
      batches.push_back(batch);
      return batches.size() == 1;
    }();
    if (first) {  // holds until item 1 queues behind it
      first_running = true;
      while (queue.Waiting() < 1) std::this_thread::yield();
    }
    return std::vector<int>(items.size(), 0);
  };
  std::atomic<bool> first_done{false};
  std::thread leader([&] { queue.Submit(0, [&](int) { first_done = true; }, run); });
  while (!first_running) std::this_thread::yield();
  queue.Submit(1, [](int) {}, run);
  // Items 2 and 3 come only after the first batch has finished: without gathering, item 1 would
  // have left alone.
  while (!first_done) std::this_thread::yield();
  queue.Submit(2, [](int) {}, run);
  queue.Submit(3, [](int) {}, run);
  leader.join();
  CHECK(batches == std::vector<std::vector<int>>{{0}, {1, 2, 3}});
}

TEST_CASE("commit queue: a receiver that throws does not stop the others or the queue", "[sqlite]") {
  CommitQueue<int, int> queue(8);
  auto doubled = [](std::span<const int* const> items) {
    std::vector<int> result;
    for (const int* item : items) result.push_back(*item * 2);
    return result;
  };
  queue.Submit(1, [](int) { throw std::runtime_error("receiver failed"); }, doubled);
  int outcome = -1;
  queue.Submit(2, [&](int value) { outcome = value; }, doubled);
  CHECK(outcome == 4);
}

}  // namespace
}  // namespace sportello::storage
