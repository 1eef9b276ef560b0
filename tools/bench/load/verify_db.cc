#include "tools/bench/load/verify_db.h"

#include "storage/open_store.h"

#include <memory>

namespace sportello::bench {
namespace {

void CheckCapacity(storage::Store& store, const BenchDesk& desk, const SurgeOptions& surge, DbVerification& out) {
  const date::sys_days from = date::sys_days{*engine::ParseDate(surge.from)} - date::days{1};
  const date::sys_days to = date::sys_days{*engine::ParseDate(surge.to)} + date::days{1};
  const auto capacities = SlotCapacities(desk, engine::Date{from}, engine::Date{to});
  const date::time_zone& zone = *desk.calendar.zone;
  auto seats = store.Seats(surge.desk, surge.type, engine::StartOfLocalDay(engine::Date{from}, zone),
                           engine::StartOfLocalDay(engine::Date{to + date::days{1}}, zone));
  if (!seats) throw std::runtime_error("cannot read the seats: " + seats.error().ToString());
  for (const auto& [start, use] : seats->entries()) {
    const std::int64_t count = use.online + use.staff;
    out.booked_rows += static_cast<std::uint64_t>(count);
    const auto capacity = capacities.find(start);
    if (capacity == capacities.end()) {
      out.off_calendar += static_cast<std::uint64_t>(count);
    } else if (count > capacity->second) {
      ++out.overbooked_slots;
    }
  }
}

void CheckAcknowledged(storage::Store& store, const SurgeOptions& surge, const std::vector<Acknowledged>& acknowledged,
                       DbVerification& out) {
  for (const Acknowledged& booking : acknowledged) {
    const auto stored = store.FindBooking(booking.code);
    const bool kept = stored && stored->desk == surge.desk && stored->type == surge.type &&
                      stored->start.time_since_epoch().count() == UnixSeconds(booking.start).value_or(-1) &&
                      stored->status == storage::BookingStatus::booked && stored->application_id == booking.application_id;
    ++(kept ? out.acknowledged_stored : out.acknowledged_missing);
  }
}

}  // namespace

DbVerification VerifyThroughDatabase(const std::string& db, const BenchDesk& desk, const SurgeOptions& surge,
                                     const std::vector<Acknowledged>& acknowledged) {
  DbVerification out;
  std::unique_ptr<storage::Store> store;
  try {
    store = storage::OpenStore(db);
    CheckCapacity(*store, desk, surge, out);
    CheckAcknowledged(*store, surge, acknowledged, out);
  } catch (const std::exception& error) {
    out.problem = storage::Printable(db) + ": " + error.what();
    return out;
  }
  out.opened = true;
  if (out.booked_rows > out.acknowledged_stored) out.stored_unacknowledged = out.booked_rows - out.acknowledged_stored;
  return out;
}

}  // namespace sportello::bench
