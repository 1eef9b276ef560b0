// The `from` and `to` query parameters of the requests that ask about a run of days
// (availability, calendar preview): `YYYY-MM-DD`, `to` inclusive, at most engine::kMaxRangeDays
// days. Internal to http/. Thread-safe: pure function of the call.
#pragma once

#include "engine/time.h"
#include "http/call.h"

#include <optional>

namespace sportello::http {

struct DateRange {
  engine::Date from;
  engine::Date to;  // inclusive
};

// Reads the range into `range`; on failure returns the answer to give: 400 invalid_request for a
// missing or malformed date or `to` before `from`, 422 invalid_request for a longer range
// (docs/decisions.md).
std::optional<Response> ReadDateRange(const Call& call, DateRange& range);

}  // namespace sportello::http
