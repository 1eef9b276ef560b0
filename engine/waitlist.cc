#include "engine/waitlist.h"

#include <algorithm>
#include <array>

namespace sportello::engine {

namespace {
constexpr std::array kStates = {WaitlistState::waiting, WaitlistState::offered, WaitlistState::accepted,
                                WaitlistState::expired, WaitlistState::left};
}  // namespace

std::string_view WaitlistStateName(WaitlistState state) {
  switch (state) {
    case WaitlistState::waiting: return "waiting";
    case WaitlistState::offered: return "offered";
    case WaitlistState::accepted: return "accepted";
    case WaitlistState::expired: return "expired";
    case WaitlistState::left: return "left";
  }
  return "waiting";
}

std::optional<WaitlistState> ParseWaitlistState(std::string_view name) {
  for (WaitlistState state : kStates) {
    if (WaitlistStateName(state) == name) return state;
  }
  return std::nullopt;
}

bool SeatFitsWish(const WaitlistWish& wish, Instant start, const date::time_zone& zone) {
  if (wish.current_start && start >= *wish.current_start) return false;
  return !wish.before || LocalDate(start, zone) < *wish.before;
}

Instant OfferExpiry(const TypeCalendar& type, Instant seat_start, Instant now) {
  const Instant held_until = now + std::chrono::minutes{type.waitlist_offer_minutes};
  const Instant last_moment = seat_start - std::chrono::hours{type.min_notice_hours};
  return std::max(now, std::min(held_until, last_moment));
}

}  // namespace sportello::engine
