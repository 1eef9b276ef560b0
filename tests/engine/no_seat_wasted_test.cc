// The rules of "No seat wasted" that need no storage: the calendar fields, which seats fit a
// waitlist entry, how long an offer holds a seat, and the reconfirmation window and its steps.
#include "engine/calendar.h"
#include "engine/reconfirmation.h"
#include "engine/waitlist.h"

#include "calendar_fixture.h"

#include <catch2/catch.hpp>

#include <boost/json.hpp>

using namespace sportello::engine;
using namespace sportello::engine::testing;
namespace json = boost::json;
using std::chrono::hours;
using std::chrono::minutes;

namespace {

const date::time_zone& Rome() { return *FindTimeZone("Europe/Rome"); }

std::string WithFields(const json::object& fields) {
  json::value value = json::parse(kSpecCalendar);
  json::object& type = value.as_object()["types"].as_object()["lavoro-documenti"].as_object();
  for (const auto& field : fields) type[field.key()] = field.value();
  return json::serialize(value);
}

TypeCalendar Reconfirming(int from_days, int until_days, bool staff = false) {
  TypeCalendar type;
  type.min_notice_hours = 24;
  type.waitlist_offer_minutes = 30;
  type.reconfirm = ReconfirmDays{from_days, until_days};
  type.reconfirm_staff = staff;
  return type;
}

}  // namespace

TEST_CASE("the no-seat-wasted fields of a type parse, default to off and survive serialisation", "[calendar]") {
  const Parsed<DeskCalendar> plain = ParseCalendar(kSpecCalendar, nullptr);
  REQUIRE(plain.ok());
  const TypeCalendar& off = plain.value->types.at("lavoro-documenti");
  CHECK(off.waitlist_offer_minutes == 0);
  CHECK_FALSE(off.reconfirm.has_value());
  CHECK_FALSE(off.reconfirm_staff);
  CHECK(off.auto_convene_after_days == 0);

  const std::string text = WithFields({{"waitlist_offer_minutes", 30},
                                       {"reconfirm", json::object{{"from_days", 10}, {"until_days", 3}}},
                                       {"reconfirm_staff", true},
                                       {"auto_convene_after_days", 90}});
  const Parsed<DeskCalendar> parsed = ParseCalendar(text, nullptr);
  REQUIRE(parsed.ok());
  const TypeCalendar& on = parsed.value->types.at("lavoro-documenti");
  CHECK(on.waitlist_offer_minutes == 30);
  CHECK(on.reconfirm == ReconfirmDays{10, 3});
  CHECK(on.reconfirm_staff);
  CHECK(on.auto_convene_after_days == 90);
  const Parsed<DeskCalendar> again = ParseCalendar(SerializeCalendar(*parsed.value), nullptr);
  REQUIRE(again.ok());
  CHECK(*again.value == *parsed.value);
}

TEST_CASE("a reconfirmation window must close after it opens, and its fields are named when wrong", "[calendar]") {
  const auto errors = [](const json::object& fields) {
    std::vector<std::string> found;
    for (const FieldError& error : ParseCalendar(WithFields(fields), nullptr).errors) found.push_back(error.ToString());
    return found;
  };
  CHECK(errors({{"reconfirm", json::object{{"from_days", 3}, {"until_days", 3}}}}) ==
        std::vector<std::string>{"types.lavoro-documenti.reconfirm.until_days: must be fewer days than from_days"});
  CHECK(errors({{"reconfirm", json::object{{"from_days", 10}}}}) ==
        std::vector<std::string>{"types.lavoro-documenti.reconfirm.until_days: is required"});
  CHECK(errors({{"waitlist_offer_minutes", -1}}).size() == 1);
  CHECK(errors({{"auto_convene_after_days", "soon"}}).size() == 1);
}

TEST_CASE("a seat fits a waitlist entry when it is before its date limit and before its current booking") {
  const Instant seat = At("2026-12-10T09:00:00+01:00");
  CHECK(SeatFitsWish({}, seat, Rome()));
  CHECK(SeatFitsWish({date::year{2026} / 12 / 11, std::nullopt}, seat, Rome()));
  CHECK_FALSE(SeatFitsWish({date::year{2026} / 12 / 10, std::nullopt}, seat, Rome()));  // "before" is exclusive
  CHECK(SeatFitsWish({std::nullopt, seat + minutes{20}}, seat, Rome()));
  CHECK_FALSE(SeatFitsWish({std::nullopt, seat}, seat, Rome()));  // not earlier than what they have
  CHECK_FALSE(SeatFitsWish({std::nullopt, seat - hours{24}}, seat, Rome()));
}

