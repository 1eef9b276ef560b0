#include "engine/seats.h"

#include <algorithm>

namespace sportello::engine {

int FreeSeats(const Slot& slot, SeatUse use, View view) {
  if (view == View::staff) return std::max(0, slot.total_seats() - use.online - use.staff);
  const int staff_overflow = std::max(0, use.staff - slot.staff_capacity);
  return std::max(0, slot.capacity - use.online - staff_overflow);
}

SeatUse SeatLedger::Use(Instant slot_start) const {
  auto found = use_.find(slot_start.time_since_epoch().count());
  return found == use_.end() ? SeatUse{} : found->second;
}

void SeatLedger::Add(Instant slot_start, View channel, int delta) {
  SeatUse& use = use_[slot_start.time_since_epoch().count()];
  (channel == View::staff ? use.staff : use.online) += delta;
}

}  // namespace sportello::engine
