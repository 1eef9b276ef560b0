#include "engine/slots.h"

#include "calendar_fixture.h"

#include <catch2/catch.hpp>

#include <fmt/core.h>

using namespace sportello::engine;
using namespace sportello::engine::testing;

namespace {

std::vector<std::string> Starts(const DeskCalendar& calendar, const std::vector<Slot>& slots) {
  std::vector<std::string> starts;
  for (const Slot& slot : slots) starts.push_back(FormatInstant(slot.start, *calendar.zone));
  return starts;
}

// A desk open 01:00-04:00 on every DST Sunday through extra openings (Easter 2027 is one of them).
DeskCalendar NightDesk(int slot_minutes) {
  return MustParse(fmt::format(R"({{"desk":"notte","name":"Notte","province":"RM","timezone":"Europe/Rome",
    "types":{{"t":{{"slot_minutes":{},"horizon_days":60,"min_notice_hours":0,"cancel_notice_hours":0,
      "weekly":[{{"days":["fri","mon"],"from":"09:00","to":"10:00","capacity":1}}],
      "extra":[{{"date":"2026-03-29","from":"01:00","to":"04:00","capacity":1}},
               {{"date":"2026-10-25","from":"01:00","to":"04:00","capacity":1}},
               {{"date":"2027-03-28","from":"01:00","to":"04:00","capacity":1}},
               {{"date":"2027-10-31","from":"01:00","to":"04:00","capacity":1}}]}}}}}})",
                               slot_minutes));
}

}  // namespace

TEST_CASE("weekly rules generate slots in local time, none ending after `to`", "[slots]") {
  const DeskCalendar roma = MustParse(kSpecCalendar);
  const TypeCalendar& type = roma.types.at("lavoro-documenti");
  // Tuesday 2026-12-01: 09:00-13:00 every 20 minutes (12) and 14:30-16:30 (6).
  const std::vector<Slot> tuesday = GenerateSlots(roma, type, Day("2026-12-01"), Day("2026-12-01"));
  REQUIRE(tuesday.size() == 18);
  CHECK(FormatInstant(tuesday.front().start, *roma.zone) == "2026-12-01T09:00:00+01:00");
  CHECK(FormatInstant(tuesday.front().end, *roma.zone) == "2026-12-01T09:20:00+01:00");
  CHECK(FormatInstant(tuesday[11].start, *roma.zone) == "2026-12-01T12:40:00+01:00");
  CHECK(FormatInstant(tuesday[12].start, *roma.zone) == "2026-12-01T14:30:00+01:00");
  CHECK(tuesday.front().capacity == 4);
  CHECK(tuesday.front().staff_capacity == 1);
  CHECK(tuesday.back().capacity == 2);
  CHECK(tuesday.back().staff_capacity == 0);
  // Wednesday has mornings only; Friday nothing.
  CHECK(GenerateSlots(roma, type, Day("2026-12-02"), Day("2026-12-02")).size() == 12);
  CHECK(GenerateSlots(roma, type, Day("2026-12-04"), Day("2026-12-04")).empty());

  const DeskCalendar odd = MustParse(R"({"desk":"x","name":"X","province":"RM","timezone":"Europe/Rome",
    "types":{"t":{"slot_minutes":20,"horizon_days":60,"min_notice_hours":0,"cancel_notice_hours":0,
      "weekly":[{"days":["tue"],"from":"09:00","to":"10:10","capacity":1}]}}})");
  CHECK(Starts(odd, GenerateSlots(odd, odd.types.at("t"), Day("2026-12-01"), Day("2026-12-01"))) ==
        std::vector<std::string>{"2026-12-01T09:00:00+01:00", "2026-12-01T09:20:00+01:00", "2026-12-01T09:40:00+01:00"});
}

TEST_CASE("holidays, patron day and closures close the weekly hours, extra openings add", "[slots]") {
  const DeskCalendar roma = MustParse(kSpecCalendar);
  const TypeCalendar& type = roma.types.at("lavoro-documenti");
  CHECK(GenerateSlots(roma, type, Day("2026-12-08"), Day("2026-12-08")).empty());  // Tuesday, Immacolata
  CHECK(GenerateSlots(roma, type, Day("2026-12-24"), Day("2026-12-24")).empty());  // Thursday, closure
  CHECK(GenerateSlots(roma, type, Day("2027-06-29"), Day("2027-06-29")).empty());  // Tuesday, patron
  const std::vector<Slot> saturday = GenerateSlots(roma, type, Day("2026-12-19"), Day("2026-12-19"));
  REQUIRE(saturday.size() == 9);
  CHECK(saturday.front().capacity == 2);
  // The whole of December 2026: 4 weekdays a week with holidays and closures taken out.
  const std::vector<Slot> december = GenerateSlots(roma, type, Day("2026-12-01"), Day("2026-12-31"));
  // Mon-Thu in Dec 2026: 1,2,3, 7,(8),9,10, 14..17, 21..23,(24), 28..30,(31) = 16 open days,
  // of which Tuesdays/Thursdays (afternoons too): 1,3,10,15,17,22,29 = 7.
  CHECK(december.size() == 16 * 12 + 7 * 6 + 9);
}

