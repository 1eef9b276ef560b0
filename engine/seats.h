// Seat accounting for one slot, and the ledger of seats taken per slot.
//
// A slot has `capacity` online seats and `staff_capacity` extra seats only staff may fill.
// Staff bookings (convocations) fill the staff seats first and only then take online seats, so
// for applicants: free = capacity − online − max(0, staff − staff_capacity); for staff:
// free = capacity + staff_capacity − online − staff. Free counts never go below zero.
// Thread-safe: `SeatLedger` is a plain value; guard it externally if shared and written.
#pragma once

#include "engine/slots.h"
#include "engine/time.h"

#include <cstdint>
#include <utility>
#include <string_view>
#include <vector>

namespace sportello::engine {

// Who is looking at (or booking) a slot: an applicant online, or desk staff. It decides which
// seats count as free and which rules apply (the applicant window, self-booking).
enum class View { applicant, staff };

// How a booking holds its seat: booked online by the applicant, or made (or last moved) by staff.
// Seat accounting counts each channel against its own capacity (staff seats first).
enum class Channel { online, staff };

// The channel a booking made by `view` takes its seat through.
constexpr Channel ChannelOf(View view) { return view == View::staff ? Channel::staff : Channel::online; }
// "online" / "staff": the wire and column name.
std::string_view ChannelName(Channel channel);

// Active (`booked`) bookings in one slot, by the channel that made them.
struct SeatUse {
  int online = 0;
  int staff = 0;
  friend bool operator==(const SeatUse&, const SeatUse&) = default;
};

// Seats still free in `slot` for `view` given `use`.
int FreeSeats(const Slot& slot, SeatUse use, View view);

// Active bookings per slot start for one desk and appointment type.
class SeatLedger {
 public:
  SeatUse Use(Instant slot_start) const;
  // Adds `delta` (may be negative) active bookings made through `channel` to the slot.
  void Add(Instant slot_start, Channel channel, int delta);
  // Adds `use` (both channels) to the slot.
  void Add(Instant slot_start, SeatUse use);
  std::size_t size() const { return use_.size(); }
  // Every slot with a booking, by start (seconds since the epoch), in start order.
  const std::vector<std::pair<std::int64_t, SeatUse>>& entries() const { return use_; }

  // Where the ledger was read: two ledgers with the same non-zero stamp hold the same seats (the
  // store sets its seat version). 0: unknown, equal to nothing.
  std::int64_t stamp() const { return stamp_; }
  void set_stamp(std::int64_t stamp) { stamp_ = stamp; }

 private:
  // By start (seconds since the epoch), in order: filled in start order, copied cheaply.
  std::vector<std::pair<std::int64_t, SeatUse>> use_;
  std::int64_t stamp_ = 0;
};

}  // namespace sportello::engine
