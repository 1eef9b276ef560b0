// Domain errors: the one list of ways a Sportello request can fail on purpose, and the Problem
// value that carries one with what a person needs to fix it.
//
// Every expected failure in engine/, storage/, booking/ and http/ is a `Problem` carried in a
// `Result<T>`; exceptions are kept for bugs and start-up failures. A Problem has its `Error` code
// (the stable problem+json `code` strings of SPEC.md), the field path at fault where there is one
// (e.g. "username", "types.lavoro-documenti.weekly[1].to") and a human detail in English (e.g.
// "is taken"). An `Error` converts to a Problem without field or detail, so `return
// Error::not_found;` reads as before. http/problem.h holds the single mapping to HTTP, and the
// command line prints the same field and detail. Thread-safe: plain values.
#pragma once

#include <boost/system/result.hpp>

#include <string>
#include <string_view>
#include <utility>

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
  too_early,  // an action that belongs to a later time, e.g. attendance before the appointment's day
  outside_checkin_window,  // check-in more than 60 minutes before or 15 after the appointment
  not_checkable,           // check-in for a booking not of today or not booked
  not_attended,            // feedback on a visit that has not taken place
  already_rated,           // feedback given twice
  waitlist_closed,         // the type has no waitlist (waitlist_offer_minutes 0)
  already_waiting,         // a second active waitlist entry for one application and type
  no_offer,                // accepting an entry that holds no offer
  offer_expired,           // accepting an offer after it expired
  outside_reconfirm_window,  // confirming a booking before or after its reconfirmation window
  draw_in_progress,          // booking first-come a seat of a month whose draw is not over
  draw_closed,               // a draw request outside the release's draw window
  already_requested,         // a second draw request for one application, type and release
  already_claimed,           // a question held by another member of staff (SPEC.md, "Questions")
  question_closed,           // writing to or changing a closed question
  too_many_questions,        // asking while an application already has its most open questions
  unauthorized,
  forbidden,
  proof_of_work_required,  // a desk asking proof of work, and no valid unused solution (SPEC.md, "Fair release")
  rate_limited,
  payload_too_large,
  internal,
  unavailable,  // the database cannot be reached now (503); nothing was changed
};

// The stable wire code of `error`, e.g. "slot_full".
std::string_view ErrorCode(Error error);

// What Problem() holds: no error at all. result<T>::error() gives it when the result holds a
// value, so `result.error() == Error::not_found` is false for a success, never true by accident.
inline constexpr Error kNoError = static_cast<Error>(-1);

struct Problem {
  Error code = kNoError;
  std::string field;   // the field path at fault; empty when the problem is not one field's
  std::string detail;  // what is wrong, for a person; empty: the code's standard sentence
  // The request contradicts what exists now (a username already taken): HTTP 409 whatever the code.
  bool conflict = false;

  Problem() = default;
  Problem(Error error) : code(error) {}  // NOLINT(google-explicit-constructor): errors read as problems
  Problem(Error error, std::string field_path, std::string what, bool conflicts = false)
      : code(error), field(std::move(field_path)), detail(std::move(what)), conflict(conflicts) {}

  // "field: detail", the detail alone without a field, or empty without a detail.
  std::string Describe() const;
  // The code, then the description when there is one: "invalid_request (username: is taken)".
  std::string ToString() const;

  friend bool operator==(const Problem& problem, Error error) { return problem.code == error; }
};

// Called by boost::system::result<T, Problem>::value() on a failed result; throws std::logic_error
// naming the code. Reaching it is a bug: callers check the result first.
[[noreturn]] void throw_exception_from_error(Problem const& problem, boost::source_location const& location);

template <class T>
using Result = boost::system::result<T, Problem>;

}  // namespace sportello::engine
