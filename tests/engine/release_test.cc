// Fair release without storage (engine/release.h): the calendar's release rule, when each month
// opens and its draw window closes (across a daylight-saving change), which slots applicants see
// and may book, and the releases shown around an instant.
#include "engine/availability.h"
#include "engine/booking_rules.h"
#include "engine/release.h"

#include "calendar_fixture.h"

#include <catch2/catch.hpp>

#include <boost/json.hpp>

using namespace sportello::engine;
using namespace sportello::engine::testing;
namespace json = boost::json;
using std::chrono::minutes;

namespace {

const date::time_zone& Rome() { return *FindTimeZone("Europe/Rome"); }

std::string WithRelease(const json::value& release) {
  json::value value = json::parse(kSpecCalendar);
  value.as_object()["types"].as_object()["lavoro-documenti"].as_object()["release"] = release;
  return json::serialize(value);
}

// The spec calendar whose lavoro-documenti opens each month on the 15th at 10:00 of the month
// before, with a 30-minute draw.
DeskCalendar Releasing(int draw_minutes = 30) {
  return MustParse(WithRelease(
      json::object{{"day_of_month", 15}, {"at", "10:00"}, {"months_ahead", 1}, {"draw_minutes", draw_minutes}}));
}

}  // namespace

TEST_CASE("a type's release rule parses, names its wrong fields and survives serialisation", "[calendar]") {
  const DeskCalendar calendar = Releasing();
  REQUIRE(calendar.types.at("lavoro-documenti").release.has_value());
  CHECK(*calendar.types.at("lavoro-documenti").release == ReleaseRule{15, minutes{600}, 1, 30});
  CHECK_FALSE(MustParse(kSpecCalendar).types.at("lavoro-documenti").release.has_value());
  const Parsed<DeskCalendar> again = ParseCalendar(SerializeCalendar(calendar), nullptr);
  REQUIRE(again.ok());
  CHECK(*again.value == calendar);

  const Parsed<DeskCalendar> wrong = ParseCalendar(
      WithRelease(json::object{{"day_of_month", 31}, {"at", "25:00"}, {"months_ahead", 1}}), nullptr);
  REQUIRE_FALSE(wrong.ok());
  std::vector<std::string> fields;
  for (const FieldError& error : wrong.errors) fields.push_back(error.path);
  CHECK(std::find(fields.begin(), fields.end(), "types.lavoro-documenti.release.day_of_month") != fields.end());
  CHECK(std::find(fields.begin(), fields.end(), "types.lavoro-documenti.release.at") != fields.end());
}

TEST_CASE("a month opens at its announced local time, also across a daylight-saving change") {
  const ReleaseRule rule{15, minutes{600}, 1, 30};
  const Release january = ReleaseOf(rule, date::year{2027} / 1, Rome());
  CHECK(january.opens_at == At("2026-12-15T10:00:00+01:00"));
  CHECK(january.draw_closes_at == At("2026-12-15T10:30:00+01:00"));
  CHECK(ReleaseOf(rule, date::year{2027} / 5, Rome()).opens_at == At("2027-04-15T10:00:00+02:00"));
  // 02:30 on 28 March 2027 does not exist in Rome: the month opens at the first minute after the gap.
  const ReleaseRule at_night{28, minutes{150}, 0, 0};
  const Release march = ReleaseOf(at_night, date::year{2027} / 3, Rome());
  CHECK(march.opens_at == At("2027-03-28T03:00:00+02:00"));
  CHECK_FALSE(march.has_draw());
}

TEST_CASE("release ids name the type and month and nothing else parses") {
  CHECK(ReleaseId("lavoro-documenti", date::year{2027} / 1) == "lavoro-documenti.2027-01");
  const auto key = ParseReleaseId("lavoro-documenti.2027-01");
  REQUIRE(key.has_value());
  CHECK(key->type == "lavoro-documenti");
  CHECK(key->month == date::year{2027} / 1);
  for (const char* wrong : {"lavoro-documenti", ".2027-01", "lavoro-documenti.2027-13", "x.2027-1", "x.27-01x"}) {
    CAPTURE(wrong);
    CHECK_FALSE(ParseReleaseId(wrong).has_value());
  }
}

TEST_CASE("applicants see a month only once released and not during its draw window, staff always") {
  const DeskCalendar calendar = Releasing();
  const TypeCalendar& type = calendar.types.at("lavoro-documenti");
  const Date january_day = Day("2027-01-12");
  const Slot slot = *FindSlot(calendar, "lavoro-documenti", At("2027-01-12T09:00:00+01:00"));
  const Instant before = At("2026-12-15T09:59:00+01:00");
  const Instant drawing = At("2026-12-15T10:10:00+01:00");
  const Instant after = At("2026-12-15T10:30:00+01:00");
  CHECK_FALSE(Released(type, january_day, before, Rome()));
  CHECK(Released(type, january_day, drawing, Rome()));
  CHECK(InDrawWindow(type, january_day, drawing, Rome()));
  CHECK_FALSE(InDrawWindow(type, january_day, after, Rome()));

  CHECK_FALSE(InBookingWindow(calendar, type, slot, before, View::applicant));
  CHECK_FALSE(InBookingWindow(calendar, type, slot, drawing, View::applicant));
  CHECK(InBookingWindow(calendar, type, slot, after, View::applicant));
  CHECK(InBookingWindow(calendar, type, slot, before, View::staff));
  CHECK(CheckSeat(calendar, type, slot, drawing, View::applicant, SeatUse{}).error() == Error::draw_in_progress);
  CHECK(CheckSeat(calendar, type, slot, before, View::applicant, SeatUse{}).error() == Error::outside_booking_window);
  CHECK(CheckSeat(calendar, type, slot, after, View::applicant, SeatUse{}).has_value());

  // Availability on 1 December shows December's days, none of January's yet.
  auto days = Availability(calendar, "lavoro-documenti", Day("2026-12-01"), Day("2027-01-20"),
                           At("2026-12-01T09:00:00+01:00"), View::applicant, SeatLedger{});
  REQUIRE(days.has_value());
  REQUIRE_FALSE(days->empty());
  CHECK(days->back().date < Day("2027-01-01"));
}

TEST_CASE("the releases shown are the recent ones and the next to come") {
  const DeskCalendar calendar = Releasing();
  const TypeCalendar& type = calendar.types.at("lavoro-documenti");
  const std::vector<Release> shown = ReleasesAround(type, At("2026-12-20T12:00:00+01:00"), Rome());
  REQUIRE_FALSE(shown.empty());
  CHECK(shown.back().month == date::year{2027} / 2);  // opens 15 January: the next to come
  CHECK(shown.back().opens_at > At("2026-12-20T12:00:00+01:00"));
  for (std::size_t i = 0; i + 1 < shown.size(); ++i) {
    CHECK(shown[i].opens_at <= At("2026-12-20T12:00:00+01:00"));
    CHECK(shown[i].opens_at + date::days{62} >= At("2026-12-20T12:00:00+01:00"));
  }
  const DeskCalendar plain = MustParse(kSpecCalendar);
  CHECK(ReleasesAround(plain.types.at("lavoro-documenti"), At("2026-12-20T12:00:00+01:00"), Rome()).empty());
}
