#include "engine/seats.h"

#include <algorithm>

namespace sportello::engine {

int FreeSeats(const Slot& slot, SeatUse use, View view) {
  if (view == View::staff) return std::max(0, slot.total_seats() - use.online - use.staff);
  const int staff_overflow = std::max(0, use.staff - slot.staff_capacity);
  return std::max(0, slot.capacity - use.online - staff_overflow);
}

SeatUse SeatLedger::Use(Instant slot_start) const {
  const std::int64_t key = slot_start.time_since_epoch().count();
  const auto found = std::lower_bound(use_.begin(), use_.end(), key,
                                      [](const auto& entry, std::int64_t start) { return entry.first < start; });
  return found == use_.end() || found->first != key ? SeatUse{} : found->second;
}

std::string_view ChannelName(Channel channel) { return channel == Channel::staff ? "staff" : "online"; }

void SeatLedger::Add(Instant slot_start, Channel channel, int delta) {
  Add(slot_start, channel == Channel::staff ? SeatUse{0, delta} : SeatUse{delta, 0});
}

void SeatLedger::Add(Instant slot_start, SeatUse use) {
  const std::int64_t key = slot_start.time_since_epoch().count();
  auto found = use_.end();
  if (use_.empty() || use_.back().first < key) {
    found = use_.insert(use_.end(), {key, SeatUse{}});  // in order: the common case, no search
  } else {
    found = std::lower_bound(use_.begin(), use_.end(), key,
                             [](const auto& entry, std::int64_t start) { return entry.first < start; });
    if (found == use_.end() || found->first != key) found = use_.insert(found, {key, SeatUse{}});
  }
  found->second.online += use.online;
  found->second.staff += use.staff;
}

}  // namespace sportello::engine
