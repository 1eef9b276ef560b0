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

// The free seats of one desk and type inside the applicant window, read once per pass and taken
// in order: online seats first, then staff seats. The booking's transaction counts again.
class SeatPicker {
 public:
  static Result<SeatPicker> Read(storage::Store& store, const engine::DeskCalendar& desk, std::string_view type,
                                 Instant now) {
    SeatPicker picker;
    auto online = FreeSeatsAhead(store, desk, type, engine::View::applicant, now);
    if (!online) return online.error();
    auto staff = FreeSeatsAhead(store, desk, type, engine::View::staff, now);
    if (!staff) return staff.error();
    picker.online_ = std::move(*online);
    picker.staff_ = std::move(*staff);
    return picker;
  }

  // The earliest seat left, taken; nullopt when none is.
  std::optional<ChosenSeat> Take() {
    for (engine::SlotAvailability& seat : online_) {
      if (seat.free == 0) continue;
      --seat.free;
      for (engine::SlotAvailability& same : staff_) same.free -= same.slot.start == seat.slot.start ? 1 : 0;
      return ChosenSeat{seat.slot, engine::View::applicant};
    }
    for (engine::SlotAvailability& seat : staff_) {
      if (seat.free <= 0) continue;
      --seat.free;
      return ChosenSeat{seat.slot, engine::View::staff};
    }
    return std::nullopt;
  }

 private:
  std::vector<engine::SlotAvailability> online_;
  std::vector<engine::SlotAvailability> staff_;
};

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

// How often one application may lose its seat to a concurrent pass before this pass leaves it to
// the next one. Each loss means another pass booked a seat, so the retries always make progress.
constexpr int kSeatAttempts = 8;

// Convenes `application_id` into the first seat `seats` offers. When another pass took that seat
// meanwhile (slot_full), reads the seats again and tries the next, so passes running at once never
// leave an application out. The convocation has no booking when it was convened or booked elsewhere.
Result<Convocation> ConveneOne(storage::Store& store, const engine::DeskCalendar& desk, const std::string& type,
                               const std::string& application_id, SeatPicker& seats, Instant now) {
  Convocation convocation{application_id, desk.desk, type, std::nullopt, false};
  for (int attempt = 0; attempt < kSeatAttempts; ++attempt) {
    const std::optional<ChosenSeat> seat = seats.Take();
    if (!seat) {
      convocation.no_seat = true;
      return convocation;
    }
    auto booked = InTransaction<std::optional<storage::BookingRecord>>(store, [&](BookingTransaction& transaction) {
      return ConveneIn(transaction, desk.desk, type, application_id, *seat, now);
    });
    if (booked) {
      convocation.booking = std::move(*booked);
      return convocation;
    }
    if (booked.error() != engine::Error::slot_full) return booked.error();
    auto fresh = SeatPicker::Read(store, desk, type, now);
    if (!fresh) return fresh.error();
    seats = std::move(*fresh);
  }
  return convocation;
}

// What a dry run reports for `application_id`: the seat it would take, nothing booked.
Convocation PlanOne(const engine::DeskCalendar& desk, const std::string& type, const std::string& application_id,
                    SeatPicker& seats) {
  Convocation convocation{application_id, desk.desk, type, std::nullopt, false};
  const std::optional<ChosenSeat> seat = seats.Take();
  if (!seat) {
    convocation.no_seat = true;
    return convocation;
  }
  convocation.booking = storage::BookingRecord{};
  convocation.booking->start = seat->slot.start;
  convocation.booking->end = seat->slot.end;
  convocation.booking->channel = engine::ChannelOf(seat->view);
  return convocation;
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
      if (due->empty()) continue;
      auto seats = SeatPicker::Read(store, desk, type, now);
      if (!seats) return seats.error();
      for (const std::string& application_id : *due) {
        if (dry_run) {
          convened.push_back(PlanOne(desk, type, application_id, *seats));
          continue;
        }
        auto convocation = ConveneOne(store, desk, type, application_id, *seats, now);
        if (!convocation) return convocation.error();
        if (convocation->booking || convocation->no_seat) convened.push_back(std::move(*convocation));
      }
    }
  }
  return convened;
}

}  // namespace sportello::booking
