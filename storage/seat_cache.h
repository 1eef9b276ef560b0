// SeatCache: the active (`booked`) seats per slot of each desk and appointment type, and the seats
// held by waitlist offers (counted as online), kept in memory so that availability costs the same
// with ten thousand or a million bookings stored.
//
// The database stays the truth; the cache is a copy tagged with the seat version it matches (the
// `seat_version` counter, bumped by every change to a booked seat: by triggers on SQLite, by the
// last statement of every seat-changing transaction on PostgreSQL). The protocol, in one place here:
// - A reader reads the seat version inside its read transaction and asks Find() with it. The
//   cache answers from memory only when its version is that very one; otherwise it tells the
//   reader to query the range itself (its snapshot is older or newer than the cache, e.g. while
//   a commit of this process is being applied) or to load the whole desk and type once and
//   Install() it (cold, or after another process wrote).
// - The writer of this process wraps each seat-changing commit in BeginCommit()/EndCommit(),
//   passing the versions read at the start and at the end of its transaction and the changes it
//   made. The changes are applied only when they account for the whole version step; anything
//   else (another writer in between, a change not recorded, a failed commit) empties the cache,
//   which then reloads lazily.
// Thread-safe: every member may be called from any thread.
#pragma once

#include "engine/seats.h"
#include "engine/time.h"
#include "storage/store.h"

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sportello::storage {

// The changes one write transaction made to booked seats, and to the seats held by waitlist offers
// (an entry `offered` holds an online seat of its desk and type at its offer's start).
struct SeatChanges {
  struct Change {
    std::string desk;
    std::string type;
    engine::Instant start;
    engine::Channel channel = engine::Channel::online;
    int delta = 0;  // +1 a seat taken, -1 a seat freed
  };
  std::vector<Change> changes;
  // Booking and waitlist rows whose seat changed (a move is one row, two changes): the expected
  // version step.
  std::int64_t rows = 0;

  void Take(std::string_view desk, std::string_view type, engine::Instant start, engine::Channel channel);
  void Free(std::string_view desk, std::string_view type, engine::Instant start, engine::Channel channel);
  void Move(std::string_view desk, std::string_view type, engine::Instant from, engine::Channel from_channel,
            engine::Instant to, engine::Channel to_channel);
  void Append(const SeatChanges& other);
  // What these changes add to the seats of one slot.
  void AddTo(engine::SeatUse& use, std::string_view desk, std::string_view type, engine::Instant start) const;

  // The seat changes of writing a booking row: a new one, a new status, a new start or channel.
  void Inserted(const BookingRecord& booking);
  void StatusChanged(const BookingRecord& before, const BookingRecord& after);
  void Moved(const BookingRecord& before, const BookingRecord& after);
  // The seat changes of writing a waitlist entry row: a new one, a new state or offer.
  void EntryInserted(const WaitlistEntry& entry);
  void HoldChanged(const WaitlistEntry& before, const WaitlistEntry& after);
};

// Seats taken per slot start (unix seconds), in order.
using SeatCounts = std::map<std::int64_t, engine::SeatUse>;

class SeatCache {
 public:
  enum class Answer {
    hit,    // `ledger` holds the seats of the range
    load,   // load every booked seat of the desk and type from `since` on and Install() it; the
            // caller holds the load until Install() or Abandon()
    query,  // query the range from the database (the cache does not match this snapshot)
  };
  struct Lookup {
    Answer answer = Answer::query;
    engine::SeatLedger ledger;  // hit
    engine::Instant since;      // load
  };

  // Seats of `desk` and `type` with from <= start < to, as of seat version `version`.
  Lookup Find(std::string_view desk, std::string_view type, engine::Instant from, engine::Instant to,
              std::int64_t version);
  // The seats of the range as of `version`: from memory, or read by `query(first, last)` (the counts
  // of slots with first <= start < last, unix seconds, read in the snapshot where `version` was
  // read), loading the whole desk and type when Find() asks for it. Stamped version + 1.
  using CountQuery = std::function<SeatCounts(std::int64_t first, std::int64_t last)>;
  engine::SeatLedger Read(std::string_view desk, std::string_view type, engine::Instant from, engine::Instant to,
                          std::int64_t version, const CountQuery& query);
  // Read() when memory answers; nullopt (and nothing asked of the caller) otherwise.
  std::optional<engine::SeatLedger> Cached(std::string_view desk, std::string_view type, engine::Instant from,
                                           engine::Instant to, std::int64_t version);

  // The seats of the slot at `start` as a write transaction sees them: memory's at `version`, plus
  // the changes the transaction made that are not committed yet, `batch` and `own` (`own` may be
  // `batch` itself: counted once). nullopt when memory does not hold that version of the desk and
  // type: the caller counts in the database.
  std::optional<engine::SeatUse> Slot(std::string_view desk, std::string_view type, engine::Instant start,
                                      std::int64_t version, const SeatChanges& batch, const SeatChanges& own);

  // Stores what a `load` answer asked for, read at `version`; ignored when the cache has moved on.
  void Install(std::string_view desk, std::string_view type, engine::Instant since, std::int64_t version,
               SeatCounts counts);
  // Gives up a `load` answer (the query failed).
  void Abandon(std::string_view desk, std::string_view type);

  // Called by a writer right before COMMIT, then after it with the seat versions before and after
  // its transaction and whether the commit succeeded. Several writers may commit at once.
  void BeginCommit();
  void EndCommit(std::int64_t before, std::int64_t after, const SeatChanges& changes, bool committed);

 private:
  using Key = std::pair<std::string, std::string>;  // desk, type
  struct Entry {
    engine::Instant since;
    SeatCounts counts;
  };

  void ClearLocked(std::int64_t version);
  static Key KeyOf(std::string_view desk, std::string_view type) { return {std::string(desk), std::string(type)}; }

  std::mutex mutex_;
  std::int64_t version_ = -1;  // the seat version every entry matches; -1: not known yet
  int committing_ = 0;  // commits of this process that may be visible to readers but not applied yet
  std::map<Key, Entry> entries_;
  std::set<Key> loading_;
};

// How far before the first range asked for a cache entry reaches: a staff view of the recent past
// is answered from memory too; older ranges are queried.
inline constexpr std::chrono::hours kSeatCacheLookBack{24 * 7};

}  // namespace sportello::storage
