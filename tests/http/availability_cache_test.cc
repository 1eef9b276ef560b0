// AvailabilityCache: an answer is given again only when every input is the same.
#include "http/availability_cache.h"

#include <catch2/catch.hpp>

namespace sportello::http {
namespace {

using engine::Instant;

const engine::Date kFrom = date::year{2026} / 12 / 1;
const engine::Date kTo = date::year{2026} / 12 / 14;
const Instant kNow{std::chrono::seconds{1'790'000'000}};

engine::SeatLedger Stamped(std::int64_t stamp) {
  engine::SeatLedger seats;
  seats.set_stamp(stamp);
  return seats;
}

struct Counter {
  int builds = 0;
  std::function<std::string()> Build() {
    return [this] { return "answer " + std::to_string(++builds); };
  }
};

TEST_CASE("availability cache: the same question with the same inputs is built once") {
  AvailabilityCache cache;
  Counter counter;
  const auto calendar = std::make_shared<const engine::DeskCalendar>();
  const AvailabilityCache::Question question{"roma", "lavoro-documenti", kFrom, kTo, engine::View::applicant};
  const auto first = cache.Answer(question, calendar, Stamped(7), kNow, counter.Build());
  const auto second = cache.Answer(question, calendar, Stamped(7), kNow, counter.Build());
  CHECK(*first == "answer 1");
  CHECK(second == first);
  CHECK(counter.builds == 1);

  SECTION("other seats, another second, another calendar object: built anew") {
    CHECK(*cache.Answer(question, calendar, Stamped(8), kNow, counter.Build()) == "answer 2");
    CHECK(*cache.Answer(question, calendar, Stamped(8), kNow + std::chrono::seconds{1}, counter.Build()) ==
          "answer 3");
    const auto changed = std::make_shared<const engine::DeskCalendar>();
    CHECK(*cache.Answer(question, changed, Stamped(8), kNow + std::chrono::seconds{1}, counter.Build()) ==
          "answer 4");
  }
  SECTION("another desk, type, range or view is another question") {
    AvailabilityCache::Question other = question;
    other.view = engine::View::staff;
    CHECK(*cache.Answer(other, calendar, Stamped(7), kNow, counter.Build()) == "answer 2");
    other = question;
    other.to = kFrom;
    CHECK(*cache.Answer(other, calendar, Stamped(7), kNow, counter.Build()) == "answer 3");
    other = question;
    other.type = "lavoro-nulla-osta";
    CHECK(*cache.Answer(other, calendar, Stamped(7), kNow, counter.Build()) == "answer 4");
    other = question;
    other.desk = "latina";
    CHECK(*cache.Answer(other, calendar, Stamped(7), kNow, counter.Build()) == "answer 5");
    CHECK(cache.Answer(question, calendar, Stamped(7), kNow, counter.Build()) == first);  // still kept
  }
}

TEST_CASE("availability cache: seats of unknown state are never reused") {
  AvailabilityCache cache;
  Counter counter;
  const auto calendar = std::make_shared<const engine::DeskCalendar>();
  const AvailabilityCache::Question question{"roma", "lavoro-documenti", kFrom, kTo, engine::View::applicant};
  (void)cache.Answer(question, calendar, Stamped(0), kNow, counter.Build());
  (void)cache.Answer(question, calendar, Stamped(0), kNow, counter.Build());
  CHECK(counter.builds == 2);
}

TEST_CASE("availability cache: beyond its size it starts afresh and still answers right") {
  AvailabilityCache cache;
  Counter counter;
  const auto calendar = std::make_shared<const engine::DeskCalendar>();
  std::vector<std::string> desks;
  for (std::size_t i = 0; i <= AvailabilityCache::kMaxEntries; ++i) desks.push_back("desk-" + std::to_string(i));
  for (const std::string& desk : desks) {
    (void)cache.Answer({desk, "t", kFrom, kTo, engine::View::applicant}, calendar, Stamped(1), kNow, counter.Build());
  }
  const int built = counter.builds;
  CHECK(built == static_cast<int>(desks.size()));
  const auto last = cache.Answer({desks.back(), "t", kFrom, kTo, engine::View::applicant}, calendar, Stamped(1), kNow,
                                 counter.Build());
  CHECK(counter.builds == built);  // the newest entry survived the fresh start
  CHECK(*last == "answer " + std::to_string(built));
}

}  // namespace
}  // namespace sportello::http
