// The waitlist (booking/waitlist.h) on a real SQLite file and on PostgreSQL: joining, a freed seat
// offered to the first in line it fits and held for them alone, accepting (a new booking or a
// move), declining, expiry passing the seat on, and the races between them.
#include "booking/waitlist.h"
#include "tests/booking/no_seat_wasted_fixture.h"

#include <atomic>
#include <thread>

namespace sportello::storage::testing {
namespace {

using engine::Error;
using engine::WaitlistState;
using std::chrono::minutes;

const std::string_view kWaitlist = R"("waitlist_offer_minutes": 30)";

struct WaitlistFixture : StoreFixture {
  WaitlistFixture() : StoreFixture(40, NoSeatWastedCalendar(kWaitlist)) { codes = FillWindow(*store); }
  std::vector<std::string> codes;  // A-00000 … A-00005, one per slot of the window
};

TEST_CASE("joining the waitlist checks the applicant as booking does and keeps one entry per type") {
  WaitlistFixture f;
  booking::JoinRequest wrong = JoinOf(10);
  wrong.tax_code = "MRARSS85T10A562S";
  CHECK(booking::JoinWaitlist(*f.store, wrong).error() == Error::application_not_verified);
  booking::JoinRequest other_type = JoinOf(10);
  other_type.type = std::string(kOtherType);
  CHECK(booking::JoinWaitlist(*f.store, other_type).error() == Error::type_not_allowed);
  booking::JoinRequest too_soon = JoinOf(10);
  too_soon.before = date::year{2026} / 11 / 3;
  const auto refused = booking::JoinWaitlist(*f.store, too_soon);
  CHECK(refused.error() == Error::invalid_request);
  CHECK(refused.error().field == "before");
  booking::JoinRequest unknown_desk = JoinOf(10);
  unknown_desk.desk = "nowhere";
  CHECK(booking::JoinWaitlist(*f.store, unknown_desk).error() == Error::not_found);

  const booking::JoinedWaitlist first = Join(*f.store, 10);
  CHECK(first.placed.position == 1);
  CHECK(first.placed.entry.state == WaitlistState::waiting);
  CHECK(first.placed.entry.email == "persona@example.org");
  CHECK(Join(*f.store, 11).placed.position == 2);
  CHECK(booking::JoinWaitlist(*f.store, JoinOf(10)).error() == Error::already_waiting);
  CHECK(booking::FindEntry(*f.store, first.placed.entry.id, "not-the-token").error() == Error::not_found);
  CHECK(QueryInt(f.db, "SELECT count(*) FROM audit WHERE action = 'waitlist.join'") == 2);
}

TEST_CASE("a type without a waitlist, or a desk closed to applicants, takes nobody in line") {
  StoreFixture no_waitlist(10, NoSeatWastedCalendar(""));
  CHECK(booking::JoinWaitlist(*no_waitlist.store, JoinOf(1)).error() == Error::waitlist_closed);
  engine::DeskCalendar closed = NoSeatWastedCalendar(kWaitlist);
  closed.flags.self_booking = false;
  StoreFixture closed_desk(10, closed);
  CHECK(booking::JoinWaitlist(*closed_desk.store, JoinOf(1)).error() == Error::self_booking_disabled);
}

TEST_CASE("a cancelled seat is offered to the first in line and held for them alone until they accept") {
  WaitlistFixture f;
  const booking::JoinedWaitlist first = Join(*f.store, 10);
  const booking::JoinedWaitlist second = Join(*f.store, 11);
  const Instant freed = WindowSlots()[3];
  const Instant later = kNow + minutes{5};
  REQUIRE(booking::Cancel(*f.store, f.codes[3], Actor::Applicant(), later).has_value());

  const booking::PlacedEntry offered = EntryOf(*f.store, first);
  CHECK(offered.entry.state == WaitlistState::offered);
  REQUIRE(offered.entry.offer.has_value());
  CHECK(offered.entry.offer->start == freed);
  CHECK(offered.entry.offer->expires_at == later + minutes{30});
  CHECK(offered.position == 1);
  CHECK(EntryOf(*f.store, second).entry.state == WaitlistState::waiting);
  CHECK(MessagesOf(f.db, "offer") == 1);

  // Held: nobody else can take it, and availability shows it taken.
  CHECK(booking::Book(*f.store, ApplicantRequest(AppId(20), freed)).error() == Error::slot_full);
  auto seats = f.store->Seats("roma", kType, freed, freed + minutes{1});
  REQUIRE(seats.has_value());
  CHECK(seats->Use(freed).online == 1);

  auto accepted = booking::AcceptOffer(*f.store, first.placed.entry.id, first.token, later + minutes{10});
  REQUIRE(accepted.has_value());
  CHECK(accepted->booking.start == freed);
  CHECK(accepted->booking.application_id == AppId(10));
  CHECK(accepted->booking.status == engine::BookingStatus::booked);
  CHECK_FALSE(accepted->manage_token.empty());
  CHECK(f.store->VerifyManageToken(accepted->booking.code, accepted->manage_token).has_value());
  CHECK(EntryOf(*f.store, first).entry.state == WaitlistState::accepted);
  CHECK(EntryOf(*f.store, first).position == 0);
  CHECK(EntryOf(*f.store, second).position == 1);
  CHECK(f.store->Seats("roma", kType, freed, freed + minutes{1})->Use(freed).online == 1);
  CHECK(booking::AcceptOffer(*f.store, first.placed.entry.id, first.token, later + minutes{11}).error() ==
        Error::no_offer);
  CHECK(QueryInt(f.db, "SELECT count(*) FROM audit WHERE action IN ('waitlist.offer', 'waitlist.accept')") == 2);
}

TEST_CASE("a seat about to pass the minimum notice is not offered: nobody could take it in time") {
  WaitlistFixture f;
  const booking::JoinedWaitlist waiting = Join(*f.store, 10);
  // Tuesday 09:00 may be booked only until Monday 09:00, which is now.
  REQUIRE(booking::Cancel(*f.store, f.codes[0], Actor::Applicant(), kNow).has_value());
  CHECK(EntryOf(*f.store, waiting).entry.state == WaitlistState::waiting);
}

TEST_CASE("an offer not accepted in time goes to the next in line, and the late accept is refused") {
  WaitlistFixture f;
  const booking::JoinedWaitlist first = Join(*f.store, 10);
  const booking::JoinedWaitlist second = Join(*f.store, 11);
  REQUIRE(booking::Cancel(*f.store, f.codes[4], Actor::Applicant(), kNow).has_value());
  const Instant expired = kNow + minutes{31};
  CHECK(booking::AcceptOffer(*f.store, first.placed.entry.id, first.token, expired).error() == Error::offer_expired);

  auto pass = booking::MatchWaitlists(*f.store, expired);
  REQUIRE(pass.has_value());
  CHECK(pass->expired == 1);
  CHECK(EntryOf(*f.store, first).entry.state == WaitlistState::expired);
  const booking::PlacedEntry next = EntryOf(*f.store, second);
  CHECK(next.entry.state == WaitlistState::offered);
  CHECK(next.entry.offer->start == WindowSlots()[4]);
  CHECK(next.entry.offer->expires_at == expired + minutes{30});
  CHECK(booking::AcceptOffer(*f.store, first.placed.entry.id, first.token, expired).error() == Error::no_offer);
  CHECK(booking::AcceptOffer(*f.store, second.placed.entry.id, second.token, expired).has_value());
}

TEST_CASE("leaving while offered declines the offer: the seat goes to the next in line") {
  WaitlistFixture f;
  const booking::JoinedWaitlist first = Join(*f.store, 10);
  const booking::JoinedWaitlist second = Join(*f.store, 11);
  REQUIRE(booking::Cancel(*f.store, f.codes[2], Actor::Staff("mario"), kNow).has_value());
  auto left = booking::LeaveWaitlist(*f.store, first.placed.entry.id, first.token, kNow + minutes{1});
  REQUIRE(left.has_value());
  CHECK(left->state == WaitlistState::left);
  CHECK(EntryOf(*f.store, second).entry.state == WaitlistState::offered);
  CHECK(booking::LeaveWaitlist(*f.store, first.placed.entry.id, "wrong", kNow).error() == Error::not_found);
  CHECK(booking::LeaveWaitlist(*f.store, first.placed.entry.id, first.token, kNow)->state == WaitlistState::left);
  // Left, the application may join again, at the end of the line.
  CHECK(Join(*f.store, 10).placed.position == 2);
}

TEST_CASE("someone with a booking is offered only earlier seats, and accepting moves their booking") {
  WaitlistFixture f;
  // A-00005 holds the last slot of the window and wants an earlier one; A-00000 holds the first.
  const booking::JoinedWaitlist has_first = Join(*f.store, 0);
  const booking::JoinedWaitlist has_last = Join(*f.store, 5);
  const booking::JoinedWaitlist has_none = Join(*f.store, 12);
  REQUIRE(booking::Cancel(*f.store, f.codes[3], Actor::Applicant(), kNow).has_value());
  // The seat is later than A-00000's own: skipped; A-00005 is next.
  CHECK(EntryOf(*f.store, has_first).entry.state == WaitlistState::waiting);
  CHECK(EntryOf(*f.store, has_last).entry.state == WaitlistState::offered);
  auto moved = booking::AcceptOffer(*f.store, has_last.placed.entry.id, has_last.token, kNow + minutes{2});
  REQUIRE(moved.has_value());
  CHECK(moved->booking.code == f.codes[5]);
  CHECK(moved->booking.start == WindowSlots()[3]);
  CHECK(f.store->FindBooking(f.codes[5])->start == WindowSlots()[3]);
  // The seat the move freed went to the next who fits, in the same transaction.
  const booking::PlacedEntry next = EntryOf(*f.store, has_none);
  CHECK(next.entry.state == WaitlistState::offered);
  CHECK(next.entry.offer->start == WindowSlots()[5]);
  CHECK(EntryOf(*f.store, has_first).entry.state == WaitlistState::waiting);
}

TEST_CASE("a date limit keeps later seats from being offered, and joining with a seat free offers it at once") {
  WaitlistFixture f;
  booking::JoinRequest picky = JoinOf(10);
  picky.before = date::year{2026} / 11 / 4;  // Tuesday 3 November only
  auto joined = booking::JoinWaitlist(*f.store, picky);
  REQUIRE(joined.has_value());
  const booking::JoinedWaitlist other = Join(*f.store, 11);
  REQUIRE(booking::Cancel(*f.store, f.codes[4], Actor::Applicant(), kNow).has_value());  // Wednesday
  CHECK(EntryOf(*f.store, *joined).entry.state == WaitlistState::waiting);
  CHECK(EntryOf(*f.store, other).entry.state == WaitlistState::offered);
  REQUIRE(booking::LeaveWaitlist(*f.store, other.placed.entry.id, other.token, kNow).has_value());
  // The declined Wednesday seat fits nobody now; it is free for anyone. A newcomer gets it at once.
  const booking::JoinedWaitlist newcomer = Join(*f.store, 13);
  CHECK(newcomer.placed.entry.state == WaitlistState::offered);
  CHECK(newcomer.placed.entry.offer->start == WindowSlots()[4]);
}

TEST_CASE("staff see the line in order with the offers") {
  WaitlistFixture f;
  Join(*f.store, 10);
  Join(*f.store, 11);
  REQUIRE(booking::Cancel(*f.store, f.codes[3], Actor::Applicant(), kNow).has_value());
  auto line = booking::WaitlistForStaff(*f.store, "roma", kType);
  REQUIRE(line.has_value());
  REQUIRE(line->size() == 2);
  CHECK((*line)[0].entry.application_id == AppId(10));
  CHECK((*line)[0].entry.state == WaitlistState::offered);
  CHECK((*line)[1].position == 2);
  CHECK(booking::WaitlistForStaff(*f.store, "nowhere", kType).error() == Error::not_found);
}

TEST_CASE("a seat held by an offer is never booked by anyone else, however many try at once") {
  WaitlistFixture f;
  const booking::JoinedWaitlist waiting = Join(*f.store, 10);
  const Instant seat = WindowSlots()[3];
  std::atomic<int> booked{0};
  std::atomic<int> full{0};
  std::vector<std::thread> bookers;
  for (int i = 0; i < 8; ++i) {
    bookers.emplace_back([&, i] {
      for (int attempt = 0; attempt < 20; ++attempt) {
        auto result = booking::Book(*f.store, ApplicantRequest(AppId(20 + i), seat));
        (result ? booked : full) += 1;
      }
    });
  }
  auto cancelled = booking::Cancel(*f.store, f.codes[3], Actor::Applicant(), kNow);
  for (std::thread& booker : bookers) booker.join();
  REQUIRE(cancelled.has_value());
  CHECK(booked == 0);
  CHECK(full == 8 * 20);
  CHECK(EntryOf(*f.store, waiting).entry.state == WaitlistState::offered);
  CHECK(booking::AcceptOffer(*f.store, waiting.placed.entry.id, waiting.token, kNow).has_value());
}

TEST_CASE("seats freed at once are offered to different people, never one seat to two") {
  WaitlistFixture f;
  std::vector<booking::JoinedWaitlist> line;
  for (int i = 0; i < 5; ++i) line.push_back(Join(*f.store, 10 + i));
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int i = 0; i < 3; ++i) {
    threads.emplace_back([&, i] {
      if (!booking::Cancel(*f.store, f.codes[static_cast<std::size_t>(3 + i)], Actor::Applicant(), kNow)) ++failures;
    });
  }
  for (int i = 0; i < 3; ++i) {
    threads.emplace_back([&] {
      if (!booking::MatchWaitlists(*f.store, kNow)) ++failures;
    });
  }
  for (std::thread& thread : threads) thread.join();
  CHECK(failures == 0);
  std::vector<Instant> held;
  for (const booking::JoinedWaitlist& joined : line) {
    const booking::PlacedEntry placed = EntryOf(*f.store, joined);
    if (placed.entry.state == WaitlistState::offered) held.push_back(placed.entry.offer->start);
  }
  std::sort(held.begin(), held.end());
  const std::vector<Instant> slots = WindowSlots();
  CHECK(held == std::vector<Instant>{slots[3], slots[4], slots[5]});
  // The first three in line hold them.
  for (int i = 0; i < 3; ++i) CHECK(EntryOf(*f.store, line[static_cast<std::size_t>(i)]).entry.state == WaitlistState::offered);
  CHECK(MessagesOf(f.db, "offer") == 3);
}

}  // namespace
}  // namespace sportello::storage::testing
