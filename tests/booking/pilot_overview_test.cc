// The national overview (booking/pilot_overview.h) over real databases, SQLite and PostgreSQL: a
// pilot desk and a desk without self-booking, each appointment counted by who made it, the visits,
// the days from the application's listing and the seats.
#include "booking/pilot_overview.h"
#include "booking/applications.h"
#include "tests/storage/fixture.h"

namespace sportello::storage::testing {
namespace {

using namespace std::chrono_literals;
using engine::Error;

const date::year_month kNovember = date::year{2026} / date::November;
const date::year_month kDecember = date::year{2026} / date::December;

std::string Booked(Store& store, const BookRequest& request) {
  auto booked = booking::Book(store, request);
  INFO((booked ? std::string() : booked.error().ToString()));
  REQUIRE(booked.has_value());
  return booked->booking.code;
}

void Mark(Store& store, const std::string& code, BookingStatus status, Instant now) {
  REQUIRE(booking::SetAttendance(store, code, status, Actor::Staff("mario"), now).has_value());
}

const engine::OverviewDeskRow& RowOf(const engine::Overview& overview, std::string_view desk,
                                     date::year_month month) {
  for (const engine::OverviewDeskRow& row : overview.desks) {
    if (row.desk == desk && row.month == month) return row;
  }
  FAIL("no row for " << desk);
  throw std::logic_error("unreachable");
}

TEST_CASE("the overview reads every desk's month: who made each appointment, visits, days and seats") {
  StoreFixture f(4);  // roma, self-booking on; A-00000 … A-00003 listed at kNow
  REQUIRE(booking::SeedDesk(*f.store, ParseTestCalendar(CalendarJson("milano", "MI", 2, 1, false)), kNow).value());
  REQUIRE(booking::ImportApplications(*f.store, std::vector{MakeApplication("M-1", "milano"),
                                                            MakeApplication("M-2", "milano")},
                                      Actor::Cli(), kNow)
              .has_value());
  // Roma, Tuesday 10 November: A-00000 books itself and comes; staff convene A-00001, who does not;
  // the system convenes A-00002; A-00003 books and cancels.
  const std::string came = Booked(*f.store, ApplicantRequest(AppId(0)));
  const std::string absent = Booked(*f.store, StaffRequest(AppId(1), kNextSlot));
  BookRequest automatic = StaffRequest(AppId(2), kNextSlot + 20min);
  automatic.actor = Actor::System();
  Booked(*f.store, automatic);
  const std::string cancelled = Booked(*f.store, ApplicantRequest(AppId(3), kNextSlot + 20min));
  REQUIRE(booking::Cancel(*f.store, cancelled, Actor::Applicant(), kNow + 1h).has_value());
  Mark(*f.store, came, BookingStatus::attended, kSlot + 10min);
  Mark(*f.store, absent, BookingStatus::no_show, kNextSlot + 30min);
  // Milano convenes M-1 on 10 November and M-2 on Tuesday 1 December.
  BookRequest milano = StaffRequest("M-1");
  milano.desk = "milano";
  Booked(*f.store, milano);
  milano.application_id = "M-2";
  milano.start = At("2026-12-01T09:00:00+01:00");
  Booked(*f.store, milano);

  const auto overview = booking::PilotOverview(*f.store, kNovember, kDecember);
  REQUIRE(overview.has_value());
  REQUIRE(overview->desks.size() == 4);
  CHECK(overview->desks.front().desk == "roma");  // the pilot desk first
  CHECK(overview->desks.front().pilot);
  const engine::OverviewFigures& roma = RowOf(*overview, "roma", kNovember).figures;
  CHECK(roma.self_booked == 1);
  CHECK(roma.convened == 2);
  CHECK(roma.auto_convened == 1);
  CHECK(roma.seats_used == 3);
  CHECK(roma.NoShowRate() == 0.5);
  CHECK(roma.DaysMedian() == 8);  // listed Monday 2 November, seen Tuesday 10 November
  // November 2026: 21 weekdays of 3 slots with 2 online and 1 staff seat, 5 Mondays of 2 seats of
  // the other type.
  CHECK(roma.seats_offered == 21 * 9 + 5 * 2);
  CHECK(RowOf(*overview, "roma", kDecember).figures.seats_used == 0);

  const engine::OverviewDeskRow& milano_november = RowOf(*overview, "milano", kNovember);
  CHECK_FALSE(milano_november.pilot);
  CHECK(milano_november.figures.convened == 1);
  CHECK(milano_november.figures.self_booked == 0);
  CHECK_FALSE(milano_november.figures.NoShowRate().has_value());  // nobody marked yet
  const engine::OverviewFigures& milano_december = RowOf(*overview, "milano", kDecember).figures;
  CHECK(milano_december.convened == 1);
  CHECK(milano_december.DaysMedian() == 29);

  REQUIRE(overview->groups.size() == 4);
  CHECK(overview->groups[0].pilot);
  CHECK(overview->groups[0].figures.seats_used == 3);
  CHECK_FALSE(overview->groups[1].pilot);
  CHECK(overview->groups[1].figures.seats_used == 1);
}

TEST_CASE("the overview refuses a reversed or too long period before reading anything") {
  StoreFixture f(1);
  const auto reversed = booking::PilotOverview(*f.store, kDecember, kNovember);
  REQUIRE_FALSE(reversed.has_value());
  CHECK(reversed.error() == Error::invalid_request);
  CHECK(reversed.error().field == "to");
  CHECK(booking::PilotOverview(*f.store, date::year{2025} / date::January, kDecember).has_value());
  CHECK(booking::PilotOverview(*f.store, date::year{2024} / date::December, kDecember).error() ==
        Error::invalid_request);
}

TEST_CASE("who made a booking is read from the actor its record names") {
  CHECK(booking::MadeByActor("applicant") == engine::MadeBy::applicant);
  CHECK(booking::MadeByActor("system") == engine::MadeBy::system);
  CHECK(booking::MadeByActor("staff:mario") == engine::MadeBy::staff);
  CHECK(booking::MadeByActor("cli") == engine::MadeBy::staff);
}

}  // namespace
}  // namespace sportello::storage::testing
