// A desk's statistics and the ratings of its visits, for its staff (SPEC.md, "Staff": stats, and
// "The day of the visit"), and the help desk's statistics (SPEC.md, "Questions"). The figures are
// booking/statistics.h's and booking/questions.h's; these read the period and write the answer.
#include "booking/questions.h"
#include "booking/statistics.h"
#include "http/date_range.h"
#include "http/routes.h"

#include <boost/json.hpp>
#include <fmt/core.h>

namespace sportello::http::routes {

namespace beast_http = boost::beast::http;
namespace json = boost::json;
using engine::Error;

namespace {

json::value OrNull(const std::optional<double>& value) {
  if (!value) return nullptr;
  return *value;
}

// {"1": n, …, "5": n}
json::object RatingsJson(const std::array<int, 5>& ratings) {
  json::object counts;
  for (std::size_t value = 0; value < ratings.size(); ++value) counts[std::to_string(value + 1)] = ratings[value];
  return counts;
}

// ?from=D&to=D, or the 400 that says which is wrong. Statistics take up to engine::kMaxStatsDays,
// longer than ReadDateRange's runs of days.
engine::Result<DateRange> ReadPeriod(const Call& call) {
  const auto from = engine::ParseDate(call.Query("from").value_or(""));
  const auto to = engine::ParseDate(call.Query("to").value_or(""));
  if (!from) return engine::Problem(Error::invalid_request, "from", "must be a date YYYY-MM-DD");
  if (!to) return engine::Problem(Error::invalid_request, "to", "must be a date YYYY-MM-DD");
  return DateRange{*from, *to};
}

Response PeriodRefused(const Call& call, const engine::Problem& problem) {
  if (problem.code != Error::invalid_request) return call.Fail(problem);
  return call.Fail(Error::invalid_request, fmt::format("to must not precede from, and the period is at most {} days",
                                                       engine::kMaxStatsDays));
}

}  // namespace

Response DeskStats(Call& call) {
  const auto period = ReadPeriod(call);
  if (!period) return call.Fail(period.error());
  auto rows = booking::DeskStatistics(call.services().store, call.Param("desk"), period->from, period->to);
  if (!rows) return PeriodRefused(call, rows.error());
  json::array days;
  for (const engine::DayStats& row : *rows) {
    days.push_back(json::object{{"type", row.type},
                                {"date", engine::FormatDate(row.date)},
                                {"bookings", row.bookings},
                                {"cancellations", row.cancellations},
                                {"attended", row.attended},
                                {"no_shows", row.no_shows},
                                {"seats_offered", row.seats_offered},
                                {"seats_used", row.seats_used},
                                {"average_lead_days", row.AverageLeadDays()},
                                {"waited_p50_minutes", OrNull(engine::Percentile(row.waited_minutes, 50))},
                                {"waited_p90_minutes", OrNull(engine::Percentile(row.waited_minutes, 90))},
                                {"served_p50_minutes", OrNull(engine::Percentile(row.served_minutes, 50))},
                                {"ratings", RatingsJson(row.ratings)},
                                {"rating_mean", OrNull(row.RatingMean())}});
  }
  return call.Json(beast_http::status::ok, json::object{{"desk", call.Param("desk")},
                                                        {"from", engine::FormatDate(period->from)},
                                                        {"to", engine::FormatDate(period->to)},
                                                        {"days", std::move(days)}});
}

// The ratings without who gave them: the date and type of the visit, the rating, the comment.
Response DeskFeedback(Call& call) {
  const auto period = ReadPeriod(call);
  if (!period) return call.Fail(period.error());
  auto desk = call.services().store.FindDesk(call.Param("desk"));
  if (!desk) return call.Fail(desk.error());
  auto ratings = booking::DeskRatings(call.services().store, *desk, period->from, period->to);
  if (!ratings) return PeriodRefused(call, ratings.error());
  json::array feedback;
  for (const storage::RatedVisit& rated : *ratings) {
    feedback.push_back(json::object{{"date", engine::FormatDate(engine::LocalDate(rated.start, *desk->zone))},
                                    {"type", rated.type},
                                    {"rating", rated.feedback.rating},
                                    {"comment", rated.feedback.comment}});
  }
  return call.Json(beast_http::status::ok, json::object{{"feedback", std::move(feedback)}});
}

Response QuestionStats(Call& call) {
  const auto range = ReadPeriod(call);
  if (!range) return call.Fail(range.error());
  auto stats = booking::Statistics(call.services().store, call.user(), range->from, range->to, call.now(),
                                   call.services().question_service_level);
  if (!stats) return PeriodRefused(call, stats.error());
  json::array rows;
  for (const engine::QuestionWeekRow& row : stats->rows) {
    rows.push_back(json::object{{"week", engine::FormatDate(row.week)},
                                {"topic", row.topic},
                                {"desk", row.desk},
                                {"opened", row.opened},
                                {"answered", row.answered},
                                {"escalated", row.escalated},
                                {"overdue", row.overdue},
                                {"closed", row.closed},
                                {"first_answer_p50_hours", OrNull(row.first_answer_p50_hours)},
                                {"first_answer_p90_hours", OrNull(row.first_answer_p90_hours)},
                                {"close_p50_hours", OrNull(row.close_p50_hours)},
                                {"close_p90_hours", OrNull(row.close_p90_hours)}});
  }
  json::array weeks;
  for (const engine::QuestionWeekTotal& week : stats->weeks) {
    weeks.push_back(json::object{{"week", engine::FormatDate(week.week)},
                                 {"opened", week.opened},
                                 {"escalated_share", week.escalated_share},
                                 {"overdue_share", week.overdue_share},
                                 {"opened_change", OrNull(week.opened_change)},
                                 {"first_answer_p50_hours", OrNull(week.first_answer_p50_hours)},
                                 {"first_answer_p90_hours", OrNull(week.first_answer_p90_hours)}});
  }
  json::array faq;
  for (const engine::FaqWeekRow& row : stats->faq) {
    faq.push_back(json::object{{"week", engine::FormatDate(row.week)},
                               {"topic", row.topic},
                               {"shown", row.shown},
                               {"asked", row.asked},
                               {"not_asked", row.shown - row.asked}});
  }
  return call.Json(beast_http::status::ok,
                   json::object{{"from", engine::FormatDate(range->from)},
                                {"to", engine::FormatDate(range->to)},
                                {"service_level_hours",
                                 std::chrono::duration<double, std::ratio<3600>>(call.services().question_service_level).count()},
                                {"rows", std::move(rows)},
                                {"weeks", std::move(weeks)},
                                {"faq", std::move(faq)}});
}

}  // namespace sportello::http::routes
