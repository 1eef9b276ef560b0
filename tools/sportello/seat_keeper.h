// What `sportello serve` runs in the background so that no seat goes to waste and scarce seats are
// drawn (booking/draw.h, booking/waitlist.h, booking/reconfirmation.h, booking/convocation.h):
// every minute, the seeds of coming draws are stored and closed draw windows are drawn, offers that ran out pass to the
// next in line, free seats are offered to the waitlist, reconfirmations are asked, reminded and
// released; every hour, applications due are convened. On a thread of its own; each pass that
// changes anything prints one line on stderr and calls `changed` (the outbox has new messages).
// Several servers on one database may each run it: every step re-checks inside its transaction.
#pragma once

#include "engine/time.h"
#include "storage/store.h"

#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace sportello::tools {

class SeatKeeper {
 public:
  SeatKeeper(storage::Store& store, std::function<engine::Instant()> now, std::function<void()> changed);
  // Stops the thread, after the pass it may be running.
  ~SeatKeeper();
  SeatKeeper(const SeatKeeper&) = delete;
  SeatKeeper& operator=(const SeatKeeper&) = delete;

 private:
  void Loop();
  // One pass; `convene` also runs the automatic convocations. True when anything changed.
  bool Pass(bool convene);

  storage::Store& store_;
  const std::function<engine::Instant()> now_;
  const std::function<void()> changed_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;  // last: starts once everything above is ready
};

}  // namespace sportello::tools
