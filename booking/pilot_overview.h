// The national overview (docs/decisions.md, "The national overview"): the figures by which the
// ministry judges the self-booking pilot of Roma and Latina before extending it, per desk and
// month, pilot desks beside the others. engine/overview.h computes them over what the store holds
// of every desk's bookings in the months asked (no personal data is read). Who may read them is
// http/'s route table (admins). Thread-safe, like booking.h.
#pragma once

#include "engine/overview.h"
#include "storage/store.h"

#include <string_view>

namespace sportello::booking {

// The overview of every desk over the months `from`..`to`, both inclusive, each desk's months in
// its own time zone; desks as they are now (pilot flag, calendar). Errors: invalid_request (field
// "to") for a reversed period or one longer than engine::kMaxOverviewMonths, before anything is read.
engine::Result<engine::Overview> PilotOverview(storage::Store& store, date::year_month from, date::year_month to);

// Who made a booking whose record names `who` (storage::Actor): the applicant, the system (an
// automatic convocation), or else staff (a convocation at the desk, the command line).
engine::MadeBy MadeByActor(std::string_view who);

}  // namespace sportello::booking
