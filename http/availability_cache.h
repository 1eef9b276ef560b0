// AvailabilityCache: availability answers made once and given again to every request that asks the
// same question while nothing it depends on has changed. During a surge thousands of people ask
// for the same desk, type and days within the same second; the answer (hundreds of slots) is built,
// compressed and tagged once per change instead of once per request.
//
// Two ways to reuse an answer:
// - Answer(), on a worker after reading the database: reused only when all of its inputs are the
//   same: the desk's calendar object (Store::SharedDesk: a new object on every calendar or flag
//   change), the seat stamp of the ledger (SeatLedger::stamp: the same stamp, the same seats; 0
//   means the backend gives none, and the answer is built), the clock second (the booking window
//   moves with `now`), and desk, type, dates and view (the key). So it is byte for byte the answer
//   that would be built. While one worker builds the answer to a question, the others asking it wait
//   for that answer instead of building the same one again (a surge asks after every commit).
// - Fresh(), on the I/O thread without reading anything: the answer made or confirmed by Answer()
//   in this very clock second, when this process has committed no write since
//   (storage/change_counter.h). A write by another process (a second node, the command line) can
//   therefore take up to a second to show, the same second that `Cache-Control: max-age=1` lets a
//   shared cache keep the answer; a booking itself reads the seats in its transaction.
// At most kMaxEntries keys are kept; beyond, the cache starts afresh.
// Thread-safe: every member may be called from any thread.
#pragma once

#include "engine/calendar.h"
#include "engine/seats.h"
#include "engine/time.h"
#include "http/representation.h"

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

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
  // are the same, else `build()` (compressed and prepared by it), stored for the next asker.
  // `changes` is storage::ChangesCommitted() as read before `calendar` and `seats` were.
  std::shared_ptr<const Representation> Answer(const Question& question,
                                               const std::shared_ptr<const engine::DeskCalendar>& calendar,
                                               const engine::SeatLedger& seats, engine::Instant now,
                                               std::uint64_t changes, const std::function<Representation()>& build);

  // The stored answer to `question` when Answer() made or confirmed it at `now` and `changes` (as
  // read now) is still the count it was made at; else null. With `calendar`, also the desk's
  // calendar the answer was made from (its flags say whether the answer may be given at once).
  std::shared_ptr<const Representation> Fresh(const Question& question, engine::Instant now, std::uint64_t changes,
                                              std::shared_ptr<const engine::DeskCalendar>* calendar = nullptr);

 private:
  struct Entry {
    std::shared_ptr<const engine::DeskCalendar> calendar;  // held: the pointer cannot be reused
    std::int64_t seat_stamp = 0;
    engine::Instant now;
    std::uint64_t changes = 0;
    std::shared_ptr<const Representation> answer;
  };

  std::mutex mutex_;
  std::condition_variable built_;  // an answer was built (or its building failed)
  std::unordered_map<std::string, Entry> entries_;
  std::unordered_set<std::string> building_;  // questions a worker is building an answer to
};

}  // namespace sportello::http
