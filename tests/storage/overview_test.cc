// What the national overview reads of bookings (store.h, OverviewBooking): start, state, who made it,
// and since when its application could book its type, which the booking keeps once the national
// system stops listing the type.
#include "booking/applications.h"
#include "fixture.h"

namespace sportello::storage::testing {
namespace {

using namespace std::chrono_literals;
using engine::Error;

TEST_CASE("a booking keeps since when its application could book its type, also once the type is no longer listed",
          "[overview]") {
  StoreFixture f(3);
  // A-00000 books itself; staff convene A-00001; B-1 is listed two hours later and books.
  REQUIRE(booking::ImportApplications(*f.store, std::vector{MakeApplication("B-1")}, Actor::Cli(), kNow + 2h)
              .has_value());
  const auto applicant = booking::Book(*f.store, ApplicantRequest(AppId(0)));
  const auto convened = booking::Book(*f.store, StaffRequest(AppId(1), kNextSlot));
  BookRequest later = ApplicantRequest("B-1", kNextSlot);
  later.now = kNow + 3h;
  const auto listed_later = booking::Book(*f.store, later);
  REQUIRE((applicant && convened && listed_later));
  // Once seen, A-00000's application moves on to the next type: its listing of kType ends.
  REQUIRE(booking::SetAttendance(*f.store, applicant->booking.code, BookingStatus::attended, Actor::Staff("mario"),
                                 kSlot + 10min)
              .has_value());
  REQUIRE(booking::ImportApplications(
      *f.store, std::vector{MakeApplication(AppId(0), "roma", {std::string(kOtherType)})}, Actor::Cli(), kSlot + 1h)
              .has_value());
  // A booking of another day is outside the period asked.
  REQUIRE(booking::Book(*f.store, ApplicantRequest(AppId(2), kSlot + 24h)).has_value());

  const auto read = f.store->OverviewBookingsBetween("roma", kSlot, kSlot + 1h);
  REQUIRE(read.has_value());
  REQUIRE(read->size() == 3);
  const OverviewBooking& first = (*read)[0];
  CHECK(first.start == kSlot);
  CHECK(first.status == BookingStatus::attended);
  CHECK(first.created_by == "applicant");
  CHECK(first.bookable_since == kNow);  // kept, though the listing is gone
  CHECK(QueryInt(f.db, "SELECT count(*) FROM application_types WHERE application_id = 'A-00000' AND type = '" +
                           std::string(kType) + "'") == 0);
  std::vector<std::pair<std::string, std::optional<Instant>>> others;
  for (std::size_t i = 1; i < read->size(); ++i) others.emplace_back((*read)[i].created_by, (*read)[i].bookable_since);
  std::sort(others.begin(), others.end());
  CHECK(others == std::vector<std::pair<std::string, std::optional<Instant>>>{{"applicant", kNow + 2h},
                                                                              {"staff:mario", kNow}});
  CHECK(f.store->OverviewBookingsBetween("roma", kSlot + 24h, kSlot + 25h)->size() == 1);
  CHECK(f.store->OverviewBookingsBetween("nowhere", kSlot, kSlot + 1h).error() == Error::not_found);
}

TEST_CASE("a booking moved or cancelled keeps since when its application could book", "[overview]") {
  StoreFixture f(2);
  const auto moved = booking::Book(*f.store, ApplicantRequest(AppId(0)));
  const auto cancelled = booking::Book(*f.store, ApplicantRequest(AppId(1)));
  REQUIRE((moved && cancelled));
  REQUIRE(booking::Reschedule(*f.store, moved->booking.code, kNextSlot, Actor::Applicant(), kNow + 1h).has_value());
  REQUIRE(booking::Cancel(*f.store, cancelled->booking.code, Actor::Applicant(), kNow + 1h).has_value());
  const auto read = f.store->OverviewBookingsBetween("roma", kSlot, kSlot + 1h);
  REQUIRE(read.has_value());
  REQUIRE(read->size() == 2);
  CHECK((*read)[0].start == kSlot);
  CHECK((*read)[0].status == BookingStatus::cancelled);
  CHECK((*read)[0].bookable_since == kNow);
  CHECK((*read)[1].start == kNextSlot);
  CHECK((*read)[1].status == BookingStatus::booked);
  CHECK((*read)[1].bookable_since == kNow);
}

}  // namespace
}  // namespace sportello::storage::testing
