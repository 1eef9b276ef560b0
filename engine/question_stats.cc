#include "engine/question_stats.h"

#include "engine/stats.h"

#include <map>
#include <tuple>

namespace sportello::engine {

namespace {

double Hours(Instant from, Instant to) {
  return std::chrono::duration<double, std::ratio<3600>>(to - from).count();
}

struct Times {
  std::vector<double> first_answer;
  std::vector<double> close;
};

void AddTimes(const QuestionFact& fact, Times& times) {
  if (fact.first_answer_at) times.first_answer.push_back(Hours(fact.created_at, *fact.first_answer_at));
  if (fact.closed_at) times.close.push_back(Hours(fact.created_at, *fact.closed_at));
}

}  // namespace

bool WasOverdue(const QuestionFact& fact, Instant now, std::chrono::minutes service_level) {
  const Instant waited_until = fact.first_answer_at ? *fact.first_answer_at : fact.closed_at ? *fact.closed_at : now;
  return waited_until - fact.created_at > service_level;
}

Date WeekOf(Date day) {
  const date::sys_days days(day);
  return Date(days - (date::weekday(days) - date::Monday));
}

Result<QuestionStats> ComputeQuestionStats(std::span<const QuestionFact> questions, std::span<const FaqUseFact> faq,
                                           Date from, Date to, Instant now, std::chrono::minutes service_level) {
  if (date::sys_days(to) < date::sys_days(from)) return Problem(Error::invalid_request, "to", "must not precede from");
  if ((date::sys_days(to) - date::sys_days(from)).count() >= kMaxStatsDays) {
    return Problem(Error::invalid_request, "to", "a range is at most 366 days");
  }
  using RowKey = std::tuple<Date, std::string, std::string>;  // week, topic, desk
  std::map<RowKey, std::pair<QuestionWeekRow, Times>> rows;
  std::map<Date, std::pair<QuestionWeekTotal, Times>> weeks;
  std::map<Date, std::pair<int, int>> shares;  // week: escalated, overdue
  for (date::sys_days week = date::sys_days(WeekOf(from)); week <= date::sys_days(to); week += date::days{7}) {
    weeks[Date(week)].first.week = Date(week);
  }
  for (const QuestionFact& fact : questions) {
    const Date day = LocalDate(fact.created_at, HelpDeskZone());
    if (date::sys_days(day) < date::sys_days(from) || date::sys_days(to) < date::sys_days(day)) continue;
    const Date week = WeekOf(day);
    auto& [row, times] = rows[RowKey{week, fact.topic, fact.desk}];
    row.topic = fact.topic;
    row.desk = fact.desk;
    row.week = week;
    ++row.opened;
    const bool overdue = WasOverdue(fact, now, service_level);
    row.answered += fact.first_answer_at ? 1 : 0;
    row.escalated += fact.escalated ? 1 : 0;
    row.overdue += overdue ? 1 : 0;
    row.closed += fact.state == QuestionState::closed ? 1 : 0;
    AddTimes(fact, times);
    auto& total = weeks[week];
    ++total.first.opened;
    AddTimes(fact, total.second);
    shares[week].first += fact.escalated ? 1 : 0;
    shares[week].second += overdue ? 1 : 0;
  }
  QuestionStats stats;
  for (auto& [key, entry] : rows) {
    QuestionWeekRow& row = entry.first;
    row.first_answer_p50_hours = Percentile(entry.second.first_answer, 50);
    row.first_answer_p90_hours = Percentile(entry.second.first_answer, 90);
    row.close_p50_hours = Percentile(entry.second.close, 50);
    row.close_p90_hours = Percentile(entry.second.close, 90);
    stats.rows.push_back(std::move(row));
  }
  std::optional<int> previous;
  for (auto& [week, entry] : weeks) {
    QuestionWeekTotal& total = entry.first;
    if (total.opened > 0) {
      total.escalated_share = static_cast<double>(shares[week].first) / total.opened;
      total.overdue_share = static_cast<double>(shares[week].second) / total.opened;
    }
    if (previous && *previous > 0) total.opened_change = static_cast<double>(total.opened - *previous) / *previous;
    total.first_answer_p50_hours = Percentile(entry.second.first_answer, 50);
    total.first_answer_p90_hours = Percentile(entry.second.first_answer, 90);
    previous = total.opened;
    stats.weeks.push_back(total);
  }
  std::map<std::pair<Date, std::string>, FaqWeekRow> faq_rows;
  for (const FaqUseFact& use : faq) {
    if (date::sys_days(use.day) < date::sys_days(from) || date::sys_days(to) < date::sys_days(use.day)) continue;
    FaqWeekRow& row = faq_rows[{WeekOf(use.day), use.topic}];
    row.topic = use.topic;
    row.week = WeekOf(use.day);
    row.shown += use.shown;
    row.asked += use.asked;
  }
  for (auto& [key, row] : faq_rows) stats.faq.push_back(std::move(row));
  return stats;
}

}  // namespace sportello::engine
