// The retention policy applied by `sportello serve` (booking/retention.h): once at start, then
// every 24 hours, on a thread of its own. Each run that changes anything prints one line on stderr;
// a run stopped by a database error is reported and the next one goes on from where it stopped.
// Several servers on one database may each run it: purges never conflict.
#pragma once

#include "booking/retention.h"
#include "engine/time.h"
#include "storage/store.h"

#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace sportello::tools {

class DailyPurge {
 public:
  DailyPurge(storage::Retention& store, booking::RetentionPolicy policy, std::function<engine::Instant()> now);
  // Stops the thread, after the batch it may be running.
  ~DailyPurge();
  DailyPurge(const DailyPurge&) = delete;
  DailyPurge& operator=(const DailyPurge&) = delete;

 private:
  void Loop();

  storage::Retention& store_;
  const booking::RetentionPolicy policy_;
  const std::function<engine::Instant()> now_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;  // last: starts once everything above is ready
};

}  // namespace sportello::tools
