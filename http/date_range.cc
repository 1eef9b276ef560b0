#include "http/date_range.h"

#include "engine/availability.h"

#include <fmt/core.h>

namespace sportello::http {

std::optional<Response> ReadDateRange(const Call& call, DateRange& range) {
  using engine::Error;
  const auto from = engine::ParseDate(call.Query("from").value_or(""));
  const auto to = engine::ParseDate(call.Query("to").value_or(""));
  if (!from) return call.Fail(Error::invalid_request, "from: must be a date YYYY-MM-DD");
  if (!to) return call.Fail(Error::invalid_request, "to: must be a date YYYY-MM-DD");
  if (*to < *from) return call.Fail(Error::invalid_request, "to: must not be before from");
  if (date::sys_days{*to} - date::sys_days{*from} >= date::days{engine::kMaxRangeDays}) {
    return call.Fail(Error::invalid_request, boost::beast::http::status::unprocessable_entity,
                     fmt::format("at most {} days per request", engine::kMaxRangeDays));
  }
  range = {*from, *to};
  return std::nullopt;
}

}  // namespace sportello::http
