// The national overview for administrators (docs/decisions.md, "The national overview"):
// `GET /api/v1/admin/overview?from=YYYY-MM&to=YYYY-MM[&format=csv]`. The figures are
// booking/pilot_overview.h's; this reads the months and writes them as JSON or as CSV (RFC 4180).
#include "booking/pilot_overview.h"
#include "engine/release.h"
#include "http/problem.h"
#include "http/routes.h"

#include <boost/beast/http/field.hpp>
#include <boost/json.hpp>
#include <fmt/core.h>

#include <cstdint>
#include <string>

namespace sportello::http::routes {

namespace beast_http = boost::beast::http;
namespace json = boost::json;
using engine::Error;

namespace {

struct MonthRange {
  date::year_month from;
  date::year_month to;
};

// ?from=YYYY-MM&to=YYYY-MM, or the problem to answer: 400 for a missing or malformed month or `to`
// before `from`, 422 for more than engine::kMaxOverviewMonths months (as availability's days).
std::optional<Response> ReadMonths(const Call& call, MonthRange& range) {
  const auto from = engine::ParseMonth(call.Query("from").value_or(""));
  const auto to = engine::ParseMonth(call.Query("to").value_or(""));
  if (!from) return call.Fail(engine::Problem(Error::invalid_request, "from", "must be a month YYYY-MM"));
  if (!to) return call.Fail(engine::Problem(Error::invalid_request, "to", "must be a month YYYY-MM"));
  if (auto months = engine::CheckOverviewMonths(*from, *to); !months) {
    const bool too_long = engine::MonthsSpanned(*from, *to) > engine::kMaxOverviewMonths;
    if (!too_long) return call.Fail(months.error());
    return ProblemAnswer(months.error(), beast_http::status::unprocessable_entity, call.language(),
                         call.request().version(), call.request().keep_alive());
  }
  range = {*from, *to};
  return std::nullopt;
}

json::value OrNull(const std::optional<double>& value) {
  if (!value) return nullptr;
  return *value;
}

// Days are whole: a median or percentile of them is written as a whole number.
json::value DaysOrNull(const std::optional<double>& value) {
  if (!value) return nullptr;
  return static_cast<std::int64_t>(*value);
}

void PutFigures(json::object& row, const engine::OverviewFigures& figures) {
  row["self_booked"] = figures.self_booked;
  row["convened"] = figures.convened;
  row["auto_convened"] = figures.auto_convened;
  row["attended"] = figures.attended;
  row["no_shows"] = figures.no_shows;
  row["no_show_rate"] = OrNull(figures.NoShowRate());
  row["days_to_appointment"] = json::object{{"median", DaysOrNull(figures.DaysMedian())},
                                            {"p90", DaysOrNull(figures.DaysP90())},
                                            {"count", figures.days_to_appointment.size()}};
  row["seats_offered"] = figures.seats_offered;
  row["seats_used"] = figures.seats_used;
}

json::object OverviewJson(const engine::Overview& overview, const MonthRange& range) {
  json::array months;
  for (const date::year_month month : overview.months) months.emplace_back(engine::FormatMonth(month));
  json::array desks;
  for (const engine::OverviewDeskRow& row : overview.desks) {
    json::object item{{"desk", row.desk}, {"pilot", row.pilot}, {"month", engine::FormatMonth(row.month)}};
    PutFigures(item, row.figures);
    desks.push_back(std::move(item));
  }
  json::array groups;
  for (const engine::OverviewGroupRow& row : overview.groups) {
    json::object item{{"pilot", row.pilot}, {"month", engine::FormatMonth(row.month)}, {"desks", row.desks}};
    PutFigures(item, row.figures);
    groups.push_back(std::move(item));
  }
  return json::object{{"from", engine::FormatMonth(range.from)},
                      {"to", engine::FormatMonth(range.to)},
                      {"months", std::move(months)},
                      {"desks", std::move(desks)},
                      {"groups", std::move(groups)}};
}

// One CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break; a field a
// spreadsheet would run as a formula (=, +, -, @ first) starts with an apostrophe, as the console's
// CSV files do.
std::string CsvField(std::string_view text) {
  const bool formula = !text.empty() && std::string_view("=+-@").find(text.front()) != std::string_view::npos;
  const bool quoted = text.find_first_of(",\"\r\n") != std::string_view::npos;
  std::string field;
  field.reserve(text.size() + 4);
  if (quoted) field += '"';
  if (formula) field += '\'';
  for (const char c : text) {
    if (quoted && c == '"') field += '"';
    field += c;
  }
  if (quoted) field += '"';
  return field;
}

std::string CsvNumber(const std::optional<double>& value, std::string_view format) {
  return value ? fmt::format(fmt::runtime(format), *value) : std::string();
}

inline constexpr std::string_view kCsvHeader =
    "desk,pilot,month,self_booked,convened,auto_convened,attended,no_shows,no_show_rate,"
    "days_to_appointment_median,days_to_appointment_p90,days_known,seats_offered,seats_used\r\n";

// One line per desk and month, in the JSON's order; an unknown figure is an empty field.
std::string OverviewCsv(const engine::Overview& overview) {
  std::string csv(kCsvHeader);
  for (const engine::OverviewDeskRow& row : overview.desks) {
    const engine::OverviewFigures& f = row.figures;
    csv += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{},{}\r\n", CsvField(row.desk),
                       row.pilot ? "true" : "false", engine::FormatMonth(row.month), f.self_booked, f.convened,
                       f.auto_convened, f.attended, f.no_shows, CsvNumber(f.NoShowRate(), "{:.4g}"),
                       CsvNumber(f.DaysMedian(), "{:.0f}"), CsvNumber(f.DaysP90(), "{:.0f}"),
                       f.days_to_appointment.size(), f.seats_offered, f.seats_used);
  }
  return csv;
}

Response CsvAnswer(const Call& call, const MonthRange& range, std::string body) {
  Response response{beast_http::status::ok, call.request().version()};
  response.set(beast_http::field::content_type, "text/csv; charset=utf-8; header=present");
  response.set(beast_http::field::content_disposition,
               fmt::format("attachment; filename=\"overview-{}-{}.csv\"", engine::FormatMonth(range.from),
                           engine::FormatMonth(range.to)));
  response.set(beast_http::field::cache_control, "no-store");
  response.keep_alive(call.request().keep_alive());
  response.body() = std::move(body);
  response.prepare_payload();
  return response;
}

}  // namespace

Response NationalOverview(Call& call) {
  const std::string format = call.Query("format").value_or("json");
  if (format != "json" && format != "csv") {
    return call.Fail(engine::Problem(Error::invalid_request, "format", "must be json or csv"));
  }
  MonthRange range;
  if (auto refused = ReadMonths(call, range)) return std::move(*refused);
  auto overview = booking::PilotOverview(call.services().store, range.from, range.to);
  if (!overview) return call.Fail(overview.error());
  if (format == "csv") return CsvAnswer(call, range, OverviewCsv(*overview));
  return call.Json(beast_http::status::ok, OverviewJson(*overview, range));
}

}  // namespace sportello::http::routes
