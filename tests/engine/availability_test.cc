#include "engine/availability.h"

#include "calendar_fixture.h"

#include <catch2/catch.hpp>

using namespace sportello::engine;
using namespace sportello::engine::testing;

namespace {

std::size_t SlotCount(const std::vector<DayAvailability>& days) {
  std::size_t count = 0;
  for (const DayAvailability& day : days) count += day.slots.size();
  return count;
}

const SlotAvailability* FindStart(const std::vector<DayAvailability>& days, Instant start) {
  for (const DayAvailability& day : days) {
    for (const SlotAvailability& entry : day.slots) {
      if (entry.slot.start == start) return &entry;
    }
  }
  return nullptr;
}

}  // namespace

TEST_CASE("min_notice_hours is honoured to the minute", "[availability]") {
  const DeskCalendar roma = MustParse(kSpecCalendar);
  const Instant slot = At("2026-12-02T09:00:00+01:00");
  const auto at_limit = Availability(roma, "lavoro-documenti", Day("2026-12-01"), Day("2026-12-02"),
                                     At("2026-12-01T09:00:00+01:00"), View::applicant, {});
  REQUIRE(at_limit);
  CHECK(FindStart(*at_limit, slot) != nullptr);
  const auto one_minute_late = Availability(roma, "lavoro-documenti", Day("2026-12-01"), Day("2026-12-02"),
                                            At("2026-12-01T09:01:00+01:00"), View::applicant, {});
  REQUIRE(one_minute_late);
  CHECK(FindStart(*one_minute_late, slot) == nullptr);
  CHECK(FindStart(*one_minute_late, At("2026-12-02T09:20:00+01:00")) != nullptr);
  // Nothing on the first day: every slot of 2026-12-01 is within 24 hours.
  CHECK(FormatDate(one_minute_late->front().date) == "2026-12-02");
}

TEST_CASE("horizon_days ends at local midnight of today + horizon", "[availability]") {
  DeskCalendar roma = MustParse(kSpecCalendar);
  roma.types.at("lavoro-documenti").horizon_days = 8;
  // Today is Tuesday 2026-12-01 (local, even at 23:59): the horizon ends at 2026-12-09T00:00 local.
  // Monday 12-07 is the last open day inside it (Tuesday 12-08 is a holiday); Wednesday 12-09 is out.
  const auto days = Availability(roma, "lavoro-documenti", Day("2026-12-01"), Day("2026-12-31"),
                                 At("2026-12-01T23:59:00+01:00"), View::applicant, {});
  REQUIRE(days);
  CHECK(FindStart(*days, At("2026-12-07T12:40:00+01:00")) != nullptr);
  CHECK(FindStart(*days, At("2026-12-09T09:00:00+01:00")) == nullptr);
  CHECK(FormatDate(days->back().date) == "2026-12-07");
  // A minute later it is Wednesday 12-02 locally: the window moves a day and 12-09 opens.
  const auto next_day = Availability(roma, "lavoro-documenti", Day("2026-12-01"), Day("2026-12-31"),
                                     At("2026-12-02T00:00:00+01:00"), View::applicant, {});
  REQUIRE(next_day);
  CHECK(FindStart(*next_day, At("2026-12-09T09:00:00+01:00")) != nullptr);
}

TEST_CASE("staff see every future slot with staff seats, applicants only their window", "[availability]") {
  const DeskCalendar roma = MustParse(kSpecCalendar);
  const Instant now = At("2026-12-01T10:05:00+01:00");
  const auto staff = Availability(roma, "lavoro-documenti", Day("2026-12-01"), Day("2026-12-01"), now, View::staff, {});
  const auto applicant =
      Availability(roma, "lavoro-documenti", Day("2026-12-01"), Day("2026-12-01"), now, View::applicant, {});
  REQUIRE(staff);
  REQUIRE(applicant);
  CHECK(applicant->empty());
  // 09:00..10:00 have started; 10:20..12:40 (8) and the afternoon (6) remain.
  CHECK(SlotCount(*staff) == 14);
  CHECK(FormatInstant(staff->front().slots.front().slot.start, *roma.zone) == "2026-12-01T10:20:00+01:00");
  CHECK(staff->front().slots.front().free == 5);  // capacity 4 + staff_capacity 1
  // Staff are not bound by the horizon: a slot a year ahead is visible.
  const auto far = Availability(roma, "lavoro-documenti", Day("2027-11-30"), Day("2027-11-30"), now, View::staff, {});
  REQUIRE(far);
  CHECK(SlotCount(*far) == 18);
}

TEST_CASE("free seats subtract the bookings in the ledger", "[availability][seats]") {
  const DeskCalendar roma = MustParse(kSpecCalendar);
  const Instant first = At("2026-12-02T09:00:00+01:00");
  const Instant second = At("2026-12-02T09:20:00+01:00");
  SeatLedger ledger;
  ledger.Add(first, View::applicant, 4);
  ledger.Add(second, View::staff, 2);  // one staff seat, then one online seat
  const auto days = Availability(roma, "lavoro-documenti", Day("2026-12-02"), Day("2026-12-02"),
                                 At("2026-11-25T12:00:00+01:00"), View::applicant, ledger);
  REQUIRE(days);
  REQUIRE(FindStart(*days, first) != nullptr);
  CHECK(FindStart(*days, first)->free == 0);  // full slots are still listed
  CHECK(FindStart(*days, second)->free == 3);
  CHECK(FindStart(*days, At("2026-12-02T09:40:00+01:00"))->free == 4);
}

TEST_CASE("availability refuses unknown types and ranges over 62 days", "[availability]") {
  const DeskCalendar roma = MustParse(kSpecCalendar);
  const Instant now = At("2026-11-25T12:00:00+01:00");
  CHECK(Availability(roma, "ricongiungimento-documenti", Day("2026-12-01"), Day("2026-12-02"), now, View::applicant, {})
            .error() == Error::not_found);
  CHECK(Availability(roma, "lavoro-documenti", Day("2026-12-02"), Day("2026-12-01"), now, View::applicant, {})
            .error() == Error::invalid_request);
  CHECK(Availability(roma, "lavoro-documenti", Day("2026-12-01"), Day("2027-01-31"), now, View::applicant, {})
            .has_value());  // 62 days
  CHECK(Availability(roma, "lavoro-documenti", Day("2026-12-01"), Day("2027-02-01"), now, View::applicant, {})
            .error() == Error::invalid_request);  // 63 days
}
