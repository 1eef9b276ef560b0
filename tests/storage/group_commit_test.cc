// Group commit and the in-memory seat counts, through the Store: bookings made at the same time
// share transactions yet stay independent, and the seats availability sees always match the
// database, whoever wrote it.
#include "fixture.h"

#include <latch>
#include <map>
#include <random>
#include <thread>

namespace sportello::storage::testing {
namespace {

using engine::Error;

// Seats per slot of roma/kType over SlotStarts(), as a plain map (empty slots left out).
std::map<Instant, engine::SeatUse> SeatMap(Store& store) {
  const std::vector<Instant> slots = SlotStarts();
  auto ledger = store.Seats("roma", kType, slots.front(), slots.back() + std::chrono::minutes{20});
  REQUIRE(ledger.has_value());
  std::map<Instant, engine::SeatUse> seats;
  for (Instant start : slots) {
    if (const engine::SeatUse use = ledger->Use(start); use != engine::SeatUse{}) seats[start] = use;
  }
  return seats;
}

// The same, counted by SQL on a connection of its own.
std::map<Instant, engine::SeatUse> SeatMapBySql(const std::string& db) {
  std::map<Instant, engine::SeatUse> seats;
  for (Instant start : SlotStarts()) {
    const std::int64_t at = start.time_since_epoch().count();
    const auto count = [&](std::string_view channel) {
      return static_cast<int>(QueryInt(db, fmt::format("SELECT count(*) FROM bookings WHERE desk = 'roma' AND "
                                                       "type = '{}' AND start = {} AND status = 'booked' AND "
                                                       "channel = '{}'",
                                                       kType, at, channel)));
    };
    if (const engine::SeatUse use{count("online"), count("staff")}; use != engine::SeatUse{}) seats[start] = use;
  }
  return seats;
}

TEST_CASE("bookings made together: the good ones are all kept, the refused ones leave nothing") {
  constexpr int kThreads = 16;
  StoreFixture f(kThreads);
  const std::vector<Instant> slots = SlotStarts();
  std::latch start(kThreads);
  std::vector<Result<BookOutcome>> outcomes(kThreads, Error::internal);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      // Odd threads ask for a time that is not a slot: refused inside the shared transaction.
      const Instant when = t % 2 == 0 ? slots[static_cast<std::size_t>(t)] : slots[0] + std::chrono::minutes{7};
      start.arrive_and_wait();
      outcomes[static_cast<std::size_t>(t)] = booking::Book(*f.store, ApplicantRequest(AppId(t), when));
    });
  }
  for (std::thread& thread : threads) thread.join();

  for (int t = 0; t < kThreads; ++t) {
    const Result<BookOutcome>& outcome = outcomes[static_cast<std::size_t>(t)];
    if (t % 2 == 0) {
      REQUIRE(outcome.has_value());
      CHECK(f.store->FindBooking(outcome->booking.code).has_value());
    } else {
      CHECK(outcome.error() == Error::not_a_slot);
    }
  }
  CHECK(QueryInt(f.db, "SELECT count(*) FROM bookings") == kThreads / 2);
  CHECK(QueryInt(f.db, "SELECT count(*) FROM notifications") == kThreads / 2);
  CHECK(QueryInt(f.db, "SELECT count(*) FROM audit WHERE action = 'booking.create'") == kThreads / 2);
}

TEST_CASE("one Idempotency-Key sent by many at once makes one booking, and all get it") {
  constexpr int kThreads = 8;
  StoreFixture f;
  std::latch start(kThreads);
  std::vector<Result<BookOutcome>> outcomes(kThreads, Error::internal);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      BookRequest request = ApplicantRequest(AppId(1));
      request.idempotency_key = "same-key";
      request.body_hash = "same-body";
      start.arrive_and_wait();
      outcomes[static_cast<std::size_t>(t)] = booking::Book(*f.store, request);
    });
  }
  for (std::thread& thread : threads) thread.join();
  REQUIRE(outcomes[0].has_value());
  for (const Result<BookOutcome>& outcome : outcomes) {
    REQUIRE(outcome.has_value());
    CHECK(outcome->booking.code == outcomes[0]->booking.code);
    CHECK(outcome->manage_token == outcomes[0]->manage_token);
  }
  CHECK(QueryInt(f.db, "SELECT count(*) FROM bookings") == 1);
}

TEST_CASE("the seats availability sees match the database through every kind of change") {
  constexpr int kThreads = 6;
  constexpr int kStepsPerThread = 40;
  StoreFixture f(kThreads * kStepsPerThread, TestCalendar(3, 1));
  const std::vector<Instant> all = SlotStarts();
  const std::vector<Instant> slots(all.begin(), all.begin() + 6);  // crowded on purpose
  CHECK(SeatMap(*f.store).empty());  // warms the cache before the changes

  std::latch start(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      std::mt19937 random(static_cast<unsigned>(t));
      std::vector<std::string> mine;
      start.arrive_and_wait();
      for (int step = 0; step < kStepsPerThread; ++step) {
        const Instant slot = slots[random() % slots.size()];
        switch (mine.empty() ? 0 : random() % 5) {
          case 0:
          case 1: {
            const std::string id = AppId(t * kStepsPerThread + step);
            auto booked = t % 3 == 0 ? booking::Book(*f.store, StaffRequest(id, slot)) : booking::Book(*f.store, ApplicantRequest(id, slot));
            if (booked) mine.push_back(booked->booking.code);
            break;
          }
          case 2:
            (void)booking::Cancel(*f.store, mine[random() % mine.size()], Actor::Staff("mario"), kNow);
            break;
          case 3:
            (void)booking::Reschedule(*f.store, mine[random() % mine.size()], slot, Actor::Staff("mario"), kNow);
            break;
          default:
            (void)booking::SetAttendance(*f.store, mine[random() % mine.size()], BookingStatus::attended, Actor::Staff("mario"),
                                         slot);  // on the appointment's day, as staff can
        }
        if (step % 7 == 0) (void)f.store->Seats("roma", kType, slots.front(), slots.back());  // readers in between
      }
    });
  }
  for (std::thread& thread : threads) thread.join();

  const std::map<Instant, engine::SeatUse> expected = SeatMapBySql(f.db);
  CHECK_FALSE(expected.empty());
  CHECK(SeatMap(*f.store) == expected);
  f.store.reset();
  auto fresh = OpenStore(f.db);  // nothing in memory: every count from SQL
  CHECK(SeatMap(*fresh) == expected);
}

