// The load generator's readers of the server's answers (tools/bench/load): they keep their memory
// from one answer to the next, so each must give exactly the answer it was handed, whatever the one
// before it was.
#include "http/representation.h"
#include "tools/bench/load/api_shapes.h"
#include "tools/bench/load/inflate.h"

#include <catch2/catch.hpp>
#include <fmt/core.h>

#include <string>
#include <vector>

namespace sportello::bench {
namespace {

std::string Gzip(std::string body) { return http::Representation::Of(std::move(body), http::Compression::fast).gzip; }

// An availability answer of one day with `slots` slots, the i-th with i free seats.
std::string AvailabilityAnswer(int slots) {
  std::string list;
  for (int i = 0; i < slots; ++i) {
    list += fmt::format(R"({}{{"start":"2026-12-07T{:02}:00:00+01:00",)"
                        R"("end":"2026-12-07T{:02}:30:00+01:00","free":{}}})",
                        i == 0 ? "" : ",", 8 + i, 8 + i, i);
  }
  return fmt::format(R"({{"desk":"bench","type":"t","timezone":"Europe/Rome",)"
                     R"("days":[{{"date":"2026-12-07","slots":[{}]}}]}})",
                     list);
}

TEST_CASE("the load generator inflates each gzip answer whole, whatever it inflated before") {
  const std::string small = AvailabilityAnswer(2);
  std::string large;
  while (large.size() < 200 * 1024) large += AvailabilityAnswer(10);  // beyond the first buffer

  CHECK(Gunzip(Gzip(large)) == large);
  CHECK(Gunzip(Gzip(small)) == small);
  CHECK(Gunzip(Gzip(large)) == large);
  const std::string gzip = Gzip(small);
  CHECK_FALSE(Gunzip(gzip.substr(0, gzip.size() / 2)).has_value());  // cut short
  CHECK_FALSE(Gunzip(small).has_value());                            // not gzip
  CHECK(Gunzip(gzip) == small);
}

TEST_CASE("the load generator reads each availability answer into the same slots, none left from the one before") {
  std::vector<SlotSeats> slots;
  std::string problem;
  REQUIRE(ReadAvailabilityInto(AvailabilityAnswer(5), "bench", "t", slots, problem));
  REQUIRE(slots.size() == 5);
  CHECK(slots[4].start == "2026-12-07T12:00:00+01:00");
  CHECK(slots[4].free == 4);

  REQUIRE(ReadAvailabilityInto(AvailabilityAnswer(2), "bench", "t", slots, problem));
  REQUIRE(slots.size() == 2);
  CHECK(slots[1].start == "2026-12-07T09:00:00+01:00");
  CHECK(slots[1].free == 1);

  CHECK_FALSE(ReadAvailabilityInto(AvailabilityAnswer(2), "roma", "t", slots, problem));
  CHECK(problem == "desk or type: not the ones asked for");
  CHECK_FALSE(ReadAvailabilityInto(R"({"desk":"bench"})", "bench", "t", slots, problem));
}

TEST_CASE("the load generator reads an availability answer as it is parsed, and refuses every wrong shape") {
  std::vector<SlotSeats> slots;
  std::string problem;
  // Fields it does not know are skipped, whatever they hold; strings may carry escapes.
  const std::string extra =
      R"({"note":{"a":[1,{"b":[]}],"c":null},"desk":"bench","type":"t","timezone":"Europe\/Rome",)"
      R"("days":[{"date":"2026-12-07","closed":false,"slots":[{"start":"2026-12-07T08:00:00+01:00",)"
      R"("end":"2026-12-07T08:30:00+01:00","free":3,"staff":[2.5]}]},{"date":"2026-12-08","slots":[]}]})";
  REQUIRE(ReadAvailabilityInto(extra, "bench", "t", slots, problem));
  REQUIRE(slots.size() == 1);
  CHECK(slots[0].start == "2026-12-07T08:00:00+01:00");
  CHECK(slots[0].free == 3);
  const std::string escaped = R"({"desk":"be\u006ech","type":"t","timezone":"Europe/Rome","days":[]})";
  CHECK(ReadAvailabilityInto(escaped, "bench", "t", slots, problem));
  CHECK(slots.empty());
  // A key with an escape comes in parts: it is gathered, then compared.
  const std::string escaped_key =
      R"({"desk":"bench","type":"t","timezone":"Europe/Rome","d\u0061ys":[{"date":"2026-12-07","slots":[)"
      R"({"st\u0061rt":"2026-12-07T08:00:00+01:00","end":"2026-12-07T08:30:00+01:00","fr\u0065e":4}]}]})";
  REQUIRE(ReadAvailabilityInto(escaped_key, "bench", "t", slots, problem));
  REQUIRE(slots.size() == 1);
  CHECK(slots[0].start == "2026-12-07T08:00:00+01:00");
  CHECK(slots[0].free == 4);

  const std::string good = AvailabilityAnswer(2);
  const auto refused = [&](std::string body) {
    problem.clear();
    const bool read = ReadAvailabilityInto(body, "bench", "t", slots, problem);
    return !read && !problem.empty() ? problem : std::string("(read)");
  };
  const auto replaced = [&](std::string_view from, std::string_view to) {
    std::string body = good;
    body.replace(body.find(from), from.size(), to);
    return body;
  };
  CHECK(refused(good.substr(0, good.size() - 3)) == "the body is not JSON");
  CHECK(refused("[]") == "the body is not a JSON object");
  CHECK(refused(R"("bench")") == "the body is not a JSON object");
  CHECK(refused(replaced(R"("timezone":"Europe/Rome",)", "")) == "timezone: missing or not a string");
  CHECK(refused(replaced(R"("type":"t")", R"("type":7)")) == "type: missing or not a string");
  CHECK(refused(R"({"desk":"bench","type":"t","timezone":"Europe/Rome","days":{}})") ==
        "days: missing or not an array");
  CHECK(refused(replaced(R"("date":"2026-12-07",)", "")) == "days[].date: missing or not a string");
  CHECK(refused(replaced(R"("slots":[)", R"("slots":[1,)")) == "days[].slots[]: not an object");
  CHECK(refused(replaced(R"("free":1)", R"("free":"1")")) == "days[].slots[].free: missing or not an integer");
  CHECK(refused(replaced(R"("free":1)", R"("free":1.5)")) == "days[].slots[].free: a number, not an integer");
  CHECK(refused(replaced(R"(,"free":1)", "")) == "days[].slots[].free: missing or not an integer");
  CHECK(refused(replaced(R"("days":[)", R"("days":["x",)")) == "days[]: not an object");
  CHECK(refused(good) == "(read)");
}

}  // namespace
}  // namespace sportello::bench
