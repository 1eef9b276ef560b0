#include "booking/waitlist.h"

#include "booking/book_in.h"
#include "booking/in_transaction.h"
#include "booking/seat_search.h"
#include "engine/application.h"
#include "engine/booking_rules.h"
#include "engine/language.h"
#include "storage/secrets.h"

#include <algorithm>

namespace sportello::booking {

namespace {

using engine::Error;
using engine::WaitlistState;
using storage::Actor;
using storage::BookingRecord;
using storage::BookingTransaction;

// The application's booked booking of `type`, if any.
std::optional<BookingRecord> CurrentBooking(BookingTransaction& transaction, std::string_view application_id,
                                            std::string_view type) {
  for (BookingRecord& booking : transaction.ActiveBookingsOf(application_id)) {
    if (booking.type == type) return std::move(booking);
  }
  return std::nullopt;
}

// The type's calendar when its desk keeps a waitlist for it and is open to applicants.
const engine::TypeCalendar* WaitlistType(const engine::DeskCalendar& desk, std::string_view type) {
  const engine::TypeCalendar* calendar = desk.FindType(type);
  if (calendar == nullptr || calendar->waitlist_offer_minutes == 0 || !desk.flags.self_booking) return nullptr;
  return calendar;
}

// Offers `slot` to `entry` (waiting): the seat is held from now on.
void Offer(BookingTransaction& transaction, const engine::TypeCalendar& type, const WaitlistEntry& entry,
           const engine::Slot& slot, const BookingRecord* current, Instant now) {
  WaitlistEntry offered = entry;
  offered.state = WaitlistState::offered;
  offered.offer = storage::WaitlistOffer{slot.start, slot.end, engine::OfferExpiry(type, slot.start, now)};
  offered.updated_at = now;
  transaction.UpdateWaitlistEntry(entry, offered);
  transaction.AuditWaitlist("waitlist.offer", Actor::System(), &entry, offered, now);
  transaction.EnqueueOffer(offered, current, transaction.WaitlistToken(entry.id), now);
}

// Offers the seat at `start` to `entry` if it is waiting, the seat fits its wish, and an applicant
// could take it now. True when offered.
bool OfferIfFits(BookingTransaction& transaction, const engine::DeskCalendar& desk, const engine::TypeCalendar& type,
                 const WaitlistEntry& entry, const engine::Slot& slot, Instant now) {
  if (entry.state != WaitlistState::waiting) return false;
  const std::optional<BookingRecord> current = CurrentBooking(transaction, entry.application_id, entry.type);
  const engine::WaitlistWish wish{entry.before, current ? std::optional<Instant>(current->start) : std::nullopt};
  if (!engine::SeatFitsWish(wish, slot.start, *desk.zone)) return false;
  if (engine::OfferExpiry(type, slot.start, now) <= now) return false;  // nobody could accept it in time
  const engine::SeatUse use = transaction.SeatsTaken(desk.desk, entry.type, slot.start);
  if (!engine::CheckSeat(desk, type, slot, now, engine::View::applicant, use)) return false;
  Offer(transaction, type, entry, slot, current ? &*current : nullptr, now);
  return true;
}

int PositionIn(const std::vector<WaitlistEntry>& line, std::string_view id) {
  const auto found = std::find_if(line.begin(), line.end(), [&](const WaitlistEntry& e) { return e.id == id; });
  return found == line.end() ? 0 : static_cast<int>(found - line.begin()) + 1;
}

Result<engine::Application> VerifiedApplication(BookingTransaction& transaction, const engine::DeskCalendar& desk,
                                                const JoinRequest& request) {
  std::optional<engine::Application> application = transaction.Application(request.application_id);
  if (auto allowed = engine::CheckApplicantMayBook(application ? &*application : nullptr, desk, request.tax_code,
                                                   request.type);
      !allowed) {
    return allowed.error();
  }
  return std::move(*application);
}

Result<JoinedWaitlist> JoinIn(BookingTransaction& transaction, const JoinRequest& request,
                              const engine::Language lang) {
  const std::shared_ptr<const engine::DeskCalendar> desk = transaction.Desk(request.desk);
  if (!desk) return Error::not_found;
  auto application = VerifiedApplication(transaction, *desk, request);
  if (!application) return application.error();
  const engine::TypeCalendar* type = desk->FindType(request.type);
  if (type == nullptr || type->waitlist_offer_minutes == 0) return Error::waitlist_closed;
  const date::sys_days tomorrow = date::sys_days{engine::LocalDate(request.now, *desk->zone)} + date::days{1};
  if (request.before && date::sys_days{*request.before} <= tomorrow) {
    return engine::Problem(Error::invalid_request, "before", "must be a date after tomorrow");
  }
  const std::vector<WaitlistEntry> line = transaction.WaitlistLine(request.desk, request.type);
  if (std::any_of(line.begin(), line.end(),
                  [&](const WaitlistEntry& entry) { return entry.application_id == request.application_id; })) {
    return Error::already_waiting;
  }
  std::string token = storage::NewManageToken();
  const WaitlistEntry entry{.id = storage::NewWaitlistId(),
                            .sequence = 0,
                            .desk = request.desk,
                            .type = request.type,
                            .application_id = request.application_id,
                            .before = request.before,
                            .email = request.email.empty() ? application->email : request.email,
                            .lang = std::string(engine::LanguageCode(lang)),
                            .state = WaitlistState::waiting,
                            .offer = std::nullopt,
                            .created_at = request.now,
                            .updated_at = request.now};
  WaitlistEntry stored = transaction.InsertWaitlistEntry(entry, token);
  transaction.AuditWaitlist("waitlist.join", Actor::Applicant(), nullptr, stored, request.now);
  return JoinedWaitlist{PlacedEntry{std::move(stored), static_cast<int>(line.size()) + 1}, std::move(token)};
}

// The start of the application's booked booking of `type` as committed now, if any.
Result<std::optional<Instant>> CommittedCurrentStart(storage::Store& store, std::string_view application_id,
                                                     std::string_view type) {
  auto bookings = store.BookingsOfApplication(application_id);
  if (!bookings) return bookings.error();
  for (const BookingRecord& booking : *bookings) {
    if (booking.type == type && booking.status == engine::BookingStatus::booked) return std::optional(booking.start);
  }
  return std::optional<Instant>();
}

// Offers the free seats of one line, entry by entry in line order, each the earliest seat it fits.
// Entries no free seat fits (as committed now) are passed over without a write transaction.
Result<int> MatchLine(storage::Store& store, const storage::WaitlistLineId& id, Instant now) {
  auto desk = store.SharedDesk(id.desk);
  if (!desk) return desk.error();
  if (WaitlistType(**desk, id.type) == nullptr) return 0;
  auto free = FreeSeatsAhead(store, **desk, id.type, engine::View::applicant, now);
  if (!free || free->empty()) return free ? Result<int>(0) : free.error();
  auto line = store.WaitlistOf(id.desk, id.type);
  if (!line) return line.error();
  int offered = 0;
  const auto any_free = [&] {
    return std::any_of(free->begin(), free->end(), [](const engine::SlotAvailability& seat) { return seat.free > 0; });
  };
  for (const WaitlistEntry& entry : *line) {
    if (!any_free()) break;
    if (entry.state != WaitlistState::waiting) continue;
    auto current = CommittedCurrentStart(store, entry.application_id, entry.type);
    if (!current) return current.error();
    const engine::WaitlistWish wish{entry.before, *current};
    if (std::none_of(free->begin(), free->end(), [&](const engine::SlotAvailability& seat) {
          return seat.free > 0 && engine::SeatFitsWish(wish, seat.slot.start, *(*desk)->zone);
        })) {
      continue;
    }
    auto made = InTransaction<bool>(store, [&](BookingTransaction& transaction) -> Result<bool> {
      const std::shared_ptr<const engine::DeskCalendar> now_desk = transaction.Desk(id.desk);
      const engine::TypeCalendar* type = now_desk ? WaitlistType(*now_desk, id.type) : nullptr;
      const std::optional<WaitlistEntry> fresh = transaction.WaitlistEntryOf(entry.id);
      if (type == nullptr || !fresh) return false;
      for (engine::SlotAvailability& seat : *free) {
        if (seat.free > 0 && OfferIfFits(transaction, *now_desk, *type, *fresh, seat.slot, now)) {
          --seat.free;
          return true;
        }
      }
      return false;
    });
    if (!made) return made.error();
    offered += *made ? 1 : 0;
  }
  return offered;
}

// Takes `entry` (active) out of the line as `state`, audited as `action`; a seat it held is offered
// to the next in line. Returns the entry as ended.
WaitlistEntry EndEntry(BookingTransaction& transaction, const WaitlistEntry& entry, WaitlistState state,
                       std::string_view action, const Actor& actor, Instant now) {
  WaitlistEntry ended = entry;
  ended.state = state;
  ended.updated_at = now;
  transaction.UpdateWaitlistEntry(entry, ended);
  transaction.AuditWaitlist(action, actor, &entry, ended, now);
  if (entry.state == WaitlistState::offered) {
    if (auto desk = transaction.Desk(entry.desk)) OfferFreedSeat(transaction, *desk, entry.type, entry.offer->start, now);
  }
  return ended;
}

// Ends offer `id` if it is still held and expired at `now`; its seat goes to the next in line.
Result<bool> ExpireOffer(storage::Store& store, std::string_view id, Instant now) {
  return InTransaction<bool>(store, [&](BookingTransaction& transaction) -> Result<bool> {
    const std::optional<WaitlistEntry> entry = transaction.WaitlistEntryOf(id);
    if (!entry || entry->state != WaitlistState::offered || entry->offer->expires_at > now) return false;
    EndEntry(transaction, *entry, WaitlistState::expired, "waitlist.expire", Actor::System(), now);
    return true;
  });
}

}  // namespace

bool OfferFreedSeat(BookingTransaction& transaction, const engine::DeskCalendar& desk, std::string_view type,
                    Instant start, Instant now) {
  const engine::TypeCalendar* calendar = WaitlistType(desk, type);
  if (calendar == nullptr) return false;
  const Result<engine::Slot> slot = engine::FindSlot(desk, type, start);
  if (!slot) return false;
  for (const WaitlistEntry& entry : transaction.WaitlistLine(desk.desk, type)) {
    if (OfferIfFits(transaction, desk, *calendar, entry, *slot, now)) return true;
  }
  return false;
}

Result<JoinedWaitlist> JoinWaitlist(storage::Store& store, const JoinRequest& request) {
  const std::optional<engine::Language> lang = engine::ParseLanguage(request.lang);
  if (!lang) return engine::Problem(Error::invalid_request, "lang", "must be it, en, fr or es");
  auto joined = InTransaction<JoinedWaitlist>(
      store, [&](BookingTransaction& transaction) { return JoinIn(transaction, request, *lang); });
  if (!joined) return joined;
  // A seat that fits may be free already: offer it at once rather than at the next pass.
  if (auto matched = MatchLine(store, {request.desk, request.type}, request.now); matched && *matched > 0) {
    if (auto placed = FindEntry(store, joined->placed.entry.id, joined->token)) joined->placed = std::move(*placed);
  }
  return joined;
}

Result<PlacedEntry> FindEntry(storage::Store& store, std::string_view id, std::string_view token) {
  auto entry = store.VerifyWaitlistToken(id, token);
  if (!entry) return entry.error();
  if (!engine::IsActive(entry->state)) return PlacedEntry{std::move(*entry), 0};
  auto line = store.WaitlistOf(entry->desk, entry->type);
  if (!line) return line.error();
  const int position = PositionIn(*line, entry->id);
  return PlacedEntry{std::move(*entry), position};
}

Result<WaitlistEntry> LeaveWaitlist(storage::Store& store, std::string_view id, std::string_view token, Instant now) {
  if (auto verified = store.VerifyWaitlistToken(id, token); !verified) return verified.error();
  return InTransaction<WaitlistEntry>(store, [&](BookingTransaction& transaction) -> Result<WaitlistEntry> {
    const std::optional<WaitlistEntry> entry = transaction.WaitlistEntryOf(id);
    if (!entry) return Error::not_found;
    if (!engine::IsActive(entry->state)) return *entry;
    return EndEntry(transaction, *entry, WaitlistState::left, "waitlist.leave", Actor::Applicant(), now);
  });
}

Result<BookOutcome> AcceptOffer(storage::Store& store, std::string_view id, std::string_view token, Instant now) {
  if (auto verified = store.VerifyWaitlistToken(id, token); !verified) return verified.error();
  return InTransaction<BookOutcome>(store, [&](BookingTransaction& transaction) -> Result<BookOutcome> {
    const std::optional<WaitlistEntry> entry = transaction.WaitlistEntryOf(id);
    if (!entry) return Error::not_found;
    if (entry->state != WaitlistState::offered) return Error::no_offer;
    if (entry->offer->expires_at <= now) return Error::offer_expired;
    WaitlistEntry accepted = *entry;
    accepted.state = WaitlistState::accepted;
    accepted.updated_at = now;
    transaction.UpdateWaitlistEntry(*entry, accepted);  // frees the held seat for the booking below
    transaction.AuditWaitlist("waitlist.accept", Actor::Applicant(), &*entry, accepted, now);
    if (std::optional<BookingRecord> current = CurrentBooking(transaction, entry->application_id, entry->type)) {
      auto moved = RescheduleIn(transaction, current->code, entry->offer->start, Actor::Applicant(), now);
      if (!moved) return moved.error();
      const std::shared_ptr<const engine::DeskCalendar> desk = transaction.Desk(entry->desk);
      if (!desk) return Error::internal;  // an entry's desk always exists (foreign key)
      return BookOutcome{.booking = std::move(*moved),
                         .manage_token = transaction.ManageToken(current->code),
                         .replayed = false,
                         .desk = desk};
    }
    const std::optional<engine::Application> application = transaction.Application(entry->application_id);
    if (!application) return Error::not_found;
    BookRequest request{.desk = entry->desk,
                        .type = entry->type,
                        .start = entry->offer->start,
                        .application_id = entry->application_id,
                        .tax_code = application->tax_code,
                        .actor = Actor::Applicant(),
                        .email = entry->email,
                        .phone = "",
                        .lang = entry->lang,
                        .seat_view = std::nullopt,
                        .idempotency_key = std::nullopt,
                        .body_hash = "",
                        .now = now};
    return BookIn(transaction, request);
  });
}

Result<WaitlistPass> MatchWaitlists(storage::Store& store, Instant now) {
  WaitlistPass pass;
  auto expired = store.ExpiredOffers(now);
  if (!expired) return expired.error();
  for (const std::string& id : *expired) {
    auto ended = ExpireOffer(store, id, now);
    if (!ended) return ended.error();
    pass.expired += *ended ? 1 : 0;
  }
  auto lines = store.WaitingLines();
  if (!lines) return lines.error();
  for (const storage::WaitlistLineId& line : *lines) {
    auto offered = MatchLine(store, line, now);
    if (!offered) return offered.error();
    pass.offered += *offered;
  }
  return pass;
}

Result<std::vector<JoinedWaitlist>> ActiveEntriesOf(storage::Store& store, std::string_view application_id) {
  auto entries = store.WaitlistOfApplication(application_id);
  if (!entries) return entries.error();
  std::erase_if(*entries, [](const WaitlistEntry& entry) { return !engine::IsActive(entry.state); });
  std::vector<JoinedWaitlist> active;
  if (entries->empty()) return active;  // the common case: no transaction at all
  for (WaitlistEntry& entry : *entries) {
    auto line = store.WaitlistOf(entry.desk, entry.type);
    if (!line) return line.error();
    const int position = PositionIn(*line, entry.id);
    active.push_back({PlacedEntry{std::move(entry), position}, ""});
  }
  auto tokens = InTransaction<bool>(store, [&](BookingTransaction& transaction) -> Result<bool> {
    for (JoinedWaitlist& joined : active) joined.token = transaction.WaitlistToken(joined.placed.entry.id);
    return true;
  });
  if (!tokens) return tokens.error();
  return active;
}

Result<std::vector<PlacedEntry>> WaitlistForStaff(storage::Store& store, std::string_view desk, std::string_view type) {
  auto line = store.WaitlistOf(desk, type);
  if (!line) return line.error();
  std::vector<PlacedEntry> placed;
  placed.reserve(line->size());
  for (WaitlistEntry& entry : *line) placed.push_back({std::move(entry), static_cast<int>(placed.size()) + 1});
  return placed;
}

}  // namespace sportello::booking
