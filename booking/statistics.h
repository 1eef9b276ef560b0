// A desk's statistics (SPEC.md, "Staff": stats, and "The day of the visit"): what engine/stats.h
// computes, over what the store holds of the period: bookings, their tickets and their ratings.
// Thread-safe, like booking.h.
#pragma once

#include "engine/stats.h"
#include "storage/store.h"

#include <string_view>
#include <vector>

namespace sportello::booking {

// One row per type and day of `from`..`to` (engine::ComputeStats). Errors: not_found (desk);
// invalid_request for a period that is reversed or too long.
engine::Result<std::vector<engine::DayStats>> DeskStatistics(storage::Store& store, std::string_view desk,
                                                            engine::Date from, engine::Date to);

// The ratings of the visits of `desk` (as the caller read it) whose appointment fell in
// `from`..`to` (local dates), the latest appointment first. Errors: as DeskStatistics.
engine::Result<std::vector<storage::RatedVisit>> DeskRatings(storage::Store& store, const engine::DeskCalendar& desk,
                                                            engine::Date from, engine::Date to);

}  // namespace sportello::booking
