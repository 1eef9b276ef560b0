#include "engine/language.h"
#include "engine/time.h"

#include <catch2/catch.hpp>

using namespace sportello::engine;

namespace {
const date::time_zone& Rome() { return *FindTimeZone("Europe/Rome"); }
}  // namespace

TEST_CASE("dates are strict YYYY-MM-DD and real", "[time]") {
  CHECK(FormatDate(*ParseDate("2026-12-01")) == "2026-12-01");
  CHECK(ParseDate("2028-02-29").has_value());
  CHECK_FALSE(ParseDate("2027-02-29").has_value());
  CHECK_FALSE(ParseDate("2026-13-01").has_value());
  CHECK_FALSE(ParseDate("2026-1-01").has_value());
  CHECK_FALSE(ParseDate("2026-12-01T").has_value());
  CHECK_FALSE(ParseDate("").has_value());
}

TEST_CASE("clock times are HH:MM within a day", "[time]") {
  CHECK(ParseClockTime("09:20") == std::chrono::minutes{9 * 60 + 20});
  CHECK(ParseClockTime("00:00") == std::chrono::minutes{0});
  CHECK_FALSE(ParseClockTime("24:00").has_value());
  CHECK_FALSE(ParseClockTime("9:20").has_value());
  CHECK_FALSE(ParseClockTime("09:60").has_value());
  CHECK(FormatClockTime(std::chrono::minutes{14 * 60 + 30}) == "14:30");
}

TEST_CASE("RFC 3339 instants carry their offset", "[time]") {
  const auto winter = ParseInstant("2026-12-01T09:20:00+01:00");
  REQUIRE(winter);
  CHECK(ParseInstant("2026-12-01T08:20:00Z") == winter);
  CHECK(ParseInstant("2026-12-01T03:20:00-05:00") == winter);
  CHECK(FormatInstant(*winter, Rome()) == "2026-12-01T09:20:00+01:00");
  const auto summer = ParseInstant("2026-07-01T07:00:00Z");
  REQUIRE(summer);
  CHECK(FormatInstant(*summer, Rome()) == "2026-07-01T09:00:00+02:00");
  CHECK(FormatUtc(*winter) == "2026-12-01T08:20:00Z");
  CHECK(FormatUtc(*summer + std::chrono::seconds{59}) == "2026-07-01T07:00:59Z");
  CHECK(FormatInstant(*ParseInstant("2027-01-01T00:00:00+01:00") - std::chrono::seconds{1}, Rome()) ==
        "2026-12-31T23:59:59+01:00");
  // Offsets west of UTC and of half hours, and the years at the edges of four digits.
  CHECK(FormatInstant(*winter, *FindTimeZone("America/St_Johns")) == "2026-12-01T04:50:00-03:30");
  CHECK(FormatInstant(*winter, *FindTimeZone("Asia/Kolkata")) == "2026-12-01T13:50:00+05:30");
  CHECK(FormatInstant(*winter, *FindTimeZone("UTC")) == "2026-12-01T08:20:00+00:00");
  CHECK(FormatUtc(*ParseInstant("0001-01-01T00:00:00Z")) == "0001-01-01T00:00:00Z");
  CHECK(FormatUtc(*ParseInstant("9999-12-31T23:59:59Z")) == "9999-12-31T23:59:59Z");
  CHECK(FormatUtc(*ParseInstant("9999-12-31T23:59:59Z") + std::chrono::seconds{1}) == "10000-01-01T00:00:00Z");
  CHECK_FALSE(ParseInstant("2026-12-01T09:20:00").has_value());
  CHECK_FALSE(ParseInstant("2026-12-01 09:20:00+01:00").has_value());
  CHECK_FALSE(ParseInstant("2026-12-01T09:20:00.5+01:00").has_value());
  CHECK_FALSE(ParseInstant("2026-12-01T25:20:00+01:00").has_value());
}

TEST_CASE("local wall times in a DST gap do not exist, ambiguous ones take the first occurrence", "[time][dst]") {
  using namespace std::chrono;
  const date::local_days spring{date::year{2026} / 3 / 29};
  CHECK_FALSE(ToInstant(spring + hours{2} + minutes{30}, Rome()).has_value());
  CHECK(FormatInstant(*ToInstant(spring + hours{3}, Rome()), Rome()) == "2026-03-29T03:00:00+02:00");

  const date::local_days autumn{date::year{2026} / 10 / 25};
  const auto ambiguous = ToInstant(autumn + hours{2} + minutes{30}, Rome());
  REQUIRE(ambiguous);
  CHECK(FormatInstant(*ambiguous, Rome()) == "2026-10-25T02:30:00+02:00");
  CHECK(*ambiguous == *ParseInstant("2026-10-25T00:30:00Z"));
}

TEST_CASE("the local date of an instant follows the desk's zone", "[time]") {
  CHECK(LocalDate(*ParseInstant("2026-12-31T23:30:00Z"), Rome()) == date::year{2027} / 1 / 1);
  CHECK(LocalDate(*ParseInstant("2026-12-31T22:59:59Z"), Rome()) == date::year{2026} / 12 / 31);
}

TEST_CASE("unknown time zones are reported, not thrown", "[time]") {
  CHECK(FindTimeZone("Europe/Rome") != nullptr);
  CHECK(FindTimeZone("Europe/Atlantis") == nullptr);
}

TEST_CASE("languages: codes, and Accept-Language with weights", "[language]") {
  CHECK(ParseLanguage("FR") == Language::fr);
  CHECK_FALSE(ParseLanguage("de").has_value());
  CHECK(PickLanguage("") == Language::it);
  CHECK(PickLanguage("de-DE,de;q=0.9") == Language::it);
  CHECK(PickLanguage("de-DE,es;q=0.5,en;q=0.8") == Language::en);
  CHECK(PickLanguage("fr-CA, fr;q=0.9") == Language::fr);
  CHECK(LanguageCode(Language::es) == "es");
}
