// Automatic convocation (booking/convocation.h) on a real SQLite file and on PostgreSQL: who is due,
// the seat chosen, once per application and type, the dry run, and two passes at once.
#include "booking/convocation.h"
#include "booking/reconfirmation.h"
#include "tests/booking/no_seat_wasted_fixture.h"

#include <set>
#include <thread>

namespace sportello::storage::testing {
namespace {

using std::chrono::days;

const std::string_view kConvene = R"("auto_convene_after_days": 30)";
// Applications are imported at kNow (Monday 2 November 2026): due from 2 December.
const Instant kDue = kNow + days{31};

std::vector<booking::Convocation> Convene(Store& store, Instant now, bool dry_run = false) {
  auto convened = booking::ConveneDue(store, now, dry_run);
  REQUIRE(convened.has_value());
  return *convened;
}

std::int64_t Bookings(const std::string& db) { return QueryInt(db, "SELECT count(*) FROM bookings"); }

TEST_CASE("applications that never booked are convened once into the earliest online seats, by the system") {
  StoreFixture f(4, NoSeatWastedCalendar(kConvene, 60, 1, 1));
  const std::string booked = booking::Book(*f.store, ApplicantRequest(AppId(0))).value().booking.code;
  CHECK(Convene(*f.store, kNow + days{29}).empty());

  const std::vector<booking::Convocation> convened = Convene(*f.store, kDue);
  REQUIRE(convened.size() == 3);  // A-00000 booked by itself
  std::set<Instant> starts;
  for (const booking::Convocation& convocation : convened) {
    REQUIRE(convocation.booking.has_value());
    CHECK(convocation.application_id != AppId(0));
    CHECK(convocation.booking->created_by == "system");
    CHECK(convocation.booking->channel == engine::Channel::online);
    CHECK(convocation.booking->status == engine::BookingStatus::booked);
    starts.insert(convocation.booking->start);
  }
  // kDue is Thursday 3 December 09:00; Friday at 09:00 is the first seat inside the window.
  CHECK(*starts.begin() == At("2026-12-04T09:00:00+01:00"));
  CHECK(starts.size() == 3);  // one online seat per slot: three slots
  CHECK(MessagesOf(f.db, "convocation") == 3);
  CHECK(QueryInt(f.db, "SELECT count(*) FROM audit WHERE action = 'booking.create' AND actor = 'system'") == 3);

  // Once only, even after a cancellation.
  REQUIRE(booking::Cancel(*f.store, convened[0].booking->code, Actor::Applicant(), kDue).has_value());
  CHECK(Convene(*f.store, kDue + days{1}).empty());
  CHECK(f.store->FindBooking(booked)->created_by == "applicant");
}

TEST_CASE("an application whose booking was released for want of a reconfirmation is not convened") {
  StoreFixture f(2, NoSeatWastedCalendar(R"("auto_convene_after_days": 30, "reconfirm": {"from_days": 5, "until_days": 2})",
                                         60, 1, 1));
  const std::string code = booking::Book(*f.store, ApplicantRequest(AppId(0))).value().booking.code;
  REQUIRE(booking::RunReconfirmations(*f.store, At("2026-11-05T00:00:00+01:00"))->asked == 1);
  REQUIRE(booking::RunReconfirmations(*f.store, At("2026-11-09T00:00:00+01:00"))->released == 1);
  REQUIRE(f.store->FindBooking(code)->status == engine::BookingStatus::released);
  const std::vector<booking::Convocation> convened = Convene(*f.store, kDue);
  REQUIRE(convened.size() == 1);
  CHECK(convened[0].application_id == AppId(1));
}

TEST_CASE("a dry run of the convocation changes nothing and names the seats") {
  StoreFixture f(2, NoSeatWastedCalendar(kConvene, 60, 1, 1));
  const std::int64_t before = Bookings(f.db);
  const std::vector<booking::Convocation> planned = Convene(*f.store, kDue, true);
  REQUIRE(planned.size() == 2);
  CHECK(planned[0].booking->start == At("2026-12-04T09:00:00+01:00"));
  CHECK(Bookings(f.db) == before);
  CHECK(Convene(*f.store, kDue).size() == 2);
}

TEST_CASE("a type listed later is due later, and a type without the setting is never convened") {
  StoreFixture f(1, NoSeatWastedCalendar(kConvene, 60, 1, 1));
  const std::vector<engine::Application> later{MakeApplication(AppId(1))};
  REQUIRE(booking::ImportApplications(*f.store, later, Actor::Cli(), kNow + days{20}).has_value());
  const std::vector<engine::Application> other{MakeApplication(AppId(2), "roma", {std::string(kOtherType)})};
  REQUIRE(booking::ImportApplications(*f.store, other, Actor::Cli(), kNow).has_value());
  const std::vector<booking::Convocation> convened = Convene(*f.store, kDue);
  REQUIRE(convened.size() == 1);
  CHECK(convened[0].application_id == AppId(0));
  CHECK(Convene(*f.store, kNow + days{51}).size() == 1);  // A-00001, listed 20 days later
}

TEST_CASE("with no online seat left the convocation takes a staff seat") {
  // A 2-day horizon at kDue (Thursday 3 December 09:00): only Friday's three slots are inside the
  // window, each with one online and one staff seat.
  StoreFixture f(8, NoSeatWastedCalendar(kConvene, 2, 1, 1));
  const std::vector<booking::Convocation> convened = Convene(*f.store, kDue);
  int online = 0;
  int staff = 0;
  for (const booking::Convocation& convocation : convened) {
    if (!convocation.booking) continue;
    (convocation.booking->channel == engine::Channel::online ? online : staff) += 1;
  }
  CHECK(online == 3);
  CHECK(staff == 3);
  CHECK(convened.size() == 8);
  CHECK(convened.back().no_seat);
}

TEST_CASE("two passes at once convene each application once") {
  StoreFixture f(6, NoSeatWastedCalendar(kConvene, 60, 1, 1));
  std::vector<std::thread> passes;
  std::vector<int> ok(3, 0);  // not vector<bool>: its bits share words across threads
  for (std::size_t i = 0; i < ok.size(); ++i) {
    passes.emplace_back([&, i] { ok[i] = booking::ConveneDue(*f.store, kDue, false).has_value() ? 1 : 0; });
  }
  for (std::thread& pass : passes) pass.join();
  CHECK(ok == std::vector<int>(3, 1));
  CHECK(QueryInt(f.db, "SELECT count(*) FROM bookings WHERE status = 'booked'") == 6);
  CHECK(QueryInt(f.db, "SELECT count(DISTINCT application_id) FROM bookings") == 6);
}

}  // namespace
}  // namespace sportello::storage::testing
