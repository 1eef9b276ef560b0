// The help desk's statistics (engine/question_stats.h) as pure functions: weeks from Monday in the
// help desk's zone, what counts as overdue, the range, and tickets outside it.
#include "engine/question_stats.h"

#include <catch2/catch.hpp>

namespace sportello::engine {
namespace {

using std::chrono::days;
using std::chrono::hours;

Instant At(const char* text) { return *ParseInstant(text); }
Date On(const char* text) { return *ParseDate(text); }

QuestionFact Opened(const char* at) { return QuestionFact{"documenti", "roma", QuestionState::open, false, At(at), {}, {}}; }

TEST_CASE("question statistics: weeks start on Monday in Rome, whatever the UTC day") {
  CHECK(WeekOf(On("2026-11-02")) == On("2026-11-02"));
  CHECK(WeekOf(On("2026-11-08")) == On("2026-11-02"));
  CHECK(WeekOf(On("2027-01-01")) == On("2026-12-28"));
  // Sunday 23:30 UTC is Monday 00:30 in Rome: the ticket counts in Monday's week.
  const QuestionFact late = Opened("2026-11-08T23:30:00Z");
  const std::vector<QuestionFact> facts{late};
  auto stats = ComputeQuestionStats(facts, {}, On("2026-11-01"), On("2026-11-15"), At("2026-11-20T00:00:00Z"),
                                    kDefaultServiceLevel);
  REQUIRE(stats.has_value());
  REQUIRE(stats->rows.size() == 1);
  CHECK(stats->rows[0].week == On("2026-11-09"));
}

TEST_CASE("question statistics: overdue is a first answer later than the service level, or none by now") {
  QuestionFact fact = Opened("2026-11-02T09:00:00+01:00");
  const Instant now = At("2026-11-20T09:00:00+01:00");
  CHECK(WasOverdue(fact, now, kDefaultServiceLevel));
  CHECK_FALSE(WasOverdue(fact, fact.created_at + days{6}, kDefaultServiceLevel));
  fact.first_answer_at = fact.created_at + days{6};
  CHECK_FALSE(WasOverdue(fact, now, kDefaultServiceLevel));
  fact.first_answer_at = fact.created_at + days{7} + hours{1};
  CHECK(WasOverdue(fact, now, kDefaultServiceLevel));
  QuestionFact closed_unanswered = Opened("2026-11-02T09:00:00+01:00");
  closed_unanswered.closed_at = closed_unanswered.created_at + days{1};
  CHECK_FALSE(WasOverdue(closed_unanswered, now, kDefaultServiceLevel));
}

TEST_CASE("question statistics: a range backwards or longer than a year is refused, and outside tickets are ignored") {
  const std::vector<QuestionFact> facts{Opened("2026-10-30T09:00:00+01:00"), Opened("2026-11-03T09:00:00+01:00")};
  const std::vector<FaqUseFact> faq{{"documenti", On("2026-10-30"), 5, 1}, {"documenti", On("2026-11-03"), 2, 2}};
  const Instant now = At("2026-11-20T00:00:00Z");
  CHECK(ComputeQuestionStats(facts, faq, On("2026-11-02"), On("2026-11-01"), now, kDefaultServiceLevel).error().field ==
        "to");
  CHECK_FALSE(ComputeQuestionStats(facts, faq, On("2026-01-01"), On("2027-01-02"), now, kDefaultServiceLevel).has_value());
  auto stats = ComputeQuestionStats(facts, faq, On("2026-11-02"), On("2026-11-08"), now, kDefaultServiceLevel);
  REQUIRE(stats.has_value());
  REQUIRE(stats->rows.size() == 1);
  CHECK(stats->rows[0].opened == 1);
  REQUIRE(stats->faq.size() == 1);
  CHECK(stats->faq[0].shown == 2);
}

}  // namespace
}  // namespace sportello::engine
