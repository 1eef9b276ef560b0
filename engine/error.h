// Domain errors: the one list of ways a Sportello request can fail on purpose.
//
// Every expected failure in engine/, storage/ and http/ is an `Error` value carried in a
// `Result<T>`; exceptions are kept for bugs and start-up failures. The names are the stable
// problem+json `code` strings of SPEC.md, and http/ holds the single mapping to HTTP status.
// Thread-safe: plain values.
#pragma once

#include <boost/system/result.hpp>

#include <string_view>

namespace sportello::engine {

enum class Error {
  invalid_request,
  not_found,
  self_booking_disabled,
  application_not_verified,
  type_not_allowed,
  outside_booking_window,
  not_a_slot,
  slot_full,
  already_booked,
  too_late_to_change,
  unauthorized,
  forbidden,
  rate_limited,
  payload_too_large,
  internal,
};

// The stable wire code of `error`, e.g. "slot_full".
std::string_view ErrorCode(Error error);

// Called by boost::system::result<T, Error>::value() on a failed result; throws std::logic_error
// naming the code. Reaching it is a bug: callers check the result first.
[[noreturn]] void throw_exception_from_error(Error const& error, boost::source_location const& location);

template <class T>
using Result = boost::system::result<T, Error>;

}  // namespace sportello::engine
