// A desk's calendar and flags: the rules of seeding it from calendars/ at start, of replacing it on
// purpose (the staff console's calendar editor, `sportello calendar load`) and of switching its
// flags (applicant self-booking, the pilot flag; proof of work). Thread-safe: call from any number
// of threads.
#pragma once

#include "storage/store.h"

#include <optional>
#include <string_view>

namespace sportello::booking {

// Replaces (or creates) `calendar.desk`'s calendar. A `booked` booking still ahead whose start is
// no longer a slot of the new calendar (or whose type it no longer offers) would be stranded: then
// nothing is written and `applied` is false, unless `force`, in which case the bookings stay booked
// and are listed, so staff tell the people. With `apply_flags` the file's `flags` (self_booking,
// proof_of_work, proof_of_work_reads) are applied too (command line); otherwise the stored flags
// are kept (staff: flags are an admin matter).
// Audited ("calendar.replace").
engine::Result<storage::CalendarChange> ReplaceCalendar(storage::Store& store, const engine::DeskCalendar& calendar,
                                                        bool force, bool apply_flags, const storage::Actor& actor,
                                                        engine::Instant now);

// Creates `calendar.desk` from `calendar` (a shipped calendars/ file) when the database lacks it
// and returns true; returns false and changes nothing when it exists: the stored calendar wins, so
// what staff changed survives a restart. Audited ("calendar.seed", by "system").
engine::Result<bool> SeedDesk(storage::DeskStore& store, const engine::DeskCalendar& calendar, engine::Instant now);

// The flags an administrator switches; each one left out keeps its value.
struct FlagChange {
  std::optional<bool> self_booking;
  std::optional<bool> proof_of_work;
  std::optional<bool> proof_of_work_reads;
};

// Switches `desk`'s flags as `change` says, effective at once, and returns them all; each flag
// that changes is audited ("flags.self_booking", "flags.proof_of_work",
// "flags.proof_of_work_reads"). Error: not_found.
engine::Result<engine::DeskFlags> SetFlags(storage::Store& store, std::string_view desk, const FlagChange& change,
                                           const storage::Actor& actor, engine::Instant now);

// Turns applicant self-booking at `desk` on or off: SetFlags for that flag alone.
engine::Result<void> SetSelfBooking(storage::Store& store, std::string_view desk, bool enabled,
                                    const storage::Actor& actor, engine::Instant now);

}  // namespace sportello::booking
