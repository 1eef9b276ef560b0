#include "booking/stranded.h"

#include "booking/booking.h"
#include "engine/availability.h"

#include <algorithm>

namespace sportello::booking {

namespace {

using engine::Error;
using engine::Instant;
using storage::BookingRecord;
using Kind = StrandedOutcome::Kind;

// The free starts (staff view) of `booking`'s type that it may move to, nearest to its start first.
engine::Result<std::vector<Instant>> NearestFreeStarts(storage::Store& store, const BookingRecord& booking, Instant now) {
  const engine::Result<engine::DeskCalendar> desk = store.FindDesk(booking.desk);
  if (!desk) return desk.error();
  const engine::TypeCalendar* type = desk->FindType(booking.type);
  if (type == nullptr) return std::vector<Instant>{};
  const Instant earliest = now + std::chrono::hours{type->min_notice_hours};
  // kMaxRangeDays around the old start, none before today.
  const date::sys_days today{engine::LocalDate(now, *desk->zone)};
  const date::sys_days around{engine::LocalDate(booking.start, *desk->zone)};
  const date::sys_days from = std::max(today, around - date::days{engine::kMaxRangeDays / 2});
  const date::sys_days to = from + date::days{engine::kMaxRangeDays - 1};
  auto taken = store.Seats(booking.desk, booking.type, engine::StartOfLocalDay(engine::Date{from}, *desk->zone),
                           engine::StartOfLocalDay(engine::Date{to + date::days{1}}, *desk->zone));
  if (!taken) return taken.error();
  auto days = engine::Availability(*desk, booking.type, engine::Date{from}, engine::Date{to}, now, engine::View::staff,
                                   *taken);
  if (!days) return days.error();
  std::vector<Instant> starts;
  for (const engine::DayAvailability& day : *days) {
    for (const engine::SlotAvailability& slot : day.slots) {
      if (slot.free > 0 && slot.slot.start >= earliest) starts.push_back(slot.slot.start);
    }
  }
  const auto distance = [&](Instant start) { return start > booking.start ? start - booking.start : booking.start - start; };
  std::stable_sort(starts.begin(), starts.end(), [&](Instant a, Instant b) {
    return distance(a) != distance(b) ? distance(a) < distance(b) : a > b;
  });
  return starts;
}

engine::Result<StrandedOutcome> Move(storage::Store& store, const BookingRecord& booking, const storage::Actor& actor,
                                     Instant now) {
  auto starts = NearestFreeStarts(store, booking, now);
  if (!starts) return starts.error();
  for (Instant start : *starts) {
    auto moved = Reschedule(store, booking.code, start, actor, now);
    if (moved) return StrandedOutcome{Kind::moved, *moved, booking.start};
    if (moved.error() == Error::internal || moved.error() == Error::unavailable) return moved.error();
    if (moved.error() != Error::slot_full) break;  // the booking changed meanwhile: leave it as it is
  }
  return StrandedOutcome{Kind::kept, booking, std::nullopt};
}

}  // namespace

std::optional<StrandedAction> ParseStrandedAction(std::string_view name) {
  if (name == "keep") return StrandedAction::keep;
  if (name == "move") return StrandedAction::move;
  if (name == "cancel") return StrandedAction::cancel;
  return std::nullopt;
}

std::string_view OutcomeName(Kind kind) {
  switch (kind) {
    case Kind::moved: return "moved";
    case Kind::cancelled: return "cancelled";
    case Kind::kept: break;
  }
  return "kept";
}

engine::Result<std::vector<StrandedOutcome>> ResolveStranded(storage::Store& store,
                                                              const std::vector<BookingRecord>& stranded,
                                                              StrandedAction action, const storage::Actor& actor,
                                                              Instant now) {
  std::vector<StrandedOutcome> outcomes;
  for (const BookingRecord& booking : stranded) {
    if (action == StrandedAction::move) {
      auto moved = Move(store, booking, actor, now);
      if (!moved) return moved.error();
      outcomes.push_back(std::move(*moved));
    } else if (action == StrandedAction::cancel) {
      auto cancelled = Cancel(store, booking.code, actor, now);
      if (cancelled) {
        outcomes.push_back({Kind::cancelled, *cancelled, std::nullopt});
      } else if (cancelled.error() == Error::internal || cancelled.error() == Error::unavailable) {
        return cancelled.error();
      } else {
        outcomes.push_back({Kind::kept, booking, std::nullopt});
      }
    } else {
      outcomes.push_back({Kind::kept, booking, std::nullopt});
    }
  }
  return outcomes;
}

}  // namespace sportello::booking
