#include "engine/overview.h"

#include "calendar_fixture.h"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace sportello::engine;
using namespace sportello::engine::testing;

namespace {

using date::April;
using date::December;
using date::January;
using date::March;
using date::November;

// The SPEC.md desk as `id`, with self-booking on (a pilot desk) or off.
DeskCalendar Desk(const std::string& id, bool pilot) {
  std::string json = kSpecCalendar;
  json.replace(json.find("\"roma\""), 6, "\"" + id + "\"");
  if (!pilot) json.replace(json.find("\"self_booking\": true"), 20, "\"self_booking\": false");
  return MustParse(json);
}

AppointmentFact Fact(const char* desk, const char* start, BookingStatus status, MadeBy made_by,
                     const char* bookable_since = nullptr) {
  AppointmentFact fact{desk, At(start), status, made_by, std::nullopt};
  if (bookable_since != nullptr) fact.bookable_since = At(bookable_since);
  return fact;
}

const date::year_month kDecember2026 = date::year{2026} / December;
const date::year_month kNovember2026 = date::year{2026} / November;

}  // namespace

TEST_CASE("the overview counts each desk's month: self-booked and convened appointments, visits, days, seats",
          "[overview]") {
  const std::vector<DeskCalendar> desks = {Desk("milano", false), Desk("roma", true)};
  const std::vector<AppointmentFact> facts = {
      Fact("roma", "2026-12-01T09:00:00+01:00", BookingStatus::attended, MadeBy::applicant, "2026-11-21T15:00:00+01:00"),
      Fact("roma", "2026-12-01T09:20:00+01:00", BookingStatus::no_show, MadeBy::applicant, "2026-11-30T18:00:00+01:00"),
      Fact("roma", "2026-12-02T09:00:00+01:00", BookingStatus::attended, MadeBy::staff, "2026-11-02T09:00:00+01:00"),
      Fact("roma", "2026-12-03T09:00:00+01:00", BookingStatus::booked, MadeBy::system, "2026-09-01T09:00:00+02:00"),
      Fact("roma", "2026-12-03T09:20:00+01:00", BookingStatus::booked, MadeBy::applicant),  // since unknown
      // Cancelled and released bookings gave their seat back: no appointment.
      Fact("roma", "2026-12-03T09:40:00+01:00", BookingStatus::cancelled, MadeBy::applicant, "2026-11-01T09:00:00+01:00"),
      Fact("roma", "2026-12-03T10:00:00+01:00", BookingStatus::released, MadeBy::applicant, "2026-11-01T09:00:00+01:00"),
      Fact("milano", "2026-12-01T09:00:00+01:00", BookingStatus::no_show, MadeBy::staff, "2026-10-02T09:00:00+02:00"),
      Fact("milano", "2026-11-30T09:00:00+01:00", BookingStatus::attended, MadeBy::staff, "2026-11-20T09:00:00+01:00"),
      Fact("napoli", "2026-12-01T09:00:00+01:00", BookingStatus::attended, MadeBy::applicant),  // not a desk asked
      Fact("roma", "2027-01-04T09:00:00+01:00", BookingStatus::booked, MadeBy::applicant),      // after the months
  };
  const auto overview = ComputeOverview(desks, facts, kNovember2026, kDecember2026);
  REQUIRE(overview);
  REQUIRE(overview->months == std::vector<date::year_month>{kNovember2026, kDecember2026});
  // Every desk and month, the pilot desk first.
  REQUIRE(overview->desks.size() == 4);
  CHECK(overview->desks[0].desk == "roma");
  CHECK(overview->desks[0].pilot);
  CHECK(overview->desks[0].month == kNovember2026);
  CHECK(overview->desks[2].desk == "milano");
  CHECK_FALSE(overview->desks[2].pilot);

  const OverviewFigures& roma = overview->desks[1].figures;
  CHECK(overview->desks[1].month == kDecember2026);
  CHECK(roma.self_booked == 3);
  CHECK(roma.convened == 2);
  CHECK(roma.auto_convened == 1);
  CHECK(roma.attended == 2);
  CHECK(roma.no_shows == 1);
  CHECK(roma.NoShowRate() == Approx(1.0 / 3.0));
  CHECK(roma.seats_used == 5);
  // 10, 1, 30 and 93 days from the local date the type was listed to the appointment's.
  CHECK(roma.days_to_appointment.size() == 4);
  CHECK(roma.DaysMedian() == 10);
  CHECK(roma.DaysP90() == 93);
  // December 2026, Monday to Thursday: 16 days open (the 24th and 31st closed, the 8th a holiday)
  // of 12 morning slots of 4 + 1 seats; 7 Tuesday and Thursday afternoons of 6 slots of 2 seats; the
  // extra Saturday, the 19th: 9 slots of 2.
  CHECK(roma.seats_offered == 16 * 60 + 7 * 12 + 9 * 2);

  const OverviewFigures& milano_november = overview->desks[2].figures;
  CHECK(milano_november.convened == 1);
  CHECK(milano_november.NoShowRate() == 0.0);
  CHECK(milano_november.DaysMedian() == 10);
  CHECK(overview->desks[3].figures.no_shows == 1);
  CHECK(overview->desks[3].figures.self_booked == 0);
}

