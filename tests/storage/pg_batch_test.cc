// PgStore's batches of bookings (storage/pg_bookings.cc), where the two backends differ: a batch
// keeps the locks of the bookings it kept, and only those, while another node books beside it.
// PostgreSQL only: on SQLite a second process waits for the batch's write lock instead.
#include "booking/book_in.h"
#include "fixture.h"

#include <latch>
#include <thread>

namespace sportello::storage::testing {
namespace {

using engine::Error;

TEST_CASE("a slot lock given back by a refused booking of a batch is taken and read again by the next one") {
  StoreFixture f(4, TestCalendar(/*capacity=*/1, /*staff_capacity=*/0));
  auto other = OpenStore(f.db);  // a second node
  // This node's memory holds the slot's seats at the current seat version.
  REQUIRE(f.store->Seats("roma", kType, kSlot, kSlot + std::chrono::minutes{1}).has_value());

  // The first decision holds the queue, so that the next two wait and then share one transaction.
  std::latch holding(1);
  std::latch release(1);
  std::thread leader([&] {
    f.store->BookTogether(
        [&](BookingTransaction&) -> Result<BookOutcome> {
          holding.count_down();
          release.wait();
          return Error::not_found;
        },
        [](Result<BookOutcome>) {});
  });
  holding.wait();

  Result<BookOutcome> refused = Error::internal, other_node = Error::internal, last = Error::internal;
  // Reads the slot's seats, which locks it, then is refused: its savepoint gives the lock back.
  f.store->BookTogether(
      [&](BookingTransaction& transaction) -> Result<BookOutcome> {
        transaction.SeatsTaken("roma", kType, kSlot);
        return Error::slot_full;
      },
      [&](Result<BookOutcome> outcome) { refused = std::move(outcome); });
  // The second node takes the slot's only seat, which it can since nobody holds the lock (given
  // back by this batch's next statement: a read); then this batch asks for the same seat.
  f.store->BookTogether(
      [&](BookingTransaction& transaction) -> Result<BookOutcome> {
        transaction.Application(AppId(2));
        other_node = booking::Book(*other, ApplicantRequest(AppId(1)));
        return booking::BookIn(transaction, ApplicantRequest(AppId(2)));
      },
      [&](Result<BookOutcome> outcome) { last = std::move(outcome); });
  release.count_down();
  leader.join();

  CHECK(refused.error() == Error::slot_full);
  REQUIRE(other_node.has_value());
  REQUIRE_FALSE(last.has_value());
  CHECK(last.error() == Error::slot_full);
  CHECK(QueryInt(f.db, "SELECT count(*) FROM bookings WHERE status = 'booked'") == 1);
}

}  // namespace
}  // namespace sportello::storage::testing
