#include "engine/stats.h"

#include "calendar_fixture.h"

#include <catch2/catch.hpp>

using namespace sportello::engine;
using namespace sportello::engine::testing;

TEST_CASE("statistics count each day's bookings by state and the seats offered", "[stats]") {
  const DeskCalendar roma = MustParse(kSpecCalendar);
  const std::vector<BookingFact> bookings = {
      {"lavoro-documenti", At("2026-12-01T09:00:00+01:00"), At("2026-11-21T09:00:00+01:00"), BookingStatus::attended},
      {"lavoro-documenti", At("2026-12-01T09:20:00+01:00"), At("2026-11-30T09:20:00+01:00"), BookingStatus::no_show},
      {"lavoro-documenti", At("2026-12-01T09:40:00+01:00"), At("2026-11-29T09:40:00+01:00"), BookingStatus::cancelled},
      {"lavoro-documenti", At("2026-12-03T09:00:00+01:00"), At("2026-11-29T09:00:00+01:00"), BookingStatus::booked},
      {"lavoro-documenti", At("2026-12-05T09:00:00+01:00"), At("2026-11-29T09:00:00+01:00"), BookingStatus::booked},
  };
  const auto rows = ComputeStats(roma, bookings, Day("2026-12-01"), Day("2026-12-02"));
  REQUIRE(rows);
  REQUIRE(rows->size() == 2);  // Tuesday and Wednesday; Thursday's and Saturday's bookings are out of range
  const DayStats& tuesday = (*rows)[0];
  CHECK(FormatDate(tuesday.date) == "2026-12-01");
  CHECK(tuesday.bookings == 3);
  CHECK(tuesday.attended == 1);
  CHECK(tuesday.no_shows == 1);
  CHECK(tuesday.cancellations == 1);
  CHECK(tuesday.seats_used == 2);
  CHECK(tuesday.seats_offered == 12 * 5 + 6 * 2);  // mornings 4+1 seats, afternoon 2
  CHECK(tuesday.AverageLeadDays() == Approx((10.0 + 1.0 + 2.0) / 3.0));
  CHECK((*rows)[1].bookings == 0);
  CHECK((*rows)[1].seats_offered == 12 * 5);
}

TEST_CASE("statistics refuse reversed and over-long periods", "[stats]") {
  const DeskCalendar roma = MustParse(kSpecCalendar);
  CHECK(ComputeStats(roma, {}, Day("2026-12-02"), Day("2026-12-01")).error() == Error::invalid_request);
  CHECK(ComputeStats(roma, {}, Day("2026-01-01"), Day("2027-01-01")).has_value());  // 366 days: the most
  const auto too_long = ComputeStats(roma, {}, Day("2026-01-01"), Day("2027-01-02"));
  REQUIRE_FALSE(too_long.has_value());
  CHECK(too_long.error() == Error::invalid_request);
}

TEST_CASE("percentiles are nearest ranks, and absent without values", "[stats]") {
  CHECK_FALSE(Percentile({}, 50).has_value());
  CHECK(Percentile({7}, 90) == 7);
  CHECK(Percentile({40, 10, 30}, 50) == 30);
  CHECK(Percentile({40, 10, 30}, 90) == 40);
  CHECK(Percentile({4, 10}, 50) == 4);
  CHECK(Percentile({1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 90) == 9);
  CHECK(Percentile({1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 100) == 10);
}

TEST_CASE("statistics gather each day's waits, service times and ratings per type", "[stats]") {
  const DeskCalendar roma = MustParse(kSpecCalendar);
  using std::chrono::minutes;
  const std::vector<VisitFact> visits = {
      {"lavoro-documenti", At("2026-12-01T09:00:00+01:00"), minutes(12), minutes(5), std::nullopt},
      {"lavoro-documenti", At("2026-12-01T09:20:00+01:00"), minutes(3), std::nullopt, std::nullopt},  // missed
      {"lavoro-documenti", At("2026-12-01T09:00:00+01:00"), std::nullopt, std::nullopt, 4},
      {"lavoro-documenti", At("2026-12-01T09:20:00+01:00"), std::nullopt, std::nullopt, 1},
      {"lavoro-documenti", At("2026-12-03T09:00:00+01:00"), minutes(30), minutes(9), 5},  // out of range
  };
  const auto rows = ComputeStats(roma, {}, Day("2026-12-01"), Day("2026-12-02"), visits);
  REQUIRE(rows);
  const DayStats& tuesday = (*rows)[0];
  CHECK(FormatDate(tuesday.date) == "2026-12-01");
  CHECK(tuesday.waited_minutes == std::vector<double>{12, 3});
  CHECK(tuesday.served_minutes == std::vector<double>{5});
  CHECK(tuesday.ratings == std::array<int, 5>{1, 0, 0, 1, 0});
  CHECK(tuesday.RatingMean() == 2.5);
  CHECK_FALSE((*rows)[1].RatingMean().has_value());
}
