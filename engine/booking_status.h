// The states of a booking (SPEC.md, "Words"): `booked` is the only active one; `cancelled` frees
// the seat; `attended` and `no_show` are recorded by staff on the day. Thread-safe: plain values.
#pragma once

#include <optional>
#include <string_view>

namespace sportello::engine {

enum class BookingStatus { booked, cancelled, attended, no_show };

// "booked", "cancelled", "attended", "no_show".
std::string_view StatusName(BookingStatus status);
// The status named `name`, or nullopt.
std::optional<BookingStatus> ParseStatus(std::string_view name);

}  // namespace sportello::engine
