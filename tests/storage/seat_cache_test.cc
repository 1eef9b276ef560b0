// The seat cache's protocol on its own (no database): when it answers from memory, when it sends
// the reader to the database, and how commits of this process and writes of others reach it.
#include "storage/seat_cache.h"

#include "fixture.h"

namespace sportello::storage::testing {
namespace {

using Answer = SeatCache::Answer;
using engine::Channel;

const Instant kFrom = At("2026-11-09T00:00:00+01:00");
const Instant kTo = At("2026-11-23T00:00:00+01:00");

SeatCounts OneOnlineAt(Instant start) {
  SeatCounts counts;
  counts[start.time_since_epoch().count()].online = 1;
  return counts;
}

// A cache holding roma/kType at seat version 5 with one online seat taken at kSlot.
void Warm(SeatCache& cache) {
  SeatCache::Lookup first = cache.Find("roma", kType, kFrom, kTo, 5);
  REQUIRE(first.answer == Answer::load);
  CHECK(first.since <= kFrom);
  cache.Install("roma", kType, first.since, 5, OneOnlineAt(kSlot));
}

TEST_CASE("seat cache: a cold key is loaded once, then answered from memory", "[sqlite]") {
  SeatCache cache;
  Warm(cache);
  SeatCache::Lookup hit = cache.Find("roma", kType, kFrom, kTo, 5);
  REQUIRE(hit.answer == Answer::hit);
  CHECK(hit.ledger.Use(kSlot) == engine::SeatUse{1, 0});
  CHECK(hit.ledger.Use(kNextSlot) == engine::SeatUse{});
  SECTION("a range that excludes the seat has none of it") {
    SeatCache::Lookup later = cache.Find("roma", kType, kSlot + std::chrono::seconds{1}, kTo, 5);
    REQUIRE(later.answer == Answer::hit);
    CHECK(later.ledger.size() == 0);
  }
  SECTION("another type of the same desk is a key of its own") {
    CHECK(cache.Find("roma", kOtherType, kFrom, kTo, 5).answer == Answer::load);
  }
  SECTION("a range starting before what was loaded is queried") {
    CHECK(cache.Find("roma", kType, kFrom - std::chrono::days{60}, kTo, 5).answer == Answer::query);
  }
}

TEST_CASE("seat cache: while one reader loads a key, the others query", "[sqlite]") {
  SeatCache cache;
  CHECK(cache.Find("roma", kType, kFrom, kTo, 5).answer == Answer::load);
  CHECK(cache.Find("roma", kType, kFrom, kTo, 5).answer == Answer::query);
  SECTION("an abandoned load may be taken up again") {
    cache.Abandon("roma", kType);
    CHECK(cache.Find("roma", kType, kFrom, kTo, 5).answer == Answer::load);
  }
}

TEST_CASE("seat cache: a commit of this process is applied when it accounts for the version step", "[sqlite]") {
  SeatCache cache;
  Warm(cache);
  SeatChanges changes;
  changes.Take("roma", kType, kSlot, Channel::staff);
  changes.Move("roma", kType, kSlot, Channel::online, kNextSlot, Channel::online);
  cache.BeginCommit();
  SECTION("a reader whose snapshot already has the commit queries until it is applied") {
    CHECK(cache.Find("roma", kType, kFrom, kTo, 7).answer == Answer::query);
    CHECK(cache.Find("roma", kType, kFrom, kTo, 5).answer == Answer::hit);  // older snapshot, older cache
  }
  cache.EndCommit(5, 7, changes, true);
  SeatCache::Lookup hit = cache.Find("roma", kType, kFrom, kTo, 7);
  REQUIRE(hit.answer == Answer::hit);
  CHECK(hit.ledger.Use(kSlot) == engine::SeatUse{0, 1});
  CHECK(hit.ledger.Use(kNextSlot) == engine::SeatUse{1, 0});
  CHECK(cache.Find("roma", kType, kFrom, kTo, 5).answer == Answer::query);  // a reader still on the old snapshot
}

TEST_CASE("seat cache: anything it cannot account for empties it", "[sqlite]") {
  SeatCache cache;
  Warm(cache);
  SeatChanges one;
  one.Take("roma", kType, kSlot, Channel::online);

  SECTION("another writer committed between the cache and this commit") {
    cache.BeginCommit();
    cache.EndCommit(6, 7, one, true);
  }
  SECTION("a change this process made but did not record") {
    cache.BeginCommit();
    cache.EndCommit(5, 7, one, true);
  }
  SECTION("a commit that failed") {
    cache.BeginCommit();
    cache.EndCommit(5, 6, one, false);
  }
  SECTION("another process wrote and no commit of this process is under way") {
    CHECK(cache.Find("roma", kType, kFrom, kTo, 7).answer == Answer::load);
    cache.Abandon("roma", kType);
  }
  SeatCache::Lookup reload = cache.Find("roma", kType, kFrom, kTo, 7);
  CHECK(reload.answer == Answer::load);
}

TEST_CASE("seat cache: a load read at a version the cache has left is not kept", "[sqlite]") {
  SeatCache cache;
  Warm(cache);
  SeatCache::Lookup load = cache.Find("roma", kOtherType, kFrom, kTo, 5);
  REQUIRE(load.answer == Answer::load);
  SeatChanges one;
  one.Take("roma", kType, kSlot, Channel::online);
  cache.BeginCommit();
  cache.EndCommit(5, 6, one, true);
  cache.Install("roma", kOtherType, load.since, 5, OneOnlineAt(kSlot));
  CHECK(cache.Find("roma", kOtherType, kFrom, kTo, 6).answer == Answer::load);
  CHECK(cache.Find("roma", kType, kFrom, kTo, 6).answer == Answer::hit);
}

WaitlistEntry EntryOffered(std::optional<Instant> start, WaitlistState state = WaitlistState::offered) {
  WaitlistEntry entry;
  entry.desk = "roma";
  entry.type = std::string(kType);
  entry.state = state;
  if (start) entry.offer = WaitlistOffer{*start, *start + std::chrono::minutes{20}, *start - std::chrono::hours{24}};
  return entry;
}

TEST_CASE("seat cache: seats held by offers are taken, moved and freed in memory, one version step each",
          "[sqlite]") {
  SeatCache cache;
  Warm(cache);
  const WaitlistEntry waiting = EntryOffered(std::nullopt, WaitlistState::waiting);
  const WaitlistEntry at_slot = EntryOffered(kSlot);
  const WaitlistEntry at_next = EntryOffered(kNextSlot);
  SeatChanges changes;
  changes.EntryInserted(waiting);                             // holds nothing
  changes.HoldChanged(waiting, at_slot);                      // taken
  changes.HoldChanged(at_slot, EntryOffered(kSlot));          // the same seat: nothing
  CHECK(changes.rows == 1);
  cache.BeginCommit();
  cache.EndCommit(5, 6, changes, true);
  SeatCache::Lookup hit = cache.Find("roma", kType, kFrom, kTo, 6);
  REQUIRE(hit.answer == Answer::hit);
  CHECK(hit.ledger.Use(kSlot) == engine::SeatUse{2, 0});

  SeatChanges moved;
  moved.HoldChanged(at_slot, at_next);
  moved.HoldChanged(at_next, EntryOffered(kNextSlot, WaitlistState::accepted));  // freed, the offer kept
  moved.EntryInserted(at_slot);                                                   // a new entry holding a seat
  CHECK(moved.rows == 3);
  cache.BeginCommit();
  cache.EndCommit(6, 9, moved, true);
  hit = cache.Find("roma", kType, kFrom, kTo, 9);
  REQUIRE(hit.answer == Answer::hit);
  CHECK(hit.ledger.Use(kSlot) == engine::SeatUse{2, 0});
  CHECK(hit.ledger.Use(kNextSlot) == engine::SeatUse{0, 0});
}

}  // namespace
}  // namespace sportello::storage::testing
