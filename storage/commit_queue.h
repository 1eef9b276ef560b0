// CommitQueue: group commit for calls that each need one durable write. Concurrent callers of
// Submit() are combined into batches; one of them (the leader) runs the whole batch, e.g. in one
// transaction with one fsync, while the others wait; then each caller returns its own result.
// Batches run one at a time, in arrival order, and a caller returns only after the batch that
// holds its item has finished. No thread of its own: the work runs on the callers' threads.
// Thread-safe: Submit() may be called from any number of threads at once.
#pragma once

#include <algorithm>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <optional>
#include <span>
#include <utility>
#include <vector>

namespace sportello::storage {

template <class Item, class Outcome>
class CommitQueue {
 public:
  // At most this many items in one batch; later arrivals wait for the next one.
  explicit CommitQueue(std::size_t max_batch) : max_batch_(max_batch) {}

  // Queues `item` and returns its outcome once its batch has run. `run_batch` is called with a
  // span of items (this caller's or others') and must return exactly one outcome per item, in
  // order; it must not throw. It is called from one thread at a time.
  // Items queued and not yet taken into a running batch (for tests and metrics).
  std::size_t Waiting() {
    std::lock_guard lock(mutex_);
    return waiting_.size();
  }

  template <class RunBatch>
  Outcome Submit(const Item& item, RunBatch&& run_batch) {
    Waiter mine(&item);
    std::unique_lock lock(mutex_);
    waiting_.push_back(&mine);
    if (!running_) {
      running_ = true;
      mine.state = State::leading;
    }
    for (;;) {
      mine.wake.wait(lock, [&] { return mine.state != State::waiting; });
      if (mine.state == State::done) return std::move(*mine.outcome);
      RunOneBatch(lock, run_batch);
    }
  }

 private:
  enum class State { waiting, leading, done };
  struct Waiter {
    explicit Waiter(const Item* waiting_item) : item(waiting_item) {}
    const Item* item;
    State state = State::waiting;
    std::optional<Outcome> outcome;
    std::condition_variable wake;  // only this caller waits on it
  };

  // Runs the oldest waiting items as one batch, then wakes exactly their callers and hands the
  // lead to the next waiting caller, if any: no caller is woken for nothing. Called by the
  // leader with `lock` held.
  template <class RunBatch>
  void RunOneBatch(std::unique_lock<std::mutex>& lock, RunBatch& run_batch) {
    const auto count = static_cast<std::ptrdiff_t>(std::min(waiting_.size(), max_batch_));
    std::vector<Waiter*> batch(waiting_.begin(), waiting_.begin() + count);
    waiting_.erase(waiting_.begin(), waiting_.begin() + count);
    lock.unlock();
    std::vector<const Item*> items;
    items.reserve(batch.size());
    for (const Waiter* waiter : batch) items.push_back(waiter->item);
    std::vector<Outcome> outcomes = run_batch(std::span<const Item* const>(items));
    lock.lock();
    for (std::size_t i = 0; i < batch.size(); ++i) {
      batch[i]->outcome = std::move(outcomes[i]);
      batch[i]->state = State::done;
      batch[i]->wake.notify_one();
    }
    if (waiting_.empty()) {
      running_ = false;
    } else {
      waiting_.front()->state = State::leading;
      waiting_.front()->wake.notify_one();
    }
  }

  const std::size_t max_batch_;
  std::mutex mutex_;
  bool running_ = false;          // a leader is running a batch or about to
  std::vector<Waiter*> waiting_;  // in arrival order
};

}  // namespace sportello::storage
