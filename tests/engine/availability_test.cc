#include "engine/availability.h"
#include "engine/availability_json.h"

#include "calendar_fixture.h"

#include <boost/json.hpp>
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
  ledger.Add(first, Channel::online, 4);
  ledger.Add(second, Channel::staff, 2);  // one staff seat, then one online seat
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

TEST_CASE("the availability answer is JSON in SPEC.md's shape, with the desk's offsets", "[availability][json]") {
  const DeskCalendar roma = MustParse(kSpecCalendar);
  SeatLedger taken;
  taken.Add(At("2026-10-26T09:00:00+01:00"), Channel::online, 1);
  // Thursday 22 to Monday 26 October 2026: summer time ends on Sunday the 25th.
  const auto days = Availability(roma, "lavoro-documenti", Day("2026-10-22"), Day("2026-10-26"),
                                 At("2026-10-01T09:00:00+02:00"), View::applicant, taken);
  REQUIRE(days);
  REQUIRE(days->size() >= 2);
  const boost::json::value answer = boost::json::parse(AvailabilityJson(roma, "lavoro-documenti", *days));
  const boost::json::object& object = answer.as_object();
  CHECK(object.size() == 4);
  CHECK(object.at("desk") == "roma");
  CHECK(object.at("type") == "lavoro-documenti");
  CHECK(object.at("timezone") == "Europe/Rome");
  const boost::json::array& listed = object.at("days").as_array();
  REQUIRE(listed.size() == days->size());
  for (std::size_t d = 0; d < listed.size(); ++d) {
    const DayAvailability& day = (*days)[d];
    const boost::json::array& slots = listed[d].at("slots").as_array();
    CHECK(listed[d].at("date").as_string() == FormatDate(day.date));
    REQUIRE(slots.size() == day.slots.size());
    for (std::size_t s = 0; s < slots.size(); ++s) {
      CHECK(slots[s].at("start").as_string() == FormatInstant(day.slots[s].slot.start, *roma.zone));
      CHECK(slots[s].at("end").as_string() == FormatInstant(day.slots[s].slot.end, *roma.zone));
      CHECK(slots[s].at("free").as_int64() == day.slots[s].free);
    }
  }
  CHECK(listed.front().at("slots").at(0).at("start") == "2026-10-22T09:00:00+02:00");
  CHECK(listed.back().at("slots").at(0).at("start") == "2026-10-26T09:00:00+01:00");
  CHECK(listed.back().at("slots").at(0).at("free").as_int64() == roma.types.at("lavoro-documenti").weekly.front().capacity - 1);
}

TEST_CASE("an availability answer with no open day is an empty list", "[availability][json]") {
  const DeskCalendar roma = MustParse(kSpecCalendar);
  const boost::json::value answer = boost::json::parse(AvailabilityJson(roma, "lavoro-documenti", {}));
  CHECK(answer.at("days").as_array().empty());
}
