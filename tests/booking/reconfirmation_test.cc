// Reconfirmation (booking/reconfirmation.h) on a real SQLite file and on PostgreSQL: asked when the
// window opens, reminded once, released when it closes; confirming; bookings made inside the window;
// convocations; the seat released going to the waitlist; a release racing a late confirmation.
#include "booking/reconfirmation.h"
#include "tests/booking/no_seat_wasted_fixture.h"

#include <map>
#include <thread>

namespace sportello::storage::testing {
namespace {

using engine::BookingStatus;
using engine::Error;
using std::chrono::minutes;

// Bookings of kSlot (Tuesday 10 November 09:00) are reconfirmed from Thursday 5 November 00:00
// until the end of Sunday 8 November; reminded on Saturday 7 November 00:00.
const std::string_view kReconfirm = R"("reconfirm": {"from_days": 5, "until_days": 2})";
const Instant kOpens = At("2026-11-05T00:00:00+01:00");
const Instant kRemind = At("2026-11-07T00:00:00+01:00");
const Instant kCloses = At("2026-11-09T00:00:00+01:00");

engine::DeskCalendar Calendar(std::string_view fields = kReconfirm, int capacity = 1) {
  return NoSeatWastedCalendar(fields, 60, capacity, 1);
}

booking::ReconfirmPass Run(Store& store, Instant now) {
  auto pass = booking::RunReconfirmations(store, now);
  REQUIRE(pass.has_value());
  return *pass;
}

std::string BookKSlot(Store& store, int application, Instant now = kNow, Instant start = kSlot) {
  BookRequest request = ApplicantRequest(AppId(application), start);
  request.now = now;
  auto booked = booking::Book(store, request);
  REQUIRE(booked.has_value());
  return booked->booking.code;
}

TEST_CASE("a booking made before its window is asked when it opens, reminded once, released when it closes") {
  StoreFixture f(10, Calendar());
  const std::string code = BookKSlot(*f.store, 1);
  CHECK_FALSE(f.store->FindBooking(code)->confirmed_at.has_value());
  CHECK(Run(*f.store, kOpens - minutes{1}).asked == 0);
  CHECK(Run(*f.store, kOpens).asked == 1);
  CHECK(f.store->FindBooking(code)->reconfirm_asked_at == kOpens);
  CHECK(Run(*f.store, kOpens + minutes{1}).asked == 0);
  CHECK(MessagesOf(f.db, "reconfirm") == 1);
  CHECK(Run(*f.store, kRemind).reminded == 1);
  CHECK(Run(*f.store, kRemind + minutes{1}).reminded == 0);
  CHECK(MessagesOf(f.db, "reconfirm_reminder") == 1);

  const booking::ReconfirmPass closing = Run(*f.store, kCloses);
  CHECK(closing.released == 1);
  const BookingRecord released = f.store->FindBooking(code).value();
  CHECK(released.status == BookingStatus::released);
  CHECK(f.store->Seats("roma", kType, kSlot, kSlot + minutes{1})->Use(kSlot).online == 0);
  CHECK(MessagesOf(f.db, "released") == 1);
  CHECK(QueryInt(f.db, "SELECT count(*) FROM audit WHERE action = 'booking.release' AND actor = 'system'") == 1);
  CHECK(booking::ConfirmBooking(*f.store, code, kCloses).error() == Error::outside_reconfirm_window);
  // The person may book again.
  BookRequest again = ApplicantRequest(AppId(1), kNextSlot);
  again.now = kCloses;
  CHECK(booking::Book(*f.store, again).has_value());
}

TEST_CASE("a booking confirmed inside its window is kept, and confirming outside it is refused") {
  StoreFixture f(10, Calendar());
  const std::string code = BookKSlot(*f.store, 1);
  CHECK(booking::ConfirmBooking(*f.store, code, kOpens - minutes{1}).error() == Error::outside_reconfirm_window);
  auto confirmed = booking::ConfirmBooking(*f.store, code, kOpens + minutes{10});
  REQUIRE(confirmed.has_value());
  CHECK(confirmed->confirmed_at == kOpens + minutes{10});
  CHECK(booking::ConfirmBooking(*f.store, code, kRemind)->confirmed_at == kOpens + minutes{10});
  CHECK(Run(*f.store, kOpens + minutes{20}).asked == 0);
  CHECK(Run(*f.store, kCloses).released == 0);
  CHECK(f.store->FindBooking(code)->status == BookingStatus::booked);
  CHECK(booking::ConfirmBooking(*f.store, "RM-0000-0000-0000", kOpens).error() == Error::not_found);
  CHECK(QueryInt(f.db, "SELECT count(*) FROM audit WHERE action = 'booking.confirm'") == 1);
}

TEST_CASE("a booking made inside its window counts as confirmed, and a move to a later day restarts it") {
  StoreFixture f(10, Calendar());
  const Instant inside = kOpens + minutes{60};
  const std::string code = BookKSlot(*f.store, 1, inside);
  CHECK(f.store->FindBooking(code)->confirmed_at == inside);
  const Instant far = At("2026-11-24T09:00:00+01:00");
  REQUIRE(booking::Reschedule(*f.store, code, far, Actor::Applicant(), inside).has_value());
  CHECK_FALSE(f.store->FindBooking(code)->confirmed_at.has_value());
  CHECK(Run(*f.store, kCloses).released == 0);  // its new window is still ahead
}

TEST_CASE("convocations by staff are reconfirmed only when the type says so") {
  StoreFixture exempt(10, Calendar());
  REQUIRE(booking::Book(*exempt.store, StaffRequest(AppId(1))).has_value());
  CHECK(Run(*exempt.store, kOpens).asked == 0);
  CHECK(Run(*exempt.store, kCloses).released == 0);

  StoreFixture asked(10, Calendar(R"("reconfirm": {"from_days": 5, "until_days": 2}, "reconfirm_staff": true)"));
  REQUIRE(booking::Book(*asked.store, StaffRequest(AppId(1))).has_value());
  CHECK(Run(*asked.store, kOpens).asked == 1);
}

TEST_CASE("a released seat goes to the waitlist first") {
  const std::string_view fields = R"("reconfirm": {"from_days": 5, "until_days": 2}, "waitlist_offer_minutes": 30)";
  StoreFixture f(40, Calendar(fields));
  const engine::DeskCalendar calendar = Calendar(fields);
  std::map<std::string, Instant> starts;
  int application = 1;
  for (const engine::Slot& slot : engine::GenerateSlots(calendar, calendar.types.at(std::string(kType)),
                                                        date::year{2026} / 11 / 3, date::year{2026} / 11 / 10)) {
    starts[BookKSlot(*f.store, application++, kNow, slot.start)] = slot.start;
  }
  booking::JoinRequest wants = JoinOf(30);
  wants.before = date::year{2026} / 11 / 11;
  auto joined = booking::JoinWaitlist(*f.store, wants);
  REQUIRE(joined.has_value());
  CHECK(joined->placed.entry.state == engine::WaitlistState::waiting);  // everything up to the 10th is taken
  Run(*f.store, kOpens);
  CHECK(Run(*f.store, kCloses).released > 0);
  const booking::PlacedEntry offered = EntryOf(*f.store, *joined);
  REQUIRE(offered.entry.state == engine::WaitlistState::offered);
  const Instant seat = offered.entry.offer->start;
  bool was_released = false;
  for (const auto& [code, start] : starts) {
    if (start == seat) was_released = f.store->FindBooking(code)->status == BookingStatus::released;
  }
  CHECK(was_released);
  BookRequest stranger = ApplicantRequest(AppId(35), seat);
  stranger.now = kCloses;
  CHECK(booking::Book(*f.store, stranger).error() == Error::slot_full);
}

TEST_CASE("a release racing a late confirmation ends in exactly one of the two") {
  StoreFixture f(20, Calendar(kReconfirm, 4));
  std::vector<std::string> codes;
  for (int i = 0; i < 12; ++i) codes.push_back(BookKSlot(*f.store, i, kNow, kSlot + minutes{20 * (i % 3)}));
  CHECK(Run(*f.store, kOpens).asked == 12);
  std::vector<int> confirmed(codes.size(), 0);  // not vector<bool>: its bits share words across threads
  std::vector<std::thread> threads;
  bool released_ok = false;
  threads.emplace_back([&] { released_ok = booking::RunReconfirmations(*f.store, kCloses).has_value(); });
  for (std::size_t i = 0; i < codes.size(); ++i) {
    threads.emplace_back([&, i] {
      confirmed[i] = booking::ConfirmBooking(*f.store, codes[i], kCloses - std::chrono::seconds{1}).has_value() ? 1 : 0;
    });
  }
  for (std::thread& thread : threads) thread.join();
  CHECK(released_ok);
  for (std::size_t i = 0; i < codes.size(); ++i) {
    const BookingRecord booking = f.store->FindBooking(codes[i]).value();
    INFO(codes[i]);
    if (confirmed[i]) {
      CHECK(booking.status == BookingStatus::booked);
      CHECK(booking.confirmed_at.has_value());
    } else {
      CHECK(booking.status == BookingStatus::released);
      CHECK_FALSE(booking.confirmed_at.has_value());
    }
  }
}

}  // namespace
}  // namespace sportello::storage::testing
