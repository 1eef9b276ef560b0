#include "booking/draw.h"

#include "booking/book_in.h"
#include "booking/in_transaction.h"
#include "engine/application.h"
#include "engine/availability.h"
#include "engine/draw.h"
#include "engine/language.h"
#include "engine/slots.h"
#include "storage/secrets.h"

#include <boost/json.hpp>
#include <fmt/core.h>

#include <algorithm>
#include <map>
#include <set>

namespace sportello::booking {

namespace {

using engine::Error;
using storage::Actor;
using storage::BookingTransaction;
using storage::DrawRequestState;

std::string SeedAuditJson(const ReleaseRecord& release) {
  return boost::json::serialize(boost::json::object{{"seed_hash", release.seed_hash},
                                                    {"opens_at", engine::FormatUtc(release.opens_at)},
                                                    {"draw_closes_at", engine::FormatUtc(release.draw_closes_at)}});
}

// The stored release of `release`, stored now with a fresh seed when it is not yet.
ReleaseRecord StoredRelease(BookingTransaction& transaction, std::string_view desk, std::string_view type,
                            const engine::Release& release, Instant now) {
  if (auto stored = transaction.Release(desk, type, release.month)) return std::move(*stored);
  std::string seed = storage::NewSecret();
  std::string seed_hash = engine::SeedHash(seed);
  ReleaseRecord record{.desk = std::string(desk),
                       .type = std::string(type),
                       .month = release.month,
                       .opens_at = release.opens_at,
                       .draw_closes_at = release.draw_closes_at,
                       .seed = std::move(seed),
                       .seed_hash = std::move(seed_hash),
                       .drawn_at = std::nullopt,
                       .created_at = now};
  transaction.InsertRelease(record);
  transaction.AuditRelease("draw.seed", Actor::System(), record, SeedAuditJson(record), now);
  return record;
}

// The stored releases of `desk` and `type`, after storing the seeds of the releases with a draw
// among `releases` that have none yet while their window is open or to come (once it has closed, a
// release nobody could ask for has nothing to draw). Reads once, and again only after storing.
Result<std::vector<ReleaseRecord>> StoreSeeds(storage::Store& store, std::string_view desk, std::string_view type,
                                              const std::vector<engine::Release>& releases, Instant now) {
  auto stored = store.ReleasesOf(desk, type);
  if (!stored) return stored.error();
  std::vector<engine::Release> missing;
  std::copy_if(releases.begin(), releases.end(), std::back_inserter(missing), [&](const engine::Release& release) {
    return release.has_draw() && now < release.draw_closes_at &&
           std::none_of(stored->begin(), stored->end(),
                        [&](const ReleaseRecord& record) { return record.month == release.month; });
  });
  if (missing.empty()) return stored;
  auto done = InTransaction<bool>(store, [&](BookingTransaction& transaction) -> Result<bool> {
    if (!transaction.Desk(desk)) return Error::not_found;
    for (const engine::Release& release : missing) StoredRelease(transaction, desk, type, release, now);
    return true;
  });
  if (!done) return done.error();
  return store.ReleasesOf(desk, type);
}

// The preferences as typed, checked against the release's month.
Result<std::vector<std::string>> CheckPreferences(const std::vector<std::string>& typed, date::year_month month) {
  if (typed.empty() || typed.size() > engine::kMaxDrawPreferences) {
    return engine::Problem(Error::invalid_request, "preferences",
                           fmt::format("must list 1 to {} preferences", engine::kMaxDrawPreferences));
  }
  std::vector<std::string> preferences;
  for (std::size_t i = 0; i < typed.size(); ++i) {
    const std::string field = fmt::format("preferences[{}]", i);
    const std::optional<engine::DrawPreference> preference = engine::ParseDrawPreference(typed[i]);
    if (!preference) {
      return engine::Problem(Error::invalid_request, field, "must be YYYY-MM-DD, YYYY-MM-DDTam, YYYY-MM-DDTpm or any");
    }
    if (preference->kind != engine::DrawPreference::Kind::any && engine::MonthOf(preference->day) != month) {
      return engine::Problem(Error::invalid_request, field,
                             fmt::format("must be a day of {}, the month this draw releases",
                                         engine::FormatMonth(month)));
    }
    preferences.push_back(engine::FormatDrawPreference(*preference));
  }
  return preferences;
}

Result<SubmittedDrawRequest> RequestIn(BookingTransaction& transaction, const DrawRequestInput& input,
                                       engine::Language lang) {
  const std::shared_ptr<const engine::DeskCalendar> desk = transaction.Desk(input.desk);
  if (!desk) return Error::not_found;
  const std::optional<engine::ReleaseKey> key = engine::ParseReleaseId(input.release_id);
  const engine::TypeCalendar* type = desk->FindType(input.type);
  if (!key || key->type != input.type || type == nullptr || !engine::HasDraw(*type)) {
    return Error::not_found;
  }
  const std::optional<engine::Application> application = transaction.Application(input.application_id);
  if (auto allowed = engine::CheckApplicantMayBook(application ? &*application : nullptr, *desk, input.tax_code,
                                                   input.type);
      !allowed) {
    return allowed.error();
  }
  auto preferences = CheckPreferences(input.preferences, key->month);
  if (!preferences) return preferences.error();
  const engine::Release release = engine::ReleaseOf(*type->release, key->month, *desk->zone);
  if (input.now < release.opens_at || input.now >= release.draw_closes_at) return Error::draw_closed;
  if (transaction.HasActiveBooking(input.application_id, input.type)) return Error::already_booked;
  const ReleaseRecord stored = StoredRelease(transaction, input.desk, input.type, release, input.now);
  if (stored.drawn_at) return Error::draw_closed;
  if (transaction.HasDrawRequest(input.application_id, input.desk, input.type, key->month)) {
    return Error::already_requested;
  }
  std::string token = storage::NewManageToken();
  DrawRequestRecord request{.id = storage::NewDrawRequestId(),
                            .desk = input.desk,
                            .type = input.type,
                            .month = key->month,
                            .application_id = input.application_id,
                            .preferences = std::move(*preferences),
                            .lang = std::string(engine::LanguageCode(lang)),
                            .state = DrawRequestState::waiting,
                            .order = std::nullopt,
                            .booking_code = "",
                            .created_at = input.now,
                            .updated_at = input.now};
  transaction.InsertDrawRequest(request, token);
  transaction.AuditRelease("draw.request", Actor::Applicant(), stored,
                           boost::json::serialize(boost::json::object{{"request", request.id},
                                                                      {"application_id", request.application_id}}),
                           input.now);
  return SubmittedDrawRequest{std::move(request), std::move(token)};
}

// The seats of `month` an applicant could book at `now`, with the places each has free.
std::vector<engine::DrawSeat> SeatsOfMonth(BookingTransaction& transaction, const engine::DeskCalendar& desk,
                                           std::string_view type_id, date::year_month month, Instant now) {
  const engine::TypeCalendar& type = *desk.FindType(type_id);
  const engine::Date first{month / 1};
  const engine::Date last{month / date::last};
  std::vector<engine::DrawSeat> seats;
  for (const engine::Slot& slot : engine::GenerateSlots(desk, type, first, last)) {
    if (!engine::InBookingWindow(desk, type, slot, now, engine::View::applicant)) continue;
    const int free = engine::FreeSeats(slot, transaction.SeatsTaken(desk.desk, type_id, slot.start),
                                       engine::View::applicant);
    if (free > 0) seats.push_back(engine::MakeDrawSeat(slot.start, *desk.zone, free));
  }
  return seats;
}

// Books the seat a request won, as the applicant would have; nullopt when it cannot be booked
// after all (the application changed since it asked).
std::optional<storage::BookingRecord> BookWinner(BookingTransaction& transaction, const DrawRequestRecord& request,
                                                 Instant start, Instant now) {
  const std::optional<engine::Application> application = transaction.Application(request.application_id);
  if (!application) return std::nullopt;
  const BookRequest booking{.desk = request.desk,
                            .type = request.type,
                            .start = start,
                            .application_id = request.application_id,
                            .tax_code = application->tax_code,
                            .actor = Actor::Applicant(),
                            .email = "",
                            .phone = "",
                            .lang = request.lang,
                            .seat_view = std::nullopt,
                            .idempotency_key = std::nullopt,
                            .body_hash = "",
                            .now = now};
  auto booked = BookIn(transaction, booking);
  if (!booked) return std::nullopt;
  return std::move(booked->booking);
}

Result<std::optional<DrawOutcome>> DrawIn(BookingTransaction& transaction, std::string_view desk_id,
                                          std::string_view type, date::year_month month, Instant now) {
  const std::shared_ptr<const engine::DeskCalendar> desk = transaction.Desk(desk_id);
  if (!desk) return Error::not_found;
  std::optional<ReleaseRecord> release = transaction.Release(desk_id, type, month);
  if (!release || release->drawn_at || now < release->draw_closes_at) return std::optional<DrawOutcome>();
  std::vector<DrawRequestRecord> requests = transaction.DrawRequests(desk_id, type, month);
  // Marked drawn first: the winners are booked below by the usual rule, which refuses the seats
  // of a month whose draw is pending.
  transaction.MarkDrawn(*release, now);
  release->drawn_at = now;
  DrawOutcome outcome{.release = *release, .requests = static_cast<int>(requests.size()), .won = 0, .lost = 0};

  std::vector<std::string> ids;
  for (const DrawRequestRecord& request : requests) ids.push_back(request.id);
  const std::vector<std::string> order = engine::DrawOrder(release->seed, ids);
  std::map<std::string, DrawRequestRecord*> by_id;
  for (DrawRequestRecord& request : requests) by_id[request.id] = &request;

  // Requests in draw order; one whose application booked the type meanwhile takes no seat (and,
  // holding one, is not told it lost).
  const engine::TypeCalendar* calendar = desk->FindType(type);
  std::vector<engine::DrawRequest> eligible;
  std::set<std::string> booked_meanwhile;
  for (std::size_t i = 0; i < order.size(); ++i) {
    DrawRequestRecord& request = *by_id.at(order[i]);
    request.order = static_cast<int>(i) + 1;
    if (transaction.HasActiveBooking(request.application_id, type)) {
      booked_meanwhile.insert(request.id);
      continue;
    }
    if (calendar == nullptr) continue;
    engine::DrawRequest drawn{.id = request.id, .preferences = {}};
    for (const std::string& text : request.preferences) {
      if (auto preference = engine::ParseDrawPreference(text)) drawn.preferences.push_back(*preference);
    }
    eligible.push_back(std::move(drawn));
  }
  const std::vector<engine::DrawSeat> seats =
      calendar == nullptr ? std::vector<engine::DrawSeat>{} : SeatsOfMonth(transaction, *desk, type, month, now);
  std::map<std::string, Instant> won;
  for (const engine::DrawResult& result : engine::AssignInOrder(eligible, seats)) {
    if (result.start) won[result.request_id] = *result.start;
  }
  for (const std::string& id : order) {
    DrawRequestRecord& request = *by_id.at(id);
    const auto seat = won.find(id);
    std::optional<storage::BookingRecord> booking;
    if (seat != won.end()) booking = BookWinner(transaction, request, seat->second, now);
    request.state = booking ? DrawRequestState::won : DrawRequestState::lost;
    request.booking_code = booking ? booking->code : "";
    request.updated_at = now;
    transaction.SetDrawOutcome(request);
    // Left without a seat: told by e-mail, with its place in the order and the link to the result.
    if (!booking && !booked_meanwhile.contains(id)) {
      transaction.EnqueueDrawLost(request, static_cast<int>(order.size()), now);
    }
    ++(booking ? outcome.won : outcome.lost);
  }
  boost::json::array order_json;
  for (const std::string& id : order) order_json.emplace_back(id);
  transaction.AuditRelease("draw.run", Actor::System(), *release,
                           boost::json::serialize(boost::json::object{{"seed", release->seed},
                                                                      {"seed_hash", release->seed_hash},
                                                                      {"order", std::move(order_json)},
                                                                      {"won", outcome.won},
                                                                      {"lost", outcome.lost}}),
                           now);
  return std::optional<DrawOutcome>(std::move(outcome));
}

}  // namespace

std::string_view ReleaseState(const engine::Release& release, const ReleaseRecord* stored, Instant now) {
  if (now < release.opens_at) return "scheduled";
  if (!release.has_draw()) return "open";
  if (stored != nullptr && stored->drawn_at) return "drawn";
  if (stored == nullptr && now >= release.draw_closes_at) return "open";  // closed with nobody asking
  return "drawing";
}

Result<std::vector<ReleaseView>> ReleasesFor(storage::Store& store, std::string_view desk_id, std::string_view type,
                                             Instant now) {
  auto desk = store.SharedDesk(desk_id);
  if (!desk) return desk.error();
  const engine::TypeCalendar* calendar = (*desk)->FindType(type);
  if (calendar == nullptr) return Error::not_found;
  const std::vector<engine::Release> releases = engine::ReleasesAround(*calendar, now, *(*desk)->zone);
  auto stored = StoreSeeds(store, desk_id, type, releases, now);
  if (!stored) return stored.error();
  std::vector<ReleaseView> views;
  for (const engine::Release& release : releases) {
    const auto record = std::find_if(stored->begin(), stored->end(),
                                     [&](const ReleaseRecord& row) { return row.month == release.month; });
    const ReleaseRecord* found = release.has_draw() && record != stored->end() ? &*record : nullptr;
    views.push_back(ReleaseView{.release = release,
                                .id = engine::ReleaseId(type, release.month),
                                .state = std::string(ReleaseState(release, found, now)),
                                .seed_hash = found ? found->seed_hash : "",
                                .seed = found && found->drawn_at ? found->seed : ""});
  }
  return views;
}

Result<SubmittedDrawRequest> RequestDraw(storage::Store& store, const DrawRequestInput& input) {
  const std::optional<engine::Language> lang = engine::ParseLanguage(input.lang);
  if (!lang) return engine::Problem(Error::invalid_request, "lang", "must be it, en, fr or es");
  return InTransaction<SubmittedDrawRequest>(
      store, [&](BookingTransaction& transaction) { return RequestIn(transaction, input, *lang); });
}

Result<DrawRequestView> FindDrawRequest(storage::Store& store, std::string_view id, std::string_view token) {
  auto request = store.VerifyDrawToken(id, token);
  if (!request) return request.error();
  DrawRequestView view{.request = std::move(*request), .booking = std::nullopt};
  if (!view.request.booking_code.empty()) {
    auto booking = store.FindBooking(view.request.booking_code);
    if (!booking) return booking.error();
    view.booking = std::move(*booking);
  }
  return view;
}

Result<std::optional<DrawOutcome>> DrawRelease(storage::Store& store, std::string_view desk, std::string_view type,
                                               date::year_month month, Instant now) {
  return InTransaction<std::optional<DrawOutcome>>(
      store, [&](BookingTransaction& transaction) { return DrawIn(transaction, desk, type, month, now); });
}

Result<std::vector<DrawOutcome>> RunDraws(storage::Store& store, Instant now) {
  auto desks = store.LoadDesks();
  if (!desks) return desks.error();
  for (const engine::DeskCalendar& desk : *desks) {
    for (const auto& [type, calendar] : desk.types) {
      if (!engine::HasDraw(calendar)) continue;
      const auto releases = engine::ReleasesAround(calendar, now, *desk.zone);
      if (auto seeded = StoreSeeds(store, desk.desk, type, releases, now); !seeded) return seeded.error();
    }
  }
  auto undrawn = store.UndrawnReleases(now);
  if (!undrawn) return undrawn.error();
  std::vector<DrawOutcome> draws;
  for (const ReleaseRecord& release : *undrawn) {
    auto drawn = DrawRelease(store, release.desk, release.type, release.month, now);
    if (!drawn) return drawn.error();
    if (*drawn) draws.push_back(std::move(**drawn));
  }
  return draws;
}

}  // namespace sportello::booking