TEST_CASE("the overview adds up the pilot desks and the others per month, pooling the days", "[overview]") {
  const std::vector<DeskCalendar> desks = {Desk("roma", true), Desk("latina", true), Desk("milano", false)};
  const std::vector<AppointmentFact> facts = {
      Fact("roma", "2026-12-01T09:00:00+01:00", BookingStatus::attended, MadeBy::applicant, "2026-11-29T09:00:00+01:00"),
      Fact("latina", "2026-12-01T09:00:00+01:00", BookingStatus::no_show, MadeBy::applicant,
           "2026-11-21T09:00:00+01:00"),
      Fact("latina", "2026-12-02T09:00:00+01:00", BookingStatus::attended, MadeBy::staff, "2026-11-02T09:00:00+01:00"),
      Fact("milano", "2026-12-02T09:00:00+01:00", BookingStatus::attended, MadeBy::staff, "2026-10-03T09:00:00+02:00"),
  };
  const auto overview = ComputeOverview(desks, facts, kDecember2026, kDecember2026);
  REQUIRE(overview);
  REQUIRE(overview->desks.size() == 3);
  CHECK(overview->desks[0].desk == "latina");  // pilot desks by id, then the others
  CHECK(overview->desks[1].desk == "roma");
  CHECK(overview->desks[2].desk == "milano");
  REQUIRE(overview->groups.size() == 2);
  const OverviewGroupRow& pilot = overview->groups[0];
  CHECK(pilot.pilot);
  CHECK(pilot.desks == 2);
  CHECK(pilot.figures.self_booked == 2);
  CHECK(pilot.figures.convened == 1);
  CHECK(pilot.figures.NoShowRate() == Approx(1.0 / 3.0));
  // The median of the pooled days (2, 10, 30), nor the median of the desks' medians (2 and 10).
  CHECK(pilot.figures.DaysMedian() == 10);
  CHECK(pilot.figures.seats_offered == 2 * overview->desks[2].figures.seats_offered);
  const OverviewGroupRow& others = overview->groups[1];
  CHECK_FALSE(others.pilot);
  CHECK(others.desks == 1);
  CHECK(others.figures.DaysMedian() == 60);

  // Without any pilot desk there is no pilot group.
  const std::vector<DeskCalendar> none = {Desk("milano", false)};
  const auto alone = ComputeOverview(none, facts, kDecember2026, kDecember2026);
  REQUIRE(alone);
  REQUIRE(alone->groups.size() == 1);
  CHECK_FALSE(alone->groups[0].pilot);
}

TEST_CASE("the overview's months begin at local midnight in Rome, and its days are local dates apart",
          "[overview]") {
  const std::vector<DeskCalendar> desks = {Desk("roma", true)};
  const std::vector<AppointmentFact> facts = {
      // 23:59:59 on 30 November in Rome is November; 00:30 on 1 December is December, though still
      // 30 November in UTC.
      Fact("roma", "2026-11-30T22:59:59Z", BookingStatus::attended, MadeBy::applicant),
      Fact("roma", "2026-11-30T23:30:00Z", BookingStatus::attended, MadeBy::applicant, "2026-11-30T22:30:00Z"),
  };
  const auto overview = ComputeOverview(desks, facts, kNovember2026, kDecember2026);
  REQUIRE(overview);
  CHECK(overview->desks[0].figures.seats_used == 1);
  CHECK(overview->desks[1].figures.seats_used == 1);
  // Listed at 23:30 on 30 November and seen at 00:30 on 1 December, Rome time: one day, though an
  // hour apart.
  CHECK(overview->desks[1].figures.DaysMedian() == 1);
}

