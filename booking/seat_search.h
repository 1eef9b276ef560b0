// Finding free seats ahead, for the rules that pick a seat for someone rather than being asked for
// one: offering seats to the waitlist and convening applications that never booked. Reads the
// store's seat counts (committed state); the caller takes the seat inside a transaction that counts
// again. Internal to booking/. Thread-safe like the store.
#pragma once

#include "engine/availability.h"
#include "storage/store.h"

#include <vector>

namespace sportello::booking {

// The slots of `type` at `desk` inside the applicant booking window at `now` (from now to the end
// of the horizon) with at least one seat free for `view`, by start. Empty when the desk does not
// offer the type. Error: as Store::Seats.
engine::Result<std::vector<engine::SlotAvailability>> FreeSeatsAhead(storage::Store& store,
                                                                     const engine::DeskCalendar& desk,
                                                                     std::string_view type, engine::View view,
                                                                     engine::Instant now);

}  // namespace sportello::booking
