// AvailabilityCache: availability answers made once and given again to every request that asks the
// same question while nothing it depends on has changed. During a surge thousands of people ask
// for the same desk, type and days within the same second; the answer (hundreds of slots) is built
// once per change instead of once per request.
//
// An answer is reused only when all of its inputs are the same: the desk's calendar object
// (Store::SharedDesk: a new object on every calendar or flag change), the seat stamp of the ledger
// (SeatLedger::stamp: the same stamp, the same seats), the clock second (the booking window moves
// with `now`), and desk, type, dates and view (the key). So a cached answer is byte for byte the
// answer that would be built. At most kMaxEntries keys are kept; beyond, the cache starts afresh.
// Thread-safe: every member may be called from any thread.
#pragma once

#include "engine/calendar.h"
#include "engine/seats.h"
#include "engine/time.h"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace sportello::http {

class AvailabilityCache {
 public:
  static constexpr std::size_t kMaxEntries = 1024;

  struct Question {
    std::string_view desk;
    std::string_view type;
    engine::Date from;
    engine::Date to;
    engine::View view = engine::View::applicant;
  };

  // The answer to `question` given `calendar`, `seats` and `now`: the stored one when its inputs
  // are the same, else `build()`, stored for the next asker.
  std::shared_ptr<const std::string> Answer(const Question& question,
                                            const std::shared_ptr<const engine::DeskCalendar>& calendar,
                                            const engine::SeatLedger& seats, engine::Instant now,
                                            const std::function<std::string()>& build);

 private:
  struct Entry {
    std::shared_ptr<const engine::DeskCalendar> calendar;  // held: the pointer cannot be reused
    std::int64_t seat_stamp = 0;
    engine::Instant now;
    std::shared_ptr<const std::string> body;
  };

  std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;
};

}  // namespace sportello::http
