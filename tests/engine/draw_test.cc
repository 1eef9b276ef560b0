#include "engine/draw.h"

#include "calendar_fixture.h"

#include <catch2/catch.hpp>

#include <fmt/core.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <random>
#include <string>
#include <vector>

using namespace sportello::engine;
using namespace sportello::engine::testing;

namespace {

using Kind = DrawPreference::Kind;

const date::time_zone& Rome() { return *FindTimeZone("Europe/Rome"); }

DrawPreference Pref(const char* text) {
  auto preference = ParseDrawPreference(text);
  REQUIRE(preference.has_value());
  return *preference;
}

DrawRequest Request(std::string id, std::vector<const char*> preferences) {
  DrawRequest request{.id = std::move(id), .preferences = {}};
  for (const char* text : preferences) request.preferences.push_back(Pref(text));
  return request;
}

DrawSeat Seat(const char* start, int free) { return MakeDrawSeat(At(start), Rome(), free); }

std::vector<std::string> Ids(int count) {
  std::vector<std::string> ids;
  for (int i = 1; i <= count; ++i) ids.push_back("req-" + std::to_string(i));
  return ids;
}

const DrawResult& ResultOf(const std::vector<DrawResult>& results, const std::string& id) {
  const auto it = std::find_if(results.begin(), results.end(), [&](const DrawResult& r) { return r.request_id == id; });
  REQUIRE(it != results.end());
  return *it;
}

}  // namespace

