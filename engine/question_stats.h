// The statistics of the help desk (SPEC.md, "Questions"): per topic, desk and week, the tickets
// opened, answered, escalated and overdue, and the hours to the first answer and to closing (p50,
// p90); per week the totals, the shares escalated and overdue and the change from the week before;
// per topic and week how often the FAQ was shown to someone about to ask and how many asked all
// the same. They need only the classification and the times of each ticket, so they are the same
// before and after the retention policy anonymised it. Weeks start on Monday, in the help desk's
// zone (engine::HelpDeskZone). Thread-safe: pure functions.
#pragma once

#include "engine/error.h"
#include "engine/question.h"
#include "engine/time.h"

#include <chrono>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace sportello::engine {

// What the statistics need of one ticket.
struct QuestionFact {
  std::string topic;
  std::string desk;  // may be empty (not matched to an application)
  QuestionState state = QuestionState::open;
  bool escalated = false;
  Instant created_at;
  std::optional<Instant> first_answer_at;
  std::optional<Instant> closed_at;
};

// What the statistics need of the FAQ's use on one day.
struct FaqUseFact {
  std::string topic;
  Date day;
  std::int64_t shown = 0;  // times the topic's FAQ was shown to someone about to ask
  std::int64_t asked = 0;  // of them, how many asked all the same
};

// A ticket is overdue when its first answer came, or has not come by `now`, later than the service
// level after it was opened. (A ticket closed unanswered counts until it was closed.)
bool WasOverdue(const QuestionFact& fact, Instant now, std::chrono::minutes service_level);

struct QuestionWeekRow {
  std::string topic;
  std::string desk;
  Date week;  // its Monday
  int opened = 0;
  int answered = 0;   // with a first answer
  int escalated = 0;
  int overdue = 0;
  int closed = 0;
  std::optional<double> first_answer_p50_hours;
  std::optional<double> first_answer_p90_hours;
  std::optional<double> close_p50_hours;
  std::optional<double> close_p90_hours;
};

struct QuestionWeekTotal {
  Date week;
  int opened = 0;
  double escalated_share = 0;  // 0..1 of the tickets opened that week
  double overdue_share = 0;
  std::optional<double> opened_change;  // against the week before (0.25: a quarter more); none for the first week
                                        // or after a week without tickets
  std::optional<double> first_answer_p50_hours;
  std::optional<double> first_answer_p90_hours;
};

struct FaqWeekRow {
  std::string topic;
  Date week;
  std::int64_t shown = 0;
  std::int64_t asked = 0;  // shown − asked did not ask
};

struct QuestionStats {
  std::vector<QuestionWeekRow> rows;        // by week, topic, desk
  std::vector<QuestionWeekTotal> weeks;     // every week of the range, by week
  std::vector<FaqWeekRow> faq;              // by week, topic
};

// The Monday of the week of `day`.
Date WeekOf(Date day);

// The statistics of the tickets opened from `from` to `to` (inclusive, days in the help desk's
// zone) at `now`; tickets and uses outside the range are ignored. Error: invalid_request when `to`
// precedes `from` or the range is longer than a year (366 days).
Result<QuestionStats> ComputeQuestionStats(std::span<const QuestionFact> questions, std::span<const FaqUseFact> faq,
                                           Date from, Date to, Instant now, std::chrono::minutes service_level);

}  // namespace sportello::engine
