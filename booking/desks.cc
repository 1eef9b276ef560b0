#include "booking/desks.h"

#include "engine/booking_rules.h"
#include "storage/desk_transaction.h"

namespace sportello::booking {

engine::Result<storage::CalendarChange> ReplaceCalendar(storage::Store& store, const engine::DeskCalendar& calendar,
                                                        bool force, bool apply_flags, const storage::Actor& actor,
                                                        engine::Instant now) {
  storage::CalendarChange change;
  bool refused = false;
  auto done = store.ChangeDesk([&](storage::DeskTransaction& desks) -> engine::Result<void> {
    for (storage::BookingRecord& booking : desks.BookedFrom(calendar.desk, now)) {
      if (!engine::FindSlot(calendar, booking.type, booking.start)) change.stranded.push_back(std::move(booking));
    }
    refused = !change.stranded.empty() && !force;
    if (refused) return engine::Error::already_booked;  // rolls back: nothing written
    const std::shared_ptr<const engine::DeskCalendar> before = desks.Desk(calendar.desk);
    engine::DeskCalendar stored = calendar;
    if (before && !apply_flags) stored.flags = before->flags;
    desks.StoreCalendar(stored, before.get(), "calendar.replace", actor, now);
    return {};
  });
  if (!done && !refused) return done.error();
  change.applied = !refused;
  return change;
}

engine::Result<bool> SeedDesk(storage::DeskStore& store, const engine::DeskCalendar& calendar, engine::Instant now) {
  bool created = false;
  auto done = store.ChangeDesk([&](storage::DeskTransaction& desks) -> engine::Result<void> {
    if (desks.Desk(calendar.desk)) return {};
    desks.StoreCalendar(calendar, nullptr, "calendar.seed", storage::Actor::System(), now);
    created = true;
    return {};
  });
  if (!done) return done.error();
  return created;
}

engine::Result<engine::DeskFlags> SetFlags(storage::Store& store, std::string_view desk, const FlagChange& change,
                                           const storage::Actor& actor, engine::Instant now) {
  engine::DeskFlags after;
  auto done = store.ChangeDesk([&](storage::DeskTransaction& desks) -> engine::Result<void> {
    const std::shared_ptr<const engine::DeskCalendar> calendar = desks.Desk(desk);
    if (!calendar) return engine::Error::not_found;
    after = calendar->flags;
    after.self_booking = change.self_booking.value_or(after.self_booking);
    after.proof_of_work = change.proof_of_work.value_or(after.proof_of_work);
    after.proof_of_work_reads = change.proof_of_work_reads.value_or(after.proof_of_work_reads);
    if (after != calendar->flags) desks.StoreFlags(desk, calendar->flags, after, actor, now);
    return {};
  });
  if (!done) return done.error();
  return after;
}

engine::Result<void> SetSelfBooking(storage::Store& store, std::string_view desk, bool enabled,
                                    const storage::Actor& actor, engine::Instant now) {
  auto set = SetFlags(store, desk, FlagChange{.self_booking = enabled, .proof_of_work = {}, .proof_of_work_reads = {}},
                      actor, now);
  if (!set) return set.error();
  return {};
}

}  // namespace sportello::booking
