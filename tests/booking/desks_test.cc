// A desk's calendar and flag (booking/desks.h) on a real SQLite file: a replacement that would strand
// booked appointments is refused unless forced, staff keep the flag while the command line may set
// it, and the flag takes effect at once for every process on the file.
#include "booking/desks.h"
#include "tests/storage/fixture.h"

namespace sportello::storage::testing {
namespace {

using engine::Error;

TEST_CASE("replacing a calendar that would strand bookings is refused unless forced") {
  StoreFixture f;
  auto booked = booking::Book(*f.store, ApplicantRequest(AppId(1)));
  REQUIRE(booked.has_value());
  // Opening 09:20–10:00 only: the 09:00 booking is no longer a slot.
  std::string json = CalendarJson();
  json.replace(json.find(R"("from": "09:00", "to": "10:00")"), 30, R"("from": "09:20", "to": "10:00")");
  const engine::DeskCalendar later_opening = ParseTestCalendar(json);

  auto refused = booking::ReplaceCalendar(*f.store, later_opening, false, false, Actor::Staff("capo"), kNow);
  REQUIRE(refused.has_value());
  CHECK_FALSE(refused->applied);
  REQUIRE(refused->stranded.size() == 1);
  CHECK(refused->stranded[0].code == booked->booking.code);
  CHECK(f.store->FindDesk("roma")->types.at(std::string(kType)).weekly.at(0).from == std::chrono::minutes{9 * 60});

  // A calendar that keeps every booked slot goes through.
  auto more_seats = booking::ReplaceCalendar(*f.store, TestCalendar(5), false, false, Actor::Staff("capo"), kNow);
  REQUIRE(more_seats.has_value());
  CHECK(more_seats->applied);
  CHECK(f.store->FindDesk("roma")->types.at(std::string(kType)).weekly.at(0).capacity == 5);

  auto forced = booking::ReplaceCalendar(*f.store, later_opening, true, false, Actor::Staff("capo"), kNow);
  REQUIRE(forced.has_value());
  CHECK(forced->applied);
  CHECK(forced->stranded.size() == 1);
  CHECK(f.store->FindBooking(booked->booking.code)->status == BookingStatus::booked);  // people must be told
  CHECK(f.store->FindDesk("roma")->types.at(std::string(kType)).weekly.at(0).from == std::chrono::minutes{9 * 60 + 20});
  auto log = f.store->Audit(AuditOf("roma", 1));
  REQUIRE(log.has_value());
  CHECK((*log)[0].action == "calendar.replace");
  CHECK((*log)[0].actor == "staff:capo");
}

TEST_CASE("a calendar replaced by staff keeps the flag, from the command line it may set it") {
  StoreFixture f;
  const engine::DeskCalendar off = TestCalendar(2, 1, false);
  REQUIRE(booking::ReplaceCalendar(*f.store, off, false, false, Actor::Staff("capo"), kNow)->applied);
  CHECK(f.store->FindDesk("roma")->flags.self_booking);
  REQUIRE(booking::ReplaceCalendar(*f.store, off, false, true, Actor::Cli(), kNow)->applied);
  CHECK_FALSE(f.store->FindDesk("roma")->flags.self_booking);
  // calendar load on an empty database creates the desk
  REQUIRE(booking::ReplaceCalendar(*f.store, ParseTestCalendar(CalendarJson("napoli", "NA")), false, true, Actor::Cli(), kNow)
              ->applied);
  CHECK(f.store->FindDesk("napoli").has_value());
}

TEST_CASE("the self_booking flag takes effect at once, in every store on the file, and is audited") {
  StoreFixture f;
  auto other = OpenStore(f.db);  // e.g. another process
  REQUIRE(other->FindDesk("roma")->flags.self_booking);
  REQUIRE(booking::SetSelfBooking(*f.store, "roma", false, Actor::Staff("admin"), kNow).has_value());
  CHECK_FALSE(other->FindDesk("roma")->flags.self_booking);
  CHECK(booking::Book(*other, ApplicantRequest(AppId(1))).error() == Error::self_booking_disabled);
  CHECK(booking::SetSelfBooking(*f.store, "atlantide", true, Actor::Staff("admin"), kNow).error() == Error::not_found);
  auto log = f.store->Audit(AuditOf("roma", 1));
  REQUIRE(log.has_value());
  CHECK((*log)[0].action == "flags.self_booking");
  CHECK((*log)[0].actor == "staff:admin");
  CHECK((*log)[0].before == R"({"self_booking":true})");
  CHECK((*log)[0].after == R"({"self_booking":false})");
}

}  // namespace
}  // namespace sportello::storage::testing