TEST_CASE("closed hours take out the slots that overlap them, extra openings included", "[slots]") {
  DeskCalendar roma = MustParse(kSpecCalendar);
  roma.closed_hours = {ClosedHours{Day("2026-12-01"), std::chrono::minutes{10 * 60 + 10}, std::chrono::hours{11}},
                       ClosedHours{Day("2026-12-19"), std::chrono::hours{9}, std::chrono::hours{10}}};
  const TypeCalendar& type = roma.types.at("lavoro-documenti");
  // 10:00-10:20, 10:20-10:40 and 10:40-11:00 overlap 10:10-11:00; 11:00 starts as it ends.
  const std::vector<std::string> tuesday = Starts(roma, GenerateSlots(roma, type, Day("2026-12-01"), Day("2026-12-01")));
  CHECK(tuesday.size() == 18 - 3);
  CHECK(std::find(tuesday.begin(), tuesday.end(), "2026-12-01T09:40:00+01:00") != tuesday.end());
  CHECK(std::find(tuesday.begin(), tuesday.end(), "2026-12-01T10:00:00+01:00") == tuesday.end());
  CHECK(std::find(tuesday.begin(), tuesday.end(), "2026-12-01T11:00:00+01:00") != tuesday.end());
  CHECK(GenerateSlots(roma, type, Day("2026-12-19"), Day("2026-12-19")).size() == 9 - 3);
  CHECK(GenerateSlots(roma, type, Day("2026-12-02"), Day("2026-12-02")).size() == 12);  // another day: untouched
}

TEST_CASE("09:00 stays 09:00 local across DST changes, with the right offsets", "[slots][dst]") {
  const DeskCalendar desk = NightDesk(30);
  const TypeCalendar& type = desk.types.at("t");
  CHECK(Starts(desk, GenerateSlots(desk, type, Day("2026-03-27"), Day("2026-03-27"))) ==
        std::vector<std::string>{"2026-03-27T09:00:00+01:00", "2026-03-27T09:30:00+01:00"});
  CHECK(Starts(desk, GenerateSlots(desk, type, Day("2026-03-30"), Day("2026-03-30"))) ==
        std::vector<std::string>{"2026-03-30T09:00:00+02:00", "2026-03-30T09:30:00+02:00"});
  CHECK(Starts(desk, GenerateSlots(desk, type, Day("2026-10-23"), Day("2026-10-23"))).front() ==
        "2026-10-23T09:00:00+02:00");
  CHECK(Starts(desk, GenerateSlots(desk, type, Day("2026-10-26"), Day("2026-10-26"))).front() ==
        "2026-10-26T09:00:00+01:00");
}

TEST_CASE("spring-forward days lose the slots that start in the gap", "[slots][dst]") {
  const DeskCalendar desk = NightDesk(30);
  const TypeCalendar& type = desk.types.at("t");
  for (const char* day : {"2026-03-29", "2027-03-28"}) {
    CAPTURE(day);
    const std::vector<std::string> starts = Starts(desk, GenerateSlots(desk, type, Day(day), Day(day)));
    const std::string d(day);
    CHECK(starts == std::vector<std::string>{d + "T01:00:00+01:00", d + "T01:30:00+01:00", d + "T03:00:00+02:00",
                                             d + "T03:30:00+02:00"});
  }
}

TEST_CASE("fall-back days give ambiguous starts their first occurrence", "[slots][dst]") {
  const DeskCalendar desk = NightDesk(30);
  const TypeCalendar& type = desk.types.at("t");
  for (const char* day : {"2026-10-25", "2027-10-31"}) {
    CAPTURE(day);
    const std::vector<Slot> slots = GenerateSlots(desk, type, Day(day), Day(day));
    const std::string d(day);
    CHECK(Starts(desk, slots) == std::vector<std::string>{d + "T01:00:00+02:00", d + "T01:30:00+02:00",
                                                          d + "T02:00:00+02:00", d + "T02:30:00+02:00",
                                                          d + "T03:00:00+01:00", d + "T03:30:00+01:00"});
    // Slots are slot_minutes long in real time: the last ambiguous one ends at 02:00+01:00.
    CHECK(FormatInstant(slots[3].end, *desk.zone) == d + "T02:00:00+01:00");
  }
}
