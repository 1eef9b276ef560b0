// The waitlist of SPEC.md, "No seat wasted": an applicant waits for an earlier seat of one type at
// one desk; a seat that frees up is offered to the first entry in line it fits, and held for that
// entry alone for the type's `waitlist_offer_minutes`. The rules here need no storage; the use cases
// that apply them are in booking/waitlist.h. Thread-safe: plain values, pure functions.
#pragma once

#include "engine/calendar.h"
#include "engine/time.h"

#include <optional>
#include <string_view>

namespace sportello::engine {

// waiting: in line; offered: a seat is held for it (it still keeps its place); accepted: it took
// the seat; expired: the offer ran out unanswered; left: the applicant left the line (or declined
// the offer). Only waiting and offered are active.
enum class WaitlistState { waiting, offered, accepted, expired, left };

// "waiting", "offered", "accepted", "expired", "left".
std::string_view WaitlistStateName(WaitlistState state);
std::optional<WaitlistState> ParseWaitlistState(std::string_view name);
inline bool IsActive(WaitlistState state) { return state == WaitlistState::waiting || state == WaitlistState::offered; }

// What an entry asks for: seats on dates before `before` (any date when none), and earlier than the
// applicant's current booking of the type when they have one.
struct WaitlistWish {
  std::optional<Date> before;
  std::optional<Instant> current_start;
};

// True when a seat starting at `start` (local date in `zone`) is one the entry asked for. Whether
// the seat is free and inside the applicant booking window is CheckSeat's (booking_rules.h).
bool SeatFitsWish(const WaitlistWish& wish, Instant start, const date::time_zone& zone);

// When an offer made at `now` stops holding its seat: `now` + the type's waitlist_offer_minutes,
// but never later than the seat's start minus the type's minimum notice (an offer must leave the
// applicant time to come).
Instant OfferExpiry(const TypeCalendar& type, Instant seat_start, Instant now);

}  // namespace sportello::engine
