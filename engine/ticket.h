// The day of the visit (SPEC.md, "The day of the visit"): tickets, the check-in window and the
// order of the queue. A ticket is what a person holds once at the desk: checked in for their
// booking, or added by staff as a walk-in. Pure values and rules; storage keeps them, booking/visit.h
// applies them. Thread-safe: plain values and pure functions.
#pragma once

#include "engine/error.h"
#include "engine/time.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sportello::engine {

enum class TicketState { waiting, called, done, missed };

// "waiting", "called", "done", "missed".
std::string_view TicketStateName(TicketState state);
std::optional<TicketState> ParseTicketState(std::string_view name);

inline constexpr std::chrono::minutes kCheckinOpensBefore{60};
inline constexpr std::chrono::minutes kCheckinClosesAfter{15};
// Calls without an answer after which a ticket is missed.
inline constexpr int kMaxCalls = 3;

struct Ticket {
  std::string desk;
  Date day;                             // the desk's local date
  int sequence = 0;                     // 1, 2, … per desk and day, in order of arrival
  std::string booking_code;             // empty for a walk-in
  std::string application_id;
  std::optional<Instant> appointment;   // the booking's start; none for a walk-in
  bool urgent = false;
  TicketState state = TicketState::waiting;
  std::string counter;                  // where it was last called; empty before
  int calls = 0;
  Instant checked_in_at;
  std::optional<Instant> called_at;     // the last call
  std::optional<Instant> finished_at;   // done or missed
  std::optional<Instant> first_called_at;  // the first call: where the wait ends

  bool walk_in() const { return booking_code.empty(); }
  // "A017" for a booking, "W018" for a walk-in: short enough to read across a waiting room.
  std::string Number() const;
  // "<desk>-<YYYYMMDD>-<number>", e.g. "roma-20261203-A017": unique, and names its desk.
  std::string Id() const;
  friend bool operator==(const Ticket&, const Ticket&) = default;
};

struct TicketKey {
  std::string desk;
  Date day;
  int sequence = 0;
};

// The desk, day and sequence a ticket id names; nullopt when `id` is not one.
std::optional<TicketKey> ParseTicketId(std::string_view id);

// Check-in is accepted from kCheckinOpensBefore the start until kCheckinClosesAfter it.
// Error: outside_checkin_window.
Result<void> CheckCheckinWindow(Instant start, Instant now);

// True when `a` is served before `b`: urgent first, then appointment start (a walk-in counts from
// its check-in), appointments before walk-ins of the same minute, then check-in time.
bool ServedBefore(const Ticket& a, const Ticket& b);

// The tickets still waiting or called, in queue order.
std::vector<Ticket> QueueOrder(std::vector<Ticket> tickets);

// The service time assumed before any ticket of the day has been served.
inline constexpr std::chrono::minutes kAssumedServiceTime{10};
// A counter counts as open when it has called someone within this time.
inline constexpr std::chrono::minutes kCounterActiveWithin{60};

// The minutes the ticket at `position` (1 = next) of `day`'s queue may still wait: the people up to
// and including it, served at the pace of the day (the median time from first call to done of the
// tickets done, or kAssumedServiceTime), by the counters open (those that called within
// kCounterActiveWithin; at least one). Rounded up to whole minutes.
int EstimateWaitMinutes(const std::vector<Ticket>& day, int position, Instant now);

}  // namespace sportello::engine
