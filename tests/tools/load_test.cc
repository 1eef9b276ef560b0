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

}  // namespace
}  // namespace sportello::bench
