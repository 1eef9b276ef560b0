// CommitQueue: group commit for items that each need one durable write. Items submitted while a
// batch is being written are combined into the next batches; whoever submits to an idle queue
// becomes the leader and runs batches on its own thread, e.g. each in one transaction with one
// fsync, until none is waiting. Every item's `done` is called once its batch has finished, from the
// leader's thread. Nobody else waits: a submitter returns at once when a leader is running, so the
// number of items that can share one commit is bounded by `max_batch`, not by how many threads
// there are. Batches run one at a time, in arrival order. No thread of its own.
//
// Gathering (`gather`, off when zero): while items are submitted concurrently (the batch follows
// another one of the same leader, or the last batch held more than one item), a batch waits up to
// `gather` for more items before it starts, unless `max_batch` are already waiting. Under a surge,
// batches grow from the few items that arrive during one commit to those of a whole millisecond:
// fewer commits, fewer pages written and fsyncs per item, at the cost of up to `gather` more for an
// item. Items submitted one after another (a quiet day, a command working through a list) never
// wait. It pays only when items keep arriving during the wait: a few callers that each wait for
// their item before submitting the next make every batch wait out `gather` for nothing.
// Thread-safe: Submit() may be called from any number of threads at once.
#pragma once

#include "logging/log.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace sportello::storage {

template <class Item, class Outcome>
class CommitQueue {
 public:
  using Done = std::function<void(Outcome)>;

  // At most this many items in one batch; later arrivals wait for the next one. `gather`: how long
  // a batch waits for more items while they come concurrently (see above).
  explicit CommitQueue(std::size_t max_batch, std::chrono::microseconds gather = {})
      : max_batch_(max_batch), gather_(gather) {}

  // Items queued and not yet taken into a running batch (for tests and metrics).
  std::size_t Waiting() {
    std::lock_guard lock(mutex_);
    return waiting_.size();
  }

  // Queues `item`; `done` gets its outcome once its batch has run. Returns at once when a leader
  // is running; otherwise runs batches on this thread until the queue is empty (so `done` may have
  // been called before it returns). `run_batch` is called with a span of items and must return
  // exactly one outcome per item, in order; it must not throw. It runs on one thread at a time.
  // `done` must be quick: the next batch waits for it.
  template <class RunBatch>
  void Submit(Item item, Done done, RunBatch&& run_batch) {
    std::unique_lock lock(mutex_);
    waiting_.push_back({std::move(item), std::move(done)});
    if (running_) {
      if (waiting_.size() >= max_batch_) batch_full_.notify_one();
      return;
    }
    running_ = true;
    for (bool follows = false; !waiting_.empty(); follows = true) {
      // Others are submitting at the same time: this batch follows another of this leader, or the
      // last batch held more than one item.
      const bool concurrent = follows || last_batch_ > 1;
      if (concurrent && gather_.count() > 0) {
        batch_full_.wait_for(lock, gather_, [this] { return waiting_.size() >= max_batch_; });
      }
      const auto count = static_cast<std::ptrdiff_t>(std::min(waiting_.size(), max_batch_));
      last_batch_ = static_cast<std::size_t>(count);
      std::vector<Queued> batch(std::make_move_iterator(waiting_.begin()),
                                std::make_move_iterator(waiting_.begin() + count));
      waiting_.erase(waiting_.begin(), waiting_.begin() + count);
      lock.unlock();
      RunOneBatch(batch, run_batch);
      lock.lock();
    }
    running_ = false;
  }

 private:
  struct Queued {
    Item item;
    Done done;
  };

  template <class RunBatch>
  static void RunOneBatch(std::vector<Queued>& batch, RunBatch& run_batch) {
    std::vector<const Item*> items;
    items.reserve(batch.size());
    for (const Queued& queued : batch) items.push_back(&queued.item);
    std::vector<Outcome> outcomes = run_batch(std::span<const Item* const>(items));
    for (std::size_t i = 0; i < batch.size(); ++i) {
      try {
        batch[i].done(std::move(outcomes[i]));
      } catch (const std::exception& error) {  // the others still get theirs, and the queue goes on
        logging::Error("storage", "commit_receiver_failed", std::string("a commit's receiver failed: ") + error.what(),
                       {{"error", error.what()}});
      }
    }
  }

  const std::size_t max_batch_;
  const std::chrono::microseconds gather_;
  std::mutex mutex_;
  std::condition_variable batch_full_;  // max_batch_ items wait: a gathering leader goes on
  bool running_ = false;         // a leader is running batches
  std::size_t last_batch_ = 0;  // items in the last batch taken
  std::deque<Queued> waiting_;  // in arrival order
};

}  // namespace sportello::storage
