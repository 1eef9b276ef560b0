// A fixed set of threads that run blocking work (handlers, SQLite) off the I/O threads.
//
// Tasks wait in one FIFO queue of bounded length: TryPost refuses a task when the queue is full,
// so an overloaded server answers "try again" at once instead of queueing without limit. Tasks
// must not throw; an escaping exception is reported on stderr and swallowed so a worker never dies.
// Thread-safe: every member may be called from any thread, except that Stop() must not be called
// from one of the pool's own threads (it joins them).
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace sportello::http {

class WorkerPool {
 public:
  // Starts `threads` workers (at least one) and accepts up to `max_queued` waiting tasks.
  WorkerPool(int threads, std::size_t max_queued);
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;
  // Stops the pool (see Stop).
  ~WorkerPool();

  // Queues `task` to run on a worker; false when the queue is full or the pool is stopping, in
  // which case `task` is dropped without running.
  bool TryPost(std::function<void()> task);

  // Refuses new tasks, runs every task already queued, and joins the workers. Idempotent.
  void Stop();

  // Tasks waiting for a worker (not counting the ones running).
  std::size_t queued() const;

 private:
  void RunWorker();

  const std::size_t max_queued_;
  mutable std::mutex mutex_;
  std::condition_variable task_ready_;
  std::deque<std::function<void()>> queue_;
  bool stopping_ = false;
  std::mutex join_mutex_;
  std::vector<std::thread> threads_;
};

}  // namespace sportello::http