TEST_CASE("a month with the change to summer time keeps its boundaries and its days in local time", "[overview]") {
  const std::vector<DeskCalendar> desks = {Desk("roma", true)};
  const date::year_month march = date::year{2027} / March;
  const date::year_month april = date::year{2027} / April;
  const std::vector<AppointmentFact> facts = {
      // Clocks go forward on 28 March 2027: 31 March at 23:30 is +02:00, still March; 00:30 on
      // 1 April is 22:30 UTC on 31 March.
      Fact("roma", "2027-03-31T23:30:00+02:00", BookingStatus::no_show, MadeBy::applicant),
      Fact("roma", "2027-03-31T22:30:00Z", BookingStatus::attended, MadeBy::applicant),
      // From 23:30 on 27 March to 00:30 on 29 March is 24 hours of real time across the shorter
      // day, and two days on the calendar.
      Fact("roma", "2027-03-29T00:30:00+02:00", BookingStatus::attended, MadeBy::staff, "2027-03-27T23:30:00+01:00"),
  };
  const auto overview = ComputeOverview(desks, facts, march, april);
  REQUIRE(overview);
  const OverviewFigures& in_march = overview->desks[0].figures;
  CHECK(in_march.no_shows == 1);
  CHECK(in_march.attended == 1);
  CHECK(in_march.NoShowRate() == 0.5);
  CHECK(in_march.DaysMedian() == 2);
  CHECK(overview->desks[1].figures.attended == 1);
  CHECK(overview->desks[1].figures.no_shows == 0);
  // March 2027, Monday to Thursday: 18 days open (Easter Monday, the 29th, closed) of 60 morning
  // seats; 9 Tuesday and Thursday afternoons of 12.
  CHECK(in_march.seats_offered == 18 * 60 + 9 * 12);
}

TEST_CASE("without a visit marked the no-show rate is absent, and without a known start so are the days",
          "[overview]") {
  const std::vector<DeskCalendar> desks = {Desk("roma", true)};
  const std::vector<AppointmentFact> facts = {
      Fact("roma", "2026-12-01T09:00:00+01:00", BookingStatus::booked, MadeBy::applicant),
      Fact("roma", "2026-12-01T09:20:00+01:00", BookingStatus::cancelled, MadeBy::applicant),
  };
  const auto overview = ComputeOverview(desks, facts, kDecember2026, kDecember2026);
  REQUIRE(overview);
  const OverviewFigures& figures = overview->desks[0].figures;
  CHECK(figures.seats_used == 1);
  CHECK_FALSE(figures.NoShowRate().has_value());
  CHECK_FALSE(figures.DaysMedian().has_value());
  CHECK_FALSE(figures.DaysP90().has_value());
  // A month with nothing at all: every count zero, the seats still offered.
  const auto empty = ComputeOverview(desks, {}, kNovember2026, kNovember2026);
  REQUIRE(empty);
  CHECK(empty->desks[0].figures.seats_used == 0);
  CHECK_FALSE(empty->desks[0].figures.NoShowRate().has_value());
  CHECK(empty->desks[0].figures.seats_offered > 0);
}

TEST_CASE("the overview spans one to 24 months", "[overview]") {
  const std::vector<DeskCalendar> desks = {Desk("roma", true)};
  const auto reversed = ComputeOverview(desks, {}, kDecember2026, kNovember2026);
  REQUIRE_FALSE(reversed);
  CHECK(reversed.error() == Error::invalid_request);
  CHECK(reversed.error().field == "to");
  const auto longest = ComputeOverview(desks, {}, date::year{2025} / January, kDecember2026);
  REQUIRE(longest);
  CHECK(longest->months.size() == 24);
  CHECK(longest->desks.size() == 24);
  const auto too_long = ComputeOverview(desks, {}, date::year{2024} / December, kDecember2026);
  REQUIRE_FALSE(too_long);
  CHECK(too_long.error() == Error::invalid_request);
  CHECK(MonthsSpanned(kNovember2026, kDecember2026) == 2);
  CHECK(FormatDate(FirstDayAfter(kDecember2026)) == "2027-01-01");
}
