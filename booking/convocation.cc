#include "booking/convocation.h"

#include "booking/book_in.h"
#include "booking/in_transaction.h"
#include "booking/seat_search.h"

namespace sportello::booking {

namespace {

using storage::Actor;
using storage::BookingTransaction;

// The earliest seat for a convocation: online when one is free inside the window, else staff.
struct ChosenSeat {
  engine::Slot slot;
  engine::View view = engine::View::applicant;
};

Result<std::optional<ChosenSeat>> EarliestSeat(storage::Store& store, const engine::DeskCalendar& desk,
                                               std::string_view type, Instant now) {
  for (engine::View view : {engine::View::applicant, engine::View::staff}) {
    auto free = FreeSeatsAhead(store, desk, type, view, now);
    if (!free) return free.error();
    if (!free->empty()) return std::optional<ChosenSeat>(ChosenSeat{free->front().slot, view});
  }
  return std::optional<ChosenSeat>();
}

// Books `seat` for `application_id` as the system, and records that it was convened; nothing
// when another node convened it first or it booked meanwhile.
Result<std::optional<storage::BookingRecord>> ConveneIn(BookingTransaction& transaction, const std::string& desk,
                                                        const std::string& type, const std::string& application_id,
                                                        const ChosenSeat& seat, Instant now) {
  const std::optional<storage::TypeListing> listing = transaction.Listing(application_id, type);
  if (!listing || listing->convened_at || transaction.HasActiveBooking(application_id, type)) {
    return std::optional<storage::BookingRecord>();
  }
  const BookRequest request{.desk = desk,
                            .type = type,
                            .start = seat.slot.start,
                            .application_id = application_id,
                            .tax_code = "",
                            .actor = Actor::System(),
                            .email = "",
                            .phone = "",
                            .lang = "it",
                            .seat_view = seat.view,
                            .idempotency_key = std::nullopt,
                            .body_hash = "",
                            .now = now};
  auto booked = BookIn(transaction, request);
  if (!booked) return booked.error();
  transaction.MarkConvened(application_id, type, now);
  return std::optional<storage::BookingRecord>(std::move(booked->booking));
}

}  // namespace

Result<std::vector<Convocation>> ConveneDue(storage::Store& store, Instant now, bool dry_run, int limit) {
  auto desks = store.LoadDesks();
  if (!desks) return desks.error();
  std::vector<Convocation> convened;
  for (const engine::DeskCalendar& desk : *desks) {
    for (const auto& [type, calendar] : desk.types) {
      if (calendar.auto_convene_after_days <= 0) continue;
      auto due = store.ApplicationsToConvene(desk.desk, type, now - std::chrono::days{calendar.auto_convene_after_days},
                                             limit);
      if (!due) return due.error();
      for (const std::string& application_id : *due) {
        Convocation convocation{application_id, desk.desk, type, std::nullopt, false};
        auto seat = EarliestSeat(store, desk, type, now);
        if (!seat) return seat.error();
        if (!*seat) {
          convocation.no_seat = true;
        } else if (dry_run) {
          convocation.booking = storage::BookingRecord{};
          convocation.booking->start = (*seat)->slot.start;
          convocation.booking->end = (*seat)->slot.end;
          convocation.booking->channel = engine::ChannelOf((*seat)->view);
        } else {
          auto booked = InTransaction<std::optional<storage::BookingRecord>>(store, [&](BookingTransaction& transaction) {
            return ConveneIn(transaction, desk.desk, type, application_id, **seat, now);
          });
          if (!booked) {
            if (booked.error() == engine::Error::slot_full) continue;  // taken meanwhile: the next pass tries again
            return booked.error();
          }
          if (!*booked) continue;
          convocation.booking = std::move(**booked);
        }
        convened.push_back(std::move(convocation));
      }
    }
  }
  return convened;
}

}  // namespace sportello::booking