TEST_CASE("an offer holds its seat for the type's minutes, never past the minimum notice") {
  const TypeCalendar type = Reconfirming(10, 3);
  const Instant now = At("2026-12-01T10:00:00+01:00");
  CHECK(OfferExpiry(type, At("2026-12-09T09:00:00+01:00"), now) == now + minutes{30});
  // The seat starts 24 h 10 min from now: the applicant may book it only for 10 more minutes.
  CHECK(OfferExpiry(type, now + hours{24} + minutes{10}, now) == now + minutes{10});
}

TEST_CASE("the reconfirmation window runs on local days before the appointment, across a DST change") {
  const TypeCalendar type = Reconfirming(10, 3);
  // Tuesday 3 November 2026 09:00: the window opens on 24 October (summer time) at 00:00 and
  // closes at the end of 31 October (winter time since 25 October).
  const auto window = ReconfirmWindowOf(type, At("2026-11-03T09:00:00+01:00"), Rome());
  REQUIRE(window.has_value());
  CHECK(FormatInstant(window->from, Rome()) == "2026-10-24T00:00:00+02:00");
  CHECK(FormatInstant(window->until, Rome()) == "2026-11-01T00:00:00+01:00");
  CHECK(FormatInstant(window->RemindAt(), Rome()) == "2026-10-30T00:00:00+01:00");
  CHECK_FALSE(ReconfirmWindowOf(TypeCalendar{}, At("2026-11-03T09:00:00+01:00"), Rome()).has_value());
}

TEST_CASE("convocations are reconfirmed only when the type says so") {
  CHECK(AsksReconfirmation(Reconfirming(10, 3), true));
  CHECK_FALSE(AsksReconfirmation(Reconfirming(10, 3), false));
  CHECK(AsksReconfirmation(Reconfirming(10, 3, true), false));
  CHECK_FALSE(AsksReconfirmation(TypeCalendar{}, true));
}

TEST_CASE("an unconfirmed booking is asked when the window opens, reminded once, released when it closes") {
  const ReconfirmWindow window{At("2026-11-20T00:00:00+01:00"), At("2026-11-27T00:00:00+01:00")};
  CHECK(window.RemindAt() == At("2026-11-25T00:00:00+01:00"));
  CHECK(DueReconfirmStep(window, {}, window.from - minutes{1}) == ReconfirmStep::none);
  CHECK(DueReconfirmStep(window, {}, window.from) == ReconfirmStep::ask);
  CHECK(DueReconfirmStep(window, {true, false}, window.from + hours{1}) == ReconfirmStep::none);
  CHECK(DueReconfirmStep(window, {true, false}, window.RemindAt()) == ReconfirmStep::remind);
  CHECK(DueReconfirmStep(window, {true, true}, window.RemindAt()) == ReconfirmStep::none);
  CHECK(DueReconfirmStep(window, {true, true}, window.until) == ReconfirmStep::release);
  CHECK(DueReconfirmStep(window, {true, false}, window.until) == ReconfirmStep::release);
  // Never released without having been asked.
  CHECK(DueReconfirmStep(window, {}, window.until) == ReconfirmStep::none);
  // A short window is reminded halfway.
  const ReconfirmWindow short_window{At("2026-11-25T00:00:00+01:00"), At("2026-11-27T00:00:00+01:00")};
  CHECK(short_window.RemindAt() == At("2026-11-26T00:00:00+01:00"));
  CHECK(InsideWindow(window, window.from));
  CHECK_FALSE(InsideWindow(window, window.until));
}

TEST_CASE("waitlist states have stable names") {
  for (WaitlistState state : {WaitlistState::waiting, WaitlistState::offered, WaitlistState::accepted,
                              WaitlistState::expired, WaitlistState::left}) {
    CHECK(ParseWaitlistState(WaitlistStateName(state)) == state);
  }
  CHECK_FALSE(ParseWaitlistState("booked").has_value());
  CHECK(IsActive(WaitlistState::offered));
  CHECK_FALSE(IsActive(WaitlistState::expired));
}