TEST_CASE("the draw's seed hash is the lowercase hex SHA-256 of the seed", "[draw]") {
  // FIPS 180-2's test vectors.
  CHECK(SeedHash("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(SeedHash("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(SeedHash("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  // UTF-8 text is hashed as its bytes: hashlib.sha256("è".encode()).hexdigest()
  CHECK(SeedHash("\xc3\xa8") == "97c916cd94785d7b9b52ae7013c267854f275691ddaae212bc1c07f639b8a0c7");
}

TEST_CASE("the draw order is the one docs/draw.md's Python computes", "[draw]") {
  // python3 docs/draw.md's script, seed below, ids req-01 … req-07.
  const std::string seed = "2027-03 roma lavoro-documenti 8f14e45fceea167a5a36dedd4bea2543";
  std::vector<std::string> ids;
  for (int i = 1; i <= 7; ++i) ids.push_back("req-0" + std::to_string(i));
  CHECK(SeedHash(seed) == "6246fd0079a265f411e8ce143798d75837a810d54a083a3f96bf6f95a005e021");
  CHECK(DrawOrder(seed, ids) ==
        std::vector<std::string>{"req-06", "req-04", "req-03", "req-07", "req-05", "req-02", "req-01"});
}

TEST_CASE("the draw order does not depend on the order the ids come in, and keeps each id once", "[draw]") {
  const std::vector<std::string> ids = Ids(30);
  const std::vector<std::string> order = DrawOrder("seed-1", ids);
  REQUIRE(order.size() == ids.size());
  CHECK(std::is_permutation(order.begin(), order.end(), ids.begin()));
  CHECK(order != ids);  // 1 chance in 30! that it is the given order
  CHECK(DrawOrder("seed-1", ids) == order);

  std::vector<std::string> shuffled = ids;
  std::mt19937 random(7);
  for (int round = 0; round < 10; ++round) {
    std::shuffle(shuffled.begin(), shuffled.end(), random);
    CHECK(DrawOrder("seed-1", shuffled) == order);
  }
  std::vector<std::string> doubled = ids;
  doubled.insert(doubled.end(), ids.begin(), ids.begin() + 5);
  CHECK(DrawOrder("seed-1", doubled) == order);

  CHECK(DrawOrder("seed-2", ids) != order);
  CHECK(DrawOrder("seed-1", {}).empty());
}

TEST_CASE("draw preferences read and write the four forms and refuse anything else", "[draw]") {
  CHECK(ParseDrawPreference("any") == DrawPreference{.kind = Kind::any, .day = Date{}});
  CHECK(ParseDrawPreference("2026-12-01") == DrawPreference{.kind = Kind::day, .day = Day("2026-12-01")});
  CHECK(ParseDrawPreference("2026-12-01Tam") == DrawPreference{.kind = Kind::morning, .day = Day("2026-12-01")});
  CHECK(ParseDrawPreference("2026-12-01Tpm") == DrawPreference{.kind = Kind::afternoon, .day = Day("2026-12-01")});
  for (const char* text : {"any", "2026-12-01", "2026-12-01Tam", "2026-12-01Tpm", "2028-02-29Tpm"}) {
    CAPTURE(text);
    const auto preference = ParseDrawPreference(text);
    REQUIRE(preference.has_value());
    CHECK(FormatDrawPreference(*preference) == text);
  }
  for (const char* text : {"2026-13-01", "2026-12-01Tnoon", "", "ANY", "Any", "any ", "2026-12-01TAM",
                           "2026-12-01tam", "2026-12-01T", "2026-12-01Tamx", "2027-02-29", "2026-12-1", "am"}) {
    CAPTURE(text);
    CHECK_FALSE(ParseDrawPreference(text).has_value());
  }
}

TEST_CASE("a draw seat starting before 13:00 local time is a morning seat, in winter and in summer", "[draw]") {
  const DrawSeat winter_morning = Seat("2026-12-01T12:59:00+01:00", 1);
  CHECK(winter_morning.day == Day("2026-12-01"));
  CHECK(winter_morning.morning);
  CHECK_FALSE(Seat("2026-12-01T13:00:00+01:00", 1).morning);
  CHECK(Seat("2027-07-01T12:40:00+02:00", 1).morning);  // 10:40 UTC
  CHECK_FALSE(Seat("2027-07-01T13:20:00+02:00", 1).morning);
  CHECK(Seat("2026-12-01T00:20:00+01:00", 1).day == Day("2026-12-01"));  // still 30 November in UTC

  const DrawSeat afternoon = Seat("2026-12-01T14:30:00+01:00", 1);
  CHECK(SeatMatches(Pref("2026-12-01"), afternoon));
  CHECK(SeatMatches(Pref("2026-12-01Tpm"), afternoon));
  CHECK_FALSE(SeatMatches(Pref("2026-12-01Tam"), afternoon));
  CHECK_FALSE(SeatMatches(Pref("2026-12-02"), afternoon));
  CHECK(SeatMatches(Pref("any"), afternoon));
  CHECK(SeatMatches(Pref("2026-12-01Tam"), winter_morning));
}

TEST_CASE("the draw gives each request its best preference still free, in draw order", "[draw]") {
  const std::string seed = "preferences";
  // Three requests; find which is drawn first, second and third, and give them roles by that.
  const std::vector<std::string> order = DrawOrder(seed, Ids(3));
  const std::vector<DrawSeat> seats = {
      Seat("2026-12-02T09:00:00+01:00", 1),  // Wednesday morning
      Seat("2026-12-01T14:30:00+01:00", 1),  // Tuesday afternoon
      Seat("2026-12-01T09:20:00+01:00", 1),  // Tuesday morning, later
      Seat("2026-12-01T09:00:00+01:00", 1),  // Tuesday morning, earliest
  };
  const std::vector<DrawRequest> requests = {
      Request(order[2], {"any"}),
      Request(order[1], {"2026-12-01Tam", "2026-12-01Tpm"}),
      Request(order[0], {"2026-12-01Tam"}),
  };
  const std::vector<DrawResult> results = AssignDraw(seed, requests, seats);
  REQUIRE(results.size() == 3);
  CHECK(results[0].request_id == order[0]);
  CHECK(results[2].request_id == order[2]);
  // The first drawn gets the earliest seat of the half-day it asked for.
  CHECK(results[0].order == 1);
  CHECK(results[0].start == At("2026-12-01T09:00:00+01:00"));
  CHECK(results[0].preference == 1);
  // The second drawn still finds a Tuesday morning seat, the later one.
  CHECK(results[1].start == At("2026-12-01T09:20:00+01:00"));
  CHECK(results[1].preference == 1);
  // "any" takes the earliest seat left: Tuesday afternoon before Wednesday.
  CHECK(results[2].start == At("2026-12-01T14:30:00+01:00"));
  CHECK(results[2].preference == 1);
}

TEST_CASE("a drawn request falls back to its next preference, and loses when none is left", "[draw]") {
  const std::string seed = "fallback";
  const std::vector<std::string> order = DrawOrder(seed, Ids(4));
  const std::vector<DrawSeat> seats = {
      Seat("2026-12-01T09:00:00+01:00", 1),
      Seat("2026-12-03T09:00:00+01:00", 2),
      Seat("2026-12-04T09:00:00+01:00", 0),  // nothing left on Friday
  };
  const std::vector<DrawRequest> requests = {
      Request(order[0], {"2026-12-01"}),
      Request(order[1], {"2026-12-01", "2026-12-04", "2026-12-03Tam"}),
      Request(order[2], {"2026-12-01", "2026-12-04"}),
      Request(order[3], {"2026-12-03Tpm", "any"}),
  };
  const std::vector<DrawResult> results = AssignDraw(seed, requests, seats);
  REQUIRE(results.size() == 4);
  CHECK(ResultOf(results, order[0]).start == At("2026-12-01T09:00:00+01:00"));
  const DrawResult& second = ResultOf(results, order[1]);
  CHECK(second.start == At("2026-12-03T09:00:00+01:00"));
  CHECK(second.preference == 3);
  const DrawResult& third = ResultOf(results, order[2]);
  CHECK_FALSE(third.start.has_value());
  CHECK(third.preference == 0);
  CHECK(third.order == 3);
  const DrawResult& fourth = ResultOf(results, order[3]);
  CHECK(fourth.start == At("2026-12-03T09:00:00+01:00"));  // the second place of that seat
  CHECK(fourth.preference == 2);
}

TEST_CASE("the draw with no seats loses every request, and draws a repeated id once", "[draw]") {
  const std::vector<DrawRequest> requests = {Request("a", {"any"}), Request("b", {"any"}), Request("a", {"any"})};
  const std::vector<DrawResult> results = AssignDraw("empty", requests, {});
  REQUIRE(results.size() == 2);
  for (const DrawResult& result : results) {
    CHECK_FALSE(result.start.has_value());
    CHECK(result.preference == 0);
  }
  CHECK(AssignDraw("empty", {}, {Seat("2026-12-01T09:00:00+01:00", 3)}).empty());
}

TEST_CASE("the draw assigns as a plain scan over every seat would, on random requests", "[draw]") {
  std::mt19937 random(20261201);
  const auto pick = [&](int n) { return static_cast<int>(random() % static_cast<unsigned>(n)); };
  for (int round = 0; round < 200; ++round) {
    std::vector<DrawSeat> seats;
    for (int i = pick(25); i > 0; --i) {
      const int day = 1 + pick(5);
      const int minutes = 8 * 60 + 20 * pick(27);  // 08:00 to 16:40
      const std::string start = fmt::format("2026-12-{:02}T{:02}:{:02}:00+01:00", day, minutes / 60, minutes % 60);
      seats.push_back(Seat(start.c_str(), pick(3)));
    }
    std::vector<DrawRequest> requests;
    for (int i = pick(40); i > 0; --i) {
      DrawRequest request{.id = "r" + std::to_string(i), .preferences = {}};
      for (int p = 1 + pick(4); p > 0; --p) {
        const Date day = Day(fmt::format("2026-12-{:02}", 1 + pick(5)).c_str());
        const auto kind = static_cast<Kind>(pick(4));
        request.preferences.push_back({.kind = kind, .day = kind == Kind::any ? Date{} : day});
      }
      requests.push_back(std::move(request));
    }
    const std::string seed = "scan-" + std::to_string(round);
    const std::vector<DrawResult> results = AssignDraw(seed, requests, seats);

    // The reference: every seat by start (stable), scanned from the start for each preference.
    std::vector<DrawSeat> left = seats;
    std::stable_sort(left.begin(), left.end(), [](const DrawSeat& a, const DrawSeat& b) { return a.start < b.start; });
    REQUIRE(results.size() == requests.size());
    for (std::size_t i = 0; i < results.size(); ++i) {
      const DrawRequest& request = *std::find_if(requests.begin(), requests.end(),
                                                 [&](const DrawRequest& r) { return r.id == results[i].request_id; });
      DrawResult expected{.request_id = request.id, .order = static_cast<int>(i) + 1, .start = std::nullopt, .preference = 0};
      for (std::size_t rank = 0; rank < request.preferences.size() && !expected.start; ++rank) {
        for (DrawSeat& seat : left) {
          if (seat.free > 0 && SeatMatches(request.preferences[rank], seat)) {
            --seat.free;
            expected.start = seat.start;
            expected.preference = static_cast<int>(rank) + 1;
            break;
          }
        }
      }
      CAPTURE(round, i);
      CHECK(results[i].order == expected.order);
      CHECK(results[i].start == expected.start);
      CHECK(results[i].preference == expected.preference);
    }
  }
}

// Fairness. With an unpredictable seed every order of the requests is equally likely, so with 20
// requests for 5 places each wins with probability 5/20 = 1/4, and each of the 20 positions is equally
// likely for each request. The seeds below are fixed, so these tests are deterministic: they check that
// the hash order behaves, on 2,000 seeds, as a uniformly random order would.
namespace {
constexpr int kFairnessSeeds = 2000;
constexpr int kFairnessRequests = 20;
std::string FairnessSeed(int i) { return "fairness-" + std::to_string(i); }
}  // namespace

TEST_CASE("the draw: over 2,000 seeds, each of 20 requests wins one of 5 places a quarter of the time", "[draw]") {
  // Five single seats on five half-days; request k asks first for the half-day k mod 5 (so the winners
  // mostly get their first choice), then for anything.
  const std::vector<DrawSeat> seats = {
      Seat("2026-12-01T09:00:00+01:00", 1), Seat("2026-12-01T14:30:00+01:00", 1), Seat("2026-12-02T09:00:00+01:00", 1),
      Seat("2026-12-03T09:00:00+01:00", 1), Seat("2026-12-03T14:30:00+01:00", 1)};
  const char* const halves[] = {"2026-12-01Tam", "2026-12-01Tpm", "2026-12-02Tam", "2026-12-03Tam", "2026-12-03Tpm"};
  std::vector<DrawRequest> requests;
  for (int k = 0; k < kFairnessRequests; ++k) requests.push_back(Request("req-" + std::to_string(k), {halves[k % 5], "any"}));

  std::map<std::string, int> wins;
  for (int i = 0; i < kFairnessSeeds; ++i) {
    int won = 0;
    for (const DrawResult& result : AssignDraw(FairnessSeed(i), requests, seats)) {
      if (!result.start) continue;
      ++wins[result.request_id];
      ++won;
    }
    REQUIRE(won == 5);
  }
  // Each request's wins are Binomial(n = 2000, p = 1/4): mean 500, standard deviation
  // sqrt(2000 · 1/4 · 3/4) = 19.4. Allowed: within 5 standard deviations, 500 ± 96, i.e. a winning
  // frequency of 25% ± 4.8 points. A truly random order falls outside with probability 5.7e-7 per
  // request (1.1e-5 for any of the 20); an order that favoured some ids by even a fifth would not fit.
  constexpr double kMean = kFairnessSeeds * 0.25;
  const double bound = 5.0 * std::sqrt(kFairnessSeeds * 0.25 * 0.75);
  for (const DrawRequest& request : requests) {
    CAPTURE(request.id, wins[request.id]);
    CHECK(std::abs(wins[request.id] - kMean) <= bound);
  }
}

TEST_CASE("the draw: over 2,000 seeds, every position in the order is as likely for each request (chi-square)",
          "[draw]") {
  const std::vector<std::string> ids = Ids(kFairnessRequests);
  std::map<std::string, std::vector<int>> positions;  // id → how often it came at each position
  for (const std::string& id : ids) positions[id].assign(kFairnessRequests, 0);
  for (int i = 0; i < kFairnessSeeds; ++i) {
    const std::vector<std::string> order = DrawOrder(FairnessSeed(i), ids);
    for (std::size_t position = 0; position < order.size(); ++position) ++positions[order[position]][position];
  }
  // For each request, Pearson's chi-square of its 20 position counts against 100 expected in each: 19
  // degrees of freedom (mean 19, standard deviation 6.2). Allowed: at most 65, which a uniformly
  // random order exceeds with probability 6.1e-7 per request (comparable to 5 standard deviations
  // above; computed from the regularised upper incomplete gamma function Q(19/2, 65/2)).
  constexpr double kExpected = static_cast<double>(kFairnessSeeds) / kFairnessRequests;
  constexpr double kBound = 65.0;
  for (const auto& [id, counts] : positions) {
    double chi_square = 0;
    for (int count : counts) chi_square += (count - kExpected) * (count - kExpected) / kExpected;
    CAPTURE(id, chi_square);
    CHECK(chi_square <= kBound);
  }
}
