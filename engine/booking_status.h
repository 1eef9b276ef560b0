// The states of a booking (SPEC.md, "Words"): `booked` is the only active one; `cancelled` frees
// the seat; `attended` and `no_show` are recorded by staff on the day; `released` frees the seat of
// a booking not reconfirmed in time (SPEC.md, "No seat wasted"). Thread-safe: plain values.
#pragma once

#include <optional>
#include <string_view>

namespace sportello::engine {

enum class BookingStatus { booked, cancelled, attended, no_show, released };

// "booked", "cancelled", "attended", "no_show", "released".
std::string_view StatusName(BookingStatus status);
// The status named `name`, or nullopt.
std::optional<BookingStatus> ParseStatus(std::string_view name);

}  // namespace sportello::engine