TEST_CASE("seats changed by another process or node are seen at once, both ways") {
  StoreFixture f;
  auto other = OpenStore(f.db);  // another sportello process on the same file, or a second node
  auto mine = booking::Book(*f.store, ApplicantRequest(AppId(1)));
  REQUIRE(mine.has_value());
  REQUIRE(SeatMap(*f.store).at(kSlot) == engine::SeatUse{1, 0});  // now in memory of both
  REQUIRE(SeatMap(*other).at(kSlot) == engine::SeatUse{1, 0});

  auto theirs = booking::Book(*other, StaffRequest(AppId(2)));
  REQUIRE(theirs.has_value());
  CHECK(SeatMap(*f.store).at(kSlot) == engine::SeatUse{1, 1});
  REQUIRE(booking::Book(*f.store, ApplicantRequest(AppId(3), kNextSlot)).has_value());
  CHECK(SeatMap(*f.store).at(kSlot) == engine::SeatUse{1, 1});
  CHECK(SeatMap(*f.store).at(kNextSlot) == engine::SeatUse{1, 0});
  CHECK(SeatMap(*other).at(kNextSlot) == engine::SeatUse{1, 0});

  REQUIRE(booking::Cancel(*f.store, theirs->booking.code, Actor::Staff("mario"), kNow).has_value());
  CHECK(SeatMap(*other).at(kSlot) == engine::SeatUse{1, 0});
  REQUIRE(booking::Reschedule(*other, mine->booking.code, kNextSlot, Actor::Staff("mario"), kNow).has_value());
  CHECK_FALSE(SeatMap(*f.store).contains(kSlot));
  CHECK(SeatMap(*f.store).at(kNextSlot).online + SeatMap(*f.store).at(kNextSlot).staff == 2);
  CHECK(SeatMap(*f.store) == SeatMapBySql(f.db));
  CHECK(SeatMap(*other) == SeatMapBySql(f.db));
}

TEST_CASE("a seat taken by another process or node is counted by this one's next booking") {
  StoreFixture f;
  auto other = OpenStore(f.db);  // another sportello process on the same file, or a second node
  REQUIRE(booking::Book(*f.store, ApplicantRequest(AppId(1))).has_value());
  REQUIRE(SeatMap(*f.store).at(kSlot) == engine::SeatUse{1, 0});  // in memory: one of two online seats
  REQUIRE(booking::Book(*other, ApplicantRequest(AppId(2))).has_value());

  const auto third = booking::Book(*f.store, ApplicantRequest(AppId(3)));
  REQUIRE_FALSE(third.has_value());
  CHECK(third.error() == Error::slot_full);
  CHECK(SeatMapBySql(f.db).at(kSlot) == engine::SeatUse{2, 0});
}

TEST_CASE("a seat taken by an SQL statement run by hand is counted by the next booking", "[sqlite]") {
  StoreFixture f;
  auto first = booking::Book(*f.store, ApplicantRequest(AppId(1)));
  REQUIRE(first.has_value());
  REQUIRE(booking::Book(*f.store, ApplicantRequest(AppId(2))).has_value());
  REQUIRE(booking::Cancel(*f.store, first->booking.code, Actor::Staff("mario"), kNow).has_value());
  REQUIRE(SeatMap(*f.store).at(kSlot) == engine::SeatUse{1, 0});  // in memory: one of two online seats
  sqlite3* raw = nullptr;
  REQUIRE(sqlite3_open(f.db.c_str(), &raw) == SQLITE_OK);
  std::unique_ptr<sqlite3, decltype(&sqlite3_close)> db(raw, &sqlite3_close);
  const std::string restore =
      fmt::format("UPDATE bookings SET status = 'booked' WHERE code = '{}'", first->booking.code);
  REQUIRE(sqlite3_exec(raw, restore.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);

  const auto third = booking::Book(*f.store, ApplicantRequest(AppId(3)));
  REQUIRE_FALSE(third.has_value());
  CHECK(third.error() == Error::slot_full);
}

TEST_CASE("seats changed by an SQL statement run by hand are seen at once", "[sqlite]") {
  StoreFixture f;
  REQUIRE(booking::Book(*f.store, ApplicantRequest(AppId(1))).has_value());
  REQUIRE(SeatMap(*f.store).at(kSlot) == engine::SeatUse{1, 0});  // now in memory
  sqlite3* raw = nullptr;
  REQUIRE(sqlite3_open(f.db.c_str(), &raw) == SQLITE_OK);
  std::unique_ptr<sqlite3, decltype(&sqlite3_close)> db(raw, &sqlite3_close);
  REQUIRE(sqlite3_exec(raw, "UPDATE bookings SET status = 'cancelled'", nullptr, nullptr, nullptr) == SQLITE_OK);
  CHECK(SeatMap(*f.store).empty());
}

}  // namespace
}  // namespace sportello::storage::testing
