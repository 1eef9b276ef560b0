// A desk's statistics and the ratings of its visits, for its staff (SPEC.md, "Staff": stats, and
// "The day of the visit"). The figures are booking/statistics.h's; these read the period and write
// the answer.
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

}  // namespace sportello::http::routes
